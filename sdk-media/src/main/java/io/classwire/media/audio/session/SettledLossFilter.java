package io.classwire.media.audio.session;

/**
 * Takes reordering out of the cumulative loss of RTCP receiver reports before the sender plans from it. A report's
 * cumulative lost (RFC 3550 section 6.4.1: expected minus received, expected running to the highest sequence number)
 * also counts the packets still in flight behind a reordered one: {@code L_i = A_i + T_i}, with {@code A} the settled
 * losses (never decreasing) and {@code T_i >= 0} the stragglers at report i. So for the next reports
 * {@code L_j >= A_j >= A_i}, and the minimum of {@code L} over reports i..i+m is an upper bound of {@code A_i} that
 * is exact as soon as one of those reports caught no straggler, which on a jittery path without loss is nearly
 * always. The filter releases, {@code m} reports late, that minimum paired with report i's highest sequence number.
 * Package-private; single-threaded; allocation-free.
 */
final class SettledLossFilter
{
    private final long[] lost;
    private final long[] highest;
    private int count;
    private int next;
    private long settledLost;
    private long settledHighest;

    /**
     * @param laterReports m, the reports after one that bound its settled count.
     */
    SettledLossFilter(final int laterReports)
    {
        lost = new long[laterReports + 1];
        highest = new long[laterReports + 1];
    }

    /**
     * One report's counts.
     *
     * @return true when a settled value for an older report is released ({@link #settledLost()},
     * {@link #settledHighest()}).
     */
    boolean onReport(final long cumulativeLost, final long extendedHighestSeq)
    {
        if (count > 0 && extendedHighestSeq < highest[(next - 1 + lost.length) % lost.length])
        {
            // a reset (new sender state): start over
            count = 0;
        }
        lost[next] = cumulativeLost;
        highest[next] = extendedHighestSeq;
        next = (next + 1) % lost.length;
        count = Math.min(count + 1, lost.length);
        if (count < lost.length)
        {
            return false;
        }
        final int oldest = next;
        long min = Long.MAX_VALUE;
        for (final long value : lost)
        {
            min = Math.min(min, value);
        }
        settledLost = min;
        settledHighest = highest[oldest];
        return true;
    }

    /** @return the settled cumulative loss of the oldest report in the window. */
    long settledLost()
    {
        return settledLost;
    }

    /** @return that report's extended highest sequence number. */
    long settledHighest()
    {
        return settledHighest;
    }
}
