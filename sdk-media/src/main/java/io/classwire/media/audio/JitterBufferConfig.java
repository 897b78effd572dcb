package io.classwire.media.audio;

/**
 * Settings of a {@link JitterBuffer}, with fluent setters and {@link #conclude()} to check them. Defaults suit
 * 20 ms Opus speech on ordinary Internet paths.
 */
public final class JitterBufferConfig
{
    /** Default playout pull: 20 ms. */
    public static final int DEFAULT_PULL_SAMPLES = AudioFormat.FRAME_SAMPLES;
    /** Default lower bound of the target delay. */
    public static final int DEFAULT_MIN_DELAY_MS = 20;
    /** Default upper bound of the target delay. */
    public static final int DEFAULT_MAX_DELAY_MS = 1000;
    /** Default target before any arrival has been measured. */
    public static final int DEFAULT_INITIAL_DELAY_MS = 60;
    /** Default number of packet slots (2.56 s of 20 ms packets); a power of two. */
    public static final int DEFAULT_CAPACITY_PACKETS = 128;
    /** Default quantile of the arrival-delay histogram used as the jitter allowance. */
    public static final double DEFAULT_DELAY_QUANTILE = 0.95;
    /** Default forgetting factor of the histogram per packet: old mass halves in about 230 packets (4.6 s). */
    public static final double DEFAULT_FORGET_FACTOR = 0.997;
    /** Default window over which the fastest packet defines zero relative delay. */
    public static final int DEFAULT_MIN_DELAY_WINDOW_MS = 2000;
    /** Default concealment length after which the decoder is no longer asked and zeros are played. */
    public static final int DEFAULT_MAX_CONCEAL_MS = 200;
    /** Default cross-fade length when merging real audio after concealment. */
    public static final int DEFAULT_MERGE_MS = 5;

    private int pullSamples = DEFAULT_PULL_SAMPLES;
    private int minDelayMs = DEFAULT_MIN_DELAY_MS;
    private int maxDelayMs = DEFAULT_MAX_DELAY_MS;
    private int initialDelayMs = DEFAULT_INITIAL_DELAY_MS;
    private int capacityPackets = DEFAULT_CAPACITY_PACKETS;
    private double delayQuantile = DEFAULT_DELAY_QUANTILE;
    private double forgetFactor = DEFAULT_FORGET_FACTOR;
    private int minDelayWindowMs = DEFAULT_MIN_DELAY_WINDOW_MS;
    private int maxConcealMs = DEFAULT_MAX_CONCEAL_MS;
    private int mergeMs = DEFAULT_MERGE_MS;

    /**
     * @param pullSamples samples per {@link JitterBuffer#pull}: 480 (10 ms) or 960 (20 ms).
     * @return this for chaining.
     */
    public JitterBufferConfig pullSamples(final int pullSamples)
    {
        this.pullSamples = pullSamples;
        return this;
    }

    /**
     * @param minDelayMs lower bound of the target delay, 0..maxDelayMs.
     * @return this for chaining.
     */
    public JitterBufferConfig minDelayMs(final int minDelayMs)
    {
        this.minDelayMs = minDelayMs;
        return this;
    }

    /**
     * @param maxDelayMs upper bound of the target delay; also how long a future packet may wait before playout
     *                   jumps to it.
     * @return this for chaining.
     */
    public JitterBufferConfig maxDelayMs(final int maxDelayMs)
    {
        this.maxDelayMs = maxDelayMs;
        return this;
    }

    /**
     * @param initialDelayMs target delay before arrivals have been measured.
     * @return this for chaining.
     */
    public JitterBufferConfig initialDelayMs(final int initialDelayMs)
    {
        this.initialDelayMs = initialDelayMs;
        return this;
    }

    /**
     * @param capacityPackets packet slots, a power of two from 16 to 4096.
     * @return this for chaining.
     */
    public JitterBufferConfig capacityPackets(final int capacityPackets)
    {
        this.capacityPackets = capacityPackets;
        return this;
    }

    /**
     * @param delayQuantile quantile of relative arrival delay the target covers, in (0, 1).
     * @return this for chaining.
     */
    public JitterBufferConfig delayQuantile(final double delayQuantile)
    {
        this.delayQuantile = delayQuantile;
        return this;
    }

    /**
     * @param forgetFactor weight kept by the histogram per packet, in (0, 1); closer to 1 forgets more slowly.
     * @return this for chaining.
     */
    public JitterBufferConfig forgetFactor(final double forgetFactor)
    {
        this.forgetFactor = forgetFactor;
        return this;
    }

    /**
     * @param minDelayWindowMs window over which the fastest packet sets zero relative delay, positive.
     * @return this for chaining.
     */
    public JitterBufferConfig minDelayWindowMs(final int minDelayWindowMs)
    {
        this.minDelayWindowMs = minDelayWindowMs;
        return this;
    }

    /**
     * @param maxConcealMs concealment after which zeros replace decoder PLC, non-negative.
     * @return this for chaining.
     */
    public JitterBufferConfig maxConcealMs(final int maxConcealMs)
    {
        this.maxConcealMs = maxConcealMs;
        return this;
    }

    /**
     * @param mergeMs cross-fade length after concealment, 1..10 ms.
     * @return this for chaining.
     */
    public JitterBufferConfig mergeMs(final int mergeMs)
    {
        this.mergeMs = mergeMs;
        return this;
    }

    /**
     * Check the settings.
     *
     * @return this.
     * @throws IllegalArgumentException naming the first bad setting.
     */
    public JitterBufferConfig conclude()
    {
        require(pullSamples == AudioFormat.HALF_FRAME_SAMPLES || pullSamples == AudioFormat.FRAME_SAMPLES,
            "pullSamples must be 480 or 960: " + pullSamples);
        require(minDelayMs >= 0 && minDelayMs <= maxDelayMs, "need 0 <= minDelayMs <= maxDelayMs");
        require(maxDelayMs <= 10_000, "maxDelayMs above 10 s: " + maxDelayMs);
        require(initialDelayMs >= 0, "initialDelayMs negative");
        require(Integer.bitCount(capacityPackets) == 1 && capacityPackets >= 16 && capacityPackets <= 4096,
            "capacityPackets must be a power of two in 16..4096: " + capacityPackets);
        require(delayQuantile > 0 && delayQuantile < 1, "delayQuantile must be in (0, 1)");
        require(forgetFactor > 0 && forgetFactor < 1, "forgetFactor must be in (0, 1)");
        require(minDelayWindowMs > 0, "minDelayWindowMs must be positive");
        require(maxConcealMs >= 0, "maxConcealMs negative");
        require(mergeMs >= 1 && mergeMs <= 10, "mergeMs must be 1..10");
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalArgumentException(message);
        }
    }

    /** @return samples per pull. */
    public int pullSamples()
    {
        return pullSamples;
    }

    /** @return lower bound of the target delay, ms. */
    public int minDelayMs()
    {
        return minDelayMs;
    }

    /** @return upper bound of the target delay, ms. */
    public int maxDelayMs()
    {
        return maxDelayMs;
    }

    /** @return target before measurements, ms. */
    public int initialDelayMs()
    {
        return initialDelayMs;
    }

    /** @return packet slots. */
    public int capacityPackets()
    {
        return capacityPackets;
    }

    /** @return quantile of relative arrival delay covered. */
    public double delayQuantile()
    {
        return delayQuantile;
    }

    /** @return histogram forgetting factor per packet. */
    public double forgetFactor()
    {
        return forgetFactor;
    }

    /** @return window of the fastest-packet reference, ms. */
    public int minDelayWindowMs()
    {
        return minDelayWindowMs;
    }

    /** @return concealment limit, ms. */
    public int maxConcealMs()
    {
        return maxConcealMs;
    }

    /** @return merge cross-fade, ms. */
    public int mergeMs()
    {
        return mergeMs;
    }
}
