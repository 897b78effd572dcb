package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrendlineEstimatorTest
{
    private static final long GROUP_US = 10_000;

    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final OveruseDetector detector = new OveruseDetector();
    private long arrivalUs = 1_000_000;

    @Test
    void shouldDetectRisingDelayAndReturnToNormal()
    {
        final long seed = 42;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 100; i++)
        {
            assertEquals(BandwidthUsage.NORMAL, step(jitterUs(random)), "steady path, group " + i + " seed " + seed);
        }
        int overuseAt = -1;
        for (int i = 0; i < 100 && overuseAt < 0; i++)
        {
            // Sending 10% over capacity: each 10 ms group arrives 1 ms later than the last.
            if (step(1_000 + jitterUs(random)) == BandwidthUsage.OVERUSING)
            {
                overuseAt = i;
            }
        }
        assertTrue(overuseAt >= 0 && overuseAt < 30, "over-use after " + overuseAt + " groups, seed " + seed);
        int underuseAt = -1;
        for (int i = 0; i < 100 && underuseAt < 0; i++)
        {
            // Queue draining at 20% of capacity.
            if (step(-2_000 + jitterUs(random)) == BandwidthUsage.UNDERUSING)
            {
                underuseAt = i;
            }
        }
        assertTrue(underuseAt >= 0 && underuseAt < 30, "under-use after " + underuseAt + " groups");
        BandwidthUsage usage = BandwidthUsage.UNDERUSING;
        for (int i = 0; i < 100; i++)
        {
            usage = step(jitterUs(random));
        }
        assertEquals(BandwidthUsage.NORMAL, usage, "stable again");
        assertTrue(Math.abs(trendline.trend()) < 0.02, "trend " + trendline.trend());
    }

    @Test
    void shouldNotSignalOveruseOnASingleSpike()
    {
        for (int i = 0; i < 60; i++)
        {
            step(0);
        }
        assertEquals(BandwidthUsage.NORMAL, step(30_000), "one late group");
        assertEquals(BandwidthUsage.NORMAL, step(-30_000));
        for (int i = 0; i < 20; i++)
        {
            assertTrue(step(0) != BandwidthUsage.OVERUSING, "group " + i);
        }
    }

    @Test
    void shouldKeepTheThresholdWithinBounds()
    {
        for (int i = 0; i < 2_000; i++)
        {
            step(i % 2 == 0 ? 5_000 : -5_000);
            assertTrue(detector.thresholdMs() >= OveruseDetector.MIN_THRESHOLD_MS &&
                detector.thresholdMs() <= OveruseDetector.MAX_THRESHOLD_MS);
        }
        final OveruseDetector quiet = new OveruseDetector();
        quiet.detect(0, 0, 10_000, 10, 0);
        quiet.detect(0, 0, 10_000, 10, 100_000);
        assertTrue(quiet.thresholdMs() < OveruseDetector.DEFAULT_INITIAL_THRESHOLD_MS, "a quiet path lowers it");
        final double before = quiet.thresholdMs();
        quiet.detect(before + 40, 0.1, 10_000, 10, 200_000);
        assertEquals(before, quiet.thresholdMs(), "a spike beyond th + 15 ms is not adapted to");
    }

    private BandwidthUsage step(final long extraDelayUs)
    {
        arrivalUs += GROUP_US + extraDelayUs;
        trendline.update(GROUP_US, GROUP_US + extraDelayUs, arrivalUs);
        return detector.detect(trendline.modifiedTrend(), trendline.trend(), GROUP_US, trendline.numDeltas(),
            arrivalUs);
    }

    private static long jitterUs(final SplittableRandom random)
    {
        return random.nextLong(-500, 501);
    }
}
