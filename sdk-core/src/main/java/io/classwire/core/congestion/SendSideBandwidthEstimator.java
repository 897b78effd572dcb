package io.classwire.core.congestion;

/**
 * Combines the two halves of GCC into the target rate (draft-ietf-rmcat-gcc-02 sections 5 and 6):
 * {@code target = clamp(min(delay-based estimate, loss-based bound), min, max)}. The delay-based half reacts to a
 * growing queue before anything is lost; the loss-based half to loss that grows with the rate (a shallow buffer that
 * overflows before a queue shows). Either may limit; the configured minimum always wins, as a class must keep its
 * audio even on a terrible link.
 *
 * <p>Single-threaded, allocation-free.
 */
public final class SendSideBandwidthEstimator
{
    /** What limits the target. */
    public enum Limit
    {
        /** The delay-based estimate. */
        DELAY,
        /** The loss-based bound. */
        LOSS,
        /** The configured minimum. */
        MIN,
        /** The configured maximum. */
        MAX
    }

    private final long minBps;
    private final long maxBps;
    private final LossBasedEstimator lossBased;
    private long delayBasedBps;
    private long targetBps;
    private Limit limit = Limit.DELAY;

    /**
     * Create an estimator.
     *
     * @param minBps    configured minimum, positive.
     * @param startBps  initial delay-based estimate.
     * @param maxBps    configured maximum.
     * @param lossBased the loss-based estimator it combines.
     */
    public SendSideBandwidthEstimator(final long minBps, final long startBps, final long maxBps,
        final LossBasedEstimator lossBased)
    {
        if (minBps <= 0 || maxBps < minBps)
        {
            throw new IllegalArgumentException("bad bounds: min=" + minBps + " max=" + maxBps);
        }
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.lossBased = lossBased;
        this.delayBasedBps = startBps;
        recompute();
    }

    /**
     * Take a new delay-based estimate.
     *
     * @param bps the estimate.
     * @return the new target.
     */
    public long onDelayBasedEstimate(final long bps)
    {
        delayBasedBps = bps;
        return recompute();
    }

    /**
     * Let the loss-based bound recover and recompute the target.
     *
     * @param nowUs current time.
     * @return the new target.
     */
    public long process(final long nowUs)
    {
        lossBased.process(delayBasedBps, nowUs);
        return recompute();
    }

    /**
     * Recompute the target from the current inputs (after the loss-based estimator took new results).
     *
     * @return the new target.
     */
    public long recompute()
    {
        final long lossBps = lossBased.boundBps();
        long bps = delayBasedBps;
        limit = Limit.DELAY;
        if (lossBps < bps)
        {
            bps = lossBps;
            limit = Limit.LOSS;
        }
        if (bps > maxBps)
        {
            bps = maxBps;
            limit = Limit.MAX;
        }
        if (bps < minBps)
        {
            bps = minBps;
            limit = Limit.MIN;
        }
        targetBps = bps;
        return targetBps;
    }

    /**
     * The target rate.
     *
     * @return bits per second.
     */
    public long targetBps()
    {
        return targetBps;
    }

    /**
     * What limits the target now.
     *
     * @return the limit.
     */
    public Limit limit()
    {
        return limit;
    }

    /**
     * The latest delay-based estimate.
     *
     * @return bits per second.
     */
    public long delayBasedBps()
    {
        return delayBasedBps;
    }

    /**
     * The loss-based estimator.
     *
     * @return it (diagnostics).
     */
    public LossBasedEstimator lossBased()
    {
        return lossBased;
    }
}
