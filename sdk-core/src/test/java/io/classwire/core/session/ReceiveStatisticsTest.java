package io.classwire.core.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReceiveStatisticsTest
{
    private static final long FRAME_NS = 20_000_000L;
    private static final int FRAME_TICKS = 960;

    @Test
    void shouldHoldNewSourceOnProbationThenCountLossAcrossWrap()
    {
        final ReceiveStatistics stats = new ReceiveStatistics(48_000);
        int seq = 65_500;
        assertFalse(stats.onPacket(seq, 0, 0), "first packet is on probation");
        long lost = 0;
        for (int i = 1; i < 200; i++)
        {
            seq = (seq + 1) & 0xFFFF;
            if (i % 10 == 5)
            {
                lost++;
                continue;
            }
            stats.onPacket(seq, i * FRAME_TICKS, i * FRAME_NS);
        }
        assertTrue(stats.isValid());
        assertEquals(65_536 + ((65_500 + 199) & 0xFFFF), stats.extendedHighestSeq());
        assertEquals(lost, stats.cumulativeLost());
        final int fraction = stats.takeFractionLost();
        assertEquals(lost * 256 / stats.expected(), fraction, 1);
        assertEquals(0, stats.takeFractionLost(), "new interval with nothing received");
    }

    @Test
    void shouldMeasureJitterOfAlternatingDelay()
    {
        final ReceiveStatistics stats = new ReceiveStatistics(48_000);
        for (int i = 0; i < 2_000; i++)
        {
            final long extraNs = (i % 2 == 0) ? 0 : 10_000_000L;
            stats.onPacket(i, i * FRAME_TICKS, i * FRAME_NS + extraNs);
        }
        // |D| is always 10 ms, so the estimate converges to 10 ms = 480 ticks.
        assertEquals(480, stats.jitterTicks(), 5);
        assertEquals(10_000_000L, stats.jitterNs(), 150_000L);
    }

    @Test
    void shouldCountDuplicatesAndLatePackets()
    {
        final ReceiveStatistics stats = new ReceiveStatistics(8_000);
        for (int i = 0; i < 10; i++)
        {
            stats.onPacket(i, i * 160, i * FRAME_NS);
        }
        stats.onPacket(5, 5 * 160, 11 * FRAME_NS);
        assertEquals(1, stats.lateOrDuplicate());
        assertEquals(9, stats.extendedHighestSeq());
    }

    @Test
    void shouldResynchroniseAfterTwoSequentialPacketsBeyondDropout()
    {
        final ReceiveStatistics stats = new ReceiveStatistics(48_000);
        for (int i = 0; i < 10; i++)
        {
            stats.onPacket(i, i * FRAME_TICKS, i * FRAME_NS);
        }
        assertFalse(stats.onPacket(20_000, 0, 11 * FRAME_NS), "wild jump is ignored once");
        assertTrue(stats.onPacket(20_001, FRAME_TICKS, 12 * FRAME_NS), "second sequential packet restarts");
        assertEquals(20_001, stats.extendedHighestSeq());
        assertEquals(0, stats.cumulativeLost());
    }

    @Test
    void shouldMeasureJitterOnNanoTimeScaleClocksAndAcrossTimestampWrap()
    {
        // System.nanoTime() values near 2^62 would overflow arrival * clock rate; the deltas do not.
        final long baseNs = 4_000_000_000_000_000_000L;
        final ReceiveStatistics stats = new ReceiveStatistics(90_000);
        int timestamp = Integer.MAX_VALUE - 10 * 3_000;
        for (int i = 0; i < 2_000; i++)
        {
            final long extraNs = (i % 2 == 0) ? 0 : 4_000_000L;
            stats.onPacket(i, timestamp, baseNs + i * 33_333_333L + extraNs);
            timestamp += 3_000;
        }
        // 33,333,333 ns is 2999.99997 ticks at 90 kHz, so |D| alternates around 360 ticks (4 ms).
        assertEquals(360, stats.jitterTicks(), 2);
        assertEquals(4_000_000L, stats.jitterNs(), 30_000L);
    }
}
