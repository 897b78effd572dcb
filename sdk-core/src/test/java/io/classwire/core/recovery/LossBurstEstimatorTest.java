package io.classwire.core.recovery;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The receiver's loss-pattern measure against simulated Bernoulli and Gilbert loss. */
class LossBurstEstimatorTest
{
    @Test
    void shouldMeasureRateAndBurstLengthOfASimulatedChain()
    {
        for (final double[] channel : new double[][]{ { 0.2, 3.0 }, { 0.3, 1.0 / 0.7 }, { 0.05, 1.5 } })
        {
            final double p = channel[0];
            final double burst = channel[1];
            final LossBurstEstimator estimator = new LossBurstEstimator(1 << 30);
            final SplittableRandom random = new SplittableRandom(5);
            final double r = 1.0 / burst;
            final double g = r * p / (1 - p);
            boolean bad = false;
            for (int seq = 0; seq < 400_000; seq++)
            {
                if (!bad)
                {
                    estimator.onPacket(seq & 0xFFFF);
                }
                bad = bad ? random.nextDouble() >= r : random.nextDouble() < g;
            }
            assertEquals(p, estimator.lossRate(), p * 0.05, "rate for " + p + "/" + burst);
            assertEquals(burst, estimator.meanBurstPackets(), burst * 0.05, "burst for " + p + "/" + burst);
        }
    }

    @Test
    void shouldTakeBackALossWhenThePacketArrivesLate()
    {
        final LossBurstEstimator estimator = new LossBurstEstimator(1000);
        for (final int seq : new int[]{ 0, 1, 3, 2, 4, 5, 6, 7, 8, 9 })
        {
            estimator.onPacket(seq);
        }
        assertEquals(0.0, estimator.lossRate());
    }

    @Test
    void shouldKeepTheBurstLengthWhenJitterReordersPackets()
    {
        // Bursts of exactly 3 losses every 20 packets, arrivals shuffled by up to 3 positions (30 ms of jitter on
        // 20 ms packets). Counting runs as packets arrive read this as bursts well under 1 packet.
        final LossBurstEstimator estimator = new LossBurstEstimator(1 << 30);
        final SplittableRandom random = new SplittableRandom(7);
        final int count = 20_000;
        final int[] order = new int[count];
        for (int i = 0; i < count; i++)
        {
            order[i] = i;
        }
        for (int i = 0; i + 3 < count; i += 4)
        {
            final int j = i + random.nextInt(4);
            final int swapped = order[i];
            order[i] = order[j];
            order[j] = swapped;
        }
        for (final int seq : order)
        {
            if (seq % 20 < 17)
            {
                estimator.onPacket(seq & 0xFFFF);
            }
        }
        assertEquals(3.0, estimator.meanBurstPackets(), 0.01);
        assertEquals(0.15, estimator.lossRate(), 0.01);
    }

    @Test
    void shouldNotCountADiscontinuityOrPacketsBeforeTheFirstAsABurst()
    {
        final LossBurstEstimator estimator = new LossBurstEstimator(1000);
        for (int seq = 100; seq < 120; seq++)
        {
            estimator.onPacket(seq);
        }
        estimator.onPacket(50); // older than the stream's first packet: ignored by the burst measure
        for (int seq = 30_000; seq < 30_020; seq++)
        {
            estimator.onPacket(seq); // a restarted sender
        }
        assertEquals(0.0, estimator.meanBurstPackets(), "no loss seen");
        for (final int seq : new int[]{ 30_022, 30_023, 30_026, 30_027, 30_028, 30_029, 30_030, 30_031, 30_032,
            30_033, 30_034, 30_035, 30_036, 30_037, 30_038, 30_039 })
        {
            estimator.onPacket(seq);
        }
        // settled so far: a burst of 2 (30_020, 30_021) and one of 2 (30_024, 30_025)
        assertEquals(2.0, estimator.meanBurstPackets(), 1e-9);
    }
}
