package io.classwire.core.congestion;

/**
 * Throughput of acknowledged (received) bytes, measured on the receiver's arrival clock: the draft's incoming rate
 * {@code R} (draft-ietf-rmcat-gcc-02 section 5.5), which the rate controller cuts to and bounds its increases by.
 *
 * <p>Bytes are summed over fixed windows of arrival time (500 ms for the first sample, 150 ms after). Each window
 * gives a rate sample {@code x}, fused into the estimate {@code e} with a scalar Bayesian (Kalman-like) update whose
 * sample uncertainty grows with the distance from the estimate: {@code sigma = scale * |e - x| / e}, predicted
 * variance {@code p = v + 5}, {@code e = (sigma^2 e + p x) / (sigma^2 + p)}, {@code v = sigma^2 p / (sigma^2 + p)}
 * (in kbit/s). A sample far from the estimate is trusted little, so one short burst or gap does not swing it, while a
 * sustained change moves it within a few windows. libwebrtc uses the same structure.
 *
 * <p>Samples taken while the application is limited and below the estimate get twice the uncertainty: a quiet
 * sender is not a slower path. A gap longer than a window restarts the window instead of producing a zero sample, so
 * a pause never drives the estimate to zero.
 *
 * <p>Besides the fused estimate it keeps the raw delivery rate of the most recent packets
 * ({@link #recentDeliveryRateBps()}): when the path is saturated, as at an over-use, that is the bottleneck rate
 * now, while the fused estimate still lags behind a sudden capacity drop by a second or more.
 *
 * <p>Single-threaded, allocation-free.
 */
public final class AcknowledgedBitrateEstimator
{
    /** Returned when no estimate exists yet. */
    public static final long NO_ESTIMATE = -1;
    /** Window of the first sample. */
    public static final long INITIAL_WINDOW_US = 500_000;
    /** Window of later samples. */
    public static final long WINDOW_US = 150_000;

    private static final double UNCERTAINTY_SCALE = 10.0;
    private static final double LIMITED_UNCERTAINTY_SCALE = 20.0;
    private static final double PROCESS_NOISE = 5.0;
    private static final double INITIAL_VARIANCE = 50.0;
    private static final double FAST_CHANGE_VARIANCE = 200.0;
    private static final long NONE = Long.MIN_VALUE;
    private static final int RECENT_PACKETS = 512;
    private static final long RECENT_WINDOW_US = 250_000;
    private static final long MIN_RECENT_SPAN_US = 50_000;
    private static final int MIN_RECENT_PACKETS = 5;

    private final long[] recentArrivalsUs = new long[RECENT_PACKETS];
    private final int[] recentSizes = new int[RECENT_PACKETS];
    private int recentHead;
    private int recentCount;

    private double estimateKbps = -1;
    private double variance = INITIAL_VARIANCE;
    private long windowBytes;
    private long windowElapsedUs;
    private long previousUs = NONE;
    private long samples;

    /**
     * Add the received packets of one feedback, in arrival order.
     *
     * @param results            outcomes of one feedback.
     * @param applicationLimited whether the sender is application-limited now.
     */
    public void onPacketResults(final PacketResults results, final boolean applicationLimited)
    {
        final int received = results.receivedCount();
        for (int k = 0; k < received; k++)
        {
            final int i = results.arrivalOrder(k);
            onAcked(results.arrivalTimeUs(i), results.sizeBytes(i), applicationLimited);
        }
    }

    /**
     * Add one acknowledged packet.
     *
     * @param arrivalTimeUs      its arrival time on the receiver's clock (non-decreasing across calls).
     * @param sizeBytes          its size.
     * @param applicationLimited whether the sender is application-limited now.
     */
    public void onAcked(final long arrivalTimeUs, final int sizeBytes, final boolean applicationLimited)
    {
        recordRecent(arrivalTimeUs, sizeBytes);
        final long windowUs = estimateKbps < 0 ? INITIAL_WINDOW_US : WINDOW_US;
        final double sampleKbps = updateWindow(arrivalTimeUs, sizeBytes, windowUs);
        if (sampleKbps < 0)
        {
            return;
        }
        samples++;
        if (estimateKbps < 0)
        {
            estimateKbps = sampleKbps;
            return;
        }
        final double scale = applicationLimited && sampleKbps < estimateKbps ?
            LIMITED_UNCERTAINTY_SCALE : UNCERTAINTY_SCALE;
        final double uncertainty = scale * Math.abs(estimateKbps - sampleKbps) / estimateKbps;
        final double sampleVariance = uncertainty * uncertainty;
        final double predictedVariance = variance + PROCESS_NOISE;
        estimateKbps = (sampleVariance * estimateKbps + predictedVariance * sampleKbps) /
            (sampleVariance + predictedVariance);
        variance = sampleVariance * predictedVariance / (sampleVariance + predictedVariance);
    }

    private void recordRecent(final long arrivalTimeUs, final int sizeBytes)
    {
        final int slot = (recentHead + recentCount) % RECENT_PACKETS;
        recentArrivalsUs[slot] = arrivalTimeUs;
        recentSizes[slot] = sizeBytes;
        if (recentCount == RECENT_PACKETS)
        {
            recentHead = (recentHead + 1) % RECENT_PACKETS;
        }
        else
        {
            recentCount++;
        }
    }

    /**
     * Delivery rate of the packets that arrived in the last 250 ms of arrival time (the first packet's size excluded:
     * n packets span n - 1 transmissions).
     *
     * @return bits per second, or {@link #NO_ESTIMATE} when fewer than 5 packets or less than 50 ms are available.
     */
    public long recentDeliveryRateBps()
    {
        if (recentCount < MIN_RECENT_PACKETS)
        {
            return NO_ESTIMATE;
        }
        final int newest = (recentHead + recentCount - 1) % RECENT_PACKETS;
        final long newestUs = recentArrivalsUs[newest];
        long bytes = 0;
        long oldestUs = newestUs;
        int packets = 0;
        for (int k = recentCount - 1; k >= 0; k--)
        {
            final int slot = (recentHead + k) % RECENT_PACKETS;
            if (newestUs - recentArrivalsUs[slot] > RECENT_WINDOW_US)
            {
                break;
            }
            if (packets > 0)
            {
                bytes += recentSizes[(recentHead + k + 1) % RECENT_PACKETS];
            }
            oldestUs = recentArrivalsUs[slot];
            packets++;
        }
        final long spanUs = newestUs - oldestUs;
        if (packets < MIN_RECENT_PACKETS || spanUs < MIN_RECENT_SPAN_US)
        {
            return NO_ESTIMATE;
        }
        return bytes * 8_000_000L / spanUs;
    }

    private double updateWindow(final long nowUs, final int bytes, final long windowUs)
    {
        if (previousUs != NONE && nowUs < previousUs)
        {
            previousUs = NONE;
            windowBytes = 0;
            windowElapsedUs = 0;
        }
        if (previousUs != NONE)
        {
            windowElapsedUs += nowUs - previousUs;
            if (nowUs - previousUs > windowUs)
            {
                windowBytes = 0;
                windowElapsedUs %= windowUs;
            }
        }
        previousUs = nowUs;
        double sampleKbps = -1;
        if (windowElapsedUs >= windowUs)
        {
            sampleKbps = windowBytes * 8.0 * 1000.0 / windowUs;
            windowElapsedUs -= windowUs;
            windowBytes = 0;
        }
        windowBytes += bytes;
        return sampleKbps;
    }

    /**
     * Let the estimate move fast for the next few samples, e.g. after a probe or when the sender leaves the
     * application-limited region.
     */
    public void expectFastChange()
    {
        variance += FAST_CHANGE_VARIANCE;
    }

    /**
     * The fused estimate.
     *
     * @return bits per second, or {@link #NO_ESTIMATE}.
     */
    public long bitrateBps()
    {
        return estimateKbps < 0 ? NO_ESTIMATE : (long)(estimateKbps * 1000);
    }

    /**
     * The rate in the window being filled, unfiltered.
     *
     * @return bits per second, or {@link #NO_ESTIMATE} when the window is empty.
     */
    public long peekRateBps()
    {
        return windowElapsedUs > 0 ? windowBytes * 8_000_000L / windowElapsedUs : NO_ESTIMATE;
    }

    /**
     * Window samples fused so far.
     *
     * @return the count.
     */
    public long samples()
    {
        return samples;
    }
}
