package io.classwire.core.recovery;

/**
 * Configuration of a {@link NackGenerator}, with defaults for interactive audio and video (20 ms packets, a jitter
 * buffer of about 200 ms). Fluent setters; {@link #conclude()} checks the values. Durations in nanoseconds.
 */
public final class NackContext
{
    /** Round-trip time assumed until a measurement arrives. */
    public static final long DEFAULT_RTT_NS = 100_000_000L;
    /** Time from a packet's expected arrival to its playout: the jitter buffer's target delay. */
    public static final long DEFAULT_PLAYOUT_DELAY_NS = 200_000_000L;
    /** Slack for the sender's turnaround and pacing: a retransmission must be due this much before playout. */
    public static final long DEFAULT_MARGIN_NS = 10_000_000L;
    /** How long a gap may be plain reordering before it is NACKed (UDP reordering is mostly a few ms). */
    public static final long DEFAULT_REORDER_DELAY_NS = 5_000_000L;
    /** Newer packets that, arriving after a gap was seen, end the reordering wait early. */
    public static final int DEFAULT_REORDER_PACKETS = 1;
    /** A retry waits this many round-trip times after the previous request ... */
    public static final double DEFAULT_RETRY_RTT_FACTOR = 1.5;
    /** ... and at least this long, so a near-zero RTT does not turn into a NACK storm. */
    public static final long DEFAULT_MIN_RETRY_INTERVAL_NS = 20_000_000L;
    /** Each further retry waits this factor longer than the one before. */
    public static final double DEFAULT_BACKOFF_FACTOR = 1.5;
    /** Requests per lost packet, the first included. */
    public static final int DEFAULT_MAX_REQUESTS = 10;
    /** NACK packets per second at most (sustained). */
    public static final int DEFAULT_MAX_NACKS_PER_SECOND = 50;
    /** NACK packets that may go back to back after a quiet spell. */
    public static final int DEFAULT_NACK_BURST = 2;
    /** Sequence numbers per NACK at most. */
    public static final int DEFAULT_MAX_SEQS_PER_NACK = 64;
    /** Lost packets tracked at once; the oldest is dropped beyond. */
    public static final int DEFAULT_MAX_MISSING = 512;
    /** A jump larger than this is a stream discontinuity, not a loss: nothing is NACKed for it. */
    public static final int DEFAULT_MAX_GAP_PACKETS = 1000;

    private long rttNs = DEFAULT_RTT_NS;
    private long playoutDelayNs = DEFAULT_PLAYOUT_DELAY_NS;
    private long marginNs = DEFAULT_MARGIN_NS;
    private long reorderDelayNs = DEFAULT_REORDER_DELAY_NS;
    private int reorderPackets = DEFAULT_REORDER_PACKETS;
    private double retryRttFactor = DEFAULT_RETRY_RTT_FACTOR;
    private long minRetryIntervalNs = DEFAULT_MIN_RETRY_INTERVAL_NS;
    private double backoffFactor = DEFAULT_BACKOFF_FACTOR;
    private int maxRequests = DEFAULT_MAX_REQUESTS;
    private int maxNacksPerSecond = DEFAULT_MAX_NACKS_PER_SECOND;
    private int nackBurst = DEFAULT_NACK_BURST;
    private int maxSeqsPerNack = DEFAULT_MAX_SEQS_PER_NACK;
    private int maxMissing = DEFAULT_MAX_MISSING;
    private int maxGapPackets = DEFAULT_MAX_GAP_PACKETS;
    private boolean redundantRequests;
    private double redundantMissTarget;
    private long lossTimeoutNs;

    /**
     * Check the values.
     *
     * @return this.
     * @throws IllegalArgumentException for a value out of range.
     */
    public NackContext conclude()
    {
        if (rttNs <= 0 || playoutDelayNs < 0 || marginNs < 0 || reorderDelayNs < 0 || reorderPackets < 0 ||
            minRetryIntervalNs <= 0 || !(retryRttFactor >= 0) || !(backoffFactor >= 1.0) || maxRequests < 1 ||
            maxNacksPerSecond < 1 || nackBurst < 1 || maxSeqsPerNack < 1 || maxMissing < 1 || maxGapPackets < 1 ||
            lossTimeoutNs < 0 || !(redundantMissTarget >= 0 && redundantMissTarget < 1))
        {
            throw new IllegalArgumentException("bad NACK configuration: " + this);
        }
        return this;
    }

    /**
     * @param rttNs round-trip time assumed until {@link NackGenerator#rttNs(long)} is given a measurement.
     * @return this.
     */
    public NackContext rttNs(final long rttNs)
    {
        this.rttNs = rttNs;
        return this;
    }

    /** @return the initial round-trip time. */
    public long rttNs()
    {
        return rttNs;
    }

    /**
     * @param playoutDelayNs time from a packet's expected arrival to its playout (the jitter buffer target).
     * @return this.
     */
    public NackContext playoutDelayNs(final long playoutDelayNs)
    {
        this.playoutDelayNs = playoutDelayNs;
        return this;
    }

    /** @return the initial playout delay. */
    public long playoutDelayNs()
    {
        return playoutDelayNs;
    }

    /**
     * @param marginNs slack a retransmission needs before playout beyond the round trip.
     * @return this.
     */
    public NackContext marginNs(final long marginNs)
    {
        this.marginNs = marginNs;
        return this;
    }

    /** @return the margin. */
    public long marginNs()
    {
        return marginNs;
    }

    /**
     * @param reorderDelayNs wait after a gap is seen before the first request.
     * @param reorderPackets newer packets after the gap that end the wait early; 0 requests at once.
     * @return this.
     */
    public NackContext reorderWindow(final long reorderDelayNs, final int reorderPackets)
    {
        this.reorderDelayNs = reorderDelayNs;
        this.reorderPackets = reorderPackets;
        return this;
    }

    /** @return the reordering wait. */
    public long reorderDelayNs()
    {
        return reorderDelayNs;
    }

    /** @return newer packets that end the reordering wait. */
    public int reorderPackets()
    {
        return reorderPackets;
    }

    /**
     * Retry spacing: the n-th retry waits {@code max(rtt * rttFactor, minIntervalNs) * backoffFactor^(n-1)}. A factor
     * of 0 makes the spacing independent of the RTT.
     *
     * @param rttFactor     multiple of the RTT, 0 or above.
     * @param minIntervalNs floor of the spacing, above 0.
     * @param backoffFactor growth per retry, at least 1.
     * @return this.
     */
    public NackContext retry(final double rttFactor, final long minIntervalNs, final double backoffFactor)
    {
        this.retryRttFactor = rttFactor;
        this.minRetryIntervalNs = minIntervalNs;
        this.backoffFactor = backoffFactor;
        return this;
    }

    /** @return the retry RTT factor. */
    public double retryRttFactor()
    {
        return retryRttFactor;
    }

    /** @return the retry spacing floor. */
    public long minRetryIntervalNs()
    {
        return minRetryIntervalNs;
    }

    /** @return the retry backoff factor. */
    public double backoffFactor()
    {
        return backoffFactor;
    }

    /**
     * @param maxRequests requests per lost packet, the first included.
     * @return this.
     */
    public NackContext maxRequests(final int maxRequests)
    {
        this.maxRequests = maxRequests;
        return this;
    }

    /** @return requests per lost packet. */
    public int maxRequests()
    {
        return maxRequests;
    }

    /**
     * @param maxNacksPerSecond sustained NACK packets per second.
     * @param burst             NACK packets allowed back to back.
     * @return this.
     */
    public NackContext rateLimit(final int maxNacksPerSecond, final int burst)
    {
        this.maxNacksPerSecond = maxNacksPerSecond;
        this.nackBurst = burst;
        return this;
    }

    /** @return sustained NACK packets per second. */
    public int maxNacksPerSecond()
    {
        return maxNacksPerSecond;
    }

    /** @return NACK burst. */
    public int nackBurst()
    {
        return nackBurst;
    }

    /**
     * @param maxSeqsPerNack sequence numbers per NACK.
     * @return this.
     */
    public NackContext maxSeqsPerNack(final int maxSeqsPerNack)
    {
        this.maxSeqsPerNack = maxSeqsPerNack;
        return this;
    }

    /** @return sequence numbers per NACK. */
    public int maxSeqsPerNack()
    {
        return maxSeqsPerNack;
    }

    /**
     * @param maxMissing lost packets tracked at once.
     * @return this.
     */
    public NackContext maxMissing(final int maxMissing)
    {
        this.maxMissing = maxMissing;
        return this;
    }

    /** @return lost packets tracked at once. */
    public int maxMissing()
    {
        return maxMissing;
    }

    /**
     * @param maxGapPackets largest jump treated as loss rather than a discontinuity.
     * @return this.
     */
    public NackContext maxGapPackets(final int maxGapPackets)
    {
        this.maxGapPackets = maxGapPackets;
        return this;
    }

    /** @return the largest jump treated as loss. */
    public int maxGapPackets()
    {
        return maxGapPackets;
    }

    /**
     * Redundant requests, for a sender that repairs by retransmission alone on a path that also loses the NACKs:
     * every NACK written names every tracked packet that can still arrive in time and has requests left, not only
     * those whose retry is due, so that each feedback packet is one more independent chance for each of them. The
     * retry spacing still decides when a NACK is asked for; the deadline and {@link #maxRequests(int)} still end
     * the requests. Each repeat the sender answers costs one retransmission. Off by default.
     *
     * @param redundantRequests whether each NACK repeats every recoverable missing packet.
     * @return this.
     */
    public NackContext redundantRequests(final boolean redundantRequests)
    {
        this.redundantRequests = redundantRequests;
        return this;
    }

    /** @return whether each NACK repeats every recoverable missing packet. */
    public boolean redundantRequests()
    {
        return redundantRequests;
    }

    /**
     * With {@link #redundantRequests(boolean)}: repeat a packet only as often as it needs, not in every NACK. Its
     * requests are spread over the time it has before its deadline so that they leave it lost with at most this
     * probability, each getting through with probability (1 - loss)^2 at the media loss the generator measures (the
     * NACK path assumed as lossy): at 10 % loss five requests, about 30 ms apart in a 200 ms budget; at 50 % 24,
     * which no RTCP schedule fits, so every NACK. Spacing stays between the retry floor and one RTT. Fewer
     * requests, fewer duplicate retransmissions. 0 (the default) names every recoverable packet in every NACK.
     *
     * @param redundantMissTarget probability a packet may stay lost after its requests, in [0, 1); 0 for no spacing.
     * @return this.
     */
    public NackContext redundantMissTarget(final double redundantMissTarget)
    {
        this.redundantMissTarget = redundantMissTarget;
        return this;
    }

    /** @return the miss target of the adaptive repeat spacing; 0 when every NACK names every packet. */
    public double redundantMissTarget()
    {
        return redundantMissTarget;
    }

    /**
     * Loss detection by timeout, for a constant-rate stream: when the packet after the newest one is this late
     * against the stream's packet spacing (measured from arrivals), it is taken as lost and requested at once,
     * instead of waiting for the next packet to show the gap (which, when that one is lost too, takes longer).
     * Predictions run at most one playout delay ahead of the newest packet; one that was wrong (the packet arrives
     * as the newest) is counted ({@link NackGenerator#predictedArrived()}) and costs at most a useless request. A
     * stream that pauses (discontinuous transmission) gets such requests for up to a playout delay's worth of
     * packets. 0 (the default) detects losses from gaps only.
     *
     * @param lossTimeoutNs lateness after which a missing packet counts as lost; 0 for gap detection only.
     * @return this.
     */
    public NackContext lossTimeoutNs(final long lossTimeoutNs)
    {
        this.lossTimeoutNs = lossTimeoutNs;
        return this;
    }

    /** @return the loss timeout; 0 when losses are detected from gaps only. */
    public long lossTimeoutNs()
    {
        return lossTimeoutNs;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "NackContext{rttNs=" + rttNs + ", playoutDelayNs=" + playoutDelayNs + ", marginNs=" + marginNs +
            ", reorderDelayNs=" + reorderDelayNs + ", reorderPackets=" + reorderPackets +
            ", retryRttFactor=" + retryRttFactor + ", minRetryIntervalNs=" + minRetryIntervalNs +
            ", backoffFactor=" + backoffFactor + ", maxRequests=" + maxRequests +
            ", maxNacksPerSecond=" + maxNacksPerSecond + ", nackBurst=" + nackBurst +
            ", maxSeqsPerNack=" + maxSeqsPerNack + ", maxMissing=" + maxMissing + ", maxGapPackets=" + maxGapPackets +
            ", redundantRequests=" + redundantRequests + ", redundantMissTarget=" + redundantMissTarget +
            ", lossTimeoutNs=" + lossTimeoutNs + '}';
    }
}
