package io.classwire.core.recovery;

/**
 * Thresholds and limits of a {@link ProtectionPolicy}, one per stream. The reasoning behind each default is in
 * {@code docs/recovery.md}; fluent setters, {@link #conclude()} checks the values.
 */
public final class ProtectionPolicyContext
{
    /** Default residual loss aimed for: 1%, about where Opus PLC stops being noticeable in speech. */
    public static final double DEFAULT_TARGET_RESIDUAL = 0.01;
    /** Default most redundancy per media byte: 250%. Beyond, the stream is better off lowering its bitrate. */
    /**
     * Default residual loss aimed for on a heavy path: lower than {@link #DEFAULT_TARGET_RESIDUAL} because there the
     * losses left come as whole failed blocks, each of which is a freeze (about 4 % of a 2 s window or more).
     */
    public static final double DEFAULT_HEAVY_TARGET_RESIDUAL = 0.002;
    /** Default most redundancy bytes per media byte. */
    public static final double DEFAULT_MAX_OVERHEAD = 2.5;
    /** Default bytes under the payload of every packet: IPv4 20 + UDP 8 + RTP 12. */
    public static final int DEFAULT_PACKET_OVERHEAD_BYTES = 40;
    /** Below this loss a clean path becomes clean: no redundancy at all. */
    public static final double DEFAULT_CLEAN_ENTER_LOSS = 0.005;
    /** Above this loss a clean path stops being clean (hysteresis band 0.5% to 1%). */
    public static final double DEFAULT_CLEAN_EXIT_LOSS = 0.01;
    /** At or above this loss the path is heavy: Reed-Solomon only. */
    public static final double DEFAULT_HEAVY_ENTER_LOSS = 0.20;
    /** Below this loss a heavy path becomes moderate again (hysteresis band 15% to 20%). */
    public static final double DEFAULT_HEAVY_EXIT_LOSS = 0.15;
    /** A latency budget below this is tight: audio then prefers RED to FEC. */
    public static final long DEFAULT_TIGHT_BUDGET_NS = 100_000_000L;
    /** Time a plan is kept before a cheaper one may replace it; a plan that misses the target is replaced at once. */
    public static final long DEFAULT_MIN_HOLD_NS = 2_000_000_000L;
    /** A cheaper plan replaces one that meets the target only if it saves more than this share of its overhead. */
    public static final double DEFAULT_KEEP_MARGIN = 0.25;
    /** Half-life of the loss peak the plan is made for. */
    public static final long DEFAULT_PEAK_HALF_LIFE_NS = 5_000_000_000L;

    private boolean audio = true;
    private double targetResidual = DEFAULT_TARGET_RESIDUAL;
    private double heavyTargetResidual = DEFAULT_HEAVY_TARGET_RESIDUAL;
    private double maxOverhead = DEFAULT_MAX_OVERHEAD;
    private int packetOverheadBytes = DEFAULT_PACKET_OVERHEAD_BYTES;
    private double cleanEnterLoss = DEFAULT_CLEAN_ENTER_LOSS;
    private double cleanExitLoss = DEFAULT_CLEAN_EXIT_LOSS;
    private double heavyEnterLoss = DEFAULT_HEAVY_ENTER_LOSS;
    private double heavyExitLoss = DEFAULT_HEAVY_EXIT_LOSS;
    private long tightBudgetNs = DEFAULT_TIGHT_BUDGET_NS;
    private long minHoldNs = DEFAULT_MIN_HOLD_NS;
    private double keepMargin = DEFAULT_KEEP_MARGIN;
    private long peakHalfLifeNs = DEFAULT_PEAK_HALF_LIFE_NS;
    private int maxXorColumns = 16;
    private int maxXorRows = 16;
    private int maxRsMedia = 48;
    private int maxRsRepair = 128;
    private NackContext nack = new NackContext();

    /**
     * Check the values.
     *
     * @return this.
     * @throws IllegalArgumentException when a value is out of range or the hysteresis bands are inverted.
     */
    public ProtectionPolicyContext conclude()
    {
        final boolean bandsOk = cleanEnterLoss <= cleanExitLoss && cleanExitLoss < heavyExitLoss &&
            heavyExitLoss <= heavyEnterLoss;
        final boolean limitsOk = maxXorColumns >= 2 && maxXorRows >= 2 &&
            maxXorColumns * (maxXorRows - 1) < FecHeader.MAX_SPAN &&
            ReedSolomonFec.isValidShape(maxRsMedia, maxRsRepair);
        if (!(targetResidual > 0 && targetResidual < 1) || !(heavyTargetResidual > 0 && heavyTargetResidual < 1) || !(maxOverhead >= 0) || packetOverheadBytes < 0 ||
            !bandsOk || !limitsOk || tightBudgetNs < 0 || minHoldNs < 0 || !(keepMargin >= 0) || peakHalfLifeNs <= 0)
        {
            throw new IllegalArgumentException("bad protection policy configuration");
        }
        nack.conclude();
        return this;
    }

    /**
     * @param audio true for an audio stream (RED is an option), false for video or data.
     * @return this.
     */
    public ProtectionPolicyContext audio(final boolean audio)
    {
        this.audio = audio;
        return this;
    }

    /** @return true for audio. */
    public boolean audio()
    {
        return audio;
    }

    /**
     * @param targetResidual residual loss aimed for, in (0, 1).
     * @return this.
     */
    public ProtectionPolicyContext targetResidual(final double targetResidual)
    {
        this.targetResidual = targetResidual;
        return this;
    }

    /** @return the residual loss aimed for. */
    public double targetResidual()
    {
        return targetResidual;
    }

    /**
     * @param heavyTargetResidual residual loss aimed for while the path is heavy, in (0, 1).
     * @return this.
     */
    public ProtectionPolicyContext heavyTargetResidual(final double heavyTargetResidual)
    {
        this.heavyTargetResidual = heavyTargetResidual;
        return this;
    }

    /** @return the residual loss aimed for while the path is heavy. */
    public double heavyTargetResidual()
    {
        return heavyTargetResidual;
    }

    /**
     * @param regime one of the {@code ProtectionPlan.REGIME_*} values.
     * @return the residual loss aimed for in that regime.
     */
    public double targetResidual(final int regime)
    {
        return regime == ProtectionPlan.REGIME_HEAVY ? heavyTargetResidual : targetResidual;
    }

    /**
     * @param maxOverhead most redundancy bytes per media byte (2.5 = 250%).
     * @return this.
     */
    public ProtectionPolicyContext maxOverhead(final double maxOverhead)
    {
        this.maxOverhead = maxOverhead;
        return this;
    }

    /** @return the overhead cap. */
    public double maxOverhead()
    {
        return maxOverhead;
    }

    /**
     * @param bytes bytes every packet carries besides its payload (IP, UDP, RTP, SRTP tag, TURN framing).
     * @return this.
     */
    public ProtectionPolicyContext packetOverheadBytes(final int bytes)
    {
        this.packetOverheadBytes = bytes;
        return this;
    }

    /** @return per-packet bytes besides the payload. */
    public int packetOverheadBytes()
    {
        return packetOverheadBytes;
    }

    /**
     * @param enter loss below which a path becomes clean.
     * @param exit  loss above which it stops being clean.
     * @return this.
     */
    public ProtectionPolicyContext cleanLoss(final double enter, final double exit)
    {
        this.cleanEnterLoss = enter;
        this.cleanExitLoss = exit;
        return this;
    }

    /** @return loss below which a path becomes clean. */
    public double cleanEnterLoss()
    {
        return cleanEnterLoss;
    }

    /** @return loss above which a path stops being clean. */
    public double cleanExitLoss()
    {
        return cleanExitLoss;
    }

    /**
     * @param enter loss at or above which a path becomes heavy.
     * @param exit  loss below which it stops being heavy.
     * @return this.
     */
    public ProtectionPolicyContext heavyLoss(final double enter, final double exit)
    {
        this.heavyEnterLoss = enter;
        this.heavyExitLoss = exit;
        return this;
    }

    /** @return loss at which a path becomes heavy. */
    public double heavyEnterLoss()
    {
        return heavyEnterLoss;
    }

    /** @return loss below which a heavy path is moderate again. */
    public double heavyExitLoss()
    {
        return heavyExitLoss;
    }

    /**
     * @param tightBudgetNs latency budget below which audio prefers RED.
     * @return this.
     */
    public ProtectionPolicyContext tightBudgetNs(final long tightBudgetNs)
    {
        this.tightBudgetNs = tightBudgetNs;
        return this;
    }

    /** @return the tight-budget threshold. */
    public long tightBudgetNs()
    {
        return tightBudgetNs;
    }

    /**
     * @param minHoldNs    time a plan that meets the target is kept before a cheaper one may replace it.
     * @param keepMargin   share of overhead a replacement must save.
     * @return this.
     */
    public ProtectionPolicyContext hysteresis(final long minHoldNs, final double keepMargin)
    {
        this.minHoldNs = minHoldNs;
        this.keepMargin = keepMargin;
        return this;
    }

    /** @return the minimum hold time. */
    public long minHoldNs()
    {
        return minHoldNs;
    }

    /** @return the keep margin. */
    public double keepMargin()
    {
        return keepMargin;
    }

    /**
     * @param halfLifeNs how fast the loss peak the plan is made for decays once loss falls, above 0.
     * @return this.
     */
    public ProtectionPolicyContext peakHalfLifeNs(final long halfLifeNs)
    {
        this.peakHalfLifeNs = halfLifeNs;
        return this;
    }

    /** @return the peak half-life. */
    public long peakHalfLifeNs()
    {
        return peakHalfLifeNs;
    }

    /**
     * Shapes the encoders can do.
     *
     * @param maxXorColumns largest L.
     * @param maxXorRows    largest D.
     * @param maxRsMedia    largest k.
     * @param maxRsRepair   largest m.
     * @return this.
     */
    public ProtectionPolicyContext limits(
        final int maxXorColumns, final int maxXorRows, final int maxRsMedia, final int maxRsRepair)
    {
        this.maxXorColumns = maxXorColumns;
        this.maxXorRows = maxXorRows;
        this.maxRsMedia = maxRsMedia;
        this.maxRsRepair = maxRsRepair;
        return this;
    }

    /** @return largest L. */
    public int maxXorColumns()
    {
        return maxXorColumns;
    }

    /** @return largest D. */
    public int maxXorRows()
    {
        return maxXorRows;
    }

    /** @return largest k. */
    public int maxRsMedia()
    {
        return maxRsMedia;
    }

    /** @return largest m. */
    public int maxRsRepair()
    {
        return maxRsRepair;
    }

    /**
     * @param nack the receiver's NACK timing (reorder wait, margin, retry spacing), to count the attempts that fit.
     * @return this.
     */
    public ProtectionPolicyContext nack(final NackContext nack)
    {
        this.nack = nack;
        return this;
    }

    /** @return the NACK timing. */
    public NackContext nack()
    {
        return nack;
    }
}
