package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Reed-Solomon block FEC for heavy loss: every k consecutive media packets form a block, and when the block is full m
 * repair packets are queued, any k of the k + m packets recovering the whole block ({@link ReedSolomonFec}). Units
 * ({@link FecUnit}) of different lengths are zero-padded to the block's longest, so lengths are recovered too.
 * Single-threaded; allocation-free after construction.
 *
 * <p>A block that cannot fill (the stream pauses, the plan changes, a gap in sequence numbers) is closed early with
 * the packets it has: its repair packets carry the smaller k.
 */
public final class RsFecEncoder extends BlockFecEncoder
{
    private final int maxMedia;
    private final int maxRepair;
    private final int maxUnitLength;
    private final ReedSolomonFec code;
    private final byte[] slab;
    private final byte[][] symbols;
    private final int[] symbolOffsets;
    private int k;
    private int m;
    private int nextK;
    private int nextM;
    private int blockLength;

    /**
     * Create an encoder, off until {@link #configure}.
     *
     * @param maxMedia        largest k to be configured, 1..255.
     * @param maxRepair       largest m to be configured, 1..255, with {@code maxMedia + maxRepair <= 256}.
     * @param maxPacketLength longest media packet to protect; longer ones are left out.
     */
    public RsFecEncoder(final int maxMedia, final int maxRepair, final int maxPacketLength)
    {
        super(new RepairQueue(
            2 * checkedRepair(maxMedia, maxRepair, maxPacketLength), FecUnit.unitLength(maxPacketLength)));
        this.maxMedia = maxMedia;
        this.maxRepair = maxRepair;
        this.maxUnitLength = FecUnit.unitLength(maxPacketLength);
        this.code = new ReedSolomonFec(maxRepair, maxUnitLength);
        this.slab = new byte[maxMedia * maxUnitLength];
        this.symbols = new byte[maxMedia][];
        this.symbolOffsets = new int[maxMedia];
        for (int i = 0; i < maxMedia; i++)
        {
            symbols[i] = slab;
            symbolOffsets[i] = i * maxUnitLength;
        }
    }

    private static int checkedRepair(final int maxMedia, final int maxRepair, final int maxPacketLength)
    {
        if (!ReedSolomonFec.isValidShape(maxMedia, maxRepair) || maxPacketLength < RtpPacket.FIXED_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("k " + maxMedia + ", m " + maxRepair + ", length " + maxPacketLength);
        }
        return maxRepair;
    }

    /**
     * Choose the block shape from the next block on; k = 0 or m = 0 turns protection off.
     *
     * @param mediaCount  k, 0..maxMedia.
     * @param repairCount m, 0..maxRepair.
     * @return this for chaining.
     * @throws IllegalArgumentException for a shape out of range.
     */
    public RsFecEncoder configure(final int mediaCount, final int repairCount)
    {
        if (mediaCount < 0 || mediaCount > maxMedia || repairCount < 0 || repairCount > maxRepair)
        {
            throw new IllegalArgumentException("k " + mediaCount + ", m " + repairCount);
        }
        nextK = mediaCount;
        nextM = repairCount;
        if (position == 0)
        {
            k = nextK;
            m = nextM;
        }
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int onMedia(final DirectBuffer packet, final int offset, final int length, final long nowNs)
    {
        if (readMedia(packet, offset, length) != 0)
        {
            return NOT_RTP;
        }
        if (position == 0)
        {
            k = nextK;
            m = nextM;
        }
        if (k == 0 || m == 0)
        {
            return DISABLED;
        }
        if (rejectTooLarge(length, maxUnitLength))
        {
            return TOO_LARGE;
        }
        if (position == 0)
        {
            openBlockIfNone(nowNs);
            blockLength = 0;
        }
        final int symbolOffset = position * maxUnitLength;
        final int unitLength = FecUnit.write(packet, offset, length, slab, symbolOffset);
        // Zero the rest of the slot: a longer unit later in the block pads this one with zeros, not stale bytes.
        Arrays.fill(slab, symbolOffset + unitLength, symbolOffset + maxUnitLength, (byte)0);
        blockLength = Math.max(blockLength, unitLength);
        advance(packet, offset);
        if (position == k)
        {
            emitBlock(k);
        }
        return PROTECTED;
    }

    private void emitBlock(final int mediaCount)
    {
        for (int j = 0; j < m; j++)
        {
            final int slot = queue.claim();
            final int slotOffset = queue.offset(slot);
            FecHeader.write(queue.buffer(), slotOffset, FecHeader.SCHEME_REED_SOLOMON, mediaCount, m, j, blockBase, 1,
                blockSsrc);
            code.encode(mediaCount, j, symbols, symbolOffsets, blockLength, queue.array(),
                slotOffset + FecHeader.LENGTH);
            queue.commit(slot, FecHeader.LENGTH + blockLength, lastTimestamp);
        }
        position = 0;
    }

    /** {@inheritDoc} */
    @Override
    public void flush()
    {
        if (position > 0)
        {
            emitBlock(position);
        }
    }

    /** {@inheritDoc} */
    @Override
    public boolean flushIfOlderThan(final long nowNs, final long maxAgeNs)
    {
        if (position > 0 && nowNs - blockStartNs >= maxAgeNs)
        {
            flush();
            return true;
        }
        return false;
    }

    /** @return k in force for the open block. */
    public int mediaCount()
    {
        return k;
    }

    /** @return m in force for the open block. */
    public int repairCount()
    {
        return m;
    }
}
