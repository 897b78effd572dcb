package io.classwire.core.recovery;

/**
 * What a {@link ProtectionPolicy} chose for one stream: NACK on or off, a RED distance, an FEC scheme and its shape,
 * and what the model expects of it. Mutable and reused by the policy (no allocation per decision); take a
 * {@link #copyFrom copy} to keep one. Single-threaded.
 */
public final class ProtectionPlan
{
    /** No FEC. */
    public static final int FEC_NONE = 0;
    /** XOR row groups of {@link #xorColumns()} consecutive packets. */
    public static final int FEC_XOR_ROW = 1;
    /** XOR column groups: {@link #xorRows()} packets {@link #xorColumns()} apart (interleaved, for bursts). */
    public static final int FEC_XOR_COLUMN = 2;
    /** Reed-Solomon blocks of {@link #rsMediaCount()} media and {@link #rsRepairCount()} repair packets. */
    public static final int FEC_REED_SOLOMON = 3;

    /** Loss below the clean threshold: no redundancy. */
    public static final int REGIME_CLEAN = 0;
    /** Moderate loss: NACK, RED or XOR, whichever meets the target cheapest. */
    public static final int REGIME_MODERATE = 1;
    /** Heavy loss: Reed-Solomon with as many repairs as the target needs. */
    public static final int REGIME_HEAVY = 2;

    private int regime;
    private boolean nack;
    private int nackAttempts;
    private int redDistance;
    private int fecScheme;
    private int xorColumns;
    private int xorRows;
    private int rsMediaCount;
    private int rsRepairCount;
    private double overheadFraction;
    private double retransmissionFraction;
    private double residualLoss;
    private long addedLatencyNs;

    /**
     * Overwrite this plan with another.
     *
     * @param other the plan to copy.
     * @return this.
     */
    public ProtectionPlan copyFrom(final ProtectionPlan other)
    {
        regime = other.regime;
        nack = other.nack;
        nackAttempts = other.nackAttempts;
        redDistance = other.redDistance;
        fecScheme = other.fecScheme;
        xorColumns = other.xorColumns;
        xorRows = other.xorRows;
        rsMediaCount = other.rsMediaCount;
        rsRepairCount = other.rsRepairCount;
        overheadFraction = other.overheadFraction;
        retransmissionFraction = other.retransmissionFraction;
        residualLoss = other.residualLoss;
        addedLatencyNs = other.addedLatencyNs;
        return this;
    }

    /**
     * @param other another plan.
     * @return true when both protect the same way (mechanisms and shapes), whatever the estimates say.
     */
    public boolean sameProtection(final ProtectionPlan other)
    {
        return nack == other.nack && redDistance == other.redDistance && fecScheme == other.fecScheme &&
            xorColumns == other.xorColumns && xorRows == other.xorRows && rsMediaCount == other.rsMediaCount &&
            rsRepairCount == other.rsRepairCount;
    }

    ProtectionPlan set(
        final int regime, final boolean nack, final int redDistance, final int fecScheme, final int a, final int b)
    {
        this.regime = regime;
        this.nack = nack;
        this.redDistance = redDistance;
        this.fecScheme = fecScheme;
        this.xorColumns = fecScheme == FEC_XOR_ROW || fecScheme == FEC_XOR_COLUMN ? a : 0;
        this.xorRows = fecScheme == FEC_XOR_COLUMN ? b : fecScheme == FEC_XOR_ROW ? 1 : 0;
        this.rsMediaCount = fecScheme == FEC_REED_SOLOMON ? a : 0;
        this.rsRepairCount = fecScheme == FEC_REED_SOLOMON ? b : 0;
        return this;
    }

    ProtectionPlan estimates(
        final int nackAttempts,
        final double overheadFraction,
        final double retransmissionFraction,
        final double residualLoss,
        final long addedLatencyNs)
    {
        this.nackAttempts = nackAttempts;
        this.overheadFraction = overheadFraction;
        this.retransmissionFraction = retransmissionFraction;
        this.residualLoss = residualLoss;
        this.addedLatencyNs = addedLatencyNs;
        return this;
    }

    ProtectionPlan regime(final int regime)
    {
        this.regime = regime;
        return this;
    }

    /** @return {@link #REGIME_CLEAN}, {@link #REGIME_MODERATE} or {@link #REGIME_HEAVY}. */
    public int regime()
    {
        return regime;
    }

    /** @return true when the receiver should send NACKs and the sender answer them. */
    public boolean nack()
    {
        return nack;
    }

    /** @return NACK attempts that fit the latency budget (0 when NACK is off). */
    public int nackAttempts()
    {
        return nackAttempts;
    }

    /** @return RED distance, 0 (off) to 3. */
    public int redDistance()
    {
        return redDistance;
    }

    /** @return one of the {@code FEC_} constants. */
    public int fecScheme()
    {
        return fecScheme;
    }

    /** @return L, packets per XOR row (the interleaving depth of column groups); 0 without XOR. */
    public int xorColumns()
    {
        return xorColumns;
    }

    /** @return D, packets per XOR column group (1 for rows); 0 without XOR. */
    public int xorRows()
    {
        return xorRows;
    }

    /** @return k of Reed-Solomon blocks; 0 without. */
    public int rsMediaCount()
    {
        return rsMediaCount;
    }

    /** @return m of Reed-Solomon blocks; 0 without. */
    public int rsRepairCount()
    {
        return rsRepairCount;
    }

    /** @return redundancy bytes (RED blocks, FEC packets, headers included) per media byte on the wire. */
    public double overheadFraction()
    {
        return overheadFraction;
    }

    /** @return expected retransmission bytes per media byte: paid only when packets are lost. */
    public double retransmissionFraction()
    {
        return retransmissionFraction;
    }

    /** @return expected fraction of media packets still missing at playout. */
    public double residualLoss()
    {
        return residualLoss;
    }

    /** @return worst-case delay the redundancy adds before a lost packet is rebuilt. */
    public long addedLatencyNs()
    {
        return addedLatencyNs;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder("ProtectionPlan{")
            .append(regime == REGIME_CLEAN ? "clean" : regime == REGIME_MODERATE ? "moderate" : "heavy")
            .append(", nack=").append(nack ? nackAttempts + " attempts" : "off");
        if (redDistance > 0)
        {
            sb.append(", red=").append(redDistance);
        }
        switch (fecScheme)
        {
            case FEC_XOR_ROW: sb.append(", xor rows of ").append(xorColumns); break;
            case FEC_XOR_COLUMN: sb.append(", xor columns ").append(xorColumns).append('x').append(xorRows); break;
            case FEC_REED_SOLOMON: sb.append(", rs(").append(rsMediaCount).append(',').append(rsRepairCount)
                .append(')'); break;
            default: break;
        }
        return sb.append(String.format(", overhead=%.1f%%, rtx=%.1f%%, residual=%.3f%%, latency=%d ms}",
            overheadFraction * 100, retransmissionFraction * 100, residualLoss * 100, addedLatencyNs / 1_000_000))
            .toString();
    }
}
