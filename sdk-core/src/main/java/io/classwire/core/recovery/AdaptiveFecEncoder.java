package io.classwire.core.recovery;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The FEC encoder a {@link ProtectionPlan} asks for: XOR rows, XOR columns, Reed-Solomon or none, switched as plans
 * change. A switch closes the old scheme's open block (its repairs are still sent) and starts the new one with the
 * next packet; the receiver's {@link FecDecoder} takes both schemes on one FEC stream. Single-threaded;
 * allocation-free after construction.
 */
public final class AdaptiveFecEncoder implements FecEncoder
{
    private final XorFecEncoder xor;
    private final RsFecEncoder reedSolomon;
    private FecEncoder active;
    private FecEncoder draining;
    private FecEncoder lastSource;
    private int scheme = ProtectionPlan.FEC_NONE;

    /**
     * An encoder for every shape a policy with these limits can choose.
     *
     * @param context         the protection policy's configuration (its {@code limits}).
     * @param maxPacketLength longest media packet protected.
     */
    public AdaptiveFecEncoder(final ProtectionPolicyContext context, final int maxPacketLength)
    {
        this(context.maxXorColumns(), context.maxRsMedia(), context.maxRsRepair(), maxPacketLength);
    }

    /**
     * @param maxXorColumns   largest L of XOR layouts.
     * @param maxRsMedia      largest k of Reed-Solomon blocks.
     * @param maxRsRepair     largest m of Reed-Solomon blocks.
     * @param maxPacketLength longest media packet protected.
     */
    public AdaptiveFecEncoder(
        final int maxXorColumns, final int maxRsMedia, final int maxRsRepair, final int maxPacketLength)
    {
        this.xor = new XorFecEncoder(maxXorColumns, maxPacketLength);
        this.reedSolomon = new RsFecEncoder(maxRsMedia, maxRsRepair, maxPacketLength);
        this.active = xor;
        this.draining = reedSolomon;
        this.lastSource = xor;
    }

    /**
     * Follow a plan's FEC part.
     *
     * @param plan the plan; its RED and NACK parts are for others.
     * @return this for chaining.
     * @throws IllegalArgumentException when the plan's shape exceeds this encoder's limits (build the encoder from
     *                                  the policy's context so they match).
     */
    public AdaptiveFecEncoder apply(final ProtectionPlan plan)
    {
        final int next = plan.fecScheme();
        if (next != scheme)
        {
            active.flush();
        }
        switch (next)
        {
            case ProtectionPlan.FEC_XOR_ROW:
                xor.configure(XorFecEncoder.MODE_ROW, plan.xorColumns(), 1);
                reedSolomon.configure(0, 0);
                select(xor, reedSolomon);
                break;
            case ProtectionPlan.FEC_XOR_COLUMN:
                xor.configure(XorFecEncoder.MODE_COLUMN, plan.xorColumns(), plan.xorRows());
                reedSolomon.configure(0, 0);
                select(xor, reedSolomon);
                break;
            case ProtectionPlan.FEC_REED_SOLOMON:
                reedSolomon.configure(plan.rsMediaCount(), plan.rsRepairCount());
                xor.configure(XorFecEncoder.MODE_OFF, 1, 1);
                select(reedSolomon, xor);
                break;
            default:
                xor.configure(XorFecEncoder.MODE_OFF, 1, 1);
                reedSolomon.configure(0, 0);
                break;
        }
        scheme = next;
        return this;
    }

    private void select(final FecEncoder newActive, final FecEncoder other)
    {
        active = newActive;
        draining = other;
    }

    /** @return the {@code ProtectionPlan.FEC_} scheme in force. */
    public int scheme()
    {
        return scheme;
    }

    /** {@inheritDoc} */
    @Override
    public int onMedia(final DirectBuffer packet, final int offset, final int length, final long nowNs)
    {
        return active.onMedia(packet, offset, length, nowNs);
    }

    /** {@inheritDoc} */
    @Override
    public int pendingRepairs()
    {
        return active.pendingRepairs() + draining.pendingRepairs();
    }

    /** {@inheritDoc} */
    @Override
    public int writeRepair(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        final FecEncoder source = draining.pendingRepairs() > 0 ? draining : active;
        final int written = source.writeRepair(buffer, offset, capacity);
        lastSource = source;
        return written;
    }

    /** {@inheritDoc} */
    @Override
    public int lastRepairTimestamp()
    {
        return lastSource.lastRepairTimestamp();
    }

    /** {@inheritDoc} */
    @Override
    public void flush()
    {
        active.flush();
    }

    /** {@inheritDoc} */
    @Override
    public boolean flushIfOlderThan(final long nowNs, final long maxAgeNs)
    {
        return active.flushIfOlderThan(nowNs, maxAgeNs);
    }

    /** {@inheritDoc} */
    @Override
    public long openBlockStartNs()
    {
        return active.openBlockStartNs();
    }

    /** {@inheritDoc} */
    @Override
    public long repairsDropped()
    {
        return xor.repairsDropped() + reedSolomon.repairsDropped();
    }

    /** {@inheritDoc} */
    @Override
    public long repairsProduced()
    {
        return xor.repairsProduced() + reedSolomon.repairsProduced();
    }

    /** {@inheritDoc} */
    @Override
    public long packetsProtected()
    {
        return xor.packetsProtected() + reedSolomon.packetsProtected();
    }
}
