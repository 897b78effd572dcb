package io.classwire.core.wire;

/**
 * Receives the status of each packet reported in a transport-wide congestion-control feedback, in sequence order,
 * from {@link TransportFeedback#forEachPacket(PacketStatusHandler)}. Called on the parsing thread; implement it on a
 * long-lived object (not a capturing lambda created per packet) to keep the path allocation-free.
 */
@FunctionalInterface
public interface PacketStatusHandler
{
    /**
     * Report one packet status.
     *
     * @param sequenceNumber transport-wide 16-bit sequence number of the packet.
     * @param received       whether the packet arrived.
     * @param arrivalTimeUs  arrival time in microseconds on the feedback's time base (reference time plus the
     *                       cumulative deltas), or {@link TransportFeedback#NOT_RECEIVED} when not received.
     */
    void onPacket(int sequenceNumber, boolean received, long arrivalTimeUs);
}
