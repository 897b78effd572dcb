package io.classwire.media.audio;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Time-stretching in the jitter buffer when sender and playout clocks drift apart (virtual time). */
class JitterBufferStretchTest
{
    private static final int FRAMES = 1500;
    private static byte[][] packets;

    @BeforeAll
    static void encode()
    {
        packets = PlayoutSimulation.repeat(
            TestAudio.encode(TestAudio.clip(TestAudio.EN).samples(), new AudioEncoder()), FRAMES);
    }

    @Test
    void shouldExpandWhenPacketsArriveSlowerThanPlayout()
    {
        // the sender's clock runs 2 % slow: 20.4 ms between packets for 20 ms of audio each
        final PlayoutSimulation sim = new PlayoutSimulation(new JitterBufferConfig())
            .run(packets, i -> i * 20_400_000L + 30_000_000L, 1500);
        final JitterBufferCounters counters = sim.buffer.counters();
        System.out.printf("2 %% slow sender: %d samples added by expand, %d concealments, %d expanded pulls%n",
            counters.samplesAdded(), counters.concealments(), sim.count(FrameType.EXPANDED, 0, 1500));
        // 1500 packets at 20.4 ms last 30.6 s; playing them takes 30 s, so about 600 ms must be added
        assertTrue(counters.samplesAdded() > 20_000, "expand must make up most of the 0.6 s: " +
            counters.samplesAdded());
        assertTrue(counters.concealments() < counters.samplesAdded() / 960, "expand, not PLC, does most of it");
    }

    @Test
    void shouldAccelerateWhenPacketsArriveFasterThanPlayout()
    {
        final PlayoutSimulation sim = new PlayoutSimulation(new JitterBufferConfig())
            .run(packets, i -> i * 19_600_000L + 30_000_000L, 1450);
        final JitterBufferCounters counters = sim.buffer.counters();
        // 1450 packets arrive in 28.4 s but hold 29 s of audio: without accelerate the buffer would grow by 0.57 s
        final double early = sim.levelsMs.subList(100, 200).stream().mapToDouble(d -> d).average().orElse(0);
        final double late = sim.levelsMs.subList(1350, 1450).stream().mapToDouble(d -> d).average().orElse(0);
        System.out.printf("2 %% fast sender: %d samples removed, buffer level %.1f ms early, %.1f ms late%n",
            counters.samplesRemoved(), early, late);
        assertTrue(counters.samplesRemoved() > 20_000, "accelerate must remove most of the surplus");
        assertTrue(late < early + 30, "buffer level stays bounded: " + early + " -> " + late);
        assertEquals(0, counters.flushes());
    }
}
