package io.classwire.core.congestion;

/**
 * Loss-based bandwidth bound that tells random (inherent) loss from congestion loss, in the spirit of libwebrtc's
 * LossBasedBweV2 rather than the draft's threshold rule (draft-ietf-rmcat-gcc-02 section 6: cut by {@code 1 - 0.5p}
 * above 10% loss, grow 5% below 2%), which slowly collapses on a radio link with steady random loss.
 *
 * <p>Model: packets sent at rate {@code r} are lost with probability
 * {@code p(r) = p0 + (1 - p0) * max(0, 1 - C / r)}: an inherent loss {@code p0} that does not depend on the rate, plus
 * the fluid-model share of the excess over a capacity {@code C} that a full drop-tail queue discards. Observations are
 * (send rate, packets, lost, largest queuing delay) over at least 20 packets and 150 ms of send time; the last 16 are
 * kept, each weighted {@code 0.9^age}. The fit maximises the weighted binomial log-likelihood
 * {@code sum w (l ln p + (n - l) ln(1 - p))} ({@link LossModelFit}) over a grid of {@code p0} and of {@code C} from
 * 0.3 to 0.975 of the highest observed rate in steps of 0.025, plus "unconstrained" ({@code C} at or above every
 * observed rate).
 *
 * <p>Telling the two losses apart:
 * <ul>
 *   <li>Rate dependence: random loss that does not rise with the rate is explained as well by an unconstrained
 *   {@code C}; loss that grows with the rate can only be explained by a finite one. A finite {@code C} must beat the
 *   best unconstrained explanation by 6 log-units (a likelihood ratio of about 400) before it counts; then the
 *   highest {@code C} within 0.5 of the best finite one is taken.</li>
 *   <li>Queue delay: a drop-tail queue only drops when full. A lost packet whose predecessor saw at least 70% of
 *   the largest queuing delay in the window ({@link QueueDelayTracker}) is counted as a drop at a full queue; every
 *   other loss feeds a slow estimate of {@code p0}, and once that rests on 100 packets the grid's {@code p0} is
 *   limited to it plus three standard errors plus 2%. The rate-dependent term only applies to observations whose
 *   queue came within 70% of that maximum. Without this a full queue at a constant rate (loss, no delay trend, no
 *   rate variation to correlate with) would be read as inherent loss and never cut; in a shallow buffer the sender
 *   would run at 1.5 times the capacity, held only by the acknowledged-rate cap.</li>
 * </ul>
 * Observations in which every packet was lost (an outage, not a bottleneck) are discarded.
 *
 * <p>A finite fit sets the bound to 95% of {@code C}, so a standing queue drains. The bound drops at once to a lower
 * fit and rises at 8%/s towards a higher one; once it reaches the delay-based estimate while the fit is unconstrained
 * it is lifted. Single-threaded; rings and grids are fixed arrays, so nothing allocates.
 */
public final class LossBasedEstimator
{
    /** Bound value meaning "no loss-based limit". */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** Default largest inherent loss the model accepts before attributing loss to congestion. */
    public static final double DEFAULT_MAX_INHERENT_LOSS = 0.3;

    private static final int MAX_OBSERVATIONS = 16;
    private static final int MIN_OBSERVATION_PACKETS = 20;
    private static final long MIN_OBSERVATION_US = 150_000;
    private static final double TEMPORAL_DECAY = 0.9;
    private static final double LOW_LOSS = 0.02;
    private static final double RECOVERY_PER_SECOND = 1.08;
    private static final double BOUND_HEADROOM = 0.95;
    private static final double FULL_QUEUE_FRACTION = 0.7;
    private static final long MIN_FULL_QUEUE_US = 5_000;
    private static final double INHERENT_DECAY = 0.95;
    private static final double MIN_PRIOR_PACKETS = 100;
    private static final double PRIOR_MARGIN = 0.02;

    private final QueueDelayTracker queueDelay = new QueueDelayTracker();
    private final LossModelFit model = new LossModelFit(MAX_OBSERVATIONS);
    private final double[] observationRatesBps = new double[MAX_OBSERVATIONS];
    private final int[] observationPackets = new int[MAX_OBSERVATIONS];
    private final int[] observationLost = new int[MAX_OBSERVATIONS];
    private final long[] observationMaxQueueUs = new long[MAX_OBSERVATIONS];
    private final long minBps;
    private final double maxInherentLoss;
    private int observationHead;
    private int observationCount;

    private int openPackets;
    private int openLost;
    private long openBytes;
    private long openFirstSendUs = Long.MIN_VALUE;
    private long openLastSendUs = Long.MIN_VALUE;
    private long ignoreSentBeforeUs = Long.MIN_VALUE;
    private int openLastBytes;
    private long openMaxQueueUs;
    private int openLostAtFullQueue;
    private long lastQueueUs;
    private long windowMaxQueueUs;

    private double inherentPackets;
    private double inherentLost;
    private long fitBps = UNLIMITED;
    private long boundBps = UNLIMITED;
    private double inherentLoss;
    private long lastProcessUs = Long.MIN_VALUE;
    private long fits;

    /**
     * Create an estimator.
     *
     * @param minBps          lowest bound it will ever report (the configured minimum).
     * @param maxInherentLoss largest inherent loss the model considers, in (0, 1).
     */
    public LossBasedEstimator(final long minBps, final double maxInherentLoss)
    {
        if (minBps <= 0 || !(maxInherentLoss > 0.0 && maxInherentLoss < 1.0))
        {
            throw new IllegalArgumentException("bad minBps " + minBps + " or maxInherentLoss " + maxInherentLoss);
        }
        this.minBps = minBps;
        this.maxInherentLoss = maxInherentLoss;
    }

    /**
     * Add the outcomes of one feedback (in sequence order) and refit when an observation completes.
     *
     * @param results outcomes of one feedback.
     */
    public void onPacketResults(final PacketResults results)
    {
        boolean closed = false;
        for (int i = 0; i < results.count(); i++)
        {
            if (results.sendTimeUs(i) < ignoreSentBeforeUs)
            {
                continue;
            }
            if (results.recovered(i))
            {
                // Reported lost earlier, received after all: undo one loss where it is still open.
                openLost = Math.max(0, openLost - 1);
                openLostAtFullQueue = Math.min(openLostAtFullQueue, openLost);
                continue;
            }
            final long sendUs = results.sendTimeUs(i);
            if (openFirstSendUs == Long.MIN_VALUE)
            {
                openFirstSendUs = sendUs;
            }
            openLastSendUs = Math.max(openLastSendUs, sendUs);
            openPackets++;
            openBytes += results.sizeBytes(i);
            openLastBytes = results.sizeBytes(i);
            if (results.received(i))
            {
                lastQueueUs = queueDelay.onPacket(sendUs, results.arrivalTimeUs(i));
                openMaxQueueUs = Math.max(openMaxQueueUs, lastQueueUs);
            }
            else
            {
                openLost++;
                if (isFullQueue(lastQueueUs))
                {
                    openLostAtFullQueue++;
                }
            }
            if (openPackets >= MIN_OBSERVATION_PACKETS && openLastSendUs - openFirstSendUs >= MIN_OBSERVATION_US)
            {
                closeObservation();
                closed = true;
            }
        }
        if (closed)
        {
            fit();
        }
    }

    /**
     * Forget the packets of an outage: outcomes of packets sent before {@code sendUs} are ignored from now on, and
     * the observation under way (which spans the outage) is dropped. What a dead link loses says nothing about the
     * capacity of the live one, and a packet the link held through the outage would inflate the queue-delay maximum
     * that tells drops at a full queue from random loss.
     *
     * @param sendUs send time before which outcomes are ignored.
     */
    public void ignoreSentBefore(final long sendUs)
    {
        ignoreSentBeforeUs = Math.max(ignoreSentBeforeUs, sendUs);
        openPackets = 0;
        openLost = 0;
        openBytes = 0;
        openFirstSendUs = Long.MIN_VALUE;
        openLastSendUs = Long.MIN_VALUE;
        openMaxQueueUs = 0;
        openLostAtFullQueue = 0;
    }

    private void closeObservation()
    {
        if (openLost < openPackets)
        {
            final int slot = (observationHead + observationCount) % MAX_OBSERVATIONS;
            if (observationCount == MAX_OBSERVATIONS)
            {
                observationHead = (observationHead + 1) % MAX_OBSERVATIONS;
            }
            else
            {
                observationCount++;
            }
            // n packets span n - 1 send intervals: the last packet's bytes are not part of the measured span.
            observationRatesBps[slot] = (openBytes - openLastBytes) * 8e6 / (openLastSendUs - openFirstSendUs);
            observationPackets[slot] = openPackets;
            observationLost[slot] = openLost;
            observationMaxQueueUs[slot] = openMaxQueueUs;
            // Losses while the queue was short cannot be drop-tail drops: they estimate the inherent loss.
            inherentPackets = INHERENT_DECAY * inherentPackets + openPackets;
            inherentLost = INHERENT_DECAY * inherentLost + (openLost - openLostAtFullQueue);
            windowMaxQueueUs = 0;
            for (int k = 0; k < observationCount; k++)
            {
                windowMaxQueueUs = Math.max(windowMaxQueueUs, observationMaxQueueUs[(observationHead + k) %
                    MAX_OBSERVATIONS]);
            }
        }
        openPackets = 0;
        openLost = 0;
        openBytes = 0;
        openFirstSendUs = Long.MIN_VALUE;
        openLastSendUs = Long.MIN_VALUE;
        openMaxQueueUs = 0;
        openLostAtFullQueue = 0;
    }

    private boolean isFullQueue(final long queueUs)
    {
        final long maxQueueUs = Math.max(windowMaxQueueUs, openMaxQueueUs);
        return maxQueueUs >= MIN_FULL_QUEUE_US && queueUs >= FULL_QUEUE_FRACTION * maxQueueUs;
    }

    /**
     * The largest inherent loss the fit may use now: the low-queue estimate plus three standard errors and 2%, or the
     * configured maximum while that estimate rests on fewer than 100 packets.
     *
     * @return a probability in (0, maxInherentLoss].
     */
    public double inherentLossLimit()
    {
        if (inherentPackets < MIN_PRIOR_PACKETS)
        {
            return maxInherentLoss;
        }
        final double p = inherentLost / inherentPackets;
        final double limit = p + 3 * Math.sqrt(p * (1 - p) / inherentPackets) + PRIOR_MARGIN;
        return Math.min(maxInherentLoss, limit);
    }

    /**
     * Loss rate seen while the queue was short: the estimate of inherent loss, before any margin.
     *
     * @return a probability, or 0 while it rests on fewer than 100 packets.
     */
    public double inherentLossEstimate()
    {
        return inherentPackets < MIN_PRIOR_PACKETS ? 0.0 : Math.min(maxInherentLoss, inherentLost / inherentPackets);
    }

    private void fit()
    {
        fits++;
        double maxRate = 0;
        double weightedPackets = 0;
        double weightedLost = 0;
        for (int k = 0; k < observationCount; k++)
        {
            final int slot = (observationHead + k) % MAX_OBSERVATIONS;
            final double weight = Math.pow(TEMPORAL_DECAY, observationCount - 1 - k);
            final boolean eligible = windowMaxQueueUs >= MIN_FULL_QUEUE_US &&
                observationMaxQueueUs[slot] >= FULL_QUEUE_FRACTION * windowMaxQueueUs;
            model.set(k, observationRatesBps[slot], observationPackets[slot], observationLost[slot], eligible, weight);
            maxRate = Math.max(maxRate, observationRatesBps[slot]);
            weightedPackets += weight * observationPackets[slot];
            weightedLost += weight * observationLost[slot];
        }
        if (weightedPackets <= 0 || weightedLost / weightedPackets < LOW_LOSS)
        {
            inherentLoss = weightedPackets > 0 ? weightedLost / weightedPackets : 0;
            setFit(UNLIMITED);
            return;
        }
        final double capacityBps = model.fit(observationCount, maxRate, inherentLossLimit());
        inherentLoss = model.inherentLoss();
        setFit(capacityBps == LossModelFit.UNCONSTRAINED ? UNLIMITED :
            Math.max(minBps, (long)(BOUND_HEADROOM * capacityBps)));
    }

    private void setFit(final long newFitBps)
    {
        fitBps = newFitBps;
        if (newFitBps < boundBps)
        {
            boundBps = newFitBps;
        }
    }

    /**
     * Let the bound recover towards the fit and lift it once it no longer limits.
     *
     * @param delayBasedBps the delay-based estimate (the bound is lifted when it reaches this while unconstrained).
     * @param nowUs         current time.
     */
    public void process(final long delayBasedBps, final long nowUs)
    {
        final long elapsedUs = lastProcessUs == Long.MIN_VALUE ? 0 : Math.max(0, nowUs - lastProcessUs);
        lastProcessUs = nowUs;
        if (boundBps == UNLIMITED || boundBps >= fitBps)
        {
            return;
        }
        final double factor = Math.pow(RECOVERY_PER_SECOND, Math.min(elapsedUs / 1e6, 1.0));
        final long grown = Math.max(boundBps + 1, (long)(boundBps * factor));
        boundBps = Math.min(fitBps, grown);
        if (fitBps == UNLIMITED && boundBps >= delayBasedBps)
        {
            boundBps = UNLIMITED;
        }
    }

    /**
     * The loss-based bound.
     *
     * @return bits per second, or {@link #UNLIMITED}.
     */
    public long boundBps()
    {
        return boundBps;
    }

    /**
     * Whether loss currently limits the rate.
     *
     * @return true when the bound is finite.
     */
    public boolean isLossLimited()
    {
        return boundBps != UNLIMITED;
    }

    /**
     * The latest fit's bound (95% of its capacity).
     *
     * @return bits per second, or {@link #UNLIMITED} when loss does not depend on the rate.
     */
    public long fitBps()
    {
        return fitBps;
    }

    /**
     * The latest fit's inherent (rate-independent) loss rate, useful to size forward error correction.
     *
     * @return a probability in [0, 1].
     */
    public double inherentLoss()
    {
        return inherentLoss;
    }

    /**
     * Fits performed.
     *
     * @return the count.
     */
    public long fits()
    {
        return fits;
    }
}
