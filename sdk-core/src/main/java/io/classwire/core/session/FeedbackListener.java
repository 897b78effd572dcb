package io.classwire.core.session;

import org.agrona.DirectBuffer;

/**
 * Receiver of RTCP feedback messages (RFC 4585 transport-layer RTPFB and payload-specific PSFB: NACK, PLI, FIR,
 * transport-wide congestion control feedback, ...), called on the session's agent thread. The session checks only
 * the 12-byte common feedback header; the listener wraps the matching wire flyweight (e.g.
 * {@link io.classwire.core.wire.NackPacket}) and validates it. The bytes are only valid during the call.
 */
@FunctionalInterface
public interface FeedbackListener
{
    /**
     * One feedback packet from inside a received compound (or reduced-size) RTCP packet.
     *
     * @param packetType {@link io.classwire.core.wire.RtcpHeader#PT_RTPFB} or
     *                   {@link io.classwire.core.wire.RtcpHeader#PT_PSFB}.
     * @param format     the FMT field, e.g. {@link io.classwire.core.wire.RtcpHeader#FMT_NACK}.
     * @param buffer     holding the packet.
     * @param offset     of its first byte (the RTCP header).
     * @param length     in bytes, at least {@link io.classwire.core.wire.RtcpHeader#FEEDBACK_HEADER_LENGTH}.
     * @param arrivalNs  arrival time on the transport's clock.
     */
    void onFeedback(int packetType, int format, DirectBuffer buffer, int offset, int length, long arrivalNs);
}
