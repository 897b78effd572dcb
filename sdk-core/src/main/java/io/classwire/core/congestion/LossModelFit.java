package io.classwire.core.congestion;

/**
 * The maximum-likelihood fit behind {@link LossBasedEstimator}: given weighted observations (send rate, packets,
 * lost), finds the capacity {@code C} and inherent loss {@code p0} of the model
 * {@code p(r) = p0 + (1 - p0) * max(0, 1 - C / r)} that best explain them, on a grid: {@code C} from 0.3 to 0.975 of
 * the highest observed rate in steps of 0.025, plus "unconstrained"; {@code p0} in 16 steps from 0 to a limit.
 *
 * <p>The rate-dependent term only applies to observations marked eligible (their queue came near full). A finite
 * {@code C} must beat the best unconstrained explanation by 6 log-units (a likelihood ratio of about 400) to count;
 * among finite candidates within 0.5 log-units of the best, the highest {@code C} is taken, so a flat likelihood does
 * not cut deeper than the data demands. Logs use {@link StrictMath} so results are identical on every JVM.
 *
 * <p>Single-threaded; arrays are sized at construction, so fitting allocates nothing.
 */
public final class LossModelFit
{
    /** Fit result meaning "loss does not depend on the rate". */
    public static final double UNCONSTRAINED = Double.POSITIVE_INFINITY;

    private static final double SIGNIFICANCE = 6.0;
    private static final double TIE_TOLERANCE = 0.5;
    private static final double MIN_PROBABILITY = 1e-6;
    private static final int CAPACITY_STEPS = 28;
    private static final double MIN_CAPACITY_FRACTION = 0.3;
    private static final double CAPACITY_STEP = 0.025;
    private static final int INHERENT_STEPS = 16;

    private final double[] ratesBps;
    private final int[] packets;
    private final int[] lost;
    private final boolean[] eligible;
    private final double[] weights;
    private final double[] inherentGrid = new double[INHERENT_STEPS];
    private final double[] logInherent = new double[INHERENT_STEPS];
    private final double[] logInherentComplement = new double[INHERENT_STEPS];
    private final double[] candidateLikelihoods = new double[CAPACITY_STEPS + 1];
    private final double[] candidateInherent = new double[CAPACITY_STEPS + 1];
    private double inherentLoss;

    /**
     * Create a fit for up to {@code maxObservations} observations.
     *
     * @param maxObservations capacity, positive.
     */
    public LossModelFit(final int maxObservations)
    {
        ratesBps = new double[maxObservations];
        packets = new int[maxObservations];
        lost = new int[maxObservations];
        eligible = new boolean[maxObservations];
        weights = new double[maxObservations];
    }

    /**
     * Load one observation.
     *
     * @param k                  its index, oldest first, below the capacity.
     * @param rateBps            send rate.
     * @param packetCount        packets sent.
     * @param lostCount          packets lost.
     * @param congestionEligible whether the rate-dependent term may explain its losses.
     * @param weight             its weight in the likelihood.
     */
    public void set(final int k, final double rateBps, final int packetCount, final int lostCount,
        final boolean congestionEligible, final double weight)
    {
        ratesBps[k] = rateBps;
        packets[k] = packetCount;
        lost[k] = lostCount;
        eligible[k] = congestionEligible;
        weights[k] = weight;
    }

    /**
     * Fit the first {@code count} observations.
     *
     * @param count         observations loaded.
     * @param maxRateBps    highest observed send rate (the grid's scale).
     * @param inherentLimit largest {@code p0} considered, in (0, 1).
     * @return the fitted capacity in bits per second, or {@link #UNCONSTRAINED}.
     */
    public double fit(final int count, final double maxRateBps, final double inherentLimit)
    {
        prepareInherentGrid(inherentLimit);
        double bestConstrained = Double.NEGATIVE_INFINITY;
        for (int c = 0; c <= CAPACITY_STEPS; c++)
        {
            evaluate(count, capacityFraction(c) * maxRateBps, c);
            if (c < CAPACITY_STEPS)
            {
                bestConstrained = Math.max(bestConstrained, candidateLikelihoods[c]);
            }
        }
        if (bestConstrained - candidateLikelihoods[CAPACITY_STEPS] < SIGNIFICANCE)
        {
            inherentLoss = candidateInherent[CAPACITY_STEPS];
            return UNCONSTRAINED;
        }
        for (int c = CAPACITY_STEPS - 1; c > 0; c--)
        {
            if (candidateLikelihoods[c] >= bestConstrained - TIE_TOLERANCE)
            {
                inherentLoss = candidateInherent[c];
                return capacityFraction(c) * maxRateBps;
            }
        }
        inherentLoss = candidateInherent[0];
        return capacityFraction(0) * maxRateBps;
    }

    /**
     * Inherent loss of the last fit's chosen candidate.
     *
     * @return a probability.
     */
    public double inherentLoss()
    {
        return inherentLoss;
    }

    private static double capacityFraction(final int candidate)
    {
        return candidate == CAPACITY_STEPS ? 1.0 : MIN_CAPACITY_FRACTION + CAPACITY_STEP * candidate;
    }

    private void prepareInherentGrid(final double limit)
    {
        for (int i = 0; i < INHERENT_STEPS; i++)
        {
            inherentGrid[i] = limit * i / (INHERENT_STEPS - 1);
            final double p = Math.max(MIN_PROBABILITY, inherentGrid[i]);
            logInherent[i] = StrictMath.log(p);
            logInherentComplement[i] = StrictMath.log(1.0 - p);
        }
    }

    private void evaluate(final int count, final double capacityBps, final int candidate)
    {
        double best = Double.NEGATIVE_INFINITY;
        double bestInherent = 0;
        for (int j = 0; j < INHERENT_STEPS; j++)
        {
            final double p0 = inherentGrid[j];
            double likelihood = 0;
            for (int k = 0; k < count; k++)
            {
                final int delivered = packets[k] - lost[k];
                if (ratesBps[k] <= capacityBps || !eligible[k])
                {
                    likelihood += weights[k] * (lost[k] * logInherent[j] + delivered * logInherentComplement[j]);
                    continue;
                }
                final double congestion = 1.0 - capacityBps / ratesBps[k];
                final double p = Math.max(MIN_PROBABILITY, Math.min(1.0 - MIN_PROBABILITY,
                    p0 + (1.0 - p0) * congestion));
                likelihood += weights[k] * (lost[k] * StrictMath.log(p) + delivered * StrictMath.log(1.0 - p));
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
}
