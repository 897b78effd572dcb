package io.classwire.core.congestion;

/**
 * Running estimate of the rate at which the path last became congested: an exponential average of the acknowledged
 * rate at each over-use, with a normalised variance, so the rate controller can tell "near the known congestion
 * point" (increase additively) from "far from it" (increase multiplicatively). libwebrtc keeps the same statistic;
 * draft-ietf-rmcat-gcc-02 section 5.5 describes it as the average max bitrate and its standard deviation.
 *
 * <p>Update with sample {@code x} and weight {@code a} (0.05 at over-use, 0.5 for a probe result):
 * {@code e = (1 - a) e + a x}; {@code v = (1 - a) v + a (e - x)^2 / max(e, 1)} in kbit/s, with {@code v} clamped to
 * [0.4, 2.5] (about 14 to 35 kbit/s of deviation at 500 kbit/s). Bounds are {@code e +- 3 sqrt(v e)}. Single-threaded.
 */
public final class LinkCapacityTracker
{
    private static final double OVERUSE_WEIGHT = 0.05;
    private static final double PROBE_WEIGHT = 0.5;
    private static final double MIN_NORMALISED_VARIANCE = 0.4;
    private static final double MAX_NORMALISED_VARIANCE = 2.5;

    private boolean hasEstimate;
    private double estimateKbps;
    private double normalisedVariance = MIN_NORMALISED_VARIANCE;

    /**
     * Record the acknowledged rate at an over-use.
     *
     * @param ackedBps acknowledged rate when congestion was detected.
     */
    public void onOveruse(final long ackedBps)
    {
        update(ackedBps / 1000.0, OVERUSE_WEIGHT);
    }

    /**
     * Record a probe's measured rate.
     *
     * @param probeBps the probe result.
     */
    public void onProbe(final long probeBps)
    {
        update(probeBps / 1000.0, PROBE_WEIGHT);
    }

    private void update(final double sampleKbps, final double weight)
    {
        if (!hasEstimate)
        {
            estimateKbps = sampleKbps;
            hasEstimate = true;
        }
        else
        {
            estimateKbps = (1 - weight) * estimateKbps + weight * sampleKbps;
        }
        final double norm = Math.max(estimateKbps, 1.0);
        final double errorKbps = estimateKbps - sampleKbps;
        normalisedVariance = (1 - weight) * normalisedVariance + weight * errorKbps * errorKbps / norm;
        normalisedVariance = Math.max(MIN_NORMALISED_VARIANCE, Math.min(MAX_NORMALISED_VARIANCE, normalisedVariance));
    }

    /** Forget the estimate (the path changed). */
    public void reset()
    {
        hasEstimate = false;
    }

    /**
     * Whether a congestion point is known.
     *
     * @return true after an over-use or probe, until {@link #reset()}.
     */
    public boolean hasEstimate()
    {
        return hasEstimate;
    }

    /**
     * The estimated congestion point.
     *
     * @return bits per second; meaningless without {@link #hasEstimate()}.
     */
    public long estimateBps()
    {
        return (long)(estimateKbps * 1000);
    }

    /**
     * Upper bound, three deviations above the estimate.
     *
     * @return bits per second, or {@link Long#MAX_VALUE} without an estimate.
     */
    public long upperBoundBps()
    {
        return hasEstimate ? (long)((estimateKbps + 3 * deviationKbps()) * 1000) : Long.MAX_VALUE;
    }

    /**
     * Lower bound, three deviations below the estimate.
     *
     * @return bits per second, or 0 without an estimate.
     */
    public long lowerBoundBps()
    {
        return hasEstimate ? (long)(Math.max(0.0, estimateKbps - 3 * deviationKbps()) * 1000) : 0;
    }

    private double deviationKbps()
    {
        return Math.sqrt(normalisedVariance * estimateKbps);
    }
}
