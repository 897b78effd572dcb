package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompetingFlowDetectorTest
{
    private static final long MS = 1_000;
    private static final long RTT_US = 200 * MS;

    @Test
    void shouldEnterAfterTwoFutileCutsAndRestoreTheEstimateBeforeThem()
    {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long nowUs = futileCut(detector, 0, 150 * MS, 800_000);
        assertEquals(1, detector.ineffectiveCuts());
        assertFalse(detector.isCompeting());
        assertEquals(-1, detector.pollRestoreBps());
        nowUs = futileCut(detector, nowUs, 200 * MS, 680_000);
        assertTrue(detector.isCompeting());
        assertEquals(1, detector.entries());
        assertEquals(800_000, detector.pollRestoreBps(), "back to before the first futile cut");
        assertEquals(-1, detector.pollRestoreBps(), "once");
        assertTrue(nowUs > 0);
    }

    @Test
    void shouldStayOutWhenCutsDrainTheQueue()
    {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long nowUs = 0;
        for (int i = 0; i < 10; i++)
        {
            detector.onDelayBasedCut(nowUs, 80 * MS, RTT_US, 1_000_000, 850_000);
            for (int k = 1; k <= 40; k++)
            {
                // Alone at 0.85 x capacity: 150 ms of queue drain per second.
                final long queueUs = Math.max(0, 80 * MS - k * 50 * 150);
                detector.onFeedback(queueUs, queueUs + 5 * MS, nowUs + k * 50 * MS);
            }
            nowUs += 3_000 * MS;
        }
        assertFalse(detector.isCompeting());
        assertEquals(0, detector.ineffectiveCuts());
    }

    @Test
    void shouldIgnoreCutsAtAShortQueue()
    {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long nowUs = 0;
        for (int i = 0; i < 5; i++)
        {
            nowUs = futileCut(detector, nowUs, 40 * MS, 1_000_000);
        }
        assertFalse(detector.isCompeting(), "delay-based flows keep the queue short; 40 ms is theirs");
    }

    @Test
    void shouldNotMistakeASlowSteadyDrainOfADeepQueueForACompetitor()
    {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long nowUs = 0;
        for (int i = 0; i < 4; i++)
        {
            detector.onDelayBasedCut(nowUs, 3_000 * MS, RTT_US, 1_000_000, 850_000);
            for (int k = 1; k <= 100; k++)
            {
                // A 3 s queue draining at the 150 ms per second the cut predicts: 25% of it would take 5 s.
                final long queueUs = 3_000 * MS - k * 50 * 150;
                detector.onFeedback(queueUs, queueUs, nowUs + k * 50 * MS);
            }
            nowUs += 5_000 * MS;
        }
        assertFalse(detector.isCompeting());
    }

    @Test
    void shouldCutAtMostOncePerRoundTripAndOnlyForLossAtAFullQueue()
    {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long nowUs = futileCut(detector, 0, 250 * MS, 800_000);
        nowUs = futileCut(detector, nowUs, 250 * MS, 700_000);
        assertTrue(detector.isCompeting());
        assertFalse(detector.onLoss(0, 280 * MS, nowUs, 400 * MS), "no loss");
        assertFalse(detector.onLoss(2, 60 * MS, nowUs, 400 * MS), "loss at a short queue is not a drop-tail drop");
        assertTrue(detector.onLoss(1, 280 * MS, nowUs, 400 * MS));
        assertFalse(detector.onLoss(3, 290 * MS, nowUs + 300 * MS, 400 * MS), "same round trip");
        assertTrue(detector.onLoss(1, 290 * MS, nowUs + 450 * MS, 400 * MS));
    }

    @Test
    void shouldLeaveOnlyWhenTheQueueStaysEmptyAndReenterOnOneFutileCut()
    {
        final CompetingFlowDetector detector = new CompetingFlowDetector();
        long nowUs = futileCut(detector, 0, 250 * MS, 800_000);
        nowUs = futileCut(detector, nowUs, 250 * MS, 700_000);
        assertTrue(detector.isCompeting());
        detector.onFeedback(5 * MS, 20 * MS, nowUs);
        detector.onFeedback(100 * MS, 150 * MS, nowUs + 500 * MS);
        detector.onFeedback(5 * MS, 20 * MS, nowUs + 1_200 * MS);
        assertTrue(detector.isCompeting(), "a dip (the competitor halved its window) is not an exit");
        for (long t = 1_200 * MS; t <= 2_300 * MS; t += 50 * MS)
        {
            detector.onFeedback(3 * MS, 8 * MS, nowUs + t);
        }
        assertFalse(detector.isCompeting(), "empty for 1 s: the competitor has gone");
        nowUs = futileCut(detector, nowUs + 3_000 * MS, 200 * MS, 900_000);
        assertTrue(detector.isCompeting(), "one futile cut soon after leaving re-enters");
        assertEquals(2, detector.entries());
    }

    /**
     * A cut by 15% at the given queue after which the queue keeps standing (a competitor refills it); returns the time
     * after its judging window.
     */
    private static long futileCut(
        final CompetingFlowDetector detector, final long atUs, final long queueUs, final long preCutBps)
    {
        detector.onDelayBasedCut(atUs, queueUs, RTT_US, preCutBps, preCutBps * 85 / 100);
        long nowUs = atUs;
        for (int k = 1; k <= 50; k++)
        {
            nowUs = atUs + k * 50 * MS;
            detector.onFeedback(queueUs - 5 * MS, queueUs + 10 * MS, nowUs);
        }
        return nowUs + 50 * MS;
    }
}
