package io.classwire.media.audio;

import io.classwire.core.wire.OpusPayload;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds 1,000,000 inputs, half random bytes and half mutations of real Opus packets (bit flips, truncation, TOC and
 * frame-count edits, length-byte edits), through the decoder's validation boundary, and every 250th of them through
 * the full decode into concentus. Nothing may throw: malformed payloads are counted per WireStatus code, concentus
 * failures are counted as codec errors. Each input sits in a buffer of exactly its length, so any read past its end
 * would throw. A failure prints the seed, the iteration and the input.
 */
class AudioDecoderFuzzTest
{
    private static final int ITERATIONS = 1_000_000;
    private static final int DECODE_EVERY = 250;
    private static final int MAX_INPUT = 1600;

    @Test
    void shouldNeverThrowOnRandomAndMutatedOpusPayloads()
    {
        final long seed = 0xF0F0_0A0DL;
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] corpus = corpus();
        final AudioDecoder decoder = new AudioDecoder();
        final short[] pcm = new short[AudioFormat.MAX_PACKET_SAMPLES];
        final byte[] input = new byte[MAX_INPUT];
        final UnsafeBuffer view = new UnsafeBuffer(input);
        final int[] statuses = new int[WireStatus.CODE_COUNT];
        int accepted = 0;
        int decodeCalls = 0;
        for (int i = 0; i < ITERATIONS; i++)
        {
            final int length = (i & 1) == 0 ? randomInput(random, input) : mutatedInput(random, corpus, input);
            final byte[] exact = Arrays.copyOf(input, length);
            view.wrap(exact);
            try
            {
                final int duration = decoder.check(view, 0, length);
                if (duration > 0)
                {
                    accepted++;
                    assertTrue(duration % AudioFormat.MIN_FRAME_SAMPLES == 0 &&
                        duration <= AudioFormat.MAX_PACKET_SAMPLES, "duration " + duration);
                    decoder.hasFec(view, 0, length);
                }
                else
                {
                    statuses[-duration]++;
                }
                if (i % DECODE_EVERY == 0)
                {
                    decodeCalls++;
                    final int samples = (i & 2) == 0 ?
                        decoder.decode(view, 0, length, pcm, 0) :
                        decoder.decodeFec(view, 0, length, pcm, 0, AudioFormat.FRAME_SAMPLES);
                    assertTrue(samples > 0 || samples == AudioDecoder.CODEC_ERROR || samples < 0 && samples > -9,
                        "decode returned " + samples);
                }
            }
            catch (final Throwable ex)
            {
                fail("seed " + seed + " iteration " + i + " input " + hex(exact), ex);
            }
        }
        System.out.printf("decoder fuzz: %d inputs, %d well framed, rejected %s; %d decode calls, %d codec errors " +
            "caught, %d malformed counted%n", ITERATIONS, accepted, Arrays.toString(statuses), decodeCalls,
            decoder.codecErrors(), decoder.malformedTotal());
        assertTrue(accepted > ITERATIONS / 10, "mutations must reach the decoder");
        assertTrue(statuses[-WireStatus.BAD_LENGTH] > 0 && statuses[-WireStatus.BAD_COUNT] > 0 &&
            statuses[-WireStatus.TRUNCATED] > 0 && statuses[-WireStatus.OVERSIZED] > 0 &&
            statuses[-WireStatus.BAD_PADDING] > 0, "every rejection path exercised: " + Arrays.toString(statuses));
        assertTrue(decoder.malformedTotal() > 0);
    }

    @Test
    void shouldKeepDecodingGoodPacketsAfterGarbage()
    {
        final byte[][] corpus = corpus();
        final AudioDecoder decoder = new AudioDecoder();
        final short[] pcm = new short[AudioFormat.MAX_PACKET_SAMPLES];
        final SplittableRandom random = new SplittableRandom(7);
        final byte[] garbage = new byte[400];
        for (int i = 0; i < 200; i++)
        {
            random.nextBytes(garbage);
            garbage[0] = (byte)(garbage[0] & ~3); // code 0: always well framed, so concentus sees the bytes
            decoder.decode(new UnsafeBuffer(garbage), 0, garbage.length, pcm, 0);
        }
        for (final byte[] packet : corpus)
        {
            assertEquals(960, decoder.decode(new UnsafeBuffer(packet), 0, packet.length, pcm, 0));
        }
        assertEquals(0, decoder.malformedTotal());
    }

    private static byte[][] corpus()
    {
        final short[] speech = Arrays.copyOf(TestAudio.clip(TestAudio.EN).samples(), 48_000);
        final byte[][] fec = TestAudio.encode(speech, lossyEncoder());
        final byte[][] plain = TestAudio.encode(speech, new AudioEncoder().bitrateBps(16_000));
        final byte[][] corpus = Arrays.copyOf(fec, fec.length + plain.length);
        System.arraycopy(plain, 0, corpus, fec.length, plain.length);
        return corpus;
    }

    private static AudioEncoder lossyEncoder()
    {
        final AudioEncoder encoder = new AudioEncoder().inbandFec(true);
        encoder.onLossPercent(20);
        return encoder;
    }

    private static int randomInput(final SplittableRandom random, final byte[] input)
    {
        final int length = random.nextInt(8) == 0 ? random.nextInt(MAX_INPUT + 1) : random.nextInt(40);
        for (int i = 0; i < length; i++)
        {
            input[i] = (byte)random.nextInt();
        }
        return length;
    }

    private static int mutatedInput(final SplittableRandom random, final byte[][] corpus, final byte[] input)
    {
        final byte[] source = corpus[random.nextInt(corpus.length)];
        int length = source.length;
        System.arraycopy(source, 0, input, 0, length);
        switch (random.nextInt(6))
        {
            case 0: // bit flips
                for (int n = random.nextInt(1, 4); n > 0; n--)
                {
                    final int bit = random.nextInt(length * 8);
                    input[bit >> 3] ^= (byte)(1 << (bit & 7));
                }
                break;
            case 1: // truncation
                length = random.nextInt(length + 1);
                break;
            case 2: // another frame count code, keeping the configuration
                input[0] = (byte)((input[0] & ~3) | random.nextInt(4));
                break;
            case 3: // code 3 with a random count byte (VBR, padding, frame count)
                input[0] = (byte)(input[0] | 3);
                input[1] = (byte)random.nextInt();
                break;
            case 4: // code 2 with an edited first-frame length, one or two bytes
                input[0] = (byte)((input[0] & ~3) | 2);
                input[1] = (byte)(random.nextBoolean() ? random.nextInt(256) : 252 + random.nextInt(4));
                break;
            default: // padded out to, or beyond, the payload limit
                length = Math.min(MAX_INPUT, length + random.nextInt(MAX_INPUT));
                Arrays.fill(input, source.length, length, (byte)random.nextInt());
                break;
        }
        return length;
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder sb = new StringBuilder();
        for (final byte b : bytes)
        {
            sb.append(String.format("%02x", b));
        }
        return sb.toString();
    }

    @Test
    void shouldCountConcentusFailuresAsCodecErrorsAndRebuildTheDecoder()
    {
        // A well-framed 7-byte SILK packet (config 11: wideband, 60 ms) on which concentus 1.0.2 throws
        // java.lang.AssertionError from a fresh decoder; found by a seeded random search of code 0 packets
        // (SplittableRandom(5), 1..10 random bytes), not taken from any capture.
        final byte[] poison = { 0x5c, (byte)0xbc, 0x54, (byte)0xde, (byte)0x9f, 0x5e, 0x5a };
        final AudioDecoder decoder = new AudioDecoder();
        final short[] pcm = new short[AudioFormat.MAX_PACKET_SAMPLES];
        assertEquals(2880, decoder.check(new UnsafeBuffer(poison), 0, poison.length));
        assertEquals(AudioDecoder.CODEC_ERROR, decoder.decode(new UnsafeBuffer(poison), 0, poison.length, pcm, 0));
        assertEquals(1, decoder.codecErrors());
        assertEquals(1, decoder.decoderRebuilds());
        for (final byte[] packet : corpus())
        {
            assertEquals(960, decoder.decode(new UnsafeBuffer(packet), 0, packet.length, pcm, 0));
        }
        assertEquals(1, decoder.codecErrors());
    }

    @Test
    void shouldAgreeWithOpusPayloadOnFraming()
    {
        final OpusPayload payload = new OpusPayload();
        final AudioDecoder decoder = new AudioDecoder();
        for (final byte[] packet : corpus())
        {
            final UnsafeBuffer view = new UnsafeBuffer(packet);
            assertEquals(WireStatus.OK, payload.wrap(view, 0, packet.length).validate());
            assertEquals(payload.durationSamples(), decoder.check(view, 0, packet.length));
        }
        assertEquals(WireStatus.OVERSIZED, decoder.check(new UnsafeBuffer(new byte[1501]), 0, 1501));
        assertEquals(WireStatus.TRUNCATED, decoder.check(new UnsafeBuffer(new byte[1]), 0, 0));
    }
}
