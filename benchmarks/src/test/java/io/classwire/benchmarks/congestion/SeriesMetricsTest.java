package io.classwire.benchmarks.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeriesMetricsTest
{
    private static final long PERIOD_NS = 200_000_000L;
    private static final double NAN = Double.NaN;

    @Test
    void shouldComputeJainsIndex()
    {
        assertEquals(1.0, SeriesMetrics.jainIndex(5, 5, 5, 5), 1e-12);
        assertEquals(0.25, SeriesMetrics.jainIndex(8, 0, 0, 0), 1e-12, "one flow has everything: 1/n");
        // (1 + 2 + 3)^2 / (3 * (1 + 4 + 9)) = 36 / 42
        assertEquals(36.0 / 42.0, SeriesMetrics.jainIndex(1, 2, 3), 1e-12);
        assertEquals(1.0, SeriesMetrics.jainIndex(4, NAN, 4), 1e-12, "inactive flows are skipped");
        assertTrue(Double.isNaN(SeriesMetrics.jainIndex(0, 0)));
    }

    @Test
    void shouldComputeThroughputRatio()
    {
        assertEquals(1.5, SeriesMetrics.maxMinRatio(2, 3, NAN), 1e-12);
        assertEquals(Double.POSITIVE_INFINITY, SeriesMetrics.maxMinRatio(0, 1));
        assertTrue(Double.isNaN(SeriesMetrics.maxMinRatio(7)));
    }

    @Test
    void shouldLeaveOutFiveSecondsAfterEachChange()
    {
        // 20 s at 200 ms; changes at 0 s and 10 s.
        final boolean[] include = SeriesMetrics.excludeAfterEvents(100, PERIOD_NS, new long[]{ 0, 10_000_000_000L },
            5_000_000_000L);
        for (int k = 0; k < 100; k++)
        {
            final boolean expected = k >= 25 && k < 50 || k >= 75;
            assertEquals(expected, include[k], "sample " + k);
        }
        final boolean[] midSample = SeriesMetrics.excludeAfterEvents(10, PERIOD_NS, new long[]{ 300_000_000L }, 0);
        assertEquals(false, midSample[1], "a sample with a change inside it is not settled");
        assertEquals(true, midSample[2]);
    }

    @Test
    void shouldComputeUtilizationOverSettledSamplesOnly()
    {
        // 1 Mbit/s for 10 s, then 2 Mbit/s for 10 s; the flow delivers 0.5 Mbit/s in the first 5 s after each
        // change and 0.9 x capacity otherwise: the settled utilization is exactly 90%.
        final double[] capacity = new double[100];
        final double[] goodput = new double[100];
        for (int k = 0; k < 100; k++)
        {
            capacity[k] = k < 50 ? 1e6 : 2e6;
            goodput[k] = k % 50 < 25 ? 0.5e6 : 0.9 * capacity[k];
        }
        final boolean[] include = SeriesMetrics.excludeAfterEvents(100, PERIOD_NS, new long[]{ 0, 10_000_000_000L },
            5_000_000_000L);
        assertEquals(0.9, SeriesMetrics.utilization(goodput, capacity, include), 1e-12);
        final boolean[] all = new boolean[100];
        java.util.Arrays.fill(all, true);
        // (25 x 0.5 + 25 x 0.9 + 25 x 0.5 + 25 x 1.8) / (50 x 1 + 50 x 2) = 92.5 / 150
        assertEquals(92.5 / 150, SeriesMetrics.utilization(goodput, capacity, all), 1e-12);
    }

    @Test
    void shouldTimeConvergenceUntilTheRateStaysInBand()
    {
        final double[] share = filled(20, 1000);
        // Enters the band at 3, leaves at 5, re-enters at 7 and stays: converged after 7 samples.
        final double[] rate = { 300, 500, 800, 950, 1050, 1200, 1150, 1080, 1000, 990, 1010, 1000, 1020, 980, 1000,
            1000, 1000, 1000, 1000, 1000 };
        assertEquals(7.0, SeriesMetrics.convergenceSamples(rate, share, 0, 20, 0.1));
        assertEquals(0.0, SeriesMetrics.convergenceSamples(rate, share, 10, 20, 0.1), "already in band");
        rate[19] = 1200;
        assertTrue(Double.isNaN(SeriesMetrics.convergenceSamples(rate, share, 0, 20, 0.1)), "leaves at the end");
    }

    @Test
    void shouldTimeRiseOnlyWhenTheLevelHolds()
    {
        final double[] target = { 1000, 300, 400, 950, 600, 920, 930, 940, 950, 960 };
        assertEquals(5.0, SeriesMetrics.samplesUntil(target, 0, 10, 900, true, 3),
            "the 1000 at the change and the brief 950 do not hold");
        assertEquals(0.0, SeriesMetrics.samplesUntil(target, 0, 10, 900, true, 1));
        assertEquals(1.0, SeriesMetrics.samplesUntil(target, 0, 10, 350, false, 1), "falling to a level");
        assertTrue(Double.isNaN(SeriesMetrics.samplesUntil(target, 0, 10, 2000, true, 1)));
    }

    @Test
    void shouldCountWatermarkCrossingsWithHysteresis()
    {
        final double[] share = filled(10, 100);
        final boolean[] all = new boolean[10];
        java.util.Arrays.fill(all, true);
        // high, inside, high (no crossing), low (1), inside, high (2), low (3), low, inside, inside
        final double[] target = { 115, 100, 112, 85, 95, 111, 80, 70, 100, 100 };
        assertEquals(3, SeriesMetrics.watermarkCrossings(target, share, all, 0.9, 1.1));
        all[3] = false;
        assertEquals(1, SeriesMetrics.watermarkCrossings(target, share, all, 0.9, 1.1),
            "with the 85 left out, high is followed by high until the 80");
    }

    @Test
    void shouldJudgeFairnessOverWindows()
    {
        // Two flows over 10 samples; flow 1 starts at sample 2; judged samples 2..9; windows of 4 samples.
        final double[][] rates = {
            { NAN, NAN, 600, 600, 600, 600, 500, 500, 500, 500 },
            { NAN, NAN, 200, 200, 200, 200, 500, 500, 500, 500 } };
        final boolean[] eligible = { false, false, true, true, true, true, true, true, true, true };
        final double[] fairness = SeriesMetrics.windowedFairness(rates, eligible, 4);
        // Window 1: 600 vs 200 -> Jain 800^2 / (2 x 400000) = 0.8, ratio 3. Window 2: equal -> 1.
        assertEquals(0.9, fairness[0], 1e-12);
        assertEquals(0.8, fairness[1], 1e-12);
        assertEquals(3.0, fairness[2], 1e-12);
        assertEquals(2.0, fairness[3]);
        assertArrayEquals(new double[]{ 550, 350 }, SeriesMetrics.windowMeans(rates, 2, 10), 1e-12);
    }

    @Test
    void shouldShareCapacityMaxMinFairly()
    {
        assertArrayEquals(new double[]{ 1000, 1000, NAN },
            SeriesMetrics.fairShares(2000, new double[]{ 1500, 1500, NAN }), 1e-9);
        assertArrayEquals(new double[]{ 1500, 1500 }, SeriesMetrics.fairShares(4000, new double[]{ 1500, 1500 }),
            1e-9, "capped by the flows' maximum");
        assertArrayEquals(new double[]{ 300, 850, 850 }, SeriesMetrics.fairShares(2000,
            new double[]{ 300, 1500, 1500 }), 1e-9, "what a limited flow cannot use goes to the others");
    }

    @Test
    void shouldAverageOverATrailingWindow()
    {
        assertArrayEquals(new double[]{ 1, 1.5, 2.5, 3.5 }, SeriesMetrics.movingMean(new double[]{ 1, 2, 3, 4 }, 2),
            1e-12);
    }

    private static double[] filled(final int length, final double value)
    {
        final double[] out = new double[length];
        java.util.Arrays.fill(out, value);
        return out;
    }
}
