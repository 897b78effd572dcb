package io.classwire.core.congestion.session;

import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.recovery.SendStreamRtxOutput;
import io.classwire.core.session.SendStream;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqNum;
import org.agrona.MutableDirectBuffer;

/**
 * Makes the probe and padding packets {@link CongestionSendStage} sends when a probe cluster finds the pacer's
 * queues empty, in libwebrtc's order of preference:
 * <ol>
 *   <li>payload padding: an RFC 4588 retransmission of a recent media packet from the history, on the RTX stream
 *       (useful bytes: a receiver that lost the original can use it);</li>
 *   <li>padding-only: an RTP packet on the padding stream (the RTX stream when there is one, else the media stream)
 *       whose payload is all padding: P bit set, zeros, last byte the padding count (RFC 3550 section 5.1), at most
 *       {@link RtpPacket#MAX_PADDING_LENGTH} bytes of it.</li>
 * </ol>
 * Both go through the padding stream's {@link SendStream}, so they get its SSRC, its next sequence number and its
 * header template (which must carry the transport-wide sequence extension); the stage numbers them as they pass.
 * The padding stream's timestamp is the newest media timestamp released, as libwebrtc does, so a receiver's jitter
 * estimate is not disturbed. Padding bytes count in the padding stream's SR octet count (the stream cannot tell them
 * apart). Single-threaded; allocation-free.
 */
final class PaddingSource
{
    /** How far back in the history payload padding reaches: newest packets first, cycling. */
    private static final int PAYLOAD_DEPTH = 16;

    private final SendStream paddingStream;
    private final int mediaSsrc;
    private final RtpPacketHistory history;
    private final SendStreamRtxOutput rtxOutput;
    private final RtpPacket original = new RtpPacket();
    private boolean mediaSeen;
    private int newestMediaSeq;
    private int newestMediaTimestamp;
    private int cursor;
    private boolean paddingOnly;
    private long payloadPackets;
    private long paddingOnlyPackets;

    /**
     * @param paddingStream the stream padding goes out on (RTX or media).
     * @param mediaSsrc     the media SSRC whose timestamps padding follows and whose packets the history holds.
     * @param history       media packets for payload padding, or null for padding-only packets.
     */
    PaddingSource(final SendStream paddingStream, final int mediaSsrc, final RtpPacketHistory history)
    {
        this.paddingStream = paddingStream;
        this.mediaSsrc = mediaSsrc;
        this.history = history;
        this.rtxOutput = history == null ? null : new SendStreamRtxOutput(paddingStream);
    }

    int paddingSsrc()
    {
        return paddingStream.ssrc();
    }

    boolean isRtx()
    {
        return rtxOutput != null || paddingStream.ssrc() != mediaSsrc;
    }

    /** Remember the newest media packet released by the pacer (sequence number and timestamp). */
    void onReleased(final int ssrc, final int sequenceNumber, final int timestamp)
    {
        if (ssrc == mediaSsrc)
        {
            mediaSeen = true;
            newestMediaSeq = sequenceNumber;
            newestMediaTimestamp = timestamp;
        }
    }

    /** True while a padding-only packet is inside the send chain: the stage sets its P bit. */
    boolean isSendingPaddingOnly()
    {
        return paddingOnly;
    }

    /**
     * Send one padding packet.
     *
     * @param maxBytes the size the pacer wants (payload padding may be larger: a whole media packet).
     * @param nowNs    current time.
     * @return bytes sent, 0 when nothing could be sent.
     */
    int send(final int maxBytes, final long nowNs)
    {
        final int payload = sendPayloadPadding(nowNs);
        return payload > 0 ? payload : sendPaddingOnly(maxBytes, nowNs);
    }

    private int sendPayloadPadding(final long nowNs)
    {
        if (rtxOutput == null || !mediaSeen)
        {
            return 0;
        }
        final int depth = Math.min(history.size(), PAYLOAD_DEPTH);
        if (depth == 0)
        {
            return 0;
        }
        final int back = cursor++ % depth;
        final int handle = history.find(SeqNum.add(newestMediaSeq, -back), nowNs);
        if (handle == RtpPacketHistory.NOT_FOUND)
        {
            cursor = 0;
            return 0;
        }
        // The history's resend bookkeeping is left alone: a NACK for the same packet must still be answered.
        final int sent = rtxOutput.sendRtx(history.wrap(handle, original), nowNs);
        if (sent > 0)
        {
            payloadPackets++;
            return sent;
        }
        return 0;
    }

    private int sendPaddingOnly(final int maxBytes, final long nowNs)
    {
        final int headerLength = paddingStream.headerBuilder().headerLength();
        final int length = Math.min(
            Math.min(RtpPacket.MAX_PADDING_LENGTH, paddingStream.maxPayloadLength()), maxBytes - headerLength);
        if (length < 1)
        {
            return 0;
        }
        final MutableDirectBuffer buffer = paddingStream.payloadBuffer();
        final int offset = paddingStream.payloadOffset();
        buffer.setMemory(offset, length - 1, (byte)0);
        buffer.putByte(offset + length - 1, (byte)length);
        paddingOnly = true;
        try
        {
            if (paddingStream.sendInPlace(nowNs, newestMediaTimestamp, false, length) != SendStream.OK)
            {
                return 0;
            }
        }
        finally
        {
            paddingOnly = false;
        }
        paddingOnlyPackets++;
        return headerLength + length;
    }

    long payloadPackets()
    {
        return payloadPackets;
    }

    long paddingOnlyPackets()
    {
        return paddingOnlyPackets;
    }
}
