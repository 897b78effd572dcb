package io.classwire.benchmarks.congestion;

/**
 * Calculators over evenly sampled series (one value per sample period), used by {@link ScenarioMetrics} and tested
 * on hand-made series. Times are sample indices unless a name says otherwise; NaN marks "no value" (e.g. a flow that
 * is not active), and every calculator skips it.
 */
public final class SeriesMetrics
{
    /** Returned by time calculators when the condition is never met. */
    public static final double NEVER = Double.NaN;

    private SeriesMetrics()
    {
    }

    /**
     * Jain's fairness index of a set of throughputs: (sum x)^2 / (n sum x^2); 1 when all are equal, 1/n when one
     * flow has everything.
     *
     * @param values throughputs, non-negative; NaNs are skipped.
     * @return the index, or NaN with no value or when all are 0.
     */
    public static double jainIndex(final double... values)
    {
        double sum = 0;
        double sumSquares = 0;
        int n = 0;
        for (final double value : values)
        {
            if (!Double.isNaN(value))
            {
                sum += value;
                sumSquares += value * value;
                n++;
            }
        }
        return n == 0 || sumSquares == 0 ? Double.NaN : sum * sum / (n * sumSquares);
    }

    /**
     * Ratio of the largest to the smallest throughput.
     *
     * @param values throughputs; NaNs are skipped.
     * @return max / min, infinity when the smallest is 0, NaN with fewer than two values.
     */
    public static double maxMinRatio(final double... values)
    {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (final double value : values)
        {
            if (!Double.isNaN(value))
            {
                min = Math.min(min, value);
                max = Math.max(max, value);
                n++;
            }
        }
        if (n < 2)
        {
            return Double.NaN;
        }
        return min == 0 ? Double.POSITIVE_INFINITY : max / min;
    }

    /**
     * Samples to count in a run, leaving out a settling window after each event (capacity change, flow start, pause
     * or resume).
     *
     * @param samples        number of samples.
     * @param periodNs       sample period.
     * @param eventNs        event times; 0 counts as an event (the start).
     * @param settleNs       window left out after each event.
     * @return true for samples lying wholly outside every window.
     */
    public static boolean[] excludeAfterEvents(final int samples, final long periodNs, final long[] eventNs,
        final long settleNs)
    {
        final boolean[] include = new boolean[samples];
        for (int k = 0; k < samples; k++)
        {
            final long fromNs = k * periodNs;
            boolean settled = true;
            for (final long atNs : eventNs)
            {
                if (fromNs >= atNs && fromNs < atNs + settleNs || atNs > fromNs && atNs < fromNs + periodNs)
                {
                    settled = false;
                    break;
                }
            }
            include[k] = settled;
        }
        return include;
    }

    /**
     * Utilization: what was delivered over what could have been, summed over the included samples (a
     * time-weighted ratio, not a mean of ratios).
     *
     * @param delivered rate delivered per sample.
     * @param capacity  rate available per sample (same unit).
     * @param include   which samples count.
     * @return sum delivered / sum capacity, NaN when no capacity is counted.
     */
    public static double utilization(final double[] delivered, final double[] capacity, final boolean[] include)
    {
        double sumDelivered = 0;
        double sumCapacity = 0;
        for (int k = 0; k < delivered.length; k++)
        {
            if (include[k] && !Double.isNaN(delivered[k]) && !Double.isNaN(capacity[k]))
            {
                sumDelivered += delivered[k];
                sumCapacity += capacity[k];
            }
        }
        return sumCapacity == 0 ? Double.NaN : sumDelivered / sumCapacity;
    }

    /**
     * Trailing moving mean over {@code window} samples (fewer at the start); NaNs are skipped.
     *
     * @param values the series.
     * @param window samples per mean, at least 1.
     * @return a new series of the same length.
     */
    public static double[] movingMean(final double[] values, final int window)
    {
        final double[] out = new double[values.length];
        for (int k = 0; k < values.length; k++)
        {
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, k - window + 1); j <= k; j++)
            {
                if (!Double.isNaN(values[j]))
                {
                    sum += values[j];
                    n++;
                }
            }
            out[k] = n == 0 ? Double.NaN : sum / n;
        }
        return out;
    }

    /**
     * Convergence time after an event: from sample {@code from}, the first sample from which the signal stays within
     * {@code ±tolerance} of its reference until sample {@code to} (exclusive).
     *
     * @param signal    the rate being judged.
     * @param reference the value it should settle at, per sample (e.g. the fair share).
     * @param from      event sample.
     * @param to        next event sample, or the end.
     * @param tolerance relative band, e.g. 0.1.
     * @return samples from {@code from} until convergence, or {@link #NEVER}.
     */
    public static double convergenceSamples(final double[] signal, final double[] reference, final int from,
        final int to, final double tolerance)
    {
        int firstInBand = -1;
        for (int k = to - 1; k >= from; k--)
        {
            if (!inBand(signal[k], reference[k], tolerance))
            {
                break;
            }
            firstInBand = k;
        }
        return firstInBand < 0 ? NEVER : firstInBand - from;
    }

    private static boolean inBand(final double value, final double reference, final double tolerance)
    {
        return !Double.isNaN(value) && !Double.isNaN(reference) &&
            value >= reference * (1 - tolerance) && value <= reference * (1 + tolerance);
    }

    /**
     * Time until a signal reaches a level and holds it: at or above the level when rising, at or below when falling,
     * for {@code hold} consecutive samples (fewer if {@code to} comes first). A value that touches the level and falls
     * back does not count, so a rate that was already high when a change came and then collapsed is timed from its
     * recovery, not from the change.
     *
     * @param signal the series.
     * @param from   first sample to look at.
     * @param to     sample to stop before.
     * @param level  the level.
     * @param rising true to wait for {@code signal >= level}, false for {@code signal <= level}.
     * @param hold   consecutive samples the level must hold, at least 1.
     * @return samples from {@code from} to the first sample of the holding run, or {@link #NEVER}.
     */
    public static double samplesUntil(final double[] signal, final int from, final int to, final double level,
        final boolean rising, final int hold)
    {
        int runStart = -1;
        for (int k = from; k < to; k++)
        {
            final boolean reached = !Double.isNaN(signal[k]) && (rising ? signal[k] >= level : signal[k] <= level);
            if (!reached)
            {
                runStart = -1;
                continue;
            }
            if (runStart < 0)
            {
                runStart = k;
            }
            if (k - runStart + 1 >= hold)
            {
                return runStart - from;
            }
        }
        return runStart >= 0 ? runStart - from : NEVER;
    }

    /**
     * Oscillation as watermark crossings: how many times the signal goes from above {@code high x reference} to
     * below {@code low x reference} or back (hysteresis: touching one watermark and returning does not count).
     *
     * @param signal    the series.
     * @param reference the level it should hold, per sample.
     * @param include   samples to look at; excluded or NaN samples reset nothing.
     * @param low       low watermark as a fraction of the reference, e.g. 0.9.
     * @param high      high watermark, e.g. 1.1.
     * @return the number of crossings.
     */
    public static int watermarkCrossings(final double[] signal, final double[] reference, final boolean[] include,
        final double low, final double high)
    {
        int state = 0;
        int crossings = 0;
        for (int k = 0; k < signal.length; k++)
        {
            if (!include[k] || Double.isNaN(signal[k]) || Double.isNaN(reference[k]))
            {
                continue;
            }
            final int now = signal[k] > high * reference[k] ? 1 : signal[k] < low * reference[k] ? -1 : 0;
            if (now != 0)
            {
                if (state != 0 && now != state)
                {
                    crossings++;
                }
                state = now;
            }
        }
        return crossings;
    }

    /**
     * Fairness over consecutive windows: per window of {@code window} eligible samples, the mean rate of each flow
     * active in it; returns the mean and the minimum of Jain's index and the largest max/min ratio over the windows.
     * Windows are cut from runs of consecutive eligible samples; leftovers shorter than a window are dropped.
     *
     * @param rates    per flow, per sample; NaN where the flow is not active.
     * @param eligible samples where fairness is judged.
     * @param window   samples per window.
     * @return {mean Jain, min Jain, worst ratio, window count}; NaNs when no window fits.
     */
    public static double[] windowedFairness(final double[][] rates, final boolean[] eligible, final int window)
    {
        final int samples = eligible.length;
        double jainSum = 0;
        double jainMin = Double.NaN;
        double worstRatio = Double.NaN;
        int windows = 0;
        int runStart = -1;
        for (int k = 0; k <= samples; k++)
        {
            final boolean in = k < samples && eligible[k];
            if (in && runStart < 0)
            {
                runStart = k;
            }
            if (in && k - runStart + 1 == window)
            {
                final double[] means = windowMeans(rates, runStart, k + 1);
                final double jain = jainIndex(means);
                final double ratio = maxMinRatio(means);
                if (!Double.isNaN(jain))
                {
                    jainSum += jain;
                    jainMin = Double.isNaN(jainMin) ? jain : Math.min(jainMin, jain);
                    worstRatio = Double.isNaN(worstRatio) ? ratio : Math.max(worstRatio, ratio);
                    windows++;
                }
                runStart = -1;
            }
            else if (!in)
            {
                runStart = -1;
            }
        }
        return new double[]{ windows == 0 ? Double.NaN : jainSum / windows, jainMin, worstRatio, windows };
    }

    /**
     * Mean of each flow's rate over samples [from, to), NaN for a flow with no value there.
     *
     * @param rates per flow, per sample.
     * @param from  first sample.
     * @param to    end, exclusive.
     * @return one mean per flow.
     */
    public static double[] windowMeans(final double[][] rates, final int from, final int to)
    {
        final double[] means = new double[rates.length];
        for (int f = 0; f < rates.length; f++)
        {
            double sum = 0;
            int n = 0;
            for (int k = from; k < to; k++)
            {
                if (!Double.isNaN(rates[f][k]))
                {
                    sum += rates[f][k];
                    n++;
                }
            }
            means[f] = n == 0 ? Double.NaN : sum / n;
        }
        return means;
    }

    /**
     * Max-min fair shares of a capacity among flows with individual limits (water filling).
     *
     * @param capacity what there is to share.
     * @param limits   each flow's most usable rate; NaN for a flow that does not take part.
     * @return each flow's share, NaN where the limit was NaN.
     */
    public static double[] fairShares(final double capacity, final double[] limits)
    {
        final double[] shares = new double[limits.length];
        final boolean[] done = new boolean[limits.length];
        int remainingFlows = 0;
        for (int i = 0; i < limits.length; i++)
        {
            done[i] = Double.isNaN(limits[i]);
            shares[i] = Double.NaN;
            remainingFlows += done[i] ? 0 : 1;
        }
        double remaining = capacity;
        while (remainingFlows > 0)
        {
            int smallest = -1;
            for (int i = 0; i < limits.length; i++)
            {
                if (!done[i] && (smallest < 0 || limits[i] < limits[smallest]))
                {
                    smallest = i;
                }
            }
            final double share = Math.min(limits[smallest], remaining / remainingFlows);
            shares[smallest] = share;
            remaining -= share;
            done[smallest] = true;
            remainingFlows--;
        }
        return shares;
    }
}
