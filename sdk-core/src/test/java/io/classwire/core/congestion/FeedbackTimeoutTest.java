package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackTimeoutTest
{
    private static final long MIN_BPS = 30_000;
    private static final long RTT_US = 100_000;
    private static final long TICK_US = 25_000;

    @Test
    void shouldNotTimeOutBeforeTheFirstFeedback()
    {
        final FeedbackTimeout timeout = new FeedbackTimeout(MIN_BPS);
        timeout.onPacketSent(0);
        assertEquals(FeedbackTimeout.NO_CAP, timeout.process(10_000_000, RTT_US, 1_000_000));
        assertEquals(FeedbackTimeout.State.NORMAL, timeout.state());
    }

    @Test
    void shouldNotTimeOutWhileTheSenderIsIdle()
    {
        final FeedbackTimeout timeout = new FeedbackTimeout(MIN_BPS);
        timeout.onPacketSent(0);
        timeout.onFeedback(100_000);
        for (long nowUs = 100_000; nowUs < 10_000_000; nowUs += TICK_US)
        {
            assertEquals(FeedbackTimeout.NO_CAP, timeout.process(nowUs, RTT_US, 1_000_000), "idle at " + nowUs);
        }
        assertEquals(0, timeout.timeouts());
    }

    @Test
    void shouldHalveTheCapWhenFeedbackStopsWhileSendingAndFloorItAtTheMinimum()
    {
        final FeedbackTimeout timeout = new FeedbackTimeout(MIN_BPS);
        timeout.onFeedback(0);
        timeout.onPacketSent(10_000);
        // RTT 100 ms: the timeout is RTT + 500 ms after the first unanswered packet.
        assertEquals(FeedbackTimeout.NO_CAP, timeout.process(610_000, RTT_US, 1_000_000));
        assertEquals(500_000, timeout.process(611_000, RTT_US, 1_000_000));
        assertEquals(FeedbackTimeout.State.TIMED_OUT, timeout.state());
        assertEquals(1_000_000, timeout.preOutageBps());
        assertEquals(500_000, timeout.process(1_010_000, RTT_US, 1_000_000), "no halving before 400 ms");
        assertEquals(250_000, timeout.process(1_011_000, RTT_US, 1_000_000));
        long capBps = 0;
        for (long nowUs = 1_011_000; nowUs < 10_000_000; nowUs += TICK_US)
        {
            capBps = timeout.process(nowUs, RTT_US, 1_000_000);
        }
        assertEquals(MIN_BPS, capBps, "floored at the minimum");
        assertEquals(1, timeout.timeouts());
    }

    @Test
    void shouldUseThreeRoundTripsOnALongPath()
    {
        final FeedbackTimeout timeout = new FeedbackTimeout(MIN_BPS);
        timeout.onFeedback(0);
        timeout.onPacketSent(0);
        assertEquals(FeedbackTimeout.NO_CAP, timeout.process(2_999_000, 1_000_000, 1_000_000));
        assertEquals(500_000, timeout.process(3_001_000, 1_000_000, 1_000_000));
    }

    @Test
    void shouldLiftTheCapToAProbeResultAfterFeedbackResumes()
    {
        final FeedbackTimeout timeout = new FeedbackTimeout(MIN_BPS);
        timeout.onFeedback(0);
        timeout.onPacketSent(0);
        for (long nowUs = 0; nowUs < 5_000_000; nowUs += TICK_US)
        {
            timeout.process(nowUs, RTT_US, 1_000_000);
        }
        assertEquals(MIN_BPS, timeout.capBps());
        timeout.onPacketSent(5_000_000);
        assertTrue(timeout.onFeedback(5_010_000), "the first feedback ends the timeout");
        assertFalse(timeout.onFeedback(5_020_000), "only the first");
        assertEquals(FeedbackTimeout.State.RECOVERING, timeout.state());
        timeout.onProbeResult(900_000);
        assertEquals(900_000, timeout.process(5_030_000, RTT_US, 1_000_000));
        assertEquals(FeedbackTimeout.NO_CAP, timeout.process(5_140_000, RTT_US, 1_000_000), "doubled past the target");
        assertEquals(FeedbackTimeout.State.NORMAL, timeout.state());
    }

    @Test
    void shouldSlowStartWithoutAProbeResult()
    {
        final FeedbackTimeout timeout = new FeedbackTimeout(MIN_BPS);
        timeout.onFeedback(0);
        timeout.onPacketSent(0);
        for (long nowUs = 0; nowUs < 5_000_000; nowUs += TICK_US)
        {
            timeout.process(nowUs, RTT_US, 1_000_000);
        }
        timeout.onFeedback(5_000_000);
        long nowUs = 5_000_000;
        int doublings = 0;
        while (timeout.state() == FeedbackTimeout.State.RECOVERING)
        {
            nowUs += RTT_US;
            timeout.onFeedback(nowUs);
            timeout.process(nowUs, RTT_US, 1_000_000);
            doublings++;
        }
        // 30 kbit/s doubles past 1 Mbit/s in six RTTs.
        assertEquals(6, doublings);
        assertEquals(FeedbackTimeout.NO_CAP, timeout.capBps());
    }
}
