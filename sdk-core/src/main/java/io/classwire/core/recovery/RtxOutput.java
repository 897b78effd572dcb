package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;

/**
 * Where {@link RtxSender} puts a retransmission: it turns the original packet into an RFC 4588 packet on the RTX
 * stream (own SSRC, payload type and sequence numbers) and sends it. {@link RtxPacketWriter} writes whole packets to
 * a transport; {@link SendStreamRtxOutput} sends through a session's RTX send stream, so congestion-control stages
 * see the bytes. Called on the sender's thread.
 */
@FunctionalInterface
public interface RtxOutput
{
    /**
     * Send the retransmission of one packet.
     *
     * @param original a validated packet from the history.
     * @param nowNs    current time.
     * @return bytes put on the wire (the whole RTX packet), or a negative code when nothing was sent.
     */
    int sendRtx(RtpPacket original, long nowNs);
}
