package io.classwire.core.recovery;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpSession;
import io.classwire.core.wire.RtxPayload;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Receive-path stage that turns RFC 4588 retransmissions of one media stream back into the original packets
 * ({@link RtxPayload#writeOriginal}: sequence number from the OSN, the media stream's SSRC and payload type) and
 * passes them on as packets of the media stream, so FEC, NACK tracking and the jitter buffer after it see the
 * original. Insert after {@code "receive-stats"} (the RTX stream keeps its own statistics) and before the FEC stage.
 * Malformed retransmissions are dropped with their {@link WireStatus}. Padding-only packets on the RTX SSRC (P bit
 * set, no payload: bandwidth probes, as libwebrtc sends them) carry nothing to restore: they are consumed and counted
 * ({@link #paddingPackets()}). Single-threaded; allocation-free.
 */
public final class RtxReceiveStage implements PacketStage
{
    /** The stage's name in the receive chain. */
    public static final String NAME = "rtx";

    private final RtpSession session;
    private final int rtxSsrc;
    private final int mediaSsrc;
    private final int mediaPayloadType;
    private final UnsafeBuffer restored;
    private long packetsRestored;
    private long paddingPackets;

    /**
     * @param session          the session, to find the media stream.
     * @param rtxSsrc          SSRC of the RTX stream.
     * @param mediaSsrc        SSRC of the media stream it repairs.
     * @param mediaPayloadType the media payload type (the RTX payload type's {@code apt}).
     * @param maxPacketLength  longest packet restored.
     */
    public RtxReceiveStage(final RtpSession session, final int rtxSsrc, final int mediaSsrc,
        final int mediaPayloadType, final int maxPacketLength)
    {
        this.session = session;
        this.rtxSsrc = rtxSsrc;
        this.mediaSsrc = mediaSsrc;
        this.mediaPayloadType = mediaPayloadType;
        this.restored = new UnsafeBuffer(new byte[maxPacketLength]);
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        if (packet.ssrc() != rtxSsrc)
        {
            return FORWARD;
        }
        if (packet.rtp().padding() && packet.rtp().payloadLength() == 0)
        {
            paddingPackets++;
            return CONSUMED;
        }
        final int length = RtxPayload.writeOriginal(
            packet.rtp(), mediaPayloadType, mediaSsrc, restored, 0, restored.capacity());
        if (length < 0)
        {
            packet.dropReason(length);
            return DROP;
        }
        final ReceiveStream stream = session.receiveStreamBySsrc(mediaSsrc);
        if (stream == null || packet.rtp().wrap(restored, 0, length).validate() != WireStatus.OK)
        {
            packet.dropReason(stream == null ? RecoveryDropReason.UNKNOWN_MEDIA_STREAM : WireStatus.BAD_LENGTH);
            return DROP;
        }
        packet.bytes(restored, 0, length).ssrc(mediaSsrc).sequenceNumber(packet.rtp().sequenceNumber())
            .receiveStream(stream);
        packetsRestored++;
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /** @return padding-only packets on the RTX SSRC consumed (probes). */
    public long paddingPackets()
    {
        return paddingPackets;
    }

    /** @return retransmissions turned back into media packets. */
    public long packetsRestored()
    {
        return packetsRestored;
    }
}
