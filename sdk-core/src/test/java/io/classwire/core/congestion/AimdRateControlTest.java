package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AimdRateControlTest
{
    private static final long MS = 1_000;
    private static final long UNLIMITED_ACKED = 100_000_000;

    @Test
    void shouldIncreaseByEightPercentPerSecondFarFromCongestion()
    {
        final AimdRateControl aimd = controller(0.95);
        long nowUs = 0;
        for (int i = 0; i <= 50; i++)
        {
            aimd.update(BandwidthUsage.NORMAL, UNLIMITED_ACKED, nowUs);
            nowUs += 100 * MS;
        }
        final double expected = 300_000 * Math.pow(1.08, 5.0);
        assertEquals(expected, aimd.estimateBps(), expected * 0.02, "five seconds of 8%/s from 300 kbit/s");
        assertEquals(AimdRateControl.State.INCREASE, aimd.state());
    }

    @Test
    void shouldCutOnOveruseHoldWhileDrainingThenRecoverFast()
    {
        final AimdRateControl aimd = controller(0.95);
        aimd.setEstimate(1_200_000, 0);
        aimd.update(BandwidthUsage.NORMAL, 1_000_000, 100 * MS);
        assertEquals(850_000, aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 200 * MS), "0.85 x acknowledged rate");
        assertEquals(AimdRateControl.State.HOLD, aimd.state());
        assertEquals(850_000, aimd.update(BandwidthUsage.UNDERUSING, 900_000, 300 * MS), "hold while draining");
        final long recovered = aimd.update(BandwidthUsage.NORMAL, 900_000, 400 * MS);
        assertEquals(950_000, recovered, 1_000, "fast recovery to 95% of the congestion point");
        final long oneSecondLater = aimd.update(BandwidthUsage.NORMAL, 950_000, 1_400 * MS);
        assertTrue(oneSecondLater > recovered && oneSecondLater < recovered + 60_000,
            "additive near the congestion point: " + oneSecondLater);
    }

    @Test
    void shouldClimbAdditivelyFromTheCutWithoutFastRecovery()
    {
        final AimdRateControl aimd = controller(0.0);
        aimd.setEstimate(1_000_000, 0);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 100 * MS);
        assertEquals(850_000, aimd.estimateBps());
        final long next = aimd.update(BandwidthUsage.NORMAL, 850_000, 200 * MS);
        assertEquals(850_000, next, "the first normal only starts the increase");
        final long later = aimd.update(BandwidthUsage.NORMAL, 850_000, 1_200 * MS);
        // At 850 kbit/s: a 30 fps frame is 28.3 kbit in 3 packets of 9.4 kbit; response time 200 + 100 ms.
        assertEquals(850_000 + 9_444 / 0.3, later, 500, "one packet per response time");
    }

    @Test
    void shouldNotIncreaseBeyondThroughputOrExternalCaps()
    {
        final AimdRateControl aimd = controller(0.95);
        long nowUs = 0;
        for (int i = 0; i < 100; i++)
        {
            aimd.update(BandwidthUsage.NORMAL, 200_000, nowUs);
            nowUs += 100 * MS;
        }
        assertEquals(310_000, aimd.estimateBps(), "1.5 x 200 k + 10 k");

        aimd.setEstimate(500_000, nowUs);
        aimd.setIncreaseCap(400_000);
        for (int i = 0; i < 100; i++)
        {
            nowUs += 100 * MS;
            aimd.update(BandwidthUsage.NORMAL, 1_000_000, nowUs);
        }
        assertEquals(500_000, aimd.estimateBps(), "above the cap already: held, not cut");
        aimd.setIncreaseCap(Long.MAX_VALUE);
        nowUs += 100 * MS;
        assertTrue(aimd.update(BandwidthUsage.NORMAL, 1_000_000, nowUs) > 500_000, "cap lifted");
    }

    @Test
    void shouldStayWithinConfiguredBounds()
    {
        final AimdRateControl aimd = new AimdRateControl(300_000, 100_000, 400_000, 0.85, 1.08, 0.95);
        aimd.update(BandwidthUsage.OVERUSING, 10_000, 0);
        assertEquals(100_000, aimd.estimateBps(), "never below the minimum");
        aimd.setEstimate(10_000_000, 100 * MS);
        assertEquals(400_000, aimd.estimateBps(), "never above the maximum");
    }

    @Test
    void shouldWaitAboutOneRttBeforeCuttingAgain()
    {
        final AimdRateControl aimd = controller(0.95);
        aimd.setRtt(100 * MS);
        aimd.setEstimate(1_000_000, 0);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 0);
        assertFalse(aimd.timeToReduceFurther(50 * MS, 800_000));
        assertTrue(aimd.timeToReduceFurther(100 * MS, 800_000));
        assertTrue(aimd.timeToReduceFurther(10 * MS, 400_000), "acknowledged rate under half the estimate");
    }

    @Test
    void shouldCutDeeperOnceWhenAStandingQueueMustDrain()
    {
        final AimdRateControl aimd = controller(0.95);
        aimd.setEstimate(1_200_000, 0);
        aimd.setDrainFactor(0.5);
        assertEquals(700_000, aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 100 * MS), "floored at 0.7");
        assertEquals(1_000_000, aimd.linkCapacity().estimateBps(), "congestion point at the full rate");
        aimd.setEstimate(1_000_000, 200 * MS);
        assertEquals(850_000, aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 500 * MS), "then beta again");
        aimd.setDrainFactor(0.95);
        assertEquals(722_500, aimd.update(BandwidthUsage.OVERUSING, 850_000, 800 * MS), "never shallower than beta");
    }

    @Test
    void shouldReportWhenTheAcknowledgedRateOutgrowsTheCongestionPoint()
    {
        final AimdRateControl aimd = controller(0.95);
        aimd.setEstimate(1_000_000, 0);
        aimd.update(BandwidthUsage.OVERUSING, 1_000_000, 100 * MS);
        aimd.update(BandwidthUsage.NORMAL, 1_000_000, 200 * MS);
        assertEquals(Long.MIN_VALUE, aimd.capacityOutgrownUs(), "within the bounds");
        aimd.update(BandwidthUsage.NORMAL, 1_500_000, 300 * MS);
        assertEquals(300 * MS, aimd.capacityOutgrownUs());
        assertFalse(aimd.linkCapacity().hasEstimate(), "congestion point forgotten");
    }

    private static AimdRateControl controller(final double fastRecovery)
    {
        return new AimdRateControl(300_000, 30_000, 20_000_000, 0.85, 1.08, fastRecovery);
    }
}
