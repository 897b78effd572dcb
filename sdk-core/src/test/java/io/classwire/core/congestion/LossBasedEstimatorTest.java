package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LossBasedEstimatorTest
{
    private static final long SEED = 20_240_601L;
    private static final int PACKET_BYTES = 1200;
    private static final long FEEDBACK_US = 50_000;
    private static final long BASE_OWD_US = 40_000;

    private final LossBasedEstimator estimator = new LossBasedEstimator(50_000, 0.3);
    private final PacketResults results = new PacketResults(4096);
    private SplittableRandom random = new SplittableRandom(SEED);
    private long sequence;
    private long nowUs;
    private long minBoundBps = Long.MAX_VALUE;

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 })
    void shouldHoldTheRateUnderRandomLossThatDoesNotRiseWithTheRate(final long seed)
    {
        random = new SplittableRandom(seed);
        // A sawtooth between 700 and 1100 kbit/s over a path with 10% random loss and a short queue.
        for (int cycle = 0; cycle < 15; cycle++)
        {
            for (long rate = 700_000; rate <= 1_100_000; rate += 50_000)
            {
                send(500_000, rate, 0.10, 15_000 + (rate - 700_000) / 20);
            }
        }
        assertTrue(minBoundBps >= 700_000, "bound fell to " + minBoundBps + " (seed " + seed + ")");
        assertEquals(0.10, estimator.inherentLoss(), 0.04, "inherent loss learnt, seed " + seed);
    }

    @Test
    void shouldCutWhenLossRisesWithTheRate()
    {
        sweepAroundCapacity(0.0);
        final long bound = estimator.boundBps();
        assertTrue(bound >= 800_000 && bound <= 1_100_000, "bound " + bound + " (seed " + SEED + ")");
        assertTrue(minBoundBps >= 750_000, "never collapsed: " + minBoundBps);
        assertEquals(0.0, estimator.inherentLoss(), 0.03);
    }

    @Test
    void shouldTellCongestionFromRandomLossWhenBothArePresent()
    {
        sweepAroundCapacity(0.05);
        final long bound = estimator.boundBps();
        assertTrue(bound >= 750_000 && bound <= 1_150_000, "bound " + bound + " (seed " + SEED + ")");
        assertTrue(minBoundBps >= 750_000, "never collapsed: " + minBoundBps);
    }

    private void sweepAroundCapacity(final double randomLoss)
    {
        final long capacity = 1_000_000;
        for (int cycle = 0; cycle < 6; cycle++)
        {
            for (long rate = 800_000; rate <= 1_400_000; rate += 100_000)
            {
                final double congestion = Math.max(0, 1.0 - (double)capacity / rate);
                send(500_000, rate, randomLoss + (1 - randomLoss) * congestion, rate > capacity ? 250_000 : 20_000);
            }
        }
    }

    @Test
    void shouldCutAStandingQueueThatLosesAtAConstantRate()
    {
        // A clean path first, then the capacity falls to 500 kbit/s under a sender stuck at 790 kbit/s: the queue
        // is full (280 ms) and drops 37%, with no delay trend and no rate variation to correlate with.
        send(10_000_000, 1_000_000, 0.0, 20_000);
        assertEquals(LossBasedEstimator.UNLIMITED, estimator.boundBps());
        send(3_000_000, 790_000, 0.37, 280_000);
        final long bound = estimator.boundBps();
        assertTrue(bound <= 550_000 && bound >= 400_000, "bound " + bound + " (seed " + SEED + ")");
    }

    @Test
    void shouldIgnoreAnOutageAndHonourTheMinimum()
    {
        send(5_000_000, 1_000_000, 0.0, 20_000);
        send(2_000_000, 1_000_000, 1.0, 20_000);
        assertEquals(LossBasedEstimator.UNLIMITED, estimator.boundBps(), "every packet lost: an outage, no info");
        for (int i = 0; i < 20; i++)
        {
            send(300_000, 200_000, 0.95, 300_000);
            send(300_000, 100_000, 0.9, 300_000);
        }
        assertTrue(estimator.boundBps() >= 50_000, "never below the minimum: " + estimator.boundBps());
    }

    @Test
    void shouldRecoverTowardsAHigherFitAtEightPercentPerSecond()
    {
        final long capacity = 1_000_000;
        for (int cycle = 0; cycle < 4; cycle++)
        {
            for (long rate = 800_000; rate <= 1_400_000; rate += 100_000)
            {
                send(500_000, rate, Math.max(0, 1.0 - (double)capacity / rate), rate > capacity ? 250_000 : 20_000);
            }
        }
        final long limited = estimator.boundBps();
        // Then a clean path at the bound: old lossy observations age out and the bound climbs back.
        send(20_000_000, limited, 0.0, 20_000);
        assertEquals(LossBasedEstimator.UNLIMITED, estimator.boundBps(), "lifted once it reached the delay estimate");
    }

    /**
     * Send at a constant rate for a while, reporting feedback every 50 ms.
     *
     * @param queueUs up to 50 ms: the peak of a queue that empties every ten packets; above: a standing queue.
     */
    private void send(final long durationUs, final long rateBps, final double lossProbability, final long queueUs)
    {
        final long gapUs = PACKET_BYTES * 8_000_000L / rateBps;
        final long endUs = nowUs + durationUs;
        long nextFeedbackUs = nowUs + FEEDBACK_US;
        results.reset(nowUs, 0);
        while (nowUs < endUs)
        {
            final boolean lost = random.nextDouble() < lossProbability;
            // Up to 50 ms the queue is a ripple that empties every ten packets (pacing bursts into the bottleneck);
            // above, it stands at that level (a full drop-tail queue).
            final long packetQueueUs = queueUs <= 50_000 ? (sequence % 10) * queueUs / 9 : queueUs;
            final long arrivalUs = lost ? PacketResults.NOT_RECEIVED : nowUs + BASE_OWD_US + packetQueueUs;
            results.add(sequence++, nowUs, arrivalUs, PACKET_BYTES, PacketKind.VIDEO, SentPacketHistory.NOT_A_PROBE,
                false);
            nowUs += gapUs;
            if (nowUs >= nextFeedbackUs)
            {
                results.complete();
                estimator.onPacketResults(results);
                estimator.process(2 * rateBps, nowUs);
                minBoundBps = Math.min(minBoundBps, estimator.boundBps());
                results.reset(nowUs, 0);
                nextFeedbackUs += FEEDBACK_US;
            }
        }
    }
}
