package io.classwire.core.recovery;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Sender side of an FEC scheme: sees every media packet as sent and queues repair payloads ({@link FecHeader} plus a
 * repair symbol) for the caller to send as RTP packets on the FEC stream. Single-threaded; allocation-free after
 * construction.
 *
 * <pre>{@code
 * encoder.onMedia(packet, offset, length, nowNs);      // each media packet, exactly as sent
 * while (encoder.pendingRepairs() > 0) {
 *     int n = encoder.writeRepair(fecStream.payloadBuffer(), fecStream.payloadOffset(), fecStream.maxPayloadLength());
 *     fecStream.sendInPlace(nowNs, encoder.lastRepairTimestamp(), false, n);
 * }
 * }</pre>
 */
public interface FecEncoder
{
    /** The packet joined a group or block. */
    int PROTECTED = 0;
    /** Protection is off; the packet was ignored. */
    int DISABLED = 1;
    /** The packet is too long for the encoder's buffers; the open block was closed and the packet left out. */
    int TOO_LARGE = 2;
    /** The bytes are not an RTP packet (shorter than 12 bytes or not version 2); ignored. */
    int NOT_RTP = 3;

    /**
     * Add a media packet. Packets must be given in sequence order, once each; a gap or an SSRC change closes the open
     * block early.
     *
     * @param packet buffer holding the RTP packet as sent.
     * @param offset of its first byte.
     * @param length in bytes.
     * @param nowNs  current time.
     * @return {@link #PROTECTED}, {@link #DISABLED}, {@link #TOO_LARGE} or {@link #NOT_RTP}.
     */
    int onMedia(DirectBuffer packet, int offset, int length, long nowNs);

    /** @return repair payloads waiting for {@link #writeRepair}. */
    int pendingRepairs();

    /**
     * Take the oldest waiting repair payload.
     *
     * @param buffer   destination (e.g. an FEC send stream's payload buffer).
     * @param offset   where the payload starts.
     * @param capacity bytes available.
     * @return bytes written; 0 when none is waiting; {@link io.classwire.core.wire.WireStatus#OVERSIZED} when it does
     *         not fit (it is then dropped and counted).
     */
    int writeRepair(MutableDirectBuffer buffer, int offset, int capacity);

    /** @return the RTP timestamp for the repair packet last written: that of the newest media packet it protects. */
    int lastRepairTimestamp();

    /** Close the open group or block now, queueing repairs for the packets it has (a pause, a plan change). */
    void flush();

    /**
     * Close the open block if its first packet was added at least {@code maxAgeNs} ago, so a stream that pauses
     * (silence suppression) does not leave its last packets unprotected.
     *
     * @param nowNs    current time.
     * @param maxAgeNs longest a block may stay open.
     * @return true when a block was closed.
     */
    boolean flushIfOlderThan(long nowNs, long maxAgeNs);

    /** @return when the first packet of the open block was added, or {@link Long#MAX_VALUE} when none is open. */
    long openBlockStartNs();

    /** @return repair payloads dropped because the caller did not take them before the queue wrapped. */
    long repairsDropped();

    /** @return repair payloads produced. */
    long repairsProduced();

    /** @return media packets added to groups or blocks. */
    long packetsProtected();
}
