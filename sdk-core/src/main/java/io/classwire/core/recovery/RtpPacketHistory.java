package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqNum;
import io.classwire.core.wire.SeqUnwrapper;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * The sender's memory of recent RTP packets of one SSRC, for answering NACKs: exact copies of the bytes in one
 * preallocated slab used as a circular log, bounded by packet count, by bytes and by age, and found by sequence
 * number in O(1) (a binary search when the sender skipped numbers). Single-threaded; allocation-free after
 * construction.
 *
 * <p>Entries are handles ({@code int}) valid until the next {@link #store}; read the bytes through
 * {@link #buffer()}, {@link #offset(int)} and {@link #length(int)} or wrap them with {@link #wrap(int, RtpPacket)}.
 */
public final class RtpPacketHistory
{
    /** Returned by {@link #find} when the packet is not (or no longer) held. */
    public static final int NOT_FOUND = -1;

    private final int maxPackets;
    private final int maxBytes;
    private final long maxAgeNs;
    private final UnsafeBuffer slab;
    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final long[] extSeqs;
    private final int[] offsets;
    private final int[] lengths;
    private final long[] sentNs;
    private final long[] lastResendNs;
    private final int[] resendCounts;
    private int head;
    private int count;
    private int writeOffset;
    private long stored;
    private long refused;
    private long evictedForCount;
    private long evictedForBytes;
    private long evictedForAge;

    /**
     * @param maxPackets packets held at most, at least 1.
     * @param maxBytes   bytes of packet data held at most; also the slab size, at least 12.
     * @param maxAgeNs   oldest a packet may be and still be found.
     */
    public RtpPacketHistory(final int maxPackets, final int maxBytes, final long maxAgeNs)
    {
        if (maxPackets < 1 || maxBytes < RtpPacket.FIXED_HEADER_LENGTH || maxAgeNs <= 0)
        {
            throw new IllegalArgumentException(maxPackets + " packets, " + maxBytes + " bytes, " + maxAgeNs + " ns");
        }
        this.maxPackets = maxPackets;
        this.maxBytes = maxBytes;
        this.maxAgeNs = maxAgeNs;
        this.slab = new UnsafeBuffer(new byte[maxBytes]);
        this.extSeqs = new long[maxPackets];
        this.offsets = new int[maxPackets];
        this.lengths = new int[maxPackets];
        this.sentNs = new long[maxPackets];
        this.lastResendNs = new long[maxPackets];
        this.resendCounts = new int[maxPackets];
    }

    /**
     * Copy a sent packet in, evicting the oldest as the bounds require.
     *
     * @param packet buffer holding the RTP packet as sent.
     * @param offset of its first byte.
     * @param length in bytes, 12..maxBytes.
     * @param nowNs  send time.
     * @return {@link WireStatus#OK}; {@link WireStatus#OVERSIZED} or {@link WireStatus#TRUNCATED} for a length out
     *         of range; {@link WireStatus#BAD_VALUE} when its sequence number is not newer than the newest held.
     */
    public int store(final DirectBuffer packet, final int offset, final int length, final long nowNs)
    {
        if (length < RtpPacket.FIXED_HEADER_LENGTH || length > maxBytes)
        {
            refused++;
            return length > maxBytes ? WireStatus.OVERSIZED : WireStatus.TRUNCATED;
        }
        final int seq = packet.getShort(offset + RtpPacket.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final long ext = unwrapper.peek(seq);
        if (count > 0 && ext <= extSeqs[newest()])
        {
            refused++;
            return WireStatus.BAD_VALUE;
        }
        unwrapper.unwrap(seq);
        evictOld(nowNs);
        if (count == maxPackets)
        {
            evictOldest();
            evictedForCount++;
        }
        final int at = reserve(length);
        final int index = (head + count) % maxPackets;
        slab.putBytes(at, packet, offset, length);
        extSeqs[index] = ext;
        offsets[index] = at;
        lengths[index] = length;
        sentNs[index] = nowNs;
        lastResendNs[index] = 0;
        resendCounts[index] = 0;
        count++;
        writeOffset = at + length;
        stored++;
        return WireStatus.OK;
    }

    // Circular log: free space is [writeOffset, end of slab) plus [0, oldest) while the head of the log is ahead of
    // its tail, and [writeOffset, oldest) once it has wrapped behind it. Evict the oldest until the packet fits.
    private int reserve(final int length)
    {
        while (true)
        {
            if (count == 0)
            {
                return writeOffset + length <= maxBytes ? writeOffset : 0;
            }
            final int tail = offsets[head];
            if (writeOffset > tail)
            {
                if (writeOffset + length <= maxBytes)
                {
                    return writeOffset;
                }
                if (length <= tail)
                {
                    return 0;
                }
            }
            else if (writeOffset + length <= tail)
            {
                return writeOffset;
            }
            evictOldest();
            evictedForBytes++;
        }
    }

    private void evictOld(final long nowNs)
    {
        while (count > 0 && nowNs - sentNs[head] > maxAgeNs)
        {
            evictOldest();
            evictedForAge++;
        }
    }

    private void evictOldest()
    {
        head = (head + 1) % maxPackets;
        count--;
    }

    private int newest()
    {
        return (head + count - 1) % maxPackets;
    }

    /**
     * Find a packet by sequence number.
     *
     * @param seq   16-bit sequence number.
     * @param nowNs current time; packets older than the age bound are evicted first.
     * @return a handle, or {@link #NOT_FOUND}.
     */
    public int find(final int seq, final long nowNs)
    {
        evictOld(nowNs);
        if (count == 0)
        {
            return NOT_FOUND;
        }
        final int newest = newest();
        final long newestExt = extSeqs[newest];
        final long ext = newestExt + SeqNum.distance((int)(newestExt & SeqNum.MASK), seq & SeqNum.MASK);
        final long back = newestExt - ext;
        if (back < 0 || back >= count)
        {
            return back < 0 ? NOT_FOUND : search(ext);
        }
        final int guess = (int)((newest - back + maxPackets) % maxPackets);
        return extSeqs[guess] == ext ? guess : search(ext);
    }

    private int search(final long ext)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final int index = (head + mid) % maxPackets;
            final long value = extSeqs[index];
            if (value == ext)
            {
                return index;
            }
            if (value < ext)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return NOT_FOUND;
    }

    /**
     * Point a flyweight at a held packet.
     *
     * @param handle from {@link #find}.
     * @param packet flyweight to wrap.
     * @return the flyweight.
     */
    public RtpPacket wrap(final int handle, final RtpPacket packet)
    {
        return packet.wrap(slab, offsets[handle], lengths[handle]);
    }

    /** @return the slab holding every packet. */
    public DirectBuffer buffer()
    {
        return slab;
    }

    /**
     * @param handle from {@link #find}.
     * @return the packet's offset in {@link #buffer()}.
     */
    public int offset(final int handle)
    {
        return offsets[handle];
    }

    /**
     * @param handle from {@link #find}.
     * @return the packet's length.
     */
    public int length(final int handle)
    {
        return lengths[handle];
    }

    /**
     * @param handle from {@link #find}.
     * @return when the packet was first sent.
     */
    public long sentNs(final int handle)
    {
        return sentNs[handle];
    }

    /**
     * @param handle from {@link #find}.
     * @return times it was retransmitted.
     */
    public int resendCount(final int handle)
    {
        return resendCounts[handle];
    }

    /**
     * @param handle from {@link #find}.
     * @return when it was last retransmitted; meaningful when {@link #resendCount(int)} is positive.
     */
    public long lastResendNs(final int handle)
    {
        return lastResendNs[handle];
    }

    /**
     * Record a retransmission.
     *
     * @param handle from {@link #find}.
     * @param nowNs  when it was sent.
     */
    public void onResent(final int handle, final long nowNs)
    {
        resendCounts[handle]++;
        lastResendNs[handle] = nowNs;
    }

    /** @return packets held now. */
    public int size()
    {
        return count;
    }

    /** @return bytes the slab holds, the byte bound. */
    public int maxBytes()
    {
        return maxBytes;
    }

    /** @return packets stored since creation. */
    public long stored()
    {
        return stored;
    }

    /** @return packets refused by {@link #store}. */
    public long refused()
    {
        return refused;
    }

    /** @return packets evicted because the count bound was reached. */
    public long evictedForCount()
    {
        return evictedForCount;
    }

    /** @return packets evicted to make room in the slab. */
    public long evictedForBytes()
    {
        return evictedForBytes;
    }

    /** @return packets evicted for age. */
    public long evictedForAge()
    {
        return evictedForAge;
    }
}
