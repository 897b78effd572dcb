package io.classwire.core.recovery;

/**
 * The minimum of the last few samples, for a round-trip time measured from requests: an answer to a later request
 * than the one a sample starts from only makes that sample larger, so the recent minimum comes down to the round
 * trip plus the sender's turnaround. Package-private; single-threaded; allocation-free.
 */
final class RecentMinimum
{
    private final long[] samples;
    private int count;
    private long minimum = -1;

    /**
     * @param window samples the minimum is taken over, at least 1.
     */
    RecentMinimum(final int window)
    {
        samples = new long[window];
    }

    void add(final long sample)
    {
        samples[count++ % samples.length] = sample;
        long min = Long.MAX_VALUE;
        for (int i = 0, n = Math.min(count, samples.length); i < n; i++)
        {
            min = Math.min(min, samples[i]);
        }
        minimum = min;
    }

    /** @return the minimum of the recent samples, or -1 before the first. */
    long value()
    {
        return minimum;
    }
}
