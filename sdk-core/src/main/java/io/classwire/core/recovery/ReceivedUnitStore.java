package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqUnwrapper;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * The receiver's window of recent media packets of one SSRC, kept as {@link FecUnit}s so FEC groups can use them:
 * a ring of fixed slots indexed by extended sequence number, each zero-padded to the slot length so any repair
 * symbol length reads zeros past a unit's end. Also remembers which lost sequence numbers were already reported as
 * unrecoverable, so overlapping groups report each loss once. Single-threaded; allocation-free after construction.
 */
public final class ReceivedUnitStore
{
    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final int mask;
    private final int slotLength;
    private final byte[] slab;
    private final long[] tags;
    private final int[] lengths;
    private final long[] reported;

    /**
     * @param capacity        packets kept, a power of two of at least 16; older ones are forgotten.
     * @param maxPacketLength longest media packet kept; longer ones are refused.
     */
    public ReceivedUnitStore(final int capacity, final int maxPacketLength)
    {
        if (capacity < 16 || Integer.bitCount(capacity) != 1 || maxPacketLength < RtpPacket.FIXED_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("capacity " + capacity + ", maxPacketLength " + maxPacketLength);
        }
        this.mask = capacity - 1;
        this.slotLength = FecUnit.unitLength(maxPacketLength);
        this.slab = new byte[capacity * slotLength];
        this.tags = new long[capacity];
        this.lengths = new int[capacity];
        this.reported = new long[capacity];
        Arrays.fill(tags, -1);
        Arrays.fill(reported, -1);
    }

    /**
     * Extend a 16-bit sequence number against the newest stored one, without moving the window.
     *
     * @param seq a sequence number.
     * @return its extended value.
     */
    public long extend(final int seq)
    {
        return unwrapper.peek(seq);
    }

    /** @return the highest extended sequence number stored, or -1 before the first. */
    public long highest()
    {
        return unwrapper.highest();
    }

    /** @return packets the window holds. */
    public int capacity()
    {
        return mask + 1;
    }

    /** @return the longest unit a slot holds. */
    public int slotLength()
    {
        return slotLength;
    }

    /**
     * @param extendedSeq an extended sequence number.
     * @return true when that packet is in the window.
     */
    public boolean contains(final long extendedSeq)
    {
        return extendedSeq >= 0 && tags[(int)(extendedSeq & mask)] == extendedSeq;
    }

    /**
     * @param extendedSeq an extended sequence number.
     * @return true when it is too old for the window (a packet there can no longer be stored or used).
     */
    public boolean isTooOld(final long extendedSeq)
    {
        return extendedSeq < 0 || extendedSeq <= unwrapper.highest() - (mask + 1);
    }

    /**
     * Store a received media packet.
     *
     * @param packet buffer holding the RTP packet (version 2, at least 12 bytes).
     * @param offset of its first byte.
     * @param length in bytes.
     * @return its extended sequence number, or -1 when too long, too old or already stored.
     */
    public long put(final DirectBuffer packet, final int offset, final int length)
    {
        if (FecUnit.unitLength(length) > slotLength)
        {
            return -1;
        }
        final int seq = packet.getShort(offset + RtpPacket.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        final long extendedSeq = unwrapper.peek(seq);
        if (isTooOld(extendedSeq) || contains(extendedSeq))
        {
            return -1;
        }
        unwrapper.unwrap(seq);
        final int slot = (int)(extendedSeq & mask);
        final int unitOffset = slot * slotLength;
        final int unitLength = FecUnit.write(packet, offset, length, slab, unitOffset);
        Arrays.fill(slab, unitOffset + unitLength, unitOffset + slotLength, (byte)0);
        tags[slot] = extendedSeq;
        lengths[slot] = unitLength;
        return extendedSeq;
    }

    /**
     * Store a recovered unit.
     *
     * @param extendedSeq its extended sequence number, not too old.
     * @param unit        array holding the unit.
     * @param unitOffset  where it starts.
     * @param unitLength  its true length (packet length - 4), at most the slot length.
     */
    public void putUnit(final long extendedSeq, final byte[] unit, final int unitOffset, final int unitLength)
    {
        unwrapper.unwrap((int)extendedSeq);
        final int slot = (int)(extendedSeq & mask);
        final int slotOffset = slot * slotLength;
        System.arraycopy(unit, unitOffset, slab, slotOffset, unitLength);
        Arrays.fill(slab, slotOffset + unitLength, slotOffset + slotLength, (byte)0);
        tags[slot] = extendedSeq;
        lengths[slot] = unitLength;
    }

    /** @return the array holding every slot. */
    public byte[] slab()
    {
        return slab;
    }

    /**
     * @param extendedSeq a sequence number the store {@link #contains(long)}.
     * @return offset of its unit in {@link #slab()}.
     */
    public int unitOffset(final long extendedSeq)
    {
        return (int)(extendedSeq & mask) * slotLength;
    }

    /**
     * @param extendedSeq a sequence number the store {@link #contains(long)}.
     * @return its unit's length.
     */
    public int unitLength(final long extendedSeq)
    {
        return lengths[(int)(extendedSeq & mask)];
    }

    /**
     * Remember that a loss was reported as unrecoverable.
     *
     * @param extendedSeq the lost packet's extended sequence number.
     * @return true the first time, false when it was already reported.
     */
    public boolean markReported(final long extendedSeq)
    {
        final int slot = (int)(extendedSeq & mask);
        if (reported[slot] == extendedSeq)
        {
            return false;
        }
        reported[slot] = extendedSeq;
        return true;
    }

    /** Forget everything, as after an SSRC change. */
    public void clear()
    {
        unwrapper.reset();
        Arrays.fill(tags, -1);
        Arrays.fill(reported, -1);
    }
}
