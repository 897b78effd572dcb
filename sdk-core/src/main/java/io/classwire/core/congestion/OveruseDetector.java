package io.classwire.core.congestion;

/**
 * Over-use detector with an adaptive threshold (draft-ietf-rmcat-gcc-02 section 5.4): compares the modified delay
 * trend {@code m} with a threshold {@code del_var_th} and decides {@link BandwidthUsage}.
 *
 * <ul>
 *   <li>{@code m > th}: over-use is signalled only once {@code m} has stayed above for more than
 *   {@code overuse_time_th} (10 ms of send time) and at least two deltas, and the slope is not falling, so a single
 *   spike does not cut the rate.</li>
 *   <li>{@code m < -th}: under-use (the queue drains).</li>
 *   <li>otherwise: normal.</li>
 * </ul>
 *
 * <p>Threshold (section 5.4): {@code th += dt * k * (|m| - th)}, with {@code dt} the time since the last update in
 * ms, capped at 100 ms; {@code k = k_u} when {@code |m| > th} (the threshold rises towards a larger trend) and
 * {@code k = k_d} otherwise (it falls back). The draft's purpose: a fixed threshold either starves against a
 * loss-based TCP flow (the queue it builds keeps the trend high) or is too sensitive on a jittery path. Updates with
 * {@code |m| > th + 15 ms} are skipped so a sudden capacity drop does not raise the threshold, and {@code th} stays in
 * [6, 600] ms. The gains are libwebrtc's tuning for the trendline scale ({@code k_u = 0.0087},
 * {@code k_d = 0.039}); the draft's 0.01 / 0.00018 belong to its Kalman offset, whose scale differs.
 *
 * <p>Single-threaded, allocation-free.
 */
public final class OveruseDetector
{
    /** Initial threshold from the draft. */
    public static final double DEFAULT_INITIAL_THRESHOLD_MS = 12.5;
    /** Threshold gain when the trend is outside the threshold. */
    public static final double DEFAULT_GAIN_UP = 0.0087;
    /** Threshold gain when the trend is inside the threshold. */
    public static final double DEFAULT_GAIN_DOWN = 0.039;
    /** Smallest threshold. */
    public static final double MIN_THRESHOLD_MS = 6.0;
    /** Largest threshold. */
    public static final double MAX_THRESHOLD_MS = 600.0;
    /** Trend excess over the threshold beyond which the threshold is not adapted. */
    public static final double MAX_ADAPT_OFFSET_MS = 15.0;
    /** Send time the trend must stay above the threshold before over-use is signalled. */
    public static final double OVERUSE_TIME_THRESHOLD_MS = 10.0;

    private static final long MAX_ADAPT_INTERVAL_US = 100_000;

    private final double gainUp;
    private final double gainDown;
    private double thresholdMs;
    private double timeOverUsingMs = -1;
    private int overuseCounter;
    private double previousTrend;
    private long lastUpdateUs = Long.MIN_VALUE;
    private BandwidthUsage usage = BandwidthUsage.NORMAL;

    /** Create a detector with the default threshold and gains. */
    public OveruseDetector()
    {
        this(DEFAULT_INITIAL_THRESHOLD_MS, DEFAULT_GAIN_UP, DEFAULT_GAIN_DOWN);
    }

    /**
     * Create a detector.
     *
     * @param initialThresholdMs starting threshold, in [6, 600].
     * @param gainUp             {@code k_u}, per millisecond, positive.
     * @param gainDown           {@code k_d}, per millisecond, positive.
     */
    public OveruseDetector(final double initialThresholdMs, final double gainUp, final double gainDown)
    {
        if (!(initialThresholdMs >= MIN_THRESHOLD_MS && initialThresholdMs <= MAX_THRESHOLD_MS) ||
            !(gainUp > 0.0) || !(gainDown > 0.0))
        {
            throw new IllegalArgumentException(
                "bad threshold " + initialThresholdMs + " or gains " + gainUp + "/" + gainDown);
        }
        this.thresholdMs = initialThresholdMs;
        this.gainUp = gainUp;
        this.gainDown = gainDown;
    }

    /**
     * Classify the latest trend and adapt the threshold.
     *
     * @param modifiedTrend {@link TrendlineEstimator#modifiedTrend()}.
     * @param trend         {@link TrendlineEstimator#trend()}.
     * @param sendDeltaUs   send-time delta of the group that produced the trend.
     * @param numDeltas     {@link TrendlineEstimator#numDeltas()}.
     * @param nowUs         arrival time of that group (any monotonic clock in microseconds).
     * @return the new verdict.
     */
    public BandwidthUsage detect(
        final double modifiedTrend, final double trend, final long sendDeltaUs, final int numDeltas, final long nowUs)
    {
        if (numDeltas < 2)
        {
            usage = BandwidthUsage.NORMAL;
            return usage;
        }
        final double sendDeltaMs = sendDeltaUs / 1000.0;
        if (modifiedTrend > thresholdMs)
        {
            // Assume the trend has been above for half of the interval since the previous sample.
            timeOverUsingMs = timeOverUsingMs < 0 ? sendDeltaMs / 2 : timeOverUsingMs + sendDeltaMs;
            overuseCounter++;
            if (timeOverUsingMs > OVERUSE_TIME_THRESHOLD_MS && overuseCounter > 1 && trend >= previousTrend)
            {
                timeOverUsingMs = 0;
                overuseCounter = 0;
                usage = BandwidthUsage.OVERUSING;
            }
        }
        else if (modifiedTrend < -thresholdMs)
        {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            usage = BandwidthUsage.UNDERUSING;
        }
        else
        {
            timeOverUsingMs = -1;
            overuseCounter = 0;
            usage = BandwidthUsage.NORMAL;
        }
        previousTrend = trend;
        adaptThreshold(modifiedTrend, nowUs);
        return usage;
    }

    private void adaptThreshold(final double modifiedTrend, final long nowUs)
    {
        if (lastUpdateUs == Long.MIN_VALUE)
        {
            lastUpdateUs = nowUs;
        }
        final double magnitude = Math.abs(modifiedTrend);
        if (magnitude > thresholdMs + MAX_ADAPT_OFFSET_MS)
        {
            lastUpdateUs = nowUs;
            return;
        }
        final double gain = magnitude < thresholdMs ? gainDown : gainUp;
        final double intervalMs = Math.max(0, Math.min(nowUs - lastUpdateUs, MAX_ADAPT_INTERVAL_US)) / 1000.0;
        thresholdMs += gain * (magnitude - thresholdMs) * intervalMs;
        thresholdMs = Math.max(MIN_THRESHOLD_MS, Math.min(MAX_THRESHOLD_MS, thresholdMs));
        lastUpdateUs = nowUs;
    }

    /**
     * The latest verdict.
     *
     * @return the state.
     */
    public BandwidthUsage usage()
    {
        return usage;
    }

    /**
     * The current adaptive threshold.
     *
     * @return milliseconds.
     */
    public double thresholdMs()
    {
        return thresholdMs;
    }

    /** Return to NORMAL without forgetting the adapted threshold, e.g. after a send pause. */
    public void resetState()
    {
        usage = BandwidthUsage.NORMAL;
        timeOverUsingMs = -1;
        overuseCounter = 0;
        previousTrend = 0;
    }
}
