package io.classwire.core.session;

import org.agrona.DirectBuffer;

/**
 * Receiver of RTCP application-defined packets (APP, PT 204, RFC 3550 section 6.7) from inside a received compound
 * packet, called on the session's agent thread. The session has validated the packet with
 * {@link io.classwire.core.wire.AppPacket} (an invalid one is counted in {@link SessionCounters#rtcpPacketsInvalid()}
 * and not passed on); the listener checks the name it knows and ignores the rest. The bytes are only valid during the
 * call.
 */
@FunctionalInterface
public interface AppPacketListener
{
    /**
     * One APP packet.
     *
     * @param subtype   the 5-bit subtype.
     * @param name      the 4-character name as a big-endian int ({@link io.classwire.core.wire.AppPacket#name}).
     * @param buffer    holding the packet.
     * @param offset    of its first byte (the RTCP header).
     * @param length    in bytes, at least {@link io.classwire.core.wire.AppPacket#DATA_OFFSET}.
     * @param arrivalNs arrival time on the transport's clock.
     */
    void onApp(int subtype, int name, DirectBuffer buffer, int offset, int length, long arrivalNs);
}
