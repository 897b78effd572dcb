package io.classwire.media.audio;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Jitter buffer behaviour in virtual time on real Opus packets of the speech excerpt. */
class JitterBufferTest
{
    private static final long BASE_DELAY_NS = 30_000_000L;
    private static byte[][] plain;
    private static byte[][] withFec;

    @BeforeAll
    static void encode()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        plain = TestAudio.encode(speech, new AudioEncoder());
        final AudioEncoder fecEncoder = new AudioEncoder().inbandFec(true);
        fecEncoder.onLossPercent(10);
        fecEncoder.onLossPercent(10);
        withFec = TestAudio.encode(speech, fecEncoder);
    }

    @Test
    void shouldPlayEveryPacketUnchangedOnACleanPath()
    {
        // an initial target equal to the minimum: nothing to shed, so nothing is time-stretched
        final JitterBufferConfig config = new JitterBufferConfig().initialDelayMs(20);
        final PlayoutSimulation sim = new PlayoutSimulation(config)
            .run(plain, i -> i * PlayoutSimulation.FRAME_NS + BASE_DELAY_NS, 205);
        final int start = sim.types.indexOf(FrameType.NORMAL);
        assertTrue(start > 0 && start < 10, "starts after buffering to the initial target: " + start);
        assertEquals(plain.length, sim.count(FrameType.NORMAL, start, start + plain.length), sim.types.toString());
        final short[] reference = TestAudio.decode(plain, null, false);
        assertArrayEquals(reference, Arrays.copyOfRange(sim.played, start * 960, (start + plain.length) * 960),
            "a clean path plays the decoder's output sample for sample");
        assertEquals(plain.length, sim.buffer.counters().packetsDecoded());
        assertEquals(0, sim.buffer.counters().late());
        assertEquals(0, sim.count(FrameType.CONCEALED, start, start + plain.length), "concealment only after the end");
    }

    @Test
    void shouldRaiseTargetUnderJitterAndLowerItAfterJitterStops()
    {
        final SplittableRandom random = new SplittableRandom(0x1177E2L);
        final int jitterFrames = 500;
        final byte[][] packets = PlayoutSimulation.repeat(plain, 3000);
        final long[] jitter = new long[packets.length];
        for (int i = 0; i < jitterFrames; i++)
        {
            jitter[i] = random.nextLong(30_000_001L);
        }
        final PlayoutSimulation sim = new PlayoutSimulation(new JitterBufferConfig())
            .run(packets, i -> i * PlayoutSimulation.FRAME_NS + BASE_DELAY_NS + jitter[i], 3000);
        final int targetDuringJitter = sim.targets.get(jitterFrames);
        final int targetAfter = sim.targets.get(2990);
        final double delayDuringJitter = meanMouthToEar(sim, jitterFrames - 100, jitterFrames);
        final double delayAfter = meanMouthToEar(sim, 2900, 3000);
        System.out.printf("30 ms jitter: target %d ms, mouth-to-ear %.1f ms; 50 s after it stops: target %d ms, " +
            "mouth-to-ear %.1f ms; accelerated %d, expanded %d, concealed %d pulls%n", targetDuringJitter,
            delayDuringJitter, targetAfter, delayAfter, sim.count(FrameType.ACCELERATED, 0, 3000),
            sim.count(FrameType.EXPANDED, 0, 3000), sim.count(FrameType.CONCEALED, 0, 3000));
        assertTrue(targetDuringJitter >= 45, "95th percentile of 0-30 ms plus a packet: " + targetDuringJitter);
        assertTrue(targetAfter <= 25, "back to one packet: " + targetAfter);
        assertTrue(delayAfter < delayDuringJitter - 15, "playout delay follows the target down");
        assertTrue(sim.count(FrameType.ACCELERATED, jitterFrames, 3000) > 0, "delay is shed by accelerating");
        assertTrue(sim.count(FrameType.CONCEALED, 1000, 3000) == 0, "no concealment on the clean stretch");
    }

    @Test
    void shouldRecoverALostFrameFromTheNextPacketsFec()
    {
        final int lost = 60;
        final PlayoutSimulation sim = new PlayoutSimulation(new JitterBufferConfig())
            .run(withFec, i -> i == lost ? -1 : i * PlayoutSimulation.FRAME_NS + BASE_DELAY_NS, 200);
        assertEquals(1, sim.buffer.counters().fecRecoveries(), sim.types.toString());
        assertTrue(sim.count(FrameType.FEC_RECOVERED, 0, 200) >= 1, "pulls overlapping the rebuilt frame");
        assertEquals(0, sim.count(FrameType.CONCEALED, 0, 200));
        assertEquals(1, sim.buffer.counters().fecRecoveries());

        final PlayoutSimulation noFec = new PlayoutSimulation(new JitterBufferConfig())
            .run(plain, i -> i == lost ? -1 : i * PlayoutSimulation.FRAME_NS + BASE_DELAY_NS, 200);
        final int concealed = noFec.types.indexOf(FrameType.CONCEALED);
        assertTrue(noFec.count(FrameType.CONCEALED, 0, 200) >= 1, noFec.types.toString());
        assertEquals(1, noFec.buffer.counters().concealments());
        assertTrue(noFec.types.subList(concealed, concealed + 3).contains(FrameType.MERGED),
            "real audio merges back after PLC");
        assertEquals(1, sim.buffer.targetDelayMs() - noFec.buffer.targetDelayMs() == 20 ? 1 : 0,
            "a stream carrying FEC keeps one more packet in hand");
    }

    @Test
    void shouldCountLateAndDuplicatePacketsAndDropThem()
    {
        final int late = 80;
        final JitterBuffer buffer = new PlayoutSimulation(new JitterBufferConfig())
            .run(plain, i -> i * PlayoutSimulation.FRAME_NS + BASE_DELAY_NS + (i == late ? 300_000_000L : 0), 200)
            .buffer;
        assertEquals(1, buffer.counters().late());
        assertEquals(1, buffer.counters().concealments());

        final byte[][] doubled = new byte[plain.length * 2][];
        for (int i = 0; i < doubled.length; i++)
        {
            doubled[i] = plain[i / 2];
        }
        final JitterBuffer dup = new JitterBuffer(new JitterBufferConfig());
        final short[] pcm = new short[960];
        for (int i = 0; i < doubled.length; i++)
        {
            final int index = i / 2;
            final long nowNs = index * PlayoutSimulation.FRAME_NS;
            final int result = dup.insert(index, index * 960, nowNs, new UnsafeBuffer(doubled[i]), 0,
                doubled[i].length);
            assertEquals(i % 2 == 0 ? JitterBuffer.INSERTED : JitterBuffer.DUPLICATE, result, "packet " + i);
            if (i % 2 == 1)
            {
                dup.pull(nowNs, pcm);
            }
        }
        assertEquals(plain.length, dup.counters().duplicates());
        // a copy arriving after its original was played is a duplicate, not a late packet
        assertEquals(JitterBuffer.DUPLICATE, dup.insert(5, 5 * 960, 9_000_000_000L, new UnsafeBuffer(plain[5]), 0,
            plain[5].length));
        assertEquals(0, dup.counters().late());
    }

    @Test
    void shouldCountMalformedPayloadsWithoutThrowing()
    {
        final JitterBuffer buffer = new JitterBuffer(new JitterBufferConfig());
        final UnsafeBuffer garbage = new UnsafeBuffer(new byte[] { 3, 0 }); // code 3 with a frame count of 0
        assertTrue(buffer.insert(1, 960, 0, garbage, 0, 2) < 0);
        assertTrue(buffer.insert(2, 1920, 0, garbage, 0, 0) < 0);
        assertTrue(buffer.insert(3, 2880, 0, new UnsafeBuffer(new byte[2000]), 0, 2000) < 0);
        assertEquals(3, buffer.counters().malformed());
        assertEquals(0, buffer.packetCount());
    }

    @Test
    void shouldPlayComfortNoiseNotConcealmentDuringDtxPauses()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN_PAUSES).samples();
        final AudioEncoder encoder = new AudioEncoder().dtx(true);
        final byte[][] frames = TestAudio.encode(speech, encoder);
        // keep only what the packetizer would send: the first DTX frame of each pause, and every audio frame
        final boolean[] sent = new boolean[frames.length];
        final int[] sequence = new int[frames.length];
        int nextSequence = 0;
        for (int i = 0; i < frames.length; i++)
        {
            final boolean dtx = frames[i].length <= AudioEncoder.DTX_MAX_LENGTH;
            sent[i] = !dtx || i == 0 || frames[i - 1].length > AudioEncoder.DTX_MAX_LENGTH;
            sequence[i] = sent[i] ? nextSequence++ : -1;
        }
        final JitterBuffer buffer = new JitterBuffer(new JitterBufferConfig());
        final short[] pcm = new short[960];
        long silence = 0;
        for (int p = 0; p < frames.length + 2; p++)
        {
            final long nowNs = p * PlayoutSimulation.FRAME_NS;
            final int i = p - 2;
            if (i >= 0 && i < frames.length && sent[i])
            {
                buffer.insert(sequence[i], i * 960, nowNs, new UnsafeBuffer(frames[i]), 0, frames[i].length);
            }
            silence += buffer.pull(nowNs, pcm, 0) == FrameType.SILENCE ? 1 : 0;
        }
        System.out.printf("DTX: %d frames sent of %d, %d silent pulls%n", nextSequence, frames.length, silence);
        assertTrue(nextSequence < frames.length - 10, "pauses were not sent");
        assertEquals(0, buffer.counters().concealments(), "DTX gaps are not losses");
        assertTrue(silence >= frames.length - nextSequence, "pauses play as comfort noise");
    }

    @Test
    void shouldBeDeterministicAndAlwaysPullExactlyTheConfiguredLength()
    {
        final long seed = 0xDE7E_2A11L;
        final short[][] outputs = new short[2][];
        for (int run = 0; run < 2; run++)
        {
            final SplittableRandom random = new SplittableRandom(seed);
            final long[] arrivals = new long[plain.length];
            for (int i = 0; i < arrivals.length; i++)
            {
                arrivals[i] = random.nextInt(10) == 0 ? -1 :
                    i * PlayoutSimulation.FRAME_NS + BASE_DELAY_NS + random.nextLong(80_000_000L);
            }
            final JitterBufferConfig config = new JitterBufferConfig().pullSamples(480);
            outputs[run] = new PlayoutSimulation(config).run(plain, i -> arrivals[i], 480).played;
        }
        assertArrayEquals(outputs[0], outputs[1], "seed " + seed);

        final JitterBuffer buffer = new JitterBuffer(new JitterBufferConfig().pullSamples(480));
        final short[] pcm = new short[1000];
        for (int p = 0; p < 300; p++)
        {
            if (p % 2 == 0 && p / 2 < plain.length && p % 14 != 0)
            {
                buffer.insert(p / 2, p / 2 * 960, p * 10_000_000L, new UnsafeBuffer(plain[p / 2]), 0,
                    plain[p / 2].length);
            }
            Arrays.fill(pcm, (short)7777);
            buffer.pull(p * 10_000_000L, pcm, 5);
            assertEquals(7777, pcm[4]);
            assertEquals(7777, pcm[485], "exactly 480 samples at pull " + p);
        }
    }

    private static double meanMouthToEar(final PlayoutSimulation sim, final int fromPull, final int toPull)
    {
        // mouth-to-ear entries exist only for pulls with source audio; near the end every pull has one
        final int size = sim.mouthToEarMs.size();
        final int count = toPull - fromPull;
        final int end = Math.min(size, size - (sim.types.size() - toPull));
        return sim.mouthToEarMs.subList(Math.max(0, end - count), end).stream().mapToDouble(d -> d).average()
            .orElse(Double.NaN);
    }
}
