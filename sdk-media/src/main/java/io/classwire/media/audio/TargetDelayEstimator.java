package io.classwire.media.audio;

import java.util.Arrays;

/**
 * Target playout delay from the statistics of packet arrival delay, in the spirit of libwebrtc NetEQ's delay
 * manager; single-threaded, allocation-free after construction, deterministic (time comes from the caller).
 *
 * <pre>
 * transit_k  = arrival_k - timestamp_k / 48 kHz                      (sender clock offset cancels below)
 * relative_k = transit_k - min { transit_j : arrival_j within the last W } (0 for the fastest recent packet)
 * histogram  : h = f * h, then h[bucket(relative_k)] += 1 - f         (buckets of 5 ms; f = forgetting factor)
 * jitter     = smallest delay d with sum over buckets up to d of h &gt;= q  (q = 0.95)
 * target     = clamp(jitter + packet duration, minDelay, maxDelay)
 * </pre>
 *
 * Until about 1/(1-f) packets have been seen, the weight of a new sample is 1/(n+1) instead of 1-f so that the
 * initial guess (all mass at the initial delay) fades after a few dozen packets instead of minutes. The packet
 * duration is added because playout needs the whole next packet in hand, on top of the delay allowance.
 */
final class TargetDelayEstimator
{
    static final int BUCKET_MS = 5;
    private static final int WINDOW_CAPACITY = 512;

    private final double[] histogram;
    private final long[] windowArrivalsNs = new long[WINDOW_CAPACITY];
    private final long[] windowTransitsNs = new long[WINDOW_CAPACITY];
    private final double quantile;
    private final double forgetFactor;
    private final long windowNs;
    private final int minDelayMs;
    private final int maxDelayMs;
    private int windowHead;
    private int windowSize;
    private long packets;
    private long originNs;
    private boolean hasOrigin;
    private int lastRelativeDelayMs;
    private int targetMs;

    TargetDelayEstimator(final JitterBufferConfig config)
    {
        this.quantile = config.delayQuantile();
        this.forgetFactor = config.forgetFactor();
        this.windowNs = config.minDelayWindowMs() * 1_000_000L;
        this.minDelayMs = config.minDelayMs();
        this.maxDelayMs = config.maxDelayMs();
        this.histogram = new double[config.maxDelayMs() / BUCKET_MS + 1];
        reset(config.initialDelayMs());
    }

    void reset(final int initialDelayMs)
    {
        Arrays.fill(histogram, 0.0);
        // the target adds a packet to the quantile, so the initial guess sits one 20 ms packet lower
        histogram[bucket(initialDelayMs - AudioFormat.FRAME_DURATION_MS)] = 1.0;
        windowHead = 0;
        windowSize = 0;
        packets = 0;
        hasOrigin = false;
        targetMs = clamp(initialDelayMs);
    }

    /**
     * Account for one arrival.
     *
     * @param timestampSamples extended RTP timestamp of the packet.
     * @param arrivalNs        arrival time.
     * @param durationSamples  audio in the packet.
     */
    void onArrival(final long timestampSamples, final long arrivalNs, final int durationSamples)
    {
        if (!hasOrigin)
        {
            originNs = arrivalNs - AudioFormat.samplesToNs(timestampSamples);
            hasOrigin = true;
        }
        final long transitNs = arrivalNs - AudioFormat.samplesToNs(timestampSamples) - originNs;
        final long minTransitNs = pushAndMin(arrivalNs, transitNs);
        lastRelativeDelayMs = (int)Math.min(Integer.MAX_VALUE, (transitNs - minTransitNs) / 1_000_000L);
        final double weight = Math.max(1.0 - forgetFactor, 1.0 / (packets + 2));
        final double keep = 1.0 - weight;
        for (int i = 0; i < histogram.length; i++)
        {
            histogram[i] *= keep;
        }
        histogram[bucket(lastRelativeDelayMs)] += weight;
        packets++;
        targetMs = clamp(quantileMs() + durationSamples / AudioFormat.SAMPLES_PER_MS);
    }

    private long pushAndMin(final long arrivalNs, final long transitNs)
    {
        windowArrivalsNs[windowHead] = arrivalNs;
        windowTransitsNs[windowHead] = transitNs;
        windowHead = (windowHead + 1) % WINDOW_CAPACITY;
        windowSize = Math.min(WINDOW_CAPACITY, windowSize + 1);
        long min = transitNs;
        for (int i = 1; i <= windowSize; i++)
        {
            final int index = (windowHead - i + WINDOW_CAPACITY) % WINDOW_CAPACITY;
            if (arrivalNs - windowArrivalsNs[index] > windowNs)
            {
                windowSize = i - 1;
                break;
            }
            min = Math.min(min, windowTransitsNs[index]);
        }
        return min;
    }

    /** @return the relative delay covering the configured quantile, ms (upper edge of its bucket). */
    int quantileMs()
    {
        double sum = 0.0;
        for (int i = 0; i < histogram.length; i++)
        {
            sum += histogram[i];
            if (sum >= quantile)
            {
                return i * BUCKET_MS;
            }
        }
        return (histogram.length - 1) * BUCKET_MS;
    }

    private int bucket(final int delayMs)
    {
        return Math.max(0, Math.min(histogram.length - 1, (delayMs + BUCKET_MS - 1) / BUCKET_MS));
    }

    private int clamp(final int delayMs)
    {
        return Math.max(minDelayMs, Math.min(maxDelayMs, delayMs));
    }

    /** @return the current target delay, ms. */
    int targetMs()
    {
        return targetMs;
    }

    /** @return relative delay of the last arrival, ms. */
    int lastRelativeDelayMs()
    {
        return lastRelativeDelayMs;
    }

    /** @return arrivals accounted. */
    long packets()
    {
        return packets;
    }
}
