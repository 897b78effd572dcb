package io.classwire.core.session;

import io.classwire.core.wire.Bye;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.ReportBlock;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.Sdes;
import io.classwire.core.wire.SenderReport;
import org.agrona.collections.ArrayUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Builds and sends the session's RTCP into one reused buffer (RFC 3550 section 6.1 compound rules):
 * <ul>
 *   <li>regular: an SR for each send stream that sent RTP since the previous report (or one RR when none did), the
 *   first carrying a report block per remote stream heard from since then; an SDES with our CNAME for every local
 *   SSRC; the packets of any {@link ReportExtension}; then any feedback waiting in the {@link FeedbackQueue};</li>
 *   <li>early (RFC 4585 section 3.5): an RR without report blocks and the SDES, then the feedback; or the feedback
 *   alone when reduced-size RTCP is on (RFC 5506). Report blocks are left to regular reports so that their
 *   fraction-lost intervals stay whole;</li>
 *   <li>goodbye: a regular compound ending with a BYE for every local SSRC.</li>
 * </ul>
 * Allocation-free; single-threaded.
 */
final class RtcpSender
{
    private static final int SDES_ITEM_HEADER_BYTES = 2;

    private final SendStreams sendStreams;
    private final ReceiveStreams receiveStreams;
    private final FeedbackQueue feedback;
    private final SendPath sendPath;
    private final SessionCounters counters;
    private final long epochOffsetNs;
    private final boolean reducedSize;
    private final int receiverSsrc;
    private final UnsafeBuffer buffer;
    private final UnsafeBuffer cname;
    private final int[] localSsrcs = new int[SessionContext.MAX_STREAMS];
    private ReportExtension[] extensions = new ReportExtension[0];

    RtcpSender(
        final SessionContext context,
        final SendStreams sendStreams,
        final ReceiveStreams receiveStreams,
        final FeedbackQueue feedback,
        final SendPath sendPath,
        final SessionCounters counters,
        final int receiverSsrc)
    {
        this.sendStreams = sendStreams;
        this.receiveStreams = receiveStreams;
        this.feedback = feedback;
        this.sendPath = sendPath;
        this.counters = counters;
        this.epochOffsetNs = context.epochOffsetNs();
        this.reducedSize = context.reducedSizeRtcp();
        this.receiverSsrc = receiverSsrc;
        this.buffer = new UnsafeBuffer(new byte[context.mtuBytes()]);
        this.cname = new UnsafeBuffer(context.cname().getBytes(StandardCharsets.US_ASCII));
    }

    void addExtension(final ReportExtension extension)
    {
        extensions = ArrayUtil.add(extensions, extension);
    }

    void removeExtension(final ReportExtension extension)
    {
        extensions = ArrayUtil.remove(extensions, extension);
    }

    private int writeExtensions(final int offset, final long nowNs)
    {
        int length = 0;
        for (final ReportExtension extension : extensions)
        {
            final int written =
                extension.writeReportExtension(buffer, offset + length, buffer.capacity() - offset - length, nowNs);
            if (written < 0 || (written & 3) != 0 || written > buffer.capacity() - offset - length)
            {
                counters.reportExtensionFailures++;
                continue;
            }
            length += written;
        }
        return length;
    }

    /** @return the SSRC our receiver reports are sent from: the first send stream's, else a receive-only one. */
    int reporterSsrc()
    {
        return sendStreams.count() > 0 ? sendStreams.get(0).ssrc() : receiverSsrc;
    }

    /**
     * Send a regular compound report.
     *
     * @return its length in bytes (also when the transport refused it, which is counted), for the interval average.
     */
    int sendRegular(final long nowNs)
    {
        int length = writeReports(0, nowNs, true);
        length += writeSdes(length);
        length += writeExtensions(length, nowNs);
        length += feedback.writeTo(buffer, length, buffer.capacity() - length, nowNs, counters);
        if (send(length, nowNs) >= 0)
        {
            counters.regularReportsSent++;
        }
        return length;
    }

    /**
     * Send waiting feedback now as an early packet.
     *
     * @return bytes sent; 0 when the feedback turned out empty (nothing sent); negative {@link SendStream} code when
     *         the transport refused it.
     */
    int sendEarly(final long nowNs)
    {
        int length = 0;
        if (!reducedSize)
        {
            length = ReceiverReport.build(buffer, 0, buffer.capacity(), reporterSsrc(), 0);
            length += writeSdes(length);
        }
        final int feedbackLength = feedback.writeTo(buffer, length, buffer.capacity() - length, nowNs, counters);
        if (feedbackLength == 0)
        {
            return 0;
        }
        length += feedbackLength;
        final int result = send(length, nowNs);
        if (result < 0)
        {
            return result;
        }
        counters.earlyFeedbackSent++;
        return length;
    }

    /**
     * Send the last report with a BYE for every local SSRC.
     *
     * @return its length, or a negative {@link SendStream} code.
     */
    int sendBye(final long nowNs)
    {
        int length = writeReports(0, nowNs, true);
        length += writeSdes(length);
        final int sources = localSsrcs();
        final int byeLength = Bye.build(buffer, length, buffer.capacity() - length, localSsrcs, sources, null, 0, 0);
        if (byeLength > 0)
        {
            length += byeLength;
        }
        final int result = send(length, nowNs);
        if (result < 0)
        {
            return result;
        }
        counters.byesSent++;
        return length;
    }

    private int send(final int length, final long nowNs)
    {
        final int result = sendPath.sendRtcp(buffer, 0, length, nowNs);
        if (result == SendStream.OK)
        {
            counters.rtcpBytesSent += length;
            return length;
        }
        counters.rtcpSendFailures++;
        return result;
    }

    private int writeReports(final int offset, final long nowNs, final boolean withBlocks)
    {
        // Blocks that do not fit beside the SDES wait for the next report; their loss interval simply runs longer.
        final int room = buffer.capacity() - offset - SenderReport.REPORT_BLOCKS_OFFSET - sdesLength(localSsrcs());
        final int blocks = withBlocks ? Math.min(reportableStreams(), Math.max(0, room / ReportBlock.LENGTH)) : 0;
        final long ntp = NtpTime.fromUnixNs(nowNs + epochOffsetNs);
        int position = offset;
        boolean blocksWritten = false;
        for (int i = 0, n = sendStreams.count(); i < n; i++)
        {
            final SendStream stream = sendStreams.get(i);
            if (!stream.sentSinceReport())
            {
                continue;
            }
            final int count = blocksWritten ? 0 : blocks;
            final int written = SenderReport.build(buffer, position, buffer.capacity() - position, stream.ssrc(), ntp,
                stream.rtpTimestampAt(nowNs), stream.packetsSent(), stream.payloadBytesSent(), count);
            if (written < 0)
            {
                break;
            }
            stream.onReportSent();
            if (!blocksWritten)
            {
                writeBlocks(SenderReport.blockOffset(position, 0), count, nowNs);
                blocksWritten = true;
            }
            position += written;
        }
        if (position == offset)
        {
            position += ReceiverReport.build(buffer, position, buffer.capacity() - position, reporterSsrc(), blocks);
            writeBlocks(ReceiverReport.blockOffset(offset, 0), blocks, nowNs);
        }
        return position - offset;
    }

    private int reportableStreams()
    {
        int reportable = 0;
        for (int i = 0, n = receiveStreams.count(); i < n && reportable < SenderReport.MAX_REPORT_BLOCKS; i++)
        {
            if (receiveStreams.get(i).isReportable())
            {
                reportable++;
            }
        }
        return reportable;
    }

    private void writeBlocks(final int firstBlockOffset, final int blocks, final long nowNs)
    {
        int written = 0;
        for (int i = 0, n = receiveStreams.count(); i < n && written < blocks; i++)
        {
            final ReceiveStream stream = receiveStreams.get(i);
            if (!stream.isReportable())
            {
                continue;
            }
            final ReceiveStatistics statistics = stream.statistics();
            final int fractionLost = stream.takeFractionLost();
            long lastSr = 0;
            long delaySinceLastSr = 0;
            if (stream.senderReportsReceived() > 0)
            {
                lastSr = NtpTime.compact(stream.lastSrNtp()) & 0xFFFF_FFFFL;
                delaySinceLastSr = NtpTime.compactDuration(nowNs - stream.lastSrArrivalNs()) & 0xFFFF_FFFFL;
            }
            ReportBlock.write(buffer, firstBlockOffset + written * ReportBlock.LENGTH, stream.ssrc(), fractionLost,
                statistics.cumulativeLost(), statistics.extendedHighestSeq(), statistics.jitterTicks(),
                lastSr, delaySinceLastSr);
            written++;
        }
    }

    /** One SDES packet, one chunk with our CNAME per local SSRC (they are all one participant). */
    private int writeSdes(final int offset)
    {
        final int sources = localSsrcs();
        final int cnameLength = cname.capacity();
        final int chunkLength = sdesChunkLength();
        final int packetLength = RtcpHeader.HEADER_LENGTH + sources * chunkLength;
        if (packetLength > buffer.capacity() - offset)
        {
            return 0;
        }
        RtcpHeader.writeHeader(buffer, offset, false, sources, RtcpHeader.PT_SDES, packetLength);
        int chunk = offset + RtcpHeader.HEADER_LENGTH;
        for (int i = 0; i < sources; i++)
        {
            buffer.putInt(chunk, localSsrcs[i], ByteOrder.BIG_ENDIAN);
            buffer.putByte(chunk + 4, (byte)Sdes.CNAME);
            buffer.putByte(chunk + 5, (byte)cnameLength);
            buffer.putBytes(chunk + 6, cname, 0, cnameLength);
            final int textEnd = 6 + cnameLength;
            buffer.setMemory(chunk + textEnd, chunkLength - textEnd, (byte)0);
            chunk += chunkLength;
        }
        return packetLength;
    }

    private int sdesLength(final int sources)
    {
        return RtcpHeader.HEADER_LENGTH + sources * sdesChunkLength();
    }

    /** SSRC, CNAME item, then the null item type padded to a 32-bit boundary (RFC 3550 section 6.5). */
    private int sdesChunkLength()
    {
        return (4 + SDES_ITEM_HEADER_BYTES + cname.capacity() + 1 + 3) & ~3;
    }

    private int localSsrcs()
    {
        final int count = sendStreams.count();
        if (count == 0)
        {
            localSsrcs[0] = receiverSsrc;
            return 1;
        }
        for (int i = 0; i < count; i++)
        {
            localSsrcs[i] = sendStreams.get(i).ssrc();
        }
        return count;
    }
}
