package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a generic NACK (RTPFB, FMT 1, RFC 4585 section 6.2.1), plus a builder that packs a loss list into
 * the fewest FCI items. Not thread safe. Accessors are valid only after {@link #validate()} returned
 * {@link WireStatus#OK}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |   PT=205      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |  FCI item, repeated
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * PID is a lost packet's sequence number; bit i (least significant first) of BLP reports PID + i + 1 lost as well,
 * modulo 2^16. A NACK carries at least one item.
 */
public final class NackPacket
{
    /** Bytes in one FCI item. */
    public static final int ITEM_LENGTH = 4;
    /** Sequence numbers one item can cover: its PID and the 16 that follow. */
    public static final int ITEM_SPAN = 17;
    /** Most items the 16-bit length field allows. */
    public static final int MAX_ITEMS = (RtcpHeader.MAX_PACKET_LENGTH - RtcpHeader.FCI_OFFSET) / ITEM_LENGTH;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int itemCount;

    /**
     * Wrap one NACK packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public NackPacket wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.itemCount = 0;
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed generic NACK: the common header and padding checks, FMT 1
     * ({@link WireStatus#BAD_TYPE}), the feedback header present ({@link WireStatus#TRUNCATED}) and at least one FCI
     * item ({@link WireStatus#BAD_LENGTH}).
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = RtcpPacketCheck.contentLength(buffer, offset, length, RtcpHeader.PT_RTPFB);
        if (content < 0)
        {
            return content;
        }
        if (RtcpHeader.countOrFormat(buffer, offset) != RtcpHeader.FMT_NACK)
        {
            return WireStatus.BAD_TYPE;
        }
        if (content < RtcpHeader.FEEDBACK_HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        if (content == RtcpHeader.FEEDBACK_HEADER_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        itemCount = (content - RtcpHeader.FCI_OFFSET) / ITEM_LENGTH;
        return WireStatus.OK;
    }

    /**
     * @return the SSRC of the packet sender.
     */
    public int senderSsrc()
    {
        return RtcpHeader.senderSsrc(buffer, offset);
    }

    /**
     * @return the SSRC of the media source whose packets are reported lost.
     */
    public int mediaSsrc()
    {
        return RtcpHeader.mediaSsrc(buffer, offset);
    }

    /**
     * @return the number of FCI items, at least 1.
     */
    public int itemCount()
    {
        return itemCount;
    }

    /**
     * @param index of the item, in [0, {@link #itemCount()}).
     * @return that item's packet id (a lost sequence number), 0..65535.
     */
    public int pid(final int index)
    {
        return buffer.getShort(itemOffset(index), ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param index of the item, in [0, {@link #itemCount()}).
     * @return that item's bitmask of following lost packets, 0..65535.
     */
    public int blp(final int index)
    {
        return buffer.getShort(itemOffset(index) + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    private int itemOffset(final int index)
    {
        return offset + RtcpHeader.FCI_OFFSET + index * ITEM_LENGTH;
    }

    /**
     * Report every sequence number the packet marks lost, item by item, each item's PID first and then its BLP bits
     * in increasing order. A number listed by two items is reported twice.
     *
     * @param handler receives each lost sequence number.
     * @return how many numbers were reported.
     */
    public int forEachLost(final SeqHandler handler)
    {
        int reported = 0;
        for (int i = 0; i < itemCount; i++)
        {
            final int pid = pid(i);
            handler.onSeq(pid);
            reported++;
            int mask = blp(i);
            while (mask != 0)
            {
                final int bit = Integer.numberOfTrailingZeros(mask);
                handler.onSeq(SeqNum.add(pid, bit + 1));
                reported++;
                mask &= mask - 1;
            }
        }
        return reported;
    }

    /**
     * @return how many sequence numbers the packet marks lost, counting a number listed by two items twice.
     */
    public int lostCount()
    {
        int lost = itemCount;
        for (int i = 0; i < itemCount; i++)
        {
            lost += Integer.bitCount(blp(i));
        }
        return lost;
    }

    /**
     * Write a NACK that reports the given lost sequence numbers with the fewest FCI items.
     *
     * <p>The input may be unsorted, hold duplicates and straddle the 65535 to 0 wrap. It is sorted <b>in place</b>:
     * on return {@code lostSeqs[0, count)} holds the same values in transmission order, oldest first around the
     * wrap (ascending, rotated to start after the largest gap between neighbours). The items are filled greedily
     * along that order, which is the minimum number whenever some gap between neighbouring lost numbers exceeds 16
     * (always so for fewer than 4096 distinct numbers). When {@code maxItems} or the capacity cuts the list short the
     * packet covers a prefix of that order; {@link #coveredCount(int[], int, int)} tells how long, so the rest can
     * be sent in another packet.
     *
     * @param buffer     to write into.
     * @param offset     of the packet's first byte.
     * @param capacity   bytes available from {@code offset}, e.g. what remains of the MTU.
     * @param senderSsrc SSRC of the packet sender.
     * @param mediaSsrc  SSRC of the media source.
     * @param lostSeqs   lost sequence numbers, each 0..65535; reordered in place.
     * @param count      how many leading entries of {@code lostSeqs} to report, at least 1.
     * @param maxItems   most FCI items to write, at least 1.
     * @return bytes written, or {@link WireStatus#BAD_COUNT} / {@link WireStatus#BAD_VALUE} for bad arguments (the
     * array is then left untouched), {@link WireStatus#TRUNCATED} when not even one item fits the capacity.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final int mediaSsrc,
        final int[] lostSeqs,
        final int count,
        final int maxItems)
    {
        if (count < 1 || count > lostSeqs.length || maxItems < 1)
        {
            return WireStatus.BAD_COUNT;
        }
        for (int i = 0; i < count; i++)
        {
            if ((lostSeqs[i] & ~SeqNum.MASK) != 0)
            {
                return WireStatus.BAD_VALUE;
            }
        }
        final int fitting = (RtcpPacketCheck.writable(buffer, offset, capacity) - RtcpHeader.FCI_OFFSET) / ITEM_LENGTH;
        if (fitting < 1)
        {
            return WireStatus.TRUNCATED;
        }
        final int itemLimit = Math.min(Math.min(maxItems, fitting), MAX_ITEMS);

        SeqOrder.sortCircular(lostSeqs, count);
        int items = 0;
        int next = 0;
        while (next < count && items < itemLimit)
        {
            final int pid = lostSeqs[next];
            final int end = itemEnd(lostSeqs, next, count);
            int blp = 0;
            for (int i = next + 1; i < end; i++)
            {
                final int distance = SeqNum.distance(pid, lostSeqs[i]);
                if (distance > 0)
                {
                    blp |= 1 << (distance - 1);
                }
            }
            final int itemOffset = offset + RtcpHeader.FCI_OFFSET + items * ITEM_LENGTH;
            buffer.putShort(itemOffset, (short)pid, ByteOrder.BIG_ENDIAN);
            buffer.putShort(itemOffset + 2, (short)blp, ByteOrder.BIG_ENDIAN);
            items++;
            next = end;
        }
        final int packetLength = RtcpHeader.FCI_OFFSET + items * ITEM_LENGTH;
        RtcpHeader.writeFeedbackHeader(
            buffer, offset, RtcpHeader.FMT_NACK, RtcpHeader.PT_RTPFB, packetLength, senderSsrc, mediaSsrc);
        return packetLength;
    }

    /**
     * How many leading entries of a list ordered by {@link #build} the first {@code items} FCI items cover: after
     * {@code build} returned {@code n} bytes, {@code coveredCount(lostSeqs, count, (n - 12) / 4)} entries were
     * sent and {@code lostSeqs[covered, count)} remain.
     *
     * @param orderedSeqs the array as {@link #build} left it.
     * @param count       the count passed to {@link #build}.
     * @param items       FCI items written.
     * @return number of leading entries covered, duplicates included.
     */
    public static int coveredCount(final int[] orderedSeqs, final int count, final int items)
    {
        int next = 0;
        for (int item = 0; item < items && next < count; item++)
        {
            next = itemEnd(orderedSeqs, next, count);
        }
        return next;
    }

    // Entries from start on that one item with PID orderedSeqs[start] covers: those 0..16 steps ahead of it.
    private static int itemEnd(final int[] orderedSeqs, final int start, final int count)
    {
        final int pid = orderedSeqs[start];
        int next = start + 1;
        while (next < count)
        {
            final int distance = SeqNum.distance(pid, orderedSeqs[next]);
            if (distance < 0 || distance >= ITEM_SPAN)
            {
                break;
            }
            next++;
        }
        return next;
    }
}
