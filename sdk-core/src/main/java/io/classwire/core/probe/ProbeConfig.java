package io.classwire.core.probe;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Settings of one {@link NetworkProbe} run, with fluent setters and defaults aimed at a pre-class check: a 5 s
 * budget, echoes every 20 ms for the first second, then 100 ms packet trains from 300 kbps doubling up to 20 Mbps,
 * first uplink then downlink. {@link #conclude()} validates and fills the defaults; a concluded config must not be
 * changed afterwards.
 */
public final class ProbeConfig
{
    /** Default time budget for the whole run. */
    public static final long DEFAULT_TIME_BUDGET_NS = TimeUnit.SECONDS.toNanos(5);
    /** Default spacing of echo requests. */
    public static final long DEFAULT_ECHO_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Default time spent sending echo requests before the bandwidth phases. */
    public static final long DEFAULT_ECHO_PHASE_NS = TimeUnit.MILLISECONDS.toNanos(1000);
    /** Default echo request size: about an Opus audio packet with its RTP header. */
    public static final int DEFAULT_ECHO_BYTES = 100;
    /** Default rate of the first train in each direction. */
    public static final long DEFAULT_START_RATE_BPS = 300_000;
    /** Default highest rate tried; a link that carries it is reported as "at least" this fast. */
    public static final long DEFAULT_MAX_RATE_BPS = 20_000_000;
    /** Default duration of one train at its nominal rate. */
    public static final long DEFAULT_TRAIN_DURATION_NS = TimeUnit.MILLISECONDS.toNanos(100);
    /** Default largest train packet: leaves room for IP, UDP and a tunnel under a 1500-byte MTU. */
    public static final int DEFAULT_MAX_PACKET_BYTES = 1200;

    private long timeBudgetNs = DEFAULT_TIME_BUDGET_NS;
    private int probeId;
    private long echoIntervalNs = DEFAULT_ECHO_INTERVAL_NS;
    private long echoPhaseNs = DEFAULT_ECHO_PHASE_NS;
    private int echoBytes = DEFAULT_ECHO_BYTES;
    private long startRateBps = DEFAULT_START_RATE_BPS;
    private long maxRateBps = DEFAULT_MAX_RATE_BPS;
    private long trainDurationNs = DEFAULT_TRAIN_DURATION_NS;
    private int maxPacketBytes = DEFAULT_MAX_PACKET_BYTES;
    private int minTrainPackets = 20;
    private int maxTrainPackets = 250;
    private double deliveredRatio = 0.9;
    private double maxTrainLossFraction = 0.1;
    private long delayGrowthLimitNs = TimeUnit.MILLISECONDS.toNanos(10);
    private long trainIdleTimeoutNs = TimeUnit.MILLISECONDS.toNanos(150);
    private long reportWaitNs = TimeUnit.MILLISECONDS.toNanos(300);

    /**
     * Validate every value and fill the defaults of those left unset; safe to call more than once.
     *
     * @return this config.
     * @throws IllegalStateException when a value is out of range or values disagree.
     */
    public ProbeConfig conclude()
    {
        require(timeBudgetNs >= TimeUnit.MILLISECONDS.toNanos(500), "timeBudgetNs must be at least 500 ms");
        require(echoIntervalNs >= TimeUnit.MILLISECONDS.toNanos(1), "echoIntervalNs must be at least 1 ms");
        require(echoPhaseNs >= echoIntervalNs && echoPhaseNs < timeBudgetNs,
            "echoPhaseNs must be at least one echo interval and less than the time budget");
        require(echoBytes >= ProbeMessage.ECHO_MIN_LENGTH && echoBytes <= maxPacketBytes,
            "echoBytes must be " + ProbeMessage.ECHO_MIN_LENGTH + "..maxPacketBytes: " + echoBytes);
        require(maxPacketBytes >= ProbeMessage.TRAIN_PACKET_MIN_LENGTH && maxPacketBytes <= 0xFFFF,
            "maxPacketBytes must be " + ProbeMessage.TRAIN_PACKET_MIN_LENGTH + "..65535: " + maxPacketBytes);
        require(startRateBps >= 8_000 && startRateBps <= maxRateBps, "need 8 kbps <= startRateBps <= maxRateBps");
        require(maxRateBps <= 0xFFFF_FFFFL, "maxRateBps must fit the 32-bit rate field");
        require(trainDurationNs >= TimeUnit.MILLISECONDS.toNanos(5), "trainDurationNs must be at least 5 ms");
        require(minTrainPackets >= 2 && minTrainPackets <= maxTrainPackets && maxTrainPackets <= 0xFFFF,
            "need 2 <= minTrainPackets <= maxTrainPackets <= 65535");
        require(deliveredRatio > 0.0 && deliveredRatio <= 1.0, "deliveredRatio must be in (0, 1]");
        require(maxTrainLossFraction >= 0.0 && maxTrainLossFraction < 1.0, "maxTrainLossFraction in [0, 1)");
        require(delayGrowthLimitNs >= 0 && trainIdleTimeoutNs > 0 && reportWaitNs > 0,
            "delay growth limit, train idle timeout and report wait must be positive");
        if (probeId == 0)
        {
            // Only needs to differ from recent runs seen by the same responder from the same address.
            probeId = new SplittableRandom().nextInt() | 1;
        }
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }

    /**
     * @param timeBudgetNs longest the run may take, from its first duty cycle to its result.
     * @return this config.
     */
    public ProbeConfig timeBudgetNs(final long timeBudgetNs)
    {
        this.timeBudgetNs = timeBudgetNs;
        return this;
    }

    /** @return the time budget in nanoseconds. */
    public long timeBudgetNs()
    {
        return timeBudgetNs;
    }

    /**
     * @param probeId id tying the run's messages together at the responder; 0 (the default) picks a random one.
     * @return this config.
     */
    public ProbeConfig probeId(final int probeId)
    {
        this.probeId = probeId;
        return this;
    }

    /** @return the probe id; non-zero once concluded. */
    public int probeId()
    {
        return probeId;
    }

    /**
     * @param echoIntervalNs spacing of echo requests.
     * @return this config.
     */
    public ProbeConfig echoIntervalNs(final long echoIntervalNs)
    {
        this.echoIntervalNs = echoIntervalNs;
        return this;
    }

    /** @return the spacing of echo requests in nanoseconds. */
    public long echoIntervalNs()
    {
        return echoIntervalNs;
    }

    /**
     * @param echoPhaseNs how long echo requests are sent before the bandwidth phases start.
     * @return this config.
     */
    public ProbeConfig echoPhaseNs(final long echoPhaseNs)
    {
        this.echoPhaseNs = echoPhaseNs;
        return this;
    }

    /** @return the echo phase's sending time in nanoseconds. */
    public long echoPhaseNs()
    {
        return echoPhaseNs;
    }

    /**
     * @param echoBytes size of each echo request (and reply).
     * @return this config.
     */
    public ProbeConfig echoBytes(final int echoBytes)
    {
        this.echoBytes = echoBytes;
        return this;
    }

    /** @return the echo size in bytes. */
    public int echoBytes()
    {
        return echoBytes;
    }

    /**
     * @param startRateBps rate of the first train in each direction.
     * @return this config.
     */
    public ProbeConfig startRateBps(final long startRateBps)
    {
        this.startRateBps = startRateBps;
        return this;
    }

    /** @return the first train's rate in bits per second. */
    public long startRateBps()
    {
        return startRateBps;
    }

    /**
     * @param maxRateBps highest train rate; a direction that carries it is reported as at least this fast.
     * @return this config.
     */
    public ProbeConfig maxRateBps(final long maxRateBps)
    {
        this.maxRateBps = maxRateBps;
        return this;
    }

    /** @return the highest train rate in bits per second. */
    public long maxRateBps()
    {
        return maxRateBps;
    }

    /**
     * @param trainDurationNs how long one train lasts at its nominal rate.
     * @return this config.
     */
    public ProbeConfig trainDurationNs(final long trainDurationNs)
    {
        this.trainDurationNs = trainDurationNs;
        return this;
    }

    /** @return a train's nominal duration in nanoseconds. */
    public long trainDurationNs()
    {
        return trainDurationNs;
    }

    /**
     * @param maxPacketBytes largest train packet (trains at low rates use smaller ones).
     * @return this config.
     */
    public ProbeConfig maxPacketBytes(final int maxPacketBytes)
    {
        this.maxPacketBytes = maxPacketBytes;
        return this;
    }

    /** @return the largest train packet in bytes. */
    public int maxPacketBytes()
    {
        return maxPacketBytes;
    }

    /**
     * @param minPackets fewest packets in a train, so that its dispersion means something.
     * @param maxPackets most packets in a train.
     * @return this config.
     */
    public ProbeConfig trainPackets(final int minPackets, final int maxPackets)
    {
        this.minTrainPackets = minPackets;
        this.maxTrainPackets = maxPackets;
        return this;
    }

    /** @return the fewest packets in a train. */
    public int minTrainPackets()
    {
        return minTrainPackets;
    }

    /** @return the most packets in a train. */
    public int maxTrainPackets()
    {
        return maxTrainPackets;
    }

    /**
     * @param deliveredRatio received rate over sent rate at or above which a train counts as carried.
     * @return this config.
     */
    public ProbeConfig deliveredRatio(final double deliveredRatio)
    {
        this.deliveredRatio = deliveredRatio;
        return this;
    }

    /** @return the delivered ratio, in (0, 1]. */
    public double deliveredRatio()
    {
        return deliveredRatio;
    }

    /**
     * @param maxTrainLossFraction share of a train's packets that may go missing before the train counts as over
     *                             the link's capacity.
     * @return this config.
     */
    public ProbeConfig maxTrainLossFraction(final double maxTrainLossFraction)
    {
        this.maxTrainLossFraction = maxTrainLossFraction;
        return this;
    }

    /** @return the tolerated loss fraction of one train. */
    public double maxTrainLossFraction()
    {
        return maxTrainLossFraction;
    }

    /**
     * @param delayGrowthLimitNs queuing-delay growth across a train below which a low received rate is put down to
     *                           jitter rather than to a full link.
     * @return this config.
     */
    public ProbeConfig delayGrowthLimitNs(final long delayGrowthLimitNs)
    {
        this.delayGrowthLimitNs = delayGrowthLimitNs;
        return this;
    }

    /** @return the delay growth limit in nanoseconds. */
    public long delayGrowthLimitNs()
    {
        return delayGrowthLimitNs;
    }

    /**
     * @param trainIdleTimeoutNs how long after a downlink train's latest packet the rest are given up as lost.
     * @return this config.
     */
    public ProbeConfig trainIdleTimeoutNs(final long trainIdleTimeoutNs)
    {
        this.trainIdleTimeoutNs = trainIdleTimeoutNs;
        return this;
    }

    /** @return the train idle timeout in nanoseconds. */
    public long trainIdleTimeoutNs()
    {
        return trainIdleTimeoutNs;
    }

    /**
     * @param reportWaitNs slack, beyond the expected drain time and a round trip, to wait for a train's report or
     *                     first packet before retrying; covers the responder's own idle timeout for partial trains.
     * @return this config.
     */
    public ProbeConfig reportWaitNs(final long reportWaitNs)
    {
        this.reportWaitNs = reportWaitNs;
        return this;
    }

    /** @return the report wait slack in nanoseconds. */
    public long reportWaitNs()
    {
        return reportWaitNs;
    }
}
