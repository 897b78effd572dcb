package io.classwire.core.recovery;

import org.agrona.DirectBuffer;

/**
 * Receives the packets a receive-side recovery mechanism produces ({@link FecDecoder}, {@link RedDecoder}) and the
 * losses it gives up on. Called on the thread that feeds the mechanism; the bytes are only valid during the call.
 * Implementations should be long-lived objects, not lambdas created per packet.
 */
@FunctionalInterface
public interface RecoveredPacketHandler
{
    /**
     * One RTP packet, validated.
     *
     * @param buffer    holding the packet.
     * @param offset    of its first byte.
     * @param length    in bytes.
     * @param recovered true when rebuilt from redundancy, false for a packet as received (e.g. a RED primary).
     */
    void onPacket(DirectBuffer buffer, int offset, int length, boolean recovered);

    /**
     * A lost packet that the mechanism's redundancy cannot rebuild any more (its groups were complete or evicted).
     *
     * @param seq the lost sequence number.
     */
    default void onUnrecoverable(final int seq)
    {
    }
}
