package io.classwire.core.session;

import io.classwire.core.wire.RtpPacket;

/**
 * Application callback for RTP packets that passed the receive path, called on the session's agent thread. Must not
 * block or keep the packet view: the bytes are only valid during the call.
 */
@FunctionalInterface
public interface RtpHandler
{
    /**
     * One received RTP packet.
     *
     * @param stream    the remote stream it belongs to, with its statistics.
     * @param packet    validated view of the packet; only valid during the call.
     * @param arrivalNs arrival time on the transport's clock.
     */
    void onRtpPacket(ReceiveStream stream, RtpPacket packet, long arrivalNs);

    /**
     * A remote SSRC was seen for the first time (its first RTP packet follows).
     *
     * @param stream the new stream.
     */
    default void onNewStream(final ReceiveStream stream)
    {
    }

    /**
     * A remote stream said goodbye (RTCP BYE); later RTP from it is dropped.
     *
     * @param stream the ended stream.
     */
    default void onStreamEnded(final ReceiveStream stream)
    {
    }
}
