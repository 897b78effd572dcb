package io.classwire.core.lab;

import java.util.Arrays;

/**
 * A set of half-open time windows [startNs, endNs) during which a link drops everything. Immutable.
 *
 * <p>Windows may be given in any order and may overlap; they are sorted and merged on construction.
 */
public final class Blackouts
{
    /** No blackout at all. */
    public static final Blackouts NONE = new Blackouts(new long[0], new long[0]);

    private final long[] startsNs;
    private final long[] endsNs;

    private Blackouts(final long[] startsNs, final long[] endsNs)
    {
        this.startsNs = startsNs;
        this.endsNs = endsNs;
    }

    /**
     * Blackouts from explicit windows.
     *
     * @param startEndPairsNs start0, end0, start1, end1, ... in nanoseconds, each start before its end.
     * @return the merged set.
     */
    public static Blackouts of(final long... startEndPairsNs)
    {
        if ((startEndPairsNs.length & 1) != 0)
        {
            throw new IllegalArgumentException("blackouts need (start, end) pairs, got " + startEndPairsNs.length);
        }
        final int count = startEndPairsNs.length / 2;
        final long[][] windows = new long[count][];
        for (int i = 0; i < count; i++)
        {
            final long startNs = startEndPairsNs[2 * i];
            final long endNs = startEndPairsNs[2 * i + 1];
            if (endNs <= startNs)
            {
                throw new IllegalArgumentException("blackout end must be after start: [" + startNs + ", " + endNs + ")");
            }
            windows[i] = new long[]{ startNs, endNs };
        }
        Arrays.sort(windows, (a, b) -> Long.compare(a[0], b[0]));
        return merge(windows);
    }

    /**
     * Regularly repeating blackouts, e.g. tunnels on a train line.
     *
     * @param firstStartNs start of the first window.
     * @param durationNs   length of each window, positive and shorter than the period.
     * @param periodNs     time from one window's start to the next one's.
     * @param untilNs      no window starts at or after this time.
     * @return the set of windows.
     */
    public static Blackouts periodic(final long firstStartNs, final long durationNs, final long periodNs,
        final long untilNs)
    {
        if (durationNs <= 0 || periodNs <= durationNs)
        {
            throw new IllegalArgumentException(
                "need 0 < duration < period, got duration=" + durationNs + " period=" + periodNs);
        }
        final int count = firstStartNs >= untilNs ? 0 : (int)((untilNs - firstStartNs - 1) / periodNs + 1);
        final long[] pairs = new long[2 * count];
        for (int i = 0; i < count; i++)
        {
            pairs[2 * i] = firstStartNs + i * periodNs;
            pairs[2 * i + 1] = pairs[2 * i] + durationNs;
        }
        return of(pairs);
    }

    /**
     * Whether a link is blacked out at {@code timeNs}.
     *
     * @param timeNs a virtual time.
     * @return true when some window contains it.
     */
    public boolean contains(final long timeNs)
    {
        if (startsNs.length == 0)
        {
            return false;
        }
        final int found = Arrays.binarySearch(startsNs, timeNs);
        final int index = found >= 0 ? found : -found - 2;
        return index >= 0 && timeNs < endsNs[index];
    }

    /**
     * Number of (merged) windows.
     *
     * @return the window count.
     */
    public int count()
    {
        return startsNs.length;
    }

    /**
     * Start of window {@code index}.
     *
     * @param index in [0, {@link #count()}).
     * @return its start, inclusive, in nanoseconds.
     */
    public long startNs(final int index)
    {
        return startsNs[index];
    }

    /**
     * End of window {@code index}.
     *
     * @param index in [0, {@link #count()}).
     * @return its end, exclusive, in nanoseconds.
     */
    public long endNs(final int index)
    {
        return endsNs[index];
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        if (startsNs.length == 0)
        {
            return "none";
        }
        return startsNs.length + " windows, first [" + startsNs[0] / 1_000_000 + "ms, " + endsNs[0] / 1_000_000 + "ms)";
    }

    private static Blackouts merge(final long[][] sortedWindows)
    {
        final long[] starts = new long[sortedWindows.length];
        final long[] ends = new long[sortedWindows.length];
        int count = 0;
        for (final long[] window : sortedWindows)
        {
            if (count > 0 && window[0] <= ends[count - 1])
            {
                ends[count - 1] = Math.max(ends[count - 1], window[1]);
            }
            else
            {
                starts[count] = window[0];
                ends[count] = window[1];
                count++;
            }
        }
        return new Blackouts(Arrays.copyOf(starts, count), Arrays.copyOf(ends, count));
    }
}
