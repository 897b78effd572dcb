package io.classwire.media.audio;

import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;

/** Test fixtures: the speech excerpts from the test resources, and Opus streams encoded from them. */
final class TestAudio
{
    static final String EN = "/speech/en_excerpt_4s.wav";
    static final String EN_PAUSES = "/speech/en_pauses_excerpt_3s.wav";

    private TestAudio()
    {
    }

    static PcmClip clip(final String resource)
    {
        try (InputStream in = TestAudio.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IllegalStateException("missing test resource " + resource);
            }
            return WavReader.read(in);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Encode every whole 20 ms frame of a clip; element i is the Opus packet of frame i. */
    static byte[][] encode(final short[] pcm, final AudioEncoder encoder)
    {
        final int frames = pcm.length / AudioFormat.FRAME_SAMPLES;
        final byte[][] packets = new byte[frames][];
        final UnsafeBuffer out = new UnsafeBuffer(new byte[AudioEncoder.MAX_ENCODED_LENGTH]);
        for (int i = 0; i < frames; i++)
        {
            final int length = encoder.encode(pcm, i * AudioFormat.FRAME_SAMPLES, out, 0, out.capacity());
            if (length <= 0)
            {
                throw new IllegalStateException("encode failed at frame " + i + ": " + length);
            }
            packets[i] = Arrays.copyOf(out.byteArray(), length);
        }
        return packets;
    }

    /** Decode packets in order, concealing those flagged lost; returns the PCM. */
    static short[] decode(final byte[][] packets, final boolean[] lost, final boolean useFec)
    {
        final AudioDecoder decoder = new AudioDecoder();
        final short[] pcm = new short[packets.length * AudioFormat.FRAME_SAMPLES];
        for (int i = 0; i < packets.length; i++)
        {
            final int offset = i * AudioFormat.FRAME_SAMPLES;
            final int samples;
            if (lost == null || !lost[i])
            {
                samples = decoder.decode(new UnsafeBuffer(packets[i]), 0, packets[i].length, pcm, offset);
            }
            else if (useFec && i + 1 < packets.length && !lost[i + 1] &&
                decoder.hasFec(new UnsafeBuffer(packets[i + 1]), 0, packets[i + 1].length))
            {
                samples = decoder.decodeFec(new UnsafeBuffer(packets[i + 1]), 0, packets[i + 1].length, pcm, offset,
                    AudioFormat.FRAME_SAMPLES);
            }
            else
            {
                samples = decoder.conceal(pcm, offset, AudioFormat.FRAME_SAMPLES);
            }
            if (samples != AudioFormat.FRAME_SAMPLES)
            {
                throw new IllegalStateException("decode produced " + samples + " at frame " + i);
            }
        }
        return pcm;
    }

    static short[] sine(final int length, final double frequencyHz, final double amplitude)
    {
        final short[] pcm = new short[length];
        for (int i = 0; i < length; i++)
        {
            pcm[i] = (short)Math.round(amplitude * Math.sin(2 * Math.PI * frequencyHz * i / AudioFormat.SAMPLE_RATE_HZ));
        }
        return pcm;
    }
}
