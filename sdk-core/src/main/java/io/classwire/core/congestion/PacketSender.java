package io.classwire.core.congestion;

/**
 * Where the {@link Pacer} releases packets: the transport side that stamps the transport-wide sequence number, writes
 * the packet and records it with the congestion controller. Called on the pacer's thread; implement it on a
 * long-lived object so the path stays allocation-free.
 */
public interface PacketSender
{
    /**
     * Send a queued packet now.
     *
     * @param handle         the caller's handle given to {@link Pacer#enqueue}.
     * @param kind           its {@link PacketKind}.
     * @param sizeBytes      its size as enqueued.
     * @param probeClusterId probe cluster to tag it with, or {@link SentPacketHistory#NOT_A_PROBE}.
     * @param nowNs          current time.
     * @return bytes actually sent (0 if the packet was dropped, e.g. it expired while queued).
     */
    int sendPacket(int handle, int kind, int sizeBytes, int probeClusterId, long nowNs);

    /**
     * Send a padding packet for a probe (an RTX padding packet or a redundant retransmission).
     *
     * @param maxBytes       largest padding packet wanted.
     * @param probeClusterId probe cluster to tag it with.
     * @param nowNs          current time.
     * @return bytes sent, 0 when padding is not possible (the probe then ends early).
     */
    int sendPadding(int maxBytes, int probeClusterId, long nowNs);
}
