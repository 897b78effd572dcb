package io.classwire.core.session;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpSchedulerTest
{
    @Test
    void shouldRandomiseRegularIntervalAroundMinimumWithCompensation()
    {
        final long minNs = 1_000_000_000L;
        final RtcpScheduler scheduler = new RtcpScheduler(1_000_000, minNs, new SplittableRandom(7));
        long now = 0;
        scheduler.start(now);
        double sum = 0;
        final int reports = 2_000;
        for (int i = 0; i < reports; i++)
        {
            now = scheduler.nextDeadlineNs();
            assertTrue(scheduler.isRegularDue(now));
            assertFalse(scheduler.isRegularDue(now - 1));
            scheduler.onRegularSent(now, 100);
            final long interval = scheduler.nextDeadlineNs() - now;
            assertTrue(interval >= (long)(0.5 * minNs / RtcpScheduler.COMPENSATION) - 1, "interval " + interval);
            assertTrue(interval <= (long)(1.5 * minNs / RtcpScheduler.COMPENSATION) + 1, "interval " + interval);
            sum += interval;
        }
        assertEquals(minNs / RtcpScheduler.COMPENSATION, sum / reports, minNs * 0.03);
    }

    @Test
    void shouldScaleIntervalWithMembersOnceBandwidthLimited()
    {
        // 64 kbps session: RTCP gets 400 B/s; 50 receivers of 128 B each need 16 s per round.
        final RtcpScheduler scheduler = new RtcpScheduler(64_000, 1_000_000_000L, new SplittableRandom(3));
        scheduler.members(51, 1, false);
        scheduler.start(0);
        scheduler.onRegularSent(scheduler.nextDeadlineNs(), 100);
        double sum = 0;
        for (int i = 0; i < 500; i++)
        {
            final long now = scheduler.nextDeadlineNs();
            scheduler.onRegularSent(now, 100);
            sum += scheduler.nextDeadlineNs() - now;
        }
        final double expectedSeconds = 128.0 * 50 / (400 * 0.75) / RtcpScheduler.COMPENSATION;
        assertEquals(expectedSeconds, sum / 500 / 1e9, expectedSeconds * 0.05);
    }

    @Test
    void shouldAllowOneEarlyPacketBetweenRegularReports()
    {
        final RtcpScheduler scheduler = new RtcpScheduler(1_000_000, 1_000_000_000L, new SplittableRandom(1));
        scheduler.start(0);
        final long firstDeadline = scheduler.nextDeadlineNs();
        assertTrue(scheduler.requestEarly(10));
        scheduler.onEarlySent(10, 40);
        assertFalse(scheduler.requestEarly(20), "second early packet must wait");
        assertEquals(2 * firstDeadline, scheduler.nextDeadlineNs(), "regular report pushed back one interval");
        scheduler.onRegularSent(scheduler.nextDeadlineNs(), 80);
        assertTrue(scheduler.requestEarly(scheduler.nextDeadlineNs() - 1), "regular report re-arms early feedback");
    }
}
