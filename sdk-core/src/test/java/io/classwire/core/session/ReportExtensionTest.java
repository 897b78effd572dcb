package io.classwire.core.session;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.wire.AppPacket;
import io.classwire.core.wire.LossPatternReport;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.classwire.core.session.SessionLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Report extensions ride in every regular report; the peer's APP listeners receive them; bad ones are counted. */
class ReportExtensionTest
{
    @Test
    void shouldCarryAnExtensionInEveryRegularReportToThePeersAppListener()
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(20).build();
        final SessionLab lab = new SessionLab(5, path, path, 20 * SECOND_NS);
        final List<Double> bursts = new ArrayList<>();
        final LossPatternReport report = new LossPatternReport();
        lab.alice.addAppListener((subtype, name, buffer, offset, length, arrivalNs) ->
        {
            assertEquals(LossPatternReport.NAME, name);
            assertEquals(WireStatus.OK, report.wrapAndValidate(buffer, offset, length));
            assertEquals(0x0BAD_CAFE, report.mediaSsrc());
            assertEquals(lab.bob.reporterSsrc(), report.reporterSsrc());
            bursts.add(report.meanBurstPackets());
        });
        lab.bob.addReportExtension((buffer, offset, capacity, nowNs) ->
            LossPatternReport.build(buffer, offset, capacity, lab.bob.reporterSsrc(), 0x0BAD_CAFE, 2.25));
        lab.runUntil(10 * SECOND_NS);

        final long reports = lab.bob.counters().regularReportsSent();
        assertTrue(reports >= 5, "reports sent: " + reports);
        assertEquals(lab.alice.counters().appReceived(), bursts.size());
        assertTrue(bursts.size() >= reports - 1, bursts.size() + " of " + reports + " (one may be in flight)");
        assertTrue(bursts.stream().allMatch(burst -> burst == 2.25), bursts.toString());
        assertEquals(0, lab.alice.counters().rtcpPacketsInvalid());
    }

    @Test
    void shouldSkipAndCountAnExtensionThatFailsOrOverruns()
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(20).build();
        final SessionLab lab = new SessionLab(6, path, path, 20 * SECOND_NS);
        final int[] appsSeen = new int[1];
        lab.alice.addAppListener((subtype, name, buffer, offset, length, arrivalNs) -> appsSeen[0]++);
        final UnsafeBuffer noData = new UnsafeBuffer(new byte[0]);
        lab.bob.addReportExtension((buffer, offset, capacity, nowNs) -> -1);
        lab.bob.addReportExtension((buffer, offset, capacity, nowNs) -> 6);
        lab.bob.addReportExtension((buffer, offset, capacity, nowNs) -> capacity + 4);
        lab.bob.addReportExtension((buffer, offset, capacity, nowNs) ->
            AppPacket.build(buffer, offset, capacity, 0, 7, AppPacket.name('T', 'E', 'S', 'T'), noData, 0, 0));
        lab.runUntil(10 * SECOND_NS);

        final long reports = lab.bob.counters().regularReportsSent();
        assertEquals(3 * reports, lab.bob.counters().reportExtensionFailures());
        assertTrue(appsSeen[0] >= reports - 1, "the good extension still went out: " + appsSeen[0]);
        assertEquals(0, lab.alice.counters().rtcpPacketsInvalid(), "the compounds stayed valid");
    }
}
