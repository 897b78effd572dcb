package io.classwire.core.congestion.lab;

/**
 * Fixed-size time series of a closed-loop congestion run, one sample per period: what the controller decided
 * (target, delay-based estimate, loss bound, acknowledged rate), what the sender sent and the receiver got, and the
 * queuing delay the receiver measured. Arrays are sized up front so recording allocates nothing. Test support,
 * reusable by scenario suites.
 */
public final class RateSeries
{
    private final long periodNs;
    private final long[] targetBps;
    private final long[] delayBasedBps;
    private final long[] lossBoundBps;
    private final long[] ackedBps;
    private final long[] sentBytes;
    private final long[] receivedBytes;
    private final long[] maxQueueDelayNs;
    private final long[] queueDelaySumNs;
    private final long[] queueDelayCount;

    /**
     * Create an empty series.
     *
     * @param durationNs longest run recorded.
     * @param periodNs   sample period.
     */
    public RateSeries(final long durationNs, final long periodNs)
    {
        this.periodNs = periodNs;
        final int samples = (int)(durationNs / periodNs) + 2;
        targetBps = new long[samples];
        delayBasedBps = new long[samples];
        lossBoundBps = new long[samples];
        ackedBps = new long[samples];
        sentBytes = new long[samples];
        receivedBytes = new long[samples];
        maxQueueDelayNs = new long[samples];
        queueDelaySumNs = new long[samples];
        queueDelayCount = new long[samples];
    }

    /**
     * Bucket of a time.
     *
     * @param timeNs a time in the run.
     * @return the bucket index, clamped to the series.
     */
    public int index(final long timeNs)
    {
        return (int)Math.max(0, Math.min(targetBps.length - 1, timeNs / periodNs));
    }

    /**
     * Sample period.
     *
     * @return nanoseconds.
     */
    public long periodNs()
    {
        return periodNs;
    }

    void recordController(final long timeNs, final long target, final long delayBased, final long lossBound,
        final long acked)
    {
        final int i = index(timeNs);
        targetBps[i] = target;
        delayBasedBps[i] = delayBased;
        lossBoundBps[i] = lossBound;
        ackedBps[i] = acked;
    }

    void recordSent(final long timeNs, final int bytes)
    {
        sentBytes[index(timeNs)] += bytes;
    }

    void recordReceived(final long timeNs, final int bytes, final long queueDelayNs)
    {
        final int i = index(timeNs);
        receivedBytes[i] += bytes;
        maxQueueDelayNs[i] = Math.max(maxQueueDelayNs[i], queueDelayNs);
        queueDelaySumNs[i] += queueDelayNs;
        queueDelayCount[i]++;
    }

    /**
     * Target at a time.
     *
     * @param timeNs a time in the run.
     * @return bits per second (the last value recorded in that period).
     */
    public long targetBps(final long timeNs)
    {
        return targetBps[index(timeNs)];
    }

    /**
     * Lowest target over a span.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return bits per second.
     */
    public long minTargetBps(final long fromNs, final long toNs)
    {
        long min = Long.MAX_VALUE;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            min = Math.min(min, targetBps[i]);
        }
        return min;
    }

    /**
     * Highest target over a span.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return bits per second.
     */
    public long maxTargetBps(final long fromNs, final long toNs)
    {
        long max = 0;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            max = Math.max(max, targetBps[i]);
        }
        return max;
    }

    /**
     * Mean target over a span.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return bits per second.
     */
    public long meanTargetBps(final long fromNs, final long toNs)
    {
        long sum = 0;
        int n = 0;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            sum += targetBps[i];
            n++;
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * Goodput the receiver saw over a span.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return bits per second.
     */
    public long receivedBps(final long fromNs, final long toNs)
    {
        long bytes = 0;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            bytes += receivedBytes[i];
        }
        final long spanNs = (long)(index(toNs) - index(fromNs)) * periodNs;
        return spanNs == 0 ? 0 : bytes * 8_000_000_000L / spanNs;
    }

    /**
     * Rate the sender put on the wire (media and padding) over a span.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return bits per second.
     */
    public long sentBps(final long fromNs, final long toNs)
    {
        long bytes = 0;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            bytes += sentBytes[i];
        }
        final long spanNs = (long)(index(toNs) - index(fromNs)) * periodNs;
        return spanNs == 0 ? 0 : bytes * 8_000_000_000L / spanNs;
    }

    /**
     * Largest queuing delay a packet arriving in the span saw.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return nanoseconds.
     */
    public long maxQueueDelayNs(final long fromNs, final long toNs)
    {
        long max = 0;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            max = Math.max(max, maxQueueDelayNs[i]);
        }
        return max;
    }

    /**
     * Mean queuing delay of the packets arriving in the span.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, exclusive.
     * @return nanoseconds.
     */
    public long meanQueueDelayNs(final long fromNs, final long toNs)
    {
        long sum = 0;
        long n = 0;
        for (int i = index(fromNs); i < index(toNs); i++)
        {
            sum += queueDelaySumNs[i];
            n += queueDelayCount[i];
        }
        return n == 0 ? 0 : sum / n;
    }

    /**
     * A copy of the target samples, for comparing runs.
     *
     * @return the samples.
     */
    public long[] targetSamples()
    {
        return targetBps.clone();
    }

    /**
     * One line per step: time, target, delay-based estimate, loss bound, acknowledged rate, received rate, mean and
     * max queuing delay.
     *
     * @param fromNs start.
     * @param toNs   end.
     * @param stepNs step, a multiple of the period.
     * @return the table.
     */
    public String describe(final long fromNs, final long toNs, final long stepNs)
    {
        final StringBuilder out = new StringBuilder(
            "  t(s)  target  delay   loss    acked   recv   qmean  qmax (kbit/s, ms)\n");
        for (long t = fromNs; t < toNs; t += stepNs)
        {
            final int i = index(t);
            final long loss = lossBoundBps[i];
            out.append(String.format("%6.1f %7d %7d %7s %7d %6d %6.1f %6.1f%n",
                t / 1e9, targetBps[i] / 1000, delayBasedBps[i] / 1000,
                loss == Long.MAX_VALUE ? "-" : Long.toString(loss / 1000), ackedBps[i] / 1000,
                receivedBps(t, t + stepNs) / 1000, meanQueueDelayNs(t, t + stepNs) / 1e6,
                maxQueueDelayNs(t, t + stepNs) / 1e6));
        }
        return out.toString();
    }
}
