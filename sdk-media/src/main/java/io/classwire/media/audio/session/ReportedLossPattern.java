package io.classwire.media.audio.session;

import io.classwire.core.session.AppPacketListener;
import io.classwire.core.wire.LossPatternReport;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

/**
 * The sender's view of the receiver's loss-pattern reports ({@link LossPatternReport}) about one media stream: the
 * mean loss burst that receiver reports' fraction lost cannot show. Other APP packets are ignored; malformed
 * loss-pattern reports are counted. Single-threaded (the session's agent).
 */
final class ReportedLossPattern implements AppPacketListener
{
    private final LossPatternReport report = new LossPatternReport();
    private final int mediaSsrc;
    private double meanBurstPackets;
    private long reports;
    private long invalid;

    ReportedLossPattern(final int mediaSsrc)
    {
        this.mediaSsrc = mediaSsrc;
    }

    @Override
    public void onApp(
        final int subtype, final int name, final DirectBuffer buffer, final int offset, final int length,
        final long arrivalNs)
    {
        if (name != LossPatternReport.NAME)
        {
            return;
        }
        if (report.wrapAndValidate(buffer, offset, length) != WireStatus.OK)
        {
            invalid++;
            return;
        }
        if (report.mediaSsrc() == mediaSsrc)
        {
            reports++;
            meanBurstPackets = report.meanBurstPackets();
        }
    }

    /** @return the mean loss burst last reported, packets; 0 before any report. */
    double meanBurstPackets()
    {
        return meanBurstPackets;
    }

    /** @return reports received about the stream. */
    long reports()
    {
        return reports;
    }

    /** @return malformed loss-pattern reports. */
    long invalid()
    {
        return invalid;
    }
}
