package io.classwire.media.audio.session;

import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.wire.RtpPacket;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Send-path stage that keeps each media packet for retransmission as plain Opus: a RED packet is stored as its
 * primary alone with the Opus payload type. RFC 4588 ties one RTX payload type to one original payload type
 * ({@code apt}), so a retransmitted RED packet would be restored with the Opus payload type around a RED payload;
 * the primary is also all a late retransmission can still be useful for. Single-threaded; allocation-free.
 */
final class PlainHistoryStage implements PacketStage
{
    static final String NAME = "rtx-history";

    private final RtpPacketHistory history;
    private final int ssrc;
    private final int redPayloadType;
    private final int mediaPayloadType;
    private final UnsafeBuffer plain;
    private int primaryLength;

    PlainHistoryStage(
        final RtpPacketHistory history, final int ssrc, final int mediaPayloadType, final int redPayloadType,
        final int maxPacketLength)
    {
        this.history = history;
        this.ssrc = ssrc;
        this.mediaPayloadType = mediaPayloadType;
        this.redPayloadType = redPayloadType;
        this.plain = new UnsafeBuffer(new byte[maxPacketLength]);
    }

    /** The primary (Opus) payload length of the packet about to be sent: the tail of a RED payload. */
    void primaryLength(final int length)
    {
        this.primaryLength = length;
    }

    @Override
    public int process(final PacketContext packet)
    {
        if (packet.ssrc() != ssrc)
        {
            return FORWARD;
        }
        final RtpPacket rtp = packet.rtp();
        if (rtp.wrap(packet.buffer(), packet.offset(), packet.length()).payloadType() != redPayloadType)
        {
            history.store(packet.buffer(), packet.offset(), packet.length(), packet.timeNs());
            return FORWARD;
        }
        // Our own packets: no padding, header then RED payload whose last block is the primary.
        final int headerLength = rtp.payloadOffset() - packet.offset();
        final int payloadEnd = rtp.payloadOffset() + rtp.payloadLength();
        if (primaryLength <= 0 || primaryLength > rtp.payloadLength() || headerLength + primaryLength > plain.capacity())
        {
            return FORWARD;
        }
        plain.putBytes(0, packet.buffer(), packet.offset(), headerLength);
        final int markerBit = plain.getByte(RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET) & RtpPacket.MARKER_BIT;
        plain.putByte(RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET, (byte)(markerBit | mediaPayloadType));
        plain.putBytes(headerLength, packet.buffer(), payloadEnd - primaryLength, primaryLength);
        history.store(plain, 0, headerLength + primaryLength, packet.timeNs());
        return FORWARD;
    }

    @Override
    public String name()
    {
        return NAME;
    }
}
