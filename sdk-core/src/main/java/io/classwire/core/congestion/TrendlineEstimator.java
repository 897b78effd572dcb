package io.classwire.core.congestion;

/**
 * Delay-gradient estimator: a least-squares line through the last N points (arrival time, smoothed accumulated delay
 * variation), whose slope estimates {@code (send rate - capacity) / capacity}: positive while the bottleneck queue
 * grows, zero when it is stable, negative while it drains. It replaces the draft's Kalman filter (draft-ietf-rmcat-
 * gcc-02 section 5.3) as libwebrtc did, because a regression over a window is less sensitive to single outliers.
 *
 * <p>For each group delta: {@code d = arrivalDelta - sendDelta} (section 5.1); {@code accumulated += d};
 * {@code smoothed = s * smoothed + (1 - s) * accumulated} with {@code s = 0.9}; the point
 * {@code (arrival - firstArrival, smoothed)} enters a window of 20; once the window is full the slope is refitted.
 * The detector compares {@link #modifiedTrend()} = {@code min(numDeltas, 60) * slope * 4} with its adaptive
 * threshold: scaling by the number of deltas keeps the first few noisy slopes from triggering, and the gain of 4
 * maps a slope onto the millisecond scale of the threshold.
 *
 * <p>Single-threaded; the window is a fixed ring of doubles, so updates allocate nothing.
 */
public final class TrendlineEstimator
{
    /** Points in the regression window. */
    public static final int DEFAULT_WINDOW_SIZE = 20;
    /** Exponential smoothing coefficient of the accumulated delay. */
    public static final double DEFAULT_SMOOTHING = 0.9;
    /** Gain applied to the slope before comparing with the threshold. */
    public static final double DEFAULT_THRESHOLD_GAIN = 4.0;
    /** Cap on the number of deltas used to scale the slope. */
    public static final int MAX_DELTAS_FOR_SCALING = 60;

    private static final int DELTA_COUNTER_MAX = 1000;

    private final int windowSize;
    private final double smoothing;
    private final double thresholdGain;
    private final double[] arrivalsMs;
    private final double[] delaysMs;
    private int head;
    private int size;
    private int numDeltas;
    private long firstArrivalUs = Long.MIN_VALUE;
    private double accumulatedDelayMs;
    private double smoothedDelayMs;
    private double trend;

    /** Create an estimator with libwebrtc's defaults (window 20, smoothing 0.9, gain 4). */
    public TrendlineEstimator()
    {
        this(DEFAULT_WINDOW_SIZE, DEFAULT_SMOOTHING, DEFAULT_THRESHOLD_GAIN);
    }

    /**
     * Create an estimator.
     *
     * @param windowSize    points in the regression window, in [2, 1000].
     * @param smoothing     smoothing coefficient in [0, 1).
     * @param thresholdGain gain on the slope, positive.
     */
    public TrendlineEstimator(final int windowSize, final double smoothing, final double thresholdGain)
    {
        if (windowSize < 2 || windowSize > 1000)
        {
            throw new IllegalArgumentException("windowSize must be in [2, 1000]: " + windowSize);
        }
        if (!(smoothing >= 0.0 && smoothing < 1.0) || !(thresholdGain > 0.0))
        {
            throw new IllegalArgumentException("bad smoothing " + smoothing + " or gain " + thresholdGain);
        }
        this.windowSize = windowSize;
        this.smoothing = smoothing;
        this.thresholdGain = thresholdGain;
        this.arrivalsMs = new double[windowSize];
        this.delaysMs = new double[windowSize];
    }

    /**
     * Add one group delta.
     *
     * @param sendDeltaUs    send-time delta between groups.
     * @param arrivalDeltaUs arrival-time delta between groups.
     * @param arrivalTimeUs  arrival time of the completed group, on the receiver's clock.
     * @return the current slope.
     */
    public double update(final long sendDeltaUs, final long arrivalDeltaUs, final long arrivalTimeUs)
    {
        final double deltaMs = (arrivalDeltaUs - sendDeltaUs) / 1000.0;
        numDeltas = Math.min(numDeltas + 1, DELTA_COUNTER_MAX);
        if (firstArrivalUs == Long.MIN_VALUE)
        {
            firstArrivalUs = arrivalTimeUs;
        }
        accumulatedDelayMs += deltaMs;
        smoothedDelayMs = smoothing * smoothedDelayMs + (1 - smoothing) * accumulatedDelayMs;

        final int slot = (head + size) % windowSize;
        arrivalsMs[slot] = (arrivalTimeUs - firstArrivalUs) / 1000.0;
        delaysMs[slot] = smoothedDelayMs;
        if (size < windowSize)
        {
            size++;
        }
        else
        {
            head = (head + 1) % windowSize;
        }
        if (size == windowSize)
        {
            trend = fitSlope(trend);
        }
        return trend;
    }

    private double fitSlope(final double fallback)
    {
        double sumX = 0;
        double sumY = 0;
        for (int i = 0; i < size; i++)
        {
            sumX += arrivalsMs[i];
            sumY += delaysMs[i];
        }
        final double meanX = sumX / size;
        final double meanY = sumY / size;
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < size; i++)
        {
            final double dx = arrivalsMs[i] - meanX;
            numerator += dx * (delaysMs[i] - meanY);
            denominator += dx * dx;
        }
        return denominator == 0.0 ? fallback : numerator / denominator;
    }

    /**
     * The fitted slope of smoothed delay against arrival time (dimensionless, ms per ms).
     *
     * @return the slope; 0 until the window first fills.
     */
    public double trend()
    {
        return trend;
    }

    /**
     * The slope scaled for comparison with the detector's threshold (milliseconds).
     *
     * @return {@code min(numDeltas, 60) * trend * gain}.
     */
    public double modifiedTrend()
    {
        return Math.min(numDeltas, MAX_DELTAS_FOR_SCALING) * trend * thresholdGain;
    }

    /**
     * Deltas seen since the last reset (capped at 1000).
     *
     * @return the count.
     */
    public int numDeltas()
    {
        return numDeltas;
    }

    /**
     * Smoothed accumulated delay variation, an estimate of the self-inflicted queuing delay plus an offset.
     *
     * @return milliseconds.
     */
    public double smoothedDelayMs()
    {
        return smoothedDelayMs;
    }

    /** Forget the window and the accumulated delay, e.g. after a send pause. */
    public void reset()
    {
        head = 0;
        size = 0;
        numDeltas = 0;
        firstArrivalUs = Long.MIN_VALUE;
        accumulatedDelayMs = 0;
        smoothedDelayMs = 0;
        trend = 0;
    }
}
