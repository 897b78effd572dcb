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
}
