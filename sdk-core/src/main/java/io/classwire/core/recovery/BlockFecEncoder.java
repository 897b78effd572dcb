package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqNum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * What the block FEC encoders ({@link XorFecEncoder}, {@link RsFecEncoder}) share: the RTP header checks and block
 * bookkeeping of {@code onMedia}, the queue of repair packets
 * waiting to be sent, the open block's fill position and start time, and the counters. Single-threaded.
 */
abstract class BlockFecEncoder implements FecEncoder
{
    /** Repair packets built and not yet sent. */
    final RepairQueue queue;
    /** Media packets in the open block; 0 when no block is open. */
    int position;
    /** When the open block's first packet arrived. */
    long blockStartNs;
    /** Media packets covered by a block. */
    long packetsProtected;
    /** Media packets left out because they were longer than the encoder's buffers. */
    long packetsTooLarge;
    /** Sequence number of the open block's first packet. */
    int blockBase;
    /** SSRC of the open block. */
    int blockSsrc;
    /** RTP timestamp of the latest packet added, stamped on the repairs. */
    int lastTimestamp;
    /** Sequence number of the packet {@link #readMedia} last accepted. */
    int mediaSeq;
    /** SSRC of the packet {@link #readMedia} last accepted. */
    int mediaSsrc;
    private int expectedSeq;

    BlockFecEncoder(final RepairQueue queue)
    {
        this.queue = queue;
    }

    /**
     * First step of {@code onMedia}: read the packet's sequence number and SSRC into {@link #mediaSeq} and
     * {@link #mediaSsrc}, and flush the open block when the packet does not continue it (a gap or another SSRC).
     *
     * @return 0, or {@link #NOT_RTP} when the bytes are not an RTP packet.
     */
    final int readMedia(final DirectBuffer packet, final int offset, final int length)
    {
        if (length < RtpPacket.FIXED_HEADER_LENGTH || ((packet.getByte(offset) & 0xFF) >> 6) != RtpPacket.VERSION)
        {
            return NOT_RTP;
        }
        mediaSeq = packet.getShort(offset + RtpPacket.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        mediaSsrc = packet.getInt(offset + RtpPacket.SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
        if (position > 0 && (mediaSeq != expectedSeq || mediaSsrc != blockSsrc))
        {
            flush();
        }
        return 0;
    }

    /**
     * Leave out a packet longer than the encoder's units: the open block is flushed so it stays contiguous.
     *
     * @return true when the packet is too large (counted).
     */
    final boolean rejectTooLarge(final int length, final int maxUnitLength)
    {
        if (FecUnit.unitLength(length) > maxUnitLength)
        {
            flush();
            packetsTooLarge++;
            return true;
        }
        return false;
    }

    /** Open a block at the packet {@link #readMedia} accepted, when none is open. */
    final void openBlockIfNone(final long nowNs)
    {
        if (position == 0)
        {
            blockBase = mediaSeq;
            blockSsrc = mediaSsrc;
            blockStartNs = nowNs;
        }
    }

    /** Count the packet {@link #readMedia} accepted as added to the open block. */
    final void advance(final DirectBuffer packet, final int offset)
    {
        lastTimestamp = packet.getInt(offset + RtpPacket.TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN);
        expectedSeq = SeqNum.add(mediaSeq, 1);
        position++;
        packetsProtected++;
    }

    /** {@inheritDoc} */
    @Override
    public long openBlockStartNs()
    {
        return position > 0 ? blockStartNs : Long.MAX_VALUE;
    }

    /** {@inheritDoc} */
    @Override
    public int pendingRepairs()
    {
        return queue.size();
    }

    /** {@inheritDoc} */
    @Override
    public int writeRepair(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        return queue.poll(buffer, offset, capacity);
    }

    /** {@inheritDoc} */
    @Override
    public int lastRepairTimestamp()
    {
        return queue.lastTimestamp();
    }

    /** {@inheritDoc} */
    @Override
    public long repairsDropped()
    {
        return queue.dropped();
    }

    /** {@inheritDoc} */
    @Override
    public long repairsProduced()
    {
        return queue.produced();
    }

    /** {@inheritDoc} */
    @Override
    public long packetsProtected()
    {
        return packetsProtected;
    }

    /** @return media packets left out because they were longer than the encoder's buffers. */
    public long packetsTooLarge()
    {
        return packetsTooLarge;
    }
}
