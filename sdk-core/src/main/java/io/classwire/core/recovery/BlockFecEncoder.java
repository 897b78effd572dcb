package io.classwire.core.recovery;

import org.agrona.MutableDirectBuffer;

/**
 * What the block FEC encoders ({@link XorFecEncoder}, {@link RsFecEncoder}) share: the queue of repair packets
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

    BlockFecEncoder(final RepairQueue queue)
    {
        this.queue = queue;
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
