package io.classwire.core.session;

import io.classwire.core.wire.AppPacket;
import io.classwire.core.wire.Bye;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.ReportBlock;
import io.classwire.core.wire.RtcpCompoundReader;
import io.classwire.core.wire.RtcpCompoundValidator;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.Sdes;
import io.classwire.core.wire.SenderReport;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.ArrayUtil;


/**
 * Reads a received compound RTCP packet (reduced-size tolerated, RFC 5506) into the session's state: sender reports
 * become the LSR and DLSR of our next reports; report blocks about our SSRCs give the peer's view of loss and jitter
 * and a round-trip time (RFC 3550 section 6.4.1); SDES gives CNAMEs; BYE ends streams; transport-layer and
 * payload-specific feedback goes to the registered {@link FeedbackListener}s, APP packets to the
 * {@link AppPacketListener}s. Each packet inside the compound is
 * validated by its flyweight; an invalid one is counted and skipped, the rest still apply. Allocation-free;
 * single-threaded.
 */
final class RtcpReceiver
{
    private static final FeedbackListener[] NO_LISTENERS = new FeedbackListener[0];
    private static final AppPacketListener[] NO_APP_LISTENERS = new AppPacketListener[0];

    private final long epochOffsetNs;
    private final ReceiveStreams receiveStreams;
    private final SendStreams sendStreams;
    private final SessionCounters counters;
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final SenderReport senderReport = new SenderReport();
    private final ReceiverReport receiverReport = new ReceiverReport();
    private final Sdes sdes = new Sdes();
    private final Bye bye = new Bye();
    private final AppPacket app = new AppPacket();
    private FeedbackListener[] listeners = NO_LISTENERS;
    private AppPacketListener[] appListeners = NO_APP_LISTENERS;
    private RtpHandler rtpHandler;

    RtcpReceiver(
        final long epochOffsetNs,
        final ReceiveStreams receiveStreams,
        final SendStreams sendStreams,
        final SessionCounters counters,
        final RtpHandler rtpHandler)
    {
        this.epochOffsetNs = epochOffsetNs;
        this.receiveStreams = receiveStreams;
        this.sendStreams = sendStreams;
        this.counters = counters;
        this.rtpHandler = rtpHandler;
    }

    void rtpHandler(final RtpHandler rtpHandler)
    {
        this.rtpHandler = rtpHandler;
    }

    void addListener(final FeedbackListener listener)
    {
        listeners = ArrayUtil.add(listeners, listener);
    }

    void addAppListener(final AppPacketListener listener)
    {
        appListeners = ArrayUtil.add(appListeners, listener);
    }

    void removeAppListener(final AppPacketListener listener)
    {
        appListeners = ArrayUtil.remove(appListeners, listener);
    }

    void removeListener(final FeedbackListener listener)
    {
        listeners = ArrayUtil.remove(listeners, listener);
    }

    /**
     * Apply one received RTCP datagram.
     *
     * @return {@link WireStatus#OK}, or the compound-level failure (the datagram was then ignored entirely).
     */
    int onRtcp(final DirectBuffer buffer, final int offset, final int length, final long arrivalNs)
    {
        final int status = RtcpCompoundValidator.validateReducedSize(buffer, offset, length);
        if (status != WireStatus.OK)
        {
            return status;
        }
        counters.rtcpCompoundsReceived++;
        final int arrivalCompact = NtpTime.compact(NtpTime.fromUnixNs(arrivalNs + epochOffsetNs));
        reader.wrap(buffer, offset, length);
        while (reader.next())
        {
            final int packetOffset = reader.offset();
            final int packetLength = reader.length();
            switch (reader.packetType())
            {
                case RtcpHeader.PT_SR:
                    onSenderReport(buffer, packetOffset, packetLength, arrivalNs, arrivalCompact);
                    break;
                case RtcpHeader.PT_RR:
                    onReceiverReport(buffer, packetOffset, packetLength, arrivalNs, arrivalCompact);
                    break;
                case RtcpHeader.PT_SDES:
                    onSdes(buffer, packetOffset, packetLength);
                    break;
                case RtcpHeader.PT_BYE:
                    onBye(buffer, packetOffset, packetLength, arrivalNs);
                    break;
                case RtcpHeader.PT_RTPFB:
                case RtcpHeader.PT_PSFB:
                    onFeedback(buffer, packetOffset, packetLength, arrivalNs);
                    break;
                case RtcpHeader.PT_APP:
                    onApp(buffer, packetOffset, packetLength, arrivalNs);
                    break;
                default:
                    counters.otherRtcpReceived++;
                    break;
            }
        }
        return WireStatus.OK;
    }

    private void onSenderReport(
        final DirectBuffer buffer, final int offset, final int length, final long arrivalNs, final int arrivalCompact)
    {
        if (senderReport.wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            counters.rtcpPacketsInvalid++;
            return;
        }
        counters.senderReportsReceived++;
        final ReceiveStream stream = receiveStreams.find(senderReport.senderSsrc());
        if (stream != null)
        {
            stream.onSenderReport(senderReport.ntpTimestamp(), senderReport.rtpTimestamp(),
                senderReport.packetCount(), senderReport.octetCount(), arrivalNs);
        }
        for (int i = 0, n = senderReport.reportCount(); i < n; i++)
        {
            onReportBlock(buffer, senderReport.reportBlockOffset(i), arrivalNs, arrivalCompact);
        }
    }

    private void onReceiverReport(
        final DirectBuffer buffer, final int offset, final int length, final long arrivalNs, final int arrivalCompact)
    {
        if (receiverReport.wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            counters.rtcpPacketsInvalid++;
            return;
        }
        counters.receiverReportsReceived++;
        for (int i = 0, n = receiverReport.reportCount(); i < n; i++)
        {
            onReportBlock(buffer, receiverReport.reportBlockOffset(i), arrivalNs, arrivalCompact);
        }
    }

    private void onReportBlock(
        final DirectBuffer buffer, final int blockOffset, final long arrivalNs, final int arrivalCompact)
    {
        final SendStream stream = sendStreams.find(ReportBlock.ssrc(buffer, blockOffset));
        if (stream == null)
        {
            counters.foreignReportBlocks++;
            return;
        }
        final long rttNs = NtpTime.rttNs(arrivalCompact,
            (int)ReportBlock.lastSr(buffer, blockOffset), (int)ReportBlock.delaySinceLastSr(buffer, blockOffset));
        stream.onReportBlock(
            ReportBlock.fractionLost(buffer, blockOffset),
            ReportBlock.cumulativeLost(buffer, blockOffset),
            ReportBlock.extendedHighestSeq(buffer, blockOffset),
            ReportBlock.jitter(buffer, blockOffset),
            rttNs,
            arrivalNs);
    }

    private void onSdes(final DirectBuffer buffer, final int offset, final int length)
    {
        if (sdes.wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            counters.rtcpPacketsInvalid++;
            return;
        }
        counters.sdesReceived++;
        while (sdes.nextChunk())
        {
            final ReceiveStream stream = receiveStreams.find(sdes.chunkSsrc());
            while (stream != null && sdes.nextItem())
            {
                if (sdes.itemType() == Sdes.CNAME)
                {
                    stream.onCname(buffer, sdes.itemTextOffset(), sdes.itemLength());
                    break;
                }
            }
        }
    }

    private void onBye(final DirectBuffer buffer, final int offset, final int length, final long arrivalNs)
    {
        if (bye.wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            counters.rtcpPacketsInvalid++;
            return;
        }
        counters.byesReceived++;
        for (int i = 0, n = bye.sourceCount(); i < n; i++)
        {
            final ReceiveStream stream = receiveStreams.find(bye.source(i));
            if (stream != null && !stream.isEnded())
            {
                stream.onBye(arrivalNs);
                rtpHandler.onStreamEnded(stream);
            }
        }
    }

    private void onApp(final DirectBuffer buffer, final int offset, final int length, final long arrivalNs)
    {
        if (app.wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            counters.rtcpPacketsInvalid++;
            return;
        }
        counters.appReceived++;
        final AppPacketListener[] appListeners = this.appListeners;
        for (final AppPacketListener listener : appListeners)
        {
            listener.onApp(app.subtype(), app.name(), buffer, offset, length, arrivalNs);
        }
    }

    private void onFeedback(final DirectBuffer buffer, final int offset, final int length, final long arrivalNs)
    {
        if (length < RtcpHeader.FEEDBACK_HEADER_LENGTH)
        {
            counters.rtcpPacketsInvalid++;
            return;
        }
        counters.feedbackReceived++;
        final int packetType = RtcpHeader.packetType(buffer, offset);
        final int format = RtcpHeader.countOrFormat(buffer, offset);
        final FeedbackListener[] listeners = this.listeners;
        for (final FeedbackListener listener : listeners)
        {
            listener.onFeedback(packetType, format, buffer, offset, length, arrivalNs);
        }
    }
}
