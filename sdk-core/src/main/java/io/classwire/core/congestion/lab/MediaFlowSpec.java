package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.CongestionConfig;

import java.util.Arrays;

/**
 * Immutable description of one GCC media flow in a {@link BottleneckLab}: direction, extra one-way delay on its
 * access links, rate range, when it starts, an optional pause, and an optional application limit that changes over
 * time. Build one with {@link #builder(String)}.
 */
public final class MediaFlowSpec
{
    /** Application limit meaning "whatever the controller allows". */
    public static final long UNLIMITED_BPS = Long.MAX_VALUE;
    /** Pause time meaning "never". */
    public static final long NEVER = Long.MAX_VALUE;

    private final String name;
    private final FlowDirection direction;
    private final long accessDelayNs;
    private final long minBitrateBps;
    private final long startBitrateBps;
    private final long maxBitrateBps;
    private final long startNs;
    private final long pauseStartNs;
    private final long pauseEndNs;
    private final long[] appLimitAtNs;
    private final long[] appLimitBps;

    private MediaFlowSpec(final Builder builder)
    {
        name = builder.name;
        direction = builder.direction;
        accessDelayNs = builder.accessDelayNs;
        minBitrateBps = builder.minBitrateBps;
        startBitrateBps = builder.startBitrateBps;
        maxBitrateBps = builder.maxBitrateBps;
        startNs = builder.startNs;
        pauseStartNs = builder.pauseStartNs;
        pauseEndNs = builder.pauseEndNs;
        appLimitAtNs = Arrays.copyOf(builder.appLimitAtNs, builder.appLimitCount);
        appLimitBps = Arrays.copyOf(builder.appLimitBps, builder.appLimitCount);
    }

    /**
     * Start describing a flow: forward, no extra delay, 150-1500 kbit/s starting at 300 kbit/s, from time 0.
     *
     * @param name unique in the lab, without spaces or {@code '>'} (it names the flow's nodes).
     * @return a builder.
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * The flow's name.
     *
     * @return e.g. {@code "f0"}.
     */
    public String name()
    {
        return name;
    }

    /**
     * Which way the media goes.
     *
     * @return the direction.
     */
    public FlowDirection direction()
    {
        return direction;
    }

    /**
     * One-way propagation delay added on the sender's access link, in each direction, on top of the bottleneck's.
     *
     * @return nanoseconds.
     */
    public long accessDelayNs()
    {
        return accessDelayNs;
    }

    /**
     * Lowest target the controller may report.
     *
     * @return bits per second.
     */
    public long minBitrateBps()
    {
        return minBitrateBps;
    }

    /**
     * Target before any feedback.
     *
     * @return bits per second.
     */
    public long startBitrateBps()
    {
        return startBitrateBps;
    }

    /**
     * Highest target the controller may report; the flow cannot use more of the link than this.
     *
     * @return bits per second.
     */
    public long maxBitrateBps()
    {
        return maxBitrateBps;
    }

    /**
     * When the flow's sender starts (its controller, pacer and encoder model all start then).
     *
     * @return nanoseconds.
     */
    public long startNs()
    {
        return startNs;
    }

    /**
     * Start of the window in which the encoder produces nothing.
     *
     * @return nanoseconds, or {@link #NEVER}.
     */
    public long pauseStartNs()
    {
        return pauseStartNs;
    }

    /**
     * End of that window.
     *
     * @return nanoseconds, or {@link #NEVER}.
     */
    public long pauseEndNs()
    {
        return pauseEndNs;
    }

    /**
     * Number of application-limit changes.
     *
     * @return the count.
     */
    public int appLimitChangeCount()
    {
        return appLimitAtNs.length;
    }

    /**
     * When application-limit change {@code index} takes effect.
     *
     * @param index in [0, {@link #appLimitChangeCount()}).
     * @return nanoseconds.
     */
    public long appLimitAtNs(final int index)
    {
        return appLimitAtNs[index];
    }

    /**
     * The cap on the encoder's video rate from change {@code index} on.
     *
     * @param index in [0, {@link #appLimitChangeCount()}).
     * @return bits per second, or {@link #UNLIMITED_BPS}.
     */
    public long appLimitBps(final int index)
    {
        return appLimitBps[index];
    }

    /**
     * Whether the flow is sending media (started and not paused) at a time.
     *
     * @param timeNs a virtual time.
     * @return true when active.
     */
    public boolean isActiveAt(final long timeNs)
    {
        return timeNs >= startNs && (timeNs < pauseStartNs || timeNs >= pauseEndNs);
    }

    /**
     * Controller settings for this flow.
     *
     * @return a new configuration with the flow's rate range.
     */
    public CongestionConfig congestionConfig()
    {
        return new CongestionConfig()
            .maxBitrateBps(maxBitrateBps)
            .minBitrateBps(minBitrateBps)
            .startBitrateBps(startBitrateBps);
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder
    {
        private final String name;
        private FlowDirection direction = FlowDirection.FORWARD;
        private long accessDelayNs;
        private long minBitrateBps = 150_000;
        private long startBitrateBps = 300_000;
        private long maxBitrateBps = 1_500_000;
        private long startNs;
        private long pauseStartNs = NEVER;
        private long pauseEndNs = NEVER;
        private long[] appLimitAtNs = new long[2];
        private long[] appLimitBps = new long[2];
        private int appLimitCount;

        private Builder(final String name)
        {
            this.name = name;
        }

        /**
         * Set which way the media goes.
         *
         * @param value which way the media goes.
         * @return this.
         */
        public Builder direction(final FlowDirection value)
        {
            direction = value;
            return this;
        }

        /**
         * Add one-way delay on the sender's access link.
         *
         * @param delayMs extra one-way delay on the sender's access link, each way.
         * @return this.
         */
        public Builder accessDelayMs(final long delayMs)
        {
            accessDelayNs = delayMs * 1_000_000L;
            return this;
        }

        /**
         * Set the controller's rate range.
         *
         * @param minBps   lowest target.
         * @param startBps initial target.
         * @param maxBps   highest target.
         * @return this.
         */
        public Builder bitrates(final long minBps, final long startBps, final long maxBps)
        {
            minBitrateBps = minBps;
            startBitrateBps = startBps;
            maxBitrateBps = maxBps;
            return this;
        }

        /**
         * Set when the sender starts.
         *
         * @param atNs when the sender starts.
         * @return this.
         */
        public Builder startNs(final long atNs)
        {
            startNs = atNs;
            return this;
        }

        /**
         * Pause the encoder for a window.
         *
         * @param fromNs encoder stops producing.
         * @param toNs   encoder resumes.
         * @return this.
         */
        public Builder pause(final long fromNs, final long toNs)
        {
            pauseStartNs = fromNs;
            pauseEndNs = toNs;
            return this;
        }

        /**
         * Cap the encoder's video rate from a time on.
         *
         * @param atNs when; changes must be added in time order.
         * @param bps  the cap, or {@link #UNLIMITED_BPS} to lift it.
         * @return this.
         */
        public Builder appLimit(final long atNs, final long bps)
        {
            if (appLimitCount == appLimitAtNs.length)
            {
                appLimitAtNs = Arrays.copyOf(appLimitAtNs, appLimitCount * 2);
                appLimitBps = Arrays.copyOf(appLimitBps, appLimitCount * 2);
            }
            appLimitAtNs[appLimitCount] = atNs;
            appLimitBps[appLimitCount] = bps;
            appLimitCount++;
            return this;
        }

        /**
         * Finish the description.
         *
         * @return the immutable spec.
         * @throws IllegalArgumentException on a bad name, negative times, an empty pause or unordered limits.
         */
        public MediaFlowSpec build()
        {
            if (name == null || name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('>') >= 0)
            {
                throw new IllegalArgumentException("flow name must be non-empty without spaces or '>': " + name);
            }
            if (startNs < 0 || accessDelayNs < 0)
            {
                throw new IllegalArgumentException("start and access delay must be >= 0");
            }
            if (pauseStartNs != NEVER && (pauseEndNs <= pauseStartNs || pauseStartNs < startNs))
            {
                throw new IllegalArgumentException("pause must be a non-empty window after the start");
            }
            for (int i = 1; i < appLimitCount; i++)
            {
                if (appLimitAtNs[i] < appLimitAtNs[i - 1])
                {
                    throw new IllegalArgumentException("application limits must be in time order");
                }
            }
            new CongestionConfig().maxBitrateBps(maxBitrateBps).minBitrateBps(minBitrateBps)
                .startBitrateBps(startBitrateBps).conclude();
            return new MediaFlowSpec(this);
        }
    }
}
