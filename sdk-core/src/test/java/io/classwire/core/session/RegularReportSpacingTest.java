package io.classwire.core.session;

import io.classwire.core.wire.PictureLossIndication;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 4585 T_rr_interval: regular reports at most every spacing unless feedback waits; the schedule goes on. */
class RegularReportSpacingTest
{
    private static final long MS = 1_000_000L;

    private static RtpSession session(final CapturingTransport transport, final long spacingNs)
    {
        // a 10 ms minimum interval in effect (enough RTCP bandwidth for it), as the interop receiver uses
        return new RtpSession(new SessionContext().randomSeed(9).rtcpMinIntervalNs(10 * MS)
            .sessionBandwidthBps(20_000_000L).regularReportSpacingNs(spacingNs), transport, 1);
    }

    private static long runUntil(final RtpSession session, final long endNs)
    {
        long nowNs = 0;
        while (nowNs < endNs)
        {
            session.doWork(nowNs);
            nowNs = Math.max(nowNs + 1, session.nextDeadlineNs());
        }
        return nowNs;
    }

    @Test
    void shouldSendRegularReportsAtMostEverySpacingOnAQuietSession()
    {
        final CapturingTransport every10ms = new CapturingTransport();
        final RtpSession unspaced = session(every10ms, 0);
        runUntil(unspaced, 5_000 * MS);
        final CapturingTransport spaced = new CapturingTransport();
        final RtpSession session = session(spaced, 500 * MS);
        runUntil(session, 5_000 * MS);

        assertTrue(every10ms.sent.size() > 300, "without spacing: " + every10ms.sent.size());
        assertTrue(spaced.sent.size() >= 9 && spaced.sent.size() <= 11, "every 500 ms over 5 s: " + spaced.sent.size());
        assertEquals(spaced.sent.size(), session.counters().regularReportsSent());
        assertTrue(session.counters().regularReportsSuppressed() > 300, session.counters().toString());
    }

    @Test
    void shouldSendAtTheNextIntervalWhenFeedbackWaits()
    {
        final CapturingTransport transport = new CapturingTransport();
        final RtpSession session = session(transport, 500 * MS);
        final long startNs = runUntil(session, 1_000 * MS);
        final UnsafeBuffer pli = new UnsafeBuffer(new byte[PictureLossIndication.LENGTH]);
        PictureLossIndication.build(pli, 0, pli.capacity(), session.reporterSsrc(), 0x0BAD_CAFE);
        final int before = transport.sent.size();
        // the first request goes out early; the second waits for the next regular report, spacing or not
        assertEquals(RtpSession.FEEDBACK_SENT, session.sendFeedback(startNs, pli, 0, pli.capacity()));
        assertEquals(RtpSession.FEEDBACK_DEFERRED, session.sendFeedback(startNs + MS, pli, 0, pli.capacity()));
        final long deferredDueNs = session.nextDeadlineNs();
        session.doWork(deferredDueNs);

        assertEquals(before + 2, transport.sent.size(), "early, then the regular report with the deferred PLI");
        assertTrue(deferredDueNs - startNs < 30 * MS, "at the next 10 ms interval: " + (deferredDueNs - startNs));
    }
}
