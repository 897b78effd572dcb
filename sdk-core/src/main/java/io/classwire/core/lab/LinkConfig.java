package io.classwire.core.lab;

import java.util.concurrent.TimeUnit;

/**
 * Immutable description of one direction of a path: capacity over time, propagation delay, drop-tail queue, jitter,
 * reordering, duplication, random and bursty loss, and blackouts. Build one with {@link #builder()}; tweak a copy
 * with {@link #toBuilder()}.
 *
 * <p>The defaults describe a perfect wire: unlimited capacity, no delay, no queue limit, no impairment.
 *
 * @see Impairment for the order in which the impairments are applied.
 */
public final class LinkConfig
{
    /** Queue time limit meaning "no limit". */
    public static final long NO_QUEUE_TIME_LIMIT = Long.MAX_VALUE;
    /** Queue packet limit meaning "no limit". */
    public static final int NO_QUEUE_PACKET_LIMIT = Integer.MAX_VALUE;

    private final CapacityTimeline capacity;
    private final long propagationDelayNs;
    private final long queueLimitNs;
    private final int queueLimitPackets;
    private final long jitterNs;
    private final JitterDistribution jitterDistribution;
    private final boolean reorderingAllowed;
    private final double duplicationProbability;
    private final double randomLossRate;
    private final GilbertElliottLoss burstLoss;
    private final Blackouts blackouts;

    private LinkConfig(final Builder builder)
    {
        capacity = builder.capacity;
        propagationDelayNs = builder.propagationDelayNs;
        queueLimitNs = builder.queueLimitNs;
        queueLimitPackets = builder.queueLimitPackets;
        jitterNs = builder.jitterNs;
        jitterDistribution = builder.jitterDistribution;
        reorderingAllowed = builder.reorderingAllowed;
        duplicationProbability = builder.duplicationProbability;
        randomLossRate = builder.randomLossRate;
        burstLoss = builder.burstLoss;
        blackouts = builder.blackouts;
    }

    /**
     * Start from a perfect wire.
     *
     * @return a builder with default values.
     */
    public static Builder builder()
    {
        return new Builder();
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a builder to derive a modified configuration.
     */
    public Builder toBuilder()
    {
        return new Builder()
            .capacity(capacity)
            .propagationDelayNs(propagationDelayNs)
            .queueLimitNs(queueLimitNs)
            .queueLimitPackets(queueLimitPackets)
            .jitterNs(jitterNs)
            .jitterDistribution(jitterDistribution)
            .reorderingAllowed(reorderingAllowed)
            .duplicationProbability(duplicationProbability)
            .randomLossRate(randomLossRate)
            .burstLoss(burstLoss)
            .blackouts(blackouts);
    }

    /**
     * Bottleneck capacity over time.
     *
     * @return the capacity timeline.
     */
    public CapacityTimeline capacity()
    {
        return capacity;
    }

    /**
     * Fixed one-way delay added after serialization.
     *
     * @return propagation delay in nanoseconds.
     */
    public long propagationDelayNs()
    {
        return propagationDelayNs;
    }

    /**
     * Drop-tail limit as time: the queue holds at most this many nanoseconds of serialization at the capacity in force
     * when a packet arrives (a byte limit that follows the capacity). A packet that does not fit whole is dropped, but
     * an empty queue always admits one packet. If capacity later falls, admitted packets may wait longer than this.
     *
     * @return the limit in nanoseconds, or {@link #NO_QUEUE_TIME_LIMIT}.
     */
    public long queueLimitNs()
    {
        return queueLimitNs;
    }

    /**
     * Drop-tail limit as a count of packets in the queue, including the one being serialized.
     *
     * @return the limit, or {@link #NO_QUEUE_PACKET_LIMIT}.
     */
    public int queueLimitPackets()
    {
        return queueLimitPackets;
    }

    /**
     * Mean of the random extra delay each packet gets (exponentially distributed).
     *
     * @return mean jitter in nanoseconds, 0 for none.
     */
    public long jitterNs()
    {
        return jitterNs;
    }

    /**
     * How the jitter value is turned into a per-packet extra delay.
     *
     * @return the distribution, {@link JitterDistribution#EXPONENTIAL} unless set.
     */
    public JitterDistribution jitterDistribution()
    {
        return jitterDistribution;
    }

    /**
     * Whether jitter may reorder packets; when false, delivery times are made monotonic.
     *
     * @return true when packets may overtake each other.
     */
    public boolean reorderingAllowed()
    {
        return reorderingAllowed;
    }

    /**
     * Probability that a delivered packet is delivered twice.
     *
     * @return the duplication probability in [0, 1].
     */
    public double duplicationProbability()
    {
        return duplicationProbability;
    }

    /**
     * Independent (Bernoulli) per-packet loss probability.
     *
     * @return the loss rate in [0, 1].
     */
    public double randomLossRate()
    {
        return randomLossRate;
    }

    /**
     * Bursty loss model, applied in addition to random loss.
     *
     * @return the model, or null when there is no bursty loss.
     */
    public GilbertElliottLoss burstLoss()
    {
        return burstLoss;
    }

    /**
     * Windows during which everything is dropped.
     *
     * @return the blackouts, {@link Blackouts#NONE} by default.
     */
    public Blackouts blackouts()
    {
        return blackouts;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "LinkConfig{capacity=" + capacity +
            ", delay=" + propagationDelayNs / 1_000 + "us" +
            ", queue=" + (queueLimitNs == NO_QUEUE_TIME_LIMIT ? "unlimited" : queueLimitNs / 1_000_000 + "ms") +
            (queueLimitPackets == NO_QUEUE_PACKET_LIMIT ? "" : "/" + queueLimitPackets + "pkts") +
            ", jitter=" + jitterNs / 1_000 + "us" +
            (jitterDistribution == JitterDistribution.EXPONENTIAL ? "" : " " + jitterDistribution) + (reorderingAllowed ? " reordering" : "") +
            ", dup=" + duplicationProbability +
            ", loss=" + randomLossRate +
            ", burstLoss=" + (burstLoss == null ? "none" : burstLoss.meanLossRate() + "/" + burstLoss.meanBurstPackets()) +
            ", blackouts=" + blackouts + '}';
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder
    {
        private CapacityTimeline capacity = CapacityTimeline.unlimited();
        private long propagationDelayNs;
        private long queueLimitNs = NO_QUEUE_TIME_LIMIT;
        private int queueLimitPackets = NO_QUEUE_PACKET_LIMIT;
        private long jitterNs;
        private JitterDistribution jitterDistribution = JitterDistribution.EXPONENTIAL;
        private boolean reorderingAllowed;
        private double duplicationProbability;
        private double randomLossRate;
        private GilbertElliottLoss burstLoss;
        private Blackouts blackouts = Blackouts.NONE;

        private Builder()
        {
        }

        /**
         * Constant capacity.
         *
         * @param bps bits per second, or {@link CapacityTimeline#UNLIMITED_BPS}.
         * @return this builder.
         */
        public Builder capacityBps(final long bps)
        {
            return capacity(CapacityTimeline.constant(bps));
        }

        /**
         * Capacity that changes over time.
         *
         * @param timeline the schedule.
         * @return this builder.
         */
        public Builder capacity(final CapacityTimeline timeline)
        {
            capacity = requireNonNull(timeline, "capacity");
            return this;
        }

        /**
         * One-way propagation delay.
         *
         * @param delayNs nanoseconds, not negative.
         * @return this builder.
         */
        public Builder propagationDelayNs(final long delayNs)
        {
            propagationDelayNs = requireNonNegative(delayNs, "propagation delay");
            return this;
        }

        /**
         * One-way propagation delay.
         *
         * @param delayMs milliseconds, not negative.
         * @return this builder.
         */
        public Builder propagationDelayMs(final long delayMs)
        {
            return propagationDelayNs(TimeUnit.MILLISECONDS.toNanos(delayMs));
        }

        /**
         * Drop-tail limit in time of serialization at the current capacity.
         *
         * @param limitNs positive nanoseconds, or {@link #NO_QUEUE_TIME_LIMIT}.
         * @return this builder.
         */
        public Builder queueLimitNs(final long limitNs)
        {
            if (limitNs <= 0)
            {
                throw new IllegalArgumentException("queue time limit must be positive: " + limitNs);
            }
            queueLimitNs = limitNs;
            return this;
        }

        /**
         * Drop-tail limit in time of serialization at the current capacity.
         *
         * @param limitMs positive milliseconds.
         * @return this builder.
         */
        public Builder queueLimitMs(final long limitMs)
        {
            return queueLimitNs(TimeUnit.MILLISECONDS.toNanos(limitMs));
        }

        /**
         * Drop-tail limit in packets (the packet being serialized counts).
         *
         * @param limitPackets positive count, or {@link #NO_QUEUE_PACKET_LIMIT}.
         * @return this builder.
         */
        public Builder queueLimitPackets(final int limitPackets)
        {
            if (limitPackets <= 0)
            {
                throw new IllegalArgumentException("queue packet limit must be positive: " + limitPackets);
            }
            queueLimitPackets = limitPackets;
            return this;
        }

        /**
         * Random extra delay per packet: the mean of an exponential distribution, or with
         * {@link #jitterDistribution} the spread of a uniform or normal one around the propagation delay.
         *
         * @param meanNs nanoseconds, not negative.
         * @return this builder.
         */
        public Builder jitterNs(final long meanNs)
        {
            jitterNs = requireNonNegative(meanNs, "jitter");
            return this;
        }

        /**
         * Mean random extra delay per packet (exponential distribution).
         *
         * @param meanMs milliseconds, not negative.
         * @return this builder.
         */
        public Builder jitterMs(final long meanMs)
        {
            return jitterNs(TimeUnit.MILLISECONDS.toNanos(meanMs));
        }

        /**
         * How the jitter value is used: the mean of an exponential extra delay (default), or the netem-style spread
         * of the delay around the propagation delay.
         *
         * @param distribution the distribution.
         * @return this builder.
         */
        public Builder jitterDistribution(final JitterDistribution distribution)
        {
            if (distribution == null)
            {
                throw new IllegalArgumentException("jitter distribution must not be null");
            }
            jitterDistribution = distribution;
            return this;
        }

        /**
         * Whether jitter may reorder packets (default false: delivery order equals send order).
         *
         * @param allowed true to let packets overtake.
         * @return this builder.
         */
        public Builder reorderingAllowed(final boolean allowed)
        {
            reorderingAllowed = allowed;
            return this;
        }

        /**
         * Probability that a packet that survives is delivered twice.
         *
         * @param probability in [0, 1].
         * @return this builder.
         */
        public Builder duplicationProbability(final double probability)
        {
            duplicationProbability = requireProbability(probability, "duplication probability");
            return this;
        }

        /**
         * Independent per-packet loss probability.
         *
         * @param rate in [0, 1].
         * @return this builder.
         */
        public Builder randomLossRate(final double rate)
        {
            randomLossRate = requireProbability(rate, "random loss rate");
            return this;
        }

        /**
         * Bursty loss model.
         *
         * @param model the model, or null for none.
         * @return this builder.
         */
        public Builder burstLoss(final GilbertElliottLoss model)
        {
            burstLoss = model;
            return this;
        }

        /**
         * Bursty loss by mean loss rate and mean burst length; see {@link GilbertElliottLoss}.
         *
         * @param meanLossRate     in (0, 1).
         * @param meanBurstPackets mean consecutive losses.
         * @return this builder.
         */
        public Builder burstLoss(final double meanLossRate, final double meanBurstPackets)
        {
            return burstLoss(new GilbertElliottLoss(meanLossRate, meanBurstPackets));
        }

        /**
         * Windows during which everything is dropped.
         *
         * @param windows the blackouts.
         * @return this builder.
         */
        public Builder blackouts(final Blackouts windows)
        {
            blackouts = requireNonNull(windows, "blackouts");
            return this;
        }

        /**
         * Freeze the configuration.
         *
         * @return the immutable configuration.
         */
        public LinkConfig build()
        {
            return new LinkConfig(this);
        }

        private static long requireNonNegative(final long value, final String what)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException(what + " must not be negative: " + value);
            }
            return value;
        }

        private static double requireProbability(final double value, final String what)
        {
            if (!(value >= 0.0 && value <= 1.0))
            {
                throw new IllegalArgumentException(what + " must be in [0, 1]: " + value);
            }
            return value;
        }

        private static <T> T requireNonNull(final T value, final String what)
        {
            if (value == null)
            {
                throw new IllegalArgumentException(what + " must not be null");
            }
            return value;
        }
    }

    /** Distribution of the per-packet delay variation a link's jitter value sets. */
    public enum JitterDistribution
    {
        /** Extra delay exponential with mean {@code jitter}: never early, a long tail (the lab's original model). */
        EXPONENTIAL,
        /**
         * Delay uniform in {@code propagation +- jitter}, as Linux netem's {@code delay D J} with no distribution
         * table; the early side is cut at zero total delay.
         */
        UNIFORM,
        /**
         * Delay normal around the propagation delay with standard deviation {@code jitter}, as netem's
         * {@code distribution normal}; cut at zero total delay.
         */
        NORMAL
    }
}
