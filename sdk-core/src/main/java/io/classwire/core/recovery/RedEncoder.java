package io.classwire.core.recovery;

import io.classwire.core.wire.RedPayload;
import io.classwire.core.wire.RedPayloadWriter;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Sender side of RFC 2198 redundant audio: each packet carries, besides its own (primary) payload, copies of the
 * payloads of the previous {@code distance} packets (1 to 3), so a loss of up to {@code distance} consecutive packets
 * is repaired by the next packet that arrives. Keeps copies of the last three primaries in a preallocated slab and
 * writes the RED payload with {@link RedPayloadWriter}; the caller sends it with the RED payload type in the RTP
 * header. Single-threaded; allocation-free.
 *
 * <p>The receiver ({@link RedDecoder}) gives a redundant block the sequence number {@code seq - n} when it is the
 * n-th block counted back from the primary, so the redundant blocks must be exactly the packets just before this one:
 * call {@link #encode} once per RTP packet, in order, and {@link #discardLast()} when the packet was not sent. A
 * previous payload that cannot be carried (longer than 1023 bytes or {@code maxBlockLength}, or a timestamp offset
 * outside 0..16383) stops the chain there, keeping the numbering right.
 */
public final class RedEncoder
{
    /** Largest redundancy distance. */
    public static final int MAX_DISTANCE = 3;

    private final int maxBlockLength;
    private final RedPayloadWriter writer = new RedPayloadWriter();
    private final UnsafeBuffer slab;
    private final int[] lengths = new int[MAX_DISTANCE];
    private final int[] payloadTypes = new int[MAX_DISTANCE];
    private final int[] timestamps = new int[MAX_DISTANCE];
    private final boolean[] usable = new boolean[MAX_DISTANCE];
    private int newest = -1;
    private int held;
    private int distance;
    private long packetsEncoded;
    private long blocksCarried;

    /**
     * @param distance       redundancy distance, 0..3 (0 sends the primary alone, in RED framing).
     * @param maxBlockLength longest payload kept for redundancy, at most 1023 (RFC 2198's 10-bit length).
     */
    public RedEncoder(final int distance, final int maxBlockLength)
    {
        if (maxBlockLength < 1 || maxBlockLength > RedPayload.MAX_BLOCK_LENGTH)
        {
            throw new IllegalArgumentException("maxBlockLength " + maxBlockLength);
        }
        this.maxBlockLength = maxBlockLength;
        this.slab = new UnsafeBuffer(new byte[MAX_DISTANCE * maxBlockLength]);
        distance(distance);
    }

    /**
     * @param distance redundancy distance from the next packet on, 0..3.
     * @return this for chaining.
     */
    public RedEncoder distance(final int distance)
    {
        if (distance < 0 || distance > MAX_DISTANCE)
        {
            throw new IllegalArgumentException("distance " + distance);
        }
        this.distance = distance;
        return this;
    }

    /** @return the redundancy distance. */
    public int distance()
    {
        return distance;
    }

    /**
     * Write the RED payload of the next packet and remember its primary.
     *
     * @param primaryPayloadType payload type of the codec, 0..127.
     * @param timestamp          RTP timestamp of the packet (that of its primary).
     * @param payload            the primary payload.
     * @param offset             its first byte.
     * @param length             its length.
     * @param dst                destination (e.g. the send stream's payload buffer).
     * @param dstOffset          where the RED payload starts.
     * @param capacity           bytes available.
     * @return bytes written, or a negative {@link WireStatus} code (then nothing is remembered).
     */
    public int encode(
        final int primaryPayloadType,
        final int timestamp,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int capacity)
    {
        writer.reset();
        int carried = 0;
        for (int back = 0; back < Math.min(distance, held); back++)
        {
            final int index = slot(back);
            final int timestampOffset = timestamp - timestamps[index];
            if (!usable[index] || timestampOffset < 0 || timestampOffset > RedPayload.MAX_TIMESTAMP_OFFSET)
            {
                break;
            }
            carried++;
        }
        for (int back = carried - 1; back >= 0; back--)
        {
            final int index = slot(back);
            writer.addRedundant(payloadTypes[index], timestamp - timestamps[index], slab, index * maxBlockLength,
                lengths[index]);
        }
        final int written = writer.write(primaryPayloadType, payload, offset, length, dst, dstOffset, capacity);
        writer.reset();
        if (written < 0)
        {
            return written;
        }
        remember(primaryPayloadType, timestamp, payload, offset, length);
        packetsEncoded++;
        blocksCarried += carried;
        return written;
    }

    private int slot(final int back)
    {
        return (newest - back + MAX_DISTANCE) % MAX_DISTANCE;
    }

    private void remember(
        final int payloadType, final int timestamp, final DirectBuffer payload, final int offset, final int length)
    {
        newest = (newest + 1) % MAX_DISTANCE;
        held = Math.min(held + 1, MAX_DISTANCE);
        payloadTypes[newest] = payloadType;
        timestamps[newest] = timestamp;
        usable[newest] = length <= maxBlockLength && payloadType <= RtpPacket.MAX_PAYLOAD_TYPE;
        lengths[newest] = usable[newest] ? length : 0;
        if (usable[newest] && length > 0)
        {
            slab.putBytes(newest * maxBlockLength, payload, offset, length);
        }
    }

    /** Forget the payload of the last {@link #encode}: its packet was not sent, so the next one takes its number. */
    public void discardLast()
    {
        if (held > 0)
        {
            newest = (newest - 1 + MAX_DISTANCE) % MAX_DISTANCE;
            held--;
        }
    }

    /** Forget every remembered payload (a new talkspurt after a long pause, an SSRC change). */
    public void reset()
    {
        held = 0;
        newest = -1;
    }

    /** @return packets encoded. */
    public long packetsEncoded()
    {
        return packetsEncoded;
    }

    /** @return redundant blocks carried, over all packets. */
    public long blocksCarried()
    {
        return blocksCarried;
    }
}
