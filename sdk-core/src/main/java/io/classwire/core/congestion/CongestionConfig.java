package io.classwire.core.congestion;

/**
 * Settings of a {@link GccController}, as a fluent context: each setter returns this, each getter has the same name
 * without argument, and {@link #conclude()} validates the combination. Defaults are libwebrtc's where it has one and
 * ours otherwise; docs/congestion.md gives the reasoning for each.
 */
public final class CongestionConfig
{
    private long minBitrateBps = 30_000;
    private long startBitrateBps = 300_000;
    private long maxBitrateBps = 10_000_000;
    private double pacingFactor = 2.5;
    private long pacerBurstWindowNs = Pacer.DEFAULT_BURST_WINDOW_NS;
    private int historyCapacity = 8192;
    private long historyMaxAgeNs = 60_000_000_000L;
    private double backoffFactor = AimdRateControl.DEFAULT_BACKOFF_FACTOR;
    private double increasePerSecond = AimdRateControl.DEFAULT_INCREASE_PER_SECOND;
    private double fastRecoveryFraction = AimdRateControl.DEFAULT_FAST_RECOVERY_FRACTION;
    private double maxInherentLoss = LossBasedEstimator.DEFAULT_MAX_INHERENT_LOSS;
    private double applicationLimitedCapFactor = ApplicationLimitedDetector.DEFAULT_CAP_FACTOR;
    private long alrProbeIntervalNs = 5_000_000_000L;
    private long rampUpProbeIntervalNs = 3_000_000_000L;
    private long processIntervalNs = 25_000_000L;

    /**
     * Set the lowest target.
     *
     * @param bps lowest target ever reported (default 30 kbit/s: one Opus voice stream).
     * @return this.
     */
    public CongestionConfig minBitrateBps(final long bps)
    {
        minBitrateBps = bps;
        return this;
    }

    /**
     * Get the lowest target.
     *
     * @return lowest target.
     */
    public long minBitrateBps()
    {
        return minBitrateBps;
    }

    /**
     * Set the initial target.
     *
     * @param bps initial target before anything is measured (default 300 kbit/s, libwebrtc's).
     * @return this.
     */
    public CongestionConfig startBitrateBps(final long bps)
    {
        startBitrateBps = bps;
        return this;
    }

    /**
     * Get the initial target.
     *
     * @return initial target.
     */
    public long startBitrateBps()
    {
        return startBitrateBps;
    }

    /**
     * Set the highest target.
     *
     * @param bps highest target and highest probe rate (default 10 Mbit/s).
     * @return this.
     */
    public CongestionConfig maxBitrateBps(final long bps)
    {
        maxBitrateBps = bps;
        return this;
    }

    /**
     * Get the highest target.
     *
     * @return highest target.
     */
    public long maxBitrateBps()
    {
        return maxBitrateBps;
    }

    /**
     * Set the pacing rate as a multiple of the target.
     *
     * @param factor pacing rate as a multiple of the target (default 2.5, libwebrtc's).
     * @return this.
     */
    public CongestionConfig pacingFactor(final double factor)
    {
        pacingFactor = factor;
        return this;
    }

    /**
     * Get the pacing rate as a multiple of the target.
     *
     * @return pacing factor.
     */
    public double pacingFactor()
    {
        return pacingFactor;
    }

    /**
     * Set the pacer burst window.
     *
     * @param ns pacer budget cap as time at the pacing rate (default 5 ms, the delay estimator's group span).
     * @return this.
     */
    public CongestionConfig pacerBurstWindowNs(final long ns)
    {
        pacerBurstWindowNs = ns;
        return this;
    }

    /**
     * Get the pacer burst window.
     *
     * @return pacer burst window.
     */
    public long pacerBurstWindowNs()
    {
        return pacerBurstWindowNs;
    }

    /**
     * Set the sent-packet history capacity.
     *
     * @param packets sent packets remembered for feedback matching; a power of two (default 8192).
     * @return this.
     */
    public CongestionConfig historyCapacity(final int packets)
    {
        historyCapacity = packets;
        return this;
    }

    /**
     * Get the sent-packet history capacity.
     *
     * @return history capacity.
     */
    public int historyCapacity()
    {
        return historyCapacity;
    }

    /**
     * Set the sent-packet history age limit.
     *
     * @param ns how long a sent packet is remembered (default 60 s, libwebrtc's).
     * @return this.
     */
    public CongestionConfig historyMaxAgeNs(final long ns)
    {
        historyMaxAgeNs = ns;
        return this;
    }

    /**
     * Get the sent-packet history age limit.
     *
     * @return history age limit.
     */
    public long historyMaxAgeNs()
    {
        return historyMaxAgeNs;
    }

    /**
     * Set the AIMD decrease factor.
     *
     * @param factor AIMD decrease factor {@code beta} (default 0.85, the draft's).
     * @return this.
     */
    public CongestionConfig backoffFactor(final double factor)
    {
        backoffFactor = factor;
        return this;
    }

    /**
     * Get the AIMD decrease factor.
     *
     * @return decrease factor.
     */
    public double backoffFactor()
    {
        return backoffFactor;
    }

    /**
     * Set the multiplicative increase per second.
     *
     * @param factor multiplicative increase per second far from congestion (default 1.08, the draft's).
     * @return this.
     */
    public CongestionConfig increasePerSecond(final double factor)
    {
        increasePerSecond = factor;
        return this;
    }

    /**
     * Get the multiplicative increase per second.
     *
     * @return multiplicative increase per second.
     */
    public double increasePerSecond()
    {
        return increasePerSecond;
    }

    /**
     * Set the fast-recovery fraction.
     *
     * @param fraction of the known congestion point to return to once a decrease drained the queue (default 0.95;
     *                 0 for libwebrtc's additive climb from the cut).
     * @return this.
     */
    public CongestionConfig fastRecoveryFraction(final double fraction)
    {
        fastRecoveryFraction = fraction;
        return this;
    }

    /**
     * Get the fast-recovery fraction.
     *
     * @return fast-recovery fraction.
     */
    public double fastRecoveryFraction()
    {
        return fastRecoveryFraction;
    }

    /**
     * Set the largest inherent loss of the loss model.
     *
     * @param loss largest rate-independent loss the loss model explains away (default 0.3).
     * @return this.
     */
    public CongestionConfig maxInherentLoss(final double loss)
    {
        maxInherentLoss = loss;
        return this;
    }

    /**
     * Get the largest inherent loss of the loss model.
     *
     * @return largest inherent loss.
     */
    public double maxInherentLoss()
    {
        return maxInherentLoss;
    }

    /**
     * Set the increase cap while application-limited.
     *
     * @param factor while application-limited, cap on the estimate as a multiple of the send rate (default 2).
     * @return this.
     */
    public CongestionConfig applicationLimitedCapFactor(final double factor)
    {
        applicationLimitedCapFactor = factor;
        return this;
    }

    /**
     * Get the increase cap while application-limited.
     *
     * @return application-limited cap factor.
     */
    public double applicationLimitedCapFactor()
    {
        return applicationLimitedCapFactor;
    }

    /**
     * Set the confirmation probe interval while application-limited.
     *
     * @param ns interval of confirmation probes while application-limited (default 5 s; 0 disables).
     * @return this.
     */
    public CongestionConfig alrProbeIntervalNs(final long ns)
    {
        alrProbeIntervalNs = ns;
        return this;
    }

    /**
     * Get the confirmation probe interval while application-limited.
     *
     * @return application-limited probe interval.
     */
    public long alrProbeIntervalNs()
    {
        return alrProbeIntervalNs;
    }

    /**
     * Set the ramp-up probe interval.
     *
     * @param ns unlimited time after which a ramp-up probe at twice the estimate is sent (default 3 s; 0 disables).
     * @return this.
     */
    public CongestionConfig rampUpProbeIntervalNs(final long ns)
    {
        rampUpProbeIntervalNs = ns;
        return this;
    }

    /**
     * Get the ramp-up probe interval.
     *
     * @return ramp-up probe interval.
     */
    public long rampUpProbeIntervalNs()
    {
        return rampUpProbeIntervalNs;
    }

    /**
     * Set the process interval.
     *
     * @param ns interval of {@link CongestionController#onProcessInterval(long)} (default 25 ms).
     * @return this.
     */
    public CongestionConfig processIntervalNs(final long ns)
    {
        processIntervalNs = ns;
        return this;
    }

    /**
     * Get the process interval.
     *
     * @return process interval.
     */
    public long processIntervalNs()
    {
        return processIntervalNs;
    }

    /**
     * Validate the settings.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public CongestionConfig conclude()
    {
        require(minBitrateBps > 0, "minBitrateBps must be positive");
        require(maxBitrateBps >= minBitrateBps, "maxBitrateBps must be >= minBitrateBps");
        require(startBitrateBps >= minBitrateBps && startBitrateBps <= maxBitrateBps,
            "startBitrateBps must be within [min, max]");
        require(pacingFactor >= 1.0, "pacingFactor must be >= 1");
        require(pacerBurstWindowNs > 0, "pacerBurstWindowNs must be positive");
        require(historyCapacity >= 16 && Integer.bitCount(historyCapacity) == 1,
            "historyCapacity must be a power of two >= 16");
        require(historyMaxAgeNs >= 1000, "historyMaxAgeNs must be at least 1 us");
        require(backoffFactor > 0 && backoffFactor < 1, "backoffFactor must be in (0, 1)");
        require(increasePerSecond >= 1, "increasePerSecond must be >= 1");
        require(fastRecoveryFraction >= 0 && fastRecoveryFraction < 1, "fastRecoveryFraction must be in [0, 1)");
        require(maxInherentLoss > 0 && maxInherentLoss < 1, "maxInherentLoss must be in (0, 1)");
        require(applicationLimitedCapFactor >= 1, "applicationLimitedCapFactor must be >= 1");
        require(alrProbeIntervalNs >= 0 && rampUpProbeIntervalNs >= 0, "probe intervals must be >= 0");
        require(processIntervalNs > 0, "processIntervalNs must be positive");
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "CongestionConfig{min=" + minBitrateBps + ", start=" + startBitrateBps + ", max=" + maxBitrateBps +
            ", pacingFactor=" + pacingFactor + ", backoff=" + backoffFactor + ", fastRecovery=" +
            fastRecoveryFraction + ", maxInherentLoss=" + maxInherentLoss + '}';
    }
}
