package io.classwire.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Measures heap allocation with the JVM's per-thread allocation counter: concentus itself per call (reported, it
 * allocates on every call), our wrappers around it (must add nothing), and our own per-packet code (must allocate
 * nothing). Speeds are printed for information only (shared machine, no assertion).
 */
class AllocationTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static short[] speech;
    private static byte[][] packets;

    @BeforeAll
    static void setUp()
    {
        THREADS.setThreadAllocatedMemoryEnabled(true);
        speech = TestAudio.clip(TestAudio.EN).samples();
        final AudioEncoder encoder = new AudioEncoder().inbandFec(true);
        encoder.onLossPercent(10);
        encoder.onLossPercent(10);
        packets = TestAudio.encode(speech, encoder);
    }

    private static long allocated()
    {
        return THREADS.getCurrentThreadAllocatedBytes();
    }

    @Test
    void shouldMeasureConcentusEncodingAndAddNothingInTheWrapper() throws OpusException
    {
        final OpusEncoder raw = new OpusEncoder(48_000, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        raw.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        raw.setBitrate(AudioEncoder.DEFAULT_BITRATE_BPS);
        final AudioEncoder wrapped = new AudioEncoder();
        final byte[] rawOut = new byte[1275];
        final UnsafeBuffer wrappedOut = new UnsafeBuffer(new byte[1275]);
        final int frames = speech.length / 960;
        long rawBytes = 0;
        long wrappedBytes = 0;
        long rawNs = 0;
        for (int round = 0; round < 3; round++)
        {
            rawBytes = 0;
            wrappedBytes = 0;
            rawNs = 0;
            for (int f = 0; f < frames; f++)
            {
                final long a0 = allocated();
                final long t0 = System.nanoTime();
                raw.encode(speech, f * 960, 960, rawOut, 0, 1275);
                final long t1 = System.nanoTime();
                final long a1 = allocated();
                wrapped.encode(speech, f * 960, wrappedOut, 0, 1275);
                final long a2 = allocated();
                rawBytes += a1 - a0;
                wrappedBytes += a2 - a1;
                rawNs += t1 - t0;
            }
        }
        System.out.printf("concentus encode: %d bytes/call, %.0f us/call (20 ms frame); AudioEncoder: %d bytes/call%n",
            rawBytes / frames, rawNs / 1e3 / frames, wrappedBytes / frames);
        assertTrue(rawBytes / frames > 10_000, "concentus allocates on every encode");
        assertEquals(rawBytes / frames, wrappedBytes / frames, rawBytes / frames / 100.0, "wrapper adds nothing");
    }

    @Test
    void shouldMeasureConcentusDecodingAndAddNothingInTheWrapper() throws OpusException
    {
        final OpusDecoder rawDecoder = new OpusDecoder(48_000, 1);
        final AudioDecoder decoder = new AudioDecoder();
        final short[] pcm = new short[5760];
        long decodeBytes = 0;
        long wrappedDecodeBytes = 0;
        long fecBytes = 0;
        long plcBytes = 0;
        long decodeNs = 0;
        for (int round = 0; round < 3; round++)
        {
            decodeBytes = 0;
            wrappedDecodeBytes = 0;
            fecBytes = 0;
            plcBytes = 0;
            decodeNs = 0;
            for (final byte[] packet : packets)
            {
                final UnsafeBuffer view = new UnsafeBuffer(packet);
                final long a0 = allocated();
                final long t0 = System.nanoTime();
                rawDecoder.decode(packet, 0, packet.length, pcm, 0, 960, false);
                final long t1 = System.nanoTime();
                final long a1 = allocated();
                decoder.decode(view, 0, packet.length, pcm, 0);
                final long a2 = allocated();
                decoder.decodeFec(view, 0, packet.length, pcm, 0, 960);
                final long a3 = allocated();
                decoder.conceal(pcm, 0, 960);
                final long a4 = allocated();
                decodeBytes += a1 - a0;
                wrappedDecodeBytes += a2 - a1;
                fecBytes += a3 - a2;
                plcBytes += a4 - a3;
                decodeNs += t1 - t0;
            }
        }
        final int n = packets.length;
        System.out.printf("concentus decode: %d bytes/call, %.0f us/call; AudioDecoder decode %d, FEC %d, PLC %d " +
            "bytes/call%n", decodeBytes / n, decodeNs / 1e3 / n, wrappedDecodeBytes / n, fecBytes / n, plcBytes / n);
        assertTrue(decodeBytes / n > 1000, "concentus allocates on every decode");
        // the wrapper's decoder also runs FEC and PLC between packets, so its state differs slightly from the raw one
        assertEquals(decodeBytes / n, wrappedDecodeBytes / n, decodeBytes / n / 20.0, "wrapper adds nothing");
    }

    @Test
    void shouldAllocateNothingOutsideConcentus()
    {
        final JitterBuffer buffer = new JitterBuffer(new JitterBufferConfig().maxConcealMs(0));
        final UnsafeBuffer[] views = new UnsafeBuffer[packets.length];
        for (int i = 0; i < packets.length; i++)
        {
            views[i] = new UnsafeBuffer(packets[i]);
        }
        final short[] pcm = new short[960];
        final OpusPacketizer packetizer = new OpusPacketizer(0x1234, 111, 1, 2, 1);
        final UnsafeBuffer rtp = new UnsafeBuffer(new byte[1500]);
        final VoiceActivityDetector vad = new VoiceActivityDetector();
        final TimeStretcher stretcher = new TimeStretcher();
        final short[] stretched = new short[2000];
        for (int round = 0; round < 3; round++)
        {
            final long a0 = allocated();
            for (int i = 0; i < packets.length; i++)
            {
                // insert: validation, LBRR probe, delay estimate, copy into the slot
                buffer.insert(round * 200 + i, (round * 200 + i) * 960, (round * 200L + i) * 20_000_000L, views[i], 0,
                    packets[i].length);
            }
            final long a1 = allocated();
            for (int i = 0; i < packets.length; i++)
            {
                final boolean voice = vad.process(speech, i * 960, 960);
                packetizer.packetize(views[i], 0, packets[i].length, 960, vad.lastLevelDbov(), voice, rtp, 0, 1500);
                stretcher.accelerate(speech, i * 960, 960, stretched, 0);
                stretcher.expand(speech, i * 960, 960, stretched, 0);
            }
            final long a2 = allocated();
            if (round == 2)
            {
                assertEquals(0, a1 - a0, "jitter buffer insert allocates");
                assertEquals(0, a2 - a1, "VAD, level, packetizer and time-stretch allocate");
            }
            // pulls decode the stored packets, so this is reported rather than asserted (concentus allocates); the
            // exact comparison with the decoder alone is shouldAllocateOnlyWhatTheDecoderAllocatesWhenPulling
            final long a3 = allocated();
            for (int p = 0; p < 50; p++)
            {
                buffer.pull(10_000_000_000L * (round + 1) + p * 20_000_000L, pcm, 0);
            }
            final long a4 = allocated();
            if (round == 2)
            {
                System.out.printf("jitter buffer: insert %d bytes/packet; 50 pulls %d bytes (decoder included)%n",
                    (a1 - a0) / packets.length, a4 - a3);
            }
        }
    }

    @Test
    void shouldAllocateOnlyWhatTheDecoderAllocatesWhenPulling()
    {
        final long jitterBufferBytes = pullAll(new JitterBuffer(new JitterBufferConfig().initialDelayMs(20)));
        final AudioDecoder reference = new AudioDecoder();
        final short[] pcm = new short[960];
        long decoderBytes = 0;
        for (final byte[] packet : packets)
        {
            final UnsafeBuffer view = new UnsafeBuffer(packet);
            final long a0 = allocated();
            reference.decode(view, 0, packet.length, pcm, 0);
            decoderBytes += allocated() - a0;
        }
        System.out.printf("pulling %d packets: jitter buffer %d bytes, the same decodes alone %d bytes%n",
            packets.length, jitterBufferBytes, decoderBytes);
        assertEquals(decoderBytes, jitterBufferBytes, decoderBytes / 50.0, "only concentus allocates");
    }

    private static long pullAll(final JitterBuffer buffer)
    {
        final short[] pcm = new short[960];
        final UnsafeBuffer[] views = new UnsafeBuffer[packets.length];
        for (int i = 0; i < packets.length; i++)
        {
            views[i] = new UnsafeBuffer(packets[i]);
        }
        long pullBytes = 0;
        for (int p = 0; p < packets.length; p++)
        {
            buffer.insert(p, p * 960, p * 20_000_000L, views[p], 0, packets[p].length);
            final long a0 = allocated();
            buffer.pull(p * 20_000_000L + 1, pcm, 0);
            pullBytes += allocated() - a0;
        }
        return pullBytes;
    }
}
