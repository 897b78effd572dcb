package io.classwire.core.congestion;

/**
 * Loss-based bandwidth bound that tells random (inherent) loss from congestion loss, in the spirit of libwebrtc's
 * LossBasedBweV2 rather than the draft's threshold rule (draft-ietf-rmcat-gcc-02 section 6: cut by {@code 1 - 0.5p}
 * above 10% loss, grow 5% below 2%), which slowly collapses on a radio link with steady random loss.
 *
 * <p>Model: packets sent at rate {@code r} are lost with probability
 * {@code p(r) = p0 + (1 - p0) * max(0, 1 - C / r)}: an inherent loss {@code p0} that does not depend on the rate, plus
 * the fluid-model share of the excess over a capacity {@code C} that a full drop-tail queue discards. Observations
 * are (send rate, packets, lost) over at least 20 packets and 150 ms of send time; the last 16 are kept, each
 * weighted {@code 0.9^age}. The fit maximises the weighted binomial log-likelihood
 * {@code sum w (l ln p + (n - l) ln(1 - p))} over a grid of {@code p0} in [0, maxInherentLoss] and {@code C} in
 * {0.4 .. 0.95} of the highest observed rate, plus "unconstrained" ({@code C} at or above every observed rate).
 *
 * <p>Decision: the highest candidate whose likelihood is within a tolerance (6 log-units, a likelihood ratio of about
 * 400) of the best wins. Random loss that does not rise with the rate is explained as well by an unconstrained
 * {@code C} with {@code p0} near the loss rate, so the bound stays off and the delay-based estimate rules; loss that
 * grows with the rate can only be explained by a finite {@code C}, which becomes the bound. When the rate never
 * varies the two cannot be told apart and we prefer not to cut (the delay-based estimator still sees a queue).
 * Observations in which every packet was lost (an outage, not a bottleneck) are discarded.
 *
 * <p>The bound drops at once to a lower fit and rises at {@code recoveryPerSecond} (8%/s) towards a higher one; once
 * it reaches the delay-based estimate while the fit is unconstrained it is lifted. Single-threaded; the observation
 * ring and the grid are fixed arrays, so nothing allocates.
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
    private static final double LIKELIHOOD_TOLERANCE = 6.0;
    private static final double LOW_LOSS = 0.02;
    private static final double RECOVERY_PER_SECOND = 1.08;
    private static final double MIN_PROBABILITY = 1e-6;
    private static final double[] CAPACITY_FRACTIONS = { 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0 };
    private static final int INHERENT_STEPS = 16;

    private final double[] observationRatesBps = new double[MAX_OBSERVATIONS];
    private final int[] observationPackets = new int[MAX_OBSERVATIONS];
    private final int[] observationLost = new int[MAX_OBSERVATIONS];
    private final double[] inherentGrid = new double[INHERENT_STEPS];
    private final double[] candidateLikelihoods = new double[CAPACITY_FRACTIONS.length];
    private final double[] candidateInherent = new double[CAPACITY_FRACTIONS.length];
    private final double[] weights = new double[MAX_OBSERVATIONS];
    private final double[] logInherent = new double[INHERENT_STEPS];
    private final double[] logInherentComplement = new double[INHERENT_STEPS];
    private final long minBps;
    private int observationHead;
    private int observationCount;

    private int openPackets;
    private int openLost;
    private long openBytes;
    private long openFirstSendUs = Long.MIN_VALUE;
    private long openLastSendUs;

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
        for (int i = 0; i < INHERENT_STEPS; i++)
        {
            inherentGrid[i] = maxInherentLoss * i / (INHERENT_STEPS - 1);
            final double p = Math.max(MIN_PROBABILITY, inherentGrid[i]);
            logInherent[i] = StrictMath.log(p);
            logInherentComplement[i] = StrictMath.log(1.0 - p);
        }
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
            if (results.recovered(i))
            {
                // Reported lost earlier, received after all: undo one loss where it is still open.
                openLost = Math.max(0, openLost - 1);
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
            if (!results.received(i))
            {
                openLost++;
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
            observationRatesBps[slot] = openBytes * 8e6 / (openLastSendUs - openFirstSendUs);
            observationPackets[slot] = openPackets;
            observationLost[slot] = openLost;
        }
        openPackets = 0;
        openLost = 0;
        openBytes = 0;
        openFirstSendUs = Long.MIN_VALUE;
        openLastSendUs = Long.MIN_VALUE;
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
            weights[k] = weight;
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
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        final int candidates = CAPACITY_FRACTIONS.length;
        final double[] likelihoods = candidateLikelihoods;
        final double[] inherent = candidateInherent;
        for (int c = 0; c < candidates; c++)
        {
            evaluate(CAPACITY_FRACTIONS[c] * maxRate, c);
            bestLikelihood = Math.max(bestLikelihood, likelihoods[c]);
        }
        for (int c = candidates - 1; c >= 0; c--)
        {
            if (likelihoods[c] >= bestLikelihood - LIKELIHOOD_TOLERANCE)
            {
                inherentLoss = inherent[c];
                setFit(c == candidates - 1 ? UNLIMITED : Math.max(minBps, (long)(CAPACITY_FRACTIONS[c] * maxRate)));
                return;
            }
        }
    }

    private void evaluate(final double capacityBps, final int candidate)
    {
        double best = Double.NEGATIVE_INFINITY;
        double bestInherent = 0;
        for (int j = 0; j < INHERENT_STEPS; j++)
        {
            final double p0 = inherentGrid[j];
            double likelihood = 0;
            for (int k = 0; k < observationCount; k++)
            {
                final int slot = (observationHead + k) % MAX_OBSERVATIONS;
                final double rate = observationRatesBps[slot];
                final int lost = observationLost[slot];
                final int delivered = observationPackets[slot] - lost;
                if (rate <= capacityBps)
                {
                    likelihood += weights[k] * (lost * logInherent[j] + delivered * logInherentComplement[j]);
                    continue;
                }
                final double congestion = 1.0 - capacityBps / rate;
                final double p = Math.max(MIN_PROBABILITY, Math.min(1.0 - MIN_PROBABILITY,
                    p0 + (1.0 - p0) * congestion));
                likelihood += weights[k] * (lost * StrictMath.log(p) + delivered * StrictMath.log(1.0 - p));
            }
            if (likelihood > best)
            {
                best = likelihood;
                bestInherent = p0;
            }
        }
        candidateLikelihoods[candidate] = best;
        candidateInherent[candidate] = bestInherent;
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
     * The latest fit's capacity.
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
