package io.classwire.core.lab;

import java.util.SplittableRandom;

/**
 * Decides the fate of each packet crossing one direction of a path: dropped (and why) or delivered at a given time,
 * perhaps twice. Pure decision logic on (nowNs, packet size): it neither holds nor moves packets, so the virtual-time
 * simulator and a real-time UDP impairment proxy can both use it and only differ in how they act on the result.
 *
 * <p>Stages, in order, for a packet offered at {@code nowNs}:
 * <ol>
 *   <li><b>Blackout</b>: dropped if {@code nowNs} falls in a blackout window.</li>
 *   <li><b>Drop-tail queue</b>: dropped if the queue is full (time limit measured at the capacity in force now, or
 *       packet limit); otherwise its serialization start and finish are computed from the capacity timeline. An empty
 *       queue always admits one packet.</li>
 *   <li><b>Blackout on the wire</b>: dropped if its serialization finishes inside a blackout window.</li>
 *   <li><b>Bursty loss</b> (Gilbert-Elliott, advanced once per packet that got this far), then <b>random loss</b>
 *       (Bernoulli). Lost packets have used the link's capacity, like frames lost on a radio link.</li>
 *   <li><b>Delay</b>: finish + propagation delay + jitter drawn from an exponential distribution with the configured
 *       mean (so RFC 3550 interarrival jitter of an unqueued flow comes out near that mean), or, as
 *       {@link LinkConfig#jitterDistribution()} says, uniform in +-jitter or normal with that standard deviation around
 *       the propagation delay (netem style; the total delay is never negative). Without reordering, delivery times
 *       are made non-decreasing.</li>
 *   <li><b>Duplication</b>: with the configured probability a second copy is delivered, with its own jitter draw
 *       (never before the original when reordering is off).</li>
 * </ol>
 *
 * <p>Each stage draws from its own random stream derived from the seed, so that, for example, turning duplication on
 * does not change which packets are lost. Single-threaded; {@code nowNs} must never decrease between calls.
 */
public final class Impairment
{
    private final LinkConfig config;
    private final LinkStats stats = new LinkStats();
    private final BottleneckQueue queue;
    private final Blackouts blackouts;
    private final SplittableRandom randomLossRandom;
    private final SplittableRandom burstLossRandom;
    private final SplittableRandom jitterRandom;
    private final SplittableRandom duplicationRandom;
    private final double randomLossRate;
    private final double duplicationProbability;
    private final double goodToBad;
    private final double badToGood;
    private final boolean hasBurstLoss;
    private final long propagationDelayNs;
    private final double jitterMeanNs;
    private final LinkConfig.JitterDistribution jitterDistribution;
    private final boolean reorderingAllowed;

    private boolean burstBad;
    private long nextSequence;
    private long lastNowNs = Long.MIN_VALUE;
    private long latestDeliveryNs = Long.MIN_VALUE;

    /**
     * Create the impairment for one direction.
     *
     * @param config what to impose.
     * @param seed   randomness seed; the same seed and the same offers give the same fates.
     */
    public Impairment(final LinkConfig config, final long seed)
    {
        this.config = config;
        queue = new BottleneckQueue(config.capacity(), config.queueLimitNs(), config.queueLimitPackets());
        blackouts = config.blackouts();
        randomLossRandom = RandomStreams.stream(seed, "random-loss");
        burstLossRandom = RandomStreams.stream(seed, "burst-loss");
        jitterRandom = RandomStreams.stream(seed, "jitter");
        duplicationRandom = RandomStreams.stream(seed, "duplication");
        randomLossRate = config.randomLossRate();
        duplicationProbability = config.duplicationProbability();
        final GilbertElliottLoss burstLoss = config.burstLoss();
        hasBurstLoss = burstLoss != null;
        goodToBad = hasBurstLoss ? burstLoss.goodToBadProbability() : 0.0;
        badToGood = hasBurstLoss ? burstLoss.badToGoodProbability() : 1.0;
        // Start from the stationary distribution so the loss rate has no warm-up bias.
        burstBad = hasBurstLoss && burstLossRandom.nextDouble() < burstLoss.meanLossRate();
        propagationDelayNs = config.propagationDelayNs();
        jitterMeanNs = config.jitterNs();
        jitterDistribution = config.jitterDistribution();
        reorderingAllowed = config.reorderingAllowed();
    }

    /**
     * Decide what happens to a packet offered now, and count it.
     *
     * @param nowNs       time the packet enters the link; not before the previous call's.
     * @param lengthBytes its size on the wire.
     * @param fate        holder to fill in.
     * @return {@code fate}, filled in.
     * @throws IllegalArgumentException if {@code nowNs} went backwards.
     */
    public PacketFate decide(final long nowNs, final int lengthBytes, final PacketFate fate)
    {
        if (nowNs < lastNowNs)
        {
            throw new IllegalArgumentException("time went backwards: " + nowNs + " < " + lastNowNs);
        }
        lastNowNs = nowNs;
        fate.reset(nextSequence++);
        stats.onOffered(lengthBytes);

        final DropCause cause = admitAndLose(nowNs, lengthBytes, fate);
        if (cause != DropCause.NONE)
        {
            fate.dropCause = cause;
            stats.onDropped(cause, lengthBytes);
            return fate;
        }

        final long baseNs = queue.lastFinishNs() + propagationDelayNs;
        long deliveryNs = baseNs + jitterNs();
        if (reorderingAllowed)
        {
            fate.reordered = deliveryNs < latestDeliveryNs;
        }
        else
        {
            deliveryNs = Math.max(deliveryNs, latestDeliveryNs);
        }
        fate.deliveryNs = deliveryNs;
        latestDeliveryNs = Math.max(latestDeliveryNs, deliveryNs);

        if (duplicationProbability > 0.0 && duplicationRandom.nextDouble() < duplicationProbability)
        {
            long duplicateNs = baseNs + jitterNs();
            if (!reorderingAllowed)
            {
                duplicateNs = Math.max(duplicateNs, deliveryNs);
            }
            fate.duplicateDeliveryNs = duplicateNs;
            latestDeliveryNs = Math.max(latestDeliveryNs, duplicateNs);
        }
        stats.onDelivered(lengthBytes, fate.hasDuplicate(), fate.reordered);
        return fate;
    }

    /**
     * Counters for everything decided so far.
     *
     * @return the live statistics.
     */
    public LinkStats stats()
    {
        return stats;
    }

    /**
     * The configuration imposed.
     *
     * @return the configuration.
     */
    public LinkConfig config()
    {
        return config;
    }

    /**
     * Packets queued and not yet fully serialized as of the last decision.
     *
     * @return the queue length in packets.
     */
    public int queuedPackets()
    {
        return queue.packetCount();
    }

    private DropCause admitAndLose(final long nowNs, final int lengthBytes, final PacketFate fate)
    {
        if (blackouts.contains(nowNs))
        {
            return DropCause.BLACKOUT;
        }
        if (!queue.admit(nowNs, lengthBytes))
        {
            return DropCause.QUEUE_FULL;
        }
        fate.queueDelayNs = queue.lastStartNs() - nowNs;
        stats.onQueued(fate.queueDelayNs);
        if (blackouts.contains(queue.lastFinishNs()))
        {
            return DropCause.BLACKOUT;
        }
        if (hasBurstLoss && nextBurstState())
        {
            return DropCause.BURST_LOSS;
        }
        if (randomLossRate > 0.0 && randomLossRandom.nextDouble() < randomLossRate)
        {
            return DropCause.RANDOM_LOSS;
        }
        return DropCause.NONE;
    }

    private boolean nextBurstState()
    {
        final double draw = burstLossRandom.nextDouble();
        burstBad = burstBad ? draw >= badToGood : draw < goodToBad;
        return burstBad;
    }

    private long jitterNs()
    {
        if (jitterMeanNs <= 0.0)
        {
            return 0;
        }
        switch (jitterDistribution)
        {
            case UNIFORM:
                return Math.max(-propagationDelayNs, (long)(jitterMeanNs * (2.0 * jitterRandom.nextDouble() - 1.0)));
            case NORMAL:
                return Math.max(-propagationDelayNs, (long)(jitterMeanNs * gaussian()));
            default:
                // StrictMath so that logs are byte-identical across JVMs and CPUs.
                return (long)(-jitterMeanNs * StrictMath.log(1.0 - jitterRandom.nextDouble()));
        }
    }

    // Box-Muller with StrictMath (Random.nextGaussian's result may differ across JVMs), one value per packet.
    private double gaussian()
    {
        final double u1 = 1.0 - jitterRandom.nextDouble();
        final double u2 = jitterRandom.nextDouble();
        return StrictMath.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2.0 * Math.PI * u2);
    }
}
