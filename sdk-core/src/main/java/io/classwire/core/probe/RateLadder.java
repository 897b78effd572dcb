package io.classwire.core.probe;

/**
 * Rate escalation and estimate for one direction: trains start at {@link ProbeConfig#startRateBps()} and double
 * until one is not carried, the cap is reached, or time runs out. Single-threaded.
 *
 * <p>A train is judged by the receiver's jitter-filtered received rate and queuing-delay growth (see
 * {@link TrainReceiver}). It is <em>over capacity</em> when its received rate fell below
 * {@link ProbeConfig#deliveredRatio()} of its sent rate while the delay grew by more than
 * {@link ProbeConfig#delayGrowthLimitNs()} or {@link #JITTER_GROWTH_FACTOR} times the direction's jitter, whichever
 * is larger (a growing queue, as in pathload's self-loading streams; on a jittery path a train's delay rises by
 * about the jitter even below capacity, so only a rise well beyond it counts), or when more of it was lost than the
 * echo phase's loss in that direction plus {@link ProbeConfig#maxTrainLossFraction()} (a policer, or a queue that
 * overflowed). A train over capacity is repeated at the same rate, because one loss burst
 * or one long stall of an in-order radio link looks the same as a full queue to a single 100 ms train: the ladder ends
 * on two over-capacity verdicts of the same kind (queue, loss) in a row or on {@link #MAX_TRAINS_PER_RATE} at one rate,
 * and climbs on when a repeat is carried. The estimate is the largest
 * {@code min(sent rate, received rate)} of a carried train, or the mean of that figure over the over-capacity
 * trains that end the ladder (scaled by the delivered share for a train over capacity by loss alone): a carried train
 * shows that its rate fits, and a train faster than the bottleneck arrives spread out to the bottleneck's rate, which
 * is why over-fast trains end the ladder with a usable figure.
 */
final class RateLadder
{
    /** Delay growth across a train, in multiples of the measured jitter, that jitter alone is not taken to explain. */
    static final double JITTER_GROWTH_FACTOR = 5.0;
    /** Most trains at one rate: over-capacity verdicts of different kinds get a third opinion, never a fourth. */
    static final int MAX_TRAINS_PER_RATE = 3;
    /** Trains in a row without a report (or any packet) after which the ladder gives up. */
    static final int MAX_MISSES = 3;

    private static final int CARRIED = 0;
    private static final int OVER_QUEUE = 1;
    private static final int OVER_LOSS = 2;
    private static final int OVER_EMPTY = 3;

    private final ProbeConfig config;
    private long rateBps;
    private long estimateBps;
    private double baselineLoss;
    private long growthLimitNs;
    private int trains;
    private int missedInARow;
    private int overTrains;
    private long overSumBps;
    private int lastOverKind;
    private boolean finished;
    private boolean saturated;
    private boolean capped;

    RateLadder(final ProbeConfig config)
    {
        this.config = config;
        this.rateBps = config.startRateBps();
        this.growthLimitNs = config.delayGrowthLimitNs();
    }

    /** @return the rate of the next train. */
    long rateBps()
    {
        return rateBps;
    }

    /**
     * Packets for a train at the current rate: enough to last the configured train duration, at least the minimum
     * count, packets as large as allowed but smaller at low rates so that slow trains still have enough of them.
     *
     * @return the packet count.
     */
    int packetCount()
    {
        final double trainBytes = rateBps * (config.trainDurationNs() / 1e9) / 8.0;
        final long packets = Math.round(trainBytes / config.maxPacketBytes());
        return (int)Math.max(config.minTrainPackets(), Math.min(config.maxTrainPackets(), packets));
    }

    /**
     * @param count the packet count from {@link #packetCount()}.
     * @return the packet size for a train of that many packets at the current rate.
     */
    int packetBytes(final int count)
    {
        final double trainBytes = rateBps * (config.trainDurationNs() / 1e9) / 8.0;
        final long size = Math.round(trainBytes / count);
        return (int)Math.max(ProbeMessage.TRAIN_PACKET_MIN_LENGTH, Math.min(config.maxPacketBytes(), size));
    }

    /**
     * Tell the ladder what the echo phase saw in its direction, so that trains are not blamed for it.
     *
     * @param lossFraction loss not held against trains; NaN counts as 0.
     * @param jitterNs     interarrival jitter; raises the delay growth a train may show and still be carried.
     */
    void baseline(final double lossFraction, final double jitterNs)
    {
        baselineLoss = Double.isNaN(lossFraction) ? 0.0 : lossFraction;
        final double jitterLimitNs = Double.isNaN(jitterNs) ? 0.0 : JITTER_GROWTH_FACTOR * jitterNs;
        growthLimitNs = Math.max(config.delayGrowthLimitNs(), (long)jitterLimitNs);
    }

    /**
     * Judge one train and pick the next rate.
     *
     * @param sentBps       the rate it left at.
     * @param receivedBps   the receiver's jitter-filtered received rate.
     * @param lossFraction  share of its packets that did not arrive.
     * @param delayGrowthNs queuing delay built up across it.
     */
    void onTrain(final long sentBps, final long receivedBps, final double lossFraction, final long delayGrowthNs)
    {
        trains++;
        missedInARow = 0;
        final boolean queueGrew = receivedBps < config.deliveredRatio() * sentBps &&
            delayGrowthNs > growthLimitNs;
        final boolean lossy = lossFraction > baselineLoss + config.maxTrainLossFraction();
        long candidateBps = 0;
        if (sentBps > 0 && receivedBps > 0)
        {
            final long carriedBps = Math.min(sentBps, receivedBps);
            candidateBps = lossy && !queueGrew ? (long)(carriedBps * (1.0 - lossFraction)) : carriedBps;
        }
        final int kind = candidateBps == 0 ? OVER_EMPTY : queueGrew ? OVER_QUEUE : lossy ? OVER_LOSS : CARRIED;
        if (kind != CARRIED)
        {
            overTrains++;
            overSumBps += candidateBps;
            if ((overTrains >= 2 && kind == lastOverKind) || overTrains >= MAX_TRAINS_PER_RATE)
            {
                // Average the over-capacity trains' figures rather than keep the luckiest one.
                estimateBps = Math.max(estimateBps, overSumBps / overTrains);
                saturated = true;
                finished = true;
            }
            lastOverKind = kind;
            return;
        }
        overTrains = 0;
        overSumBps = 0;
        estimateBps = Math.max(estimateBps, candidateBps);
        if (rateBps >= config.maxRateBps())
        {
            capped = true;
            finished = true;
            return;
        }
        rateBps = Math.min(config.maxRateBps(), rateBps * 2);
    }

    /** A train got no report (or, downlink, no packet): retry at the same rate, up to {@link #MAX_MISSES} times. */
    void onTrainMissed()
    {
        if (++missedInARow >= MAX_MISSES)
        {
            finished = true;
        }
    }

    /** Stop escalating, e.g. because the time left cannot fit another train. */
    void finish()
    {
        if (overTrains > 0 && !finished)
        {
            // Over-capacity trains that could not be confirmed still say how much got through.
            final long overBps = overSumBps / overTrains;
            saturated = overBps >= estimateBps;
            estimateBps = Math.max(estimateBps, overBps);
        }
        finished = true;
    }

    boolean isFinished()
    {
        return finished;
    }

    /** @return true when the last train was not carried, so the estimate reflects the bottleneck. */
    boolean isSaturated()
    {
        return saturated;
    }

    /** @return true when the highest configured rate was carried: the link is at least that fast. */
    boolean isCapped()
    {
        return capped;
    }

    /** @return trains judged so far. */
    int trains()
    {
        return trains;
    }

    /** @return the estimate in bits per second, 0 when no train was measured. */
    long estimateBps()
    {
        return estimateBps;
    }
}
