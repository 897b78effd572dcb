package io.classwire.core.lab;

import java.util.Arrays;

/**
 * Link capacity in bits per second as a piecewise-constant function of time: an initial value and a list of
 * (atNs, bps) changes. Immutable; shared by every link configured with it.
 *
 * <p>Because the schedule is known in advance, the time a packet finishes serializing can be computed exactly when it
 * is queued, integrating capacity across any changes during its transmission ({@link #finishNs(long, long)}). A
 * capacity of 0 is an outage during which queued packets wait; the last segment must be positive so that every
 * packet eventually leaves.
 */
public final class CapacityTimeline
{
    /** Capacity meaning "no serialization delay at all". */
    public static final long UNLIMITED_BPS = Long.MAX_VALUE;

    private static final long NS_PER_S = 1_000_000_000L;
    private static final CapacityTimeline UNLIMITED = new CapacityTimeline(
        new long[]{ Long.MIN_VALUE }, new long[]{ UNLIMITED_BPS });

    private final long[] atNs;
    private final long[] bps;

    private CapacityTimeline(final long[] atNs, final long[] bps)
    {
        this.atNs = atNs;
        this.bps = bps;
    }

    /**
     * A capacity that never changes.
     *
     * @param bps bits per second, positive, or {@link #UNLIMITED_BPS}.
     * @return the timeline.
     */
    public static CapacityTimeline constant(final long bps)
    {
        if (bps == UNLIMITED_BPS)
        {
            return UNLIMITED;
        }
        return builder(bps).build();
    }

    /**
     * A capacity with no serialization delay.
     *
     * @return the unlimited timeline.
     */
    public static CapacityTimeline unlimited()
    {
        return UNLIMITED;
    }

    /**
     * Start a timeline with {@code initialBps} from the beginning of time.
     *
     * @param initialBps bits per second before the first change; 0 means outage.
     * @return a builder.
     */
    public static Builder builder(final long initialBps)
    {
        return new Builder(initialBps);
    }

    /**
     * Whether the capacity is unlimited at all times.
     *
     * @return true for the unlimited timeline.
     */
    public boolean isUnlimited()
    {
        return bps.length == 1 && bps[0] == UNLIMITED_BPS;
    }

    /**
     * Capacity in force at {@code timeNs}.
     *
     * @param timeNs a virtual time.
     * @return bits per second at that time.
     */
    public long bpsAt(final long timeNs)
    {
        return bps[segmentAt(timeNs)];
    }

    /**
     * Number of changes after the initial value.
     *
     * @return how many (atNs, bps) pairs follow the initial capacity.
     */
    public int changeCount()
    {
        return atNs.length - 1;
    }

    /**
     * When change {@code index} takes effect.
     *
     * @param index in [0, {@link #changeCount()}).
     * @return its time in nanoseconds.
     */
    public long changeAtNs(final int index)
    {
        return atNs[index + 1];
    }

    /**
     * The capacity set by change {@code index}.
     *
     * @param index in [0, {@link #changeCount()}).
     * @return bits per second from that change on.
     */
    public long changeBps(final int index)
    {
        return bps[index + 1];
    }

    /**
     * The time the last bit of a packet leaves the link when its first bit starts at {@code startNs}.
     *
     * @param startNs time serialization starts.
     * @param bits    packet size in bits, at most 2^33.
     * @return finish time in nanoseconds, rounded up; {@code startNs} itself when capacity is unlimited.
     */
    public long finishNs(final long startNs, final long bits)
    {
        long remainingBits = bits;
        long timeNs = startNs;
        int segment = segmentAt(startNs);
        while (true)
        {
            final long rate = bps[segment];
            final long segmentEndNs = segment + 1 < atNs.length ? atNs[segment + 1] : Long.MAX_VALUE;
            if (rate == UNLIMITED_BPS)
            {
                return timeNs;
            }
            if (rate > 0)
            {
                final long needNs = ceilMulDiv(remainingBits, NS_PER_S, rate);
                if (needNs <= segmentEndNs - timeNs)
                {
                    return timeNs + needNs;
                }
                remainingBits -= mulDiv(segmentEndNs - timeNs, rate, NS_PER_S);
            }
            timeNs = segmentEndNs;
            segment++;
        }
    }

    /**
     * Bits the link can carry between two times, integrating across capacity changes.
     *
     * @param fromNs start, inclusive.
     * @param toNs   end, not before {@code fromNs}.
     * @return the number of whole bits, saturating at {@link Long#MAX_VALUE}.
     */
    public long bitsBetween(final long fromNs, final long toNs)
    {
        long bits = 0;
        long timeNs = fromNs;
        int segment = segmentAt(fromNs);
        while (timeNs < toNs)
        {
            final long rate = bps[segment];
            final long segmentEndNs = segment + 1 < atNs.length ? Math.min(atNs[segment + 1], toNs) : toNs;
            if (rate == UNLIMITED_BPS)
            {
                return Long.MAX_VALUE;
            }
            bits = saturatingAdd(bits, mulDiv(segmentEndNs - timeNs, rate, NS_PER_S));
            timeNs = segmentEndNs;
            segment++;
        }
        return bits;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        final StringBuilder builder = new StringBuilder(32 + 24 * atNs.length);
        builder.append(formatBps(bps[0]));
        for (int i = 1; i < atNs.length; i++)
        {
            builder.append(", ").append(atNs[i] / 1_000_000).append("ms->").append(formatBps(bps[i]));
        }
        return builder.toString();
    }

    static String formatBps(final long bps)
    {
        if (bps == UNLIMITED_BPS)
        {
            return "unlimited";
        }
        return bps % 1_000_000 == 0 ? (bps / 1_000_000) + "Mbps" : bps + "bps";
    }

    private int segmentAt(final long timeNs)
    {
        if (atNs.length == 1)
        {
            return 0;
        }
        final int found = Arrays.binarySearch(atNs, timeNs);
        return found >= 0 ? found : -found - 2;
    }

    /** floor(a * b / c) for non-negative a, b and positive c, exact while a * b fits in a long. */
    static long mulDiv(final long a, final long b, final long c)
    {
        if (productFits(a, b))
        {
            return a * b / c;
        }
        return approximateMulDiv(a, b, c);
    }

    private static long ceilMulDiv(final long a, final long b, final long c)
    {
        if (productFits(a, b))
        {
            final long product = a * b;
            final long floor = product / c;
            return product % c == 0 ? floor : floor + 1;
        }
        return approximateMulDiv(a, b, c);
    }

    private static boolean productFits(final long a, final long b)
    {
        return Math.multiplyHigh(a, b) == 0 && a * b >= 0;
    }

    private static long approximateMulDiv(final long a, final long b, final long c)
    {
        // Only reached for spans of many hours at multi-Gbps rates; StrictMath keeps it reproducible.
        final double result = StrictMath.floor((double)a * (double)b / (double)c);
        return result >= (double)Long.MAX_VALUE ? Long.MAX_VALUE : (long)result;
    }

    private static long saturatingAdd(final long a, final long b)
    {
        final long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** Accumulates capacity changes in time order. */
    public static final class Builder
    {
        private long[] atNs = new long[8];
        private long[] bps = new long[8];
        private int count;

        private Builder(final long initialBps)
        {
            atNs[0] = Long.MIN_VALUE;
            bps[0] = checkBps(initialBps);
            count = 1;
        }

        /**
         * Change the capacity at {@code atNs}.
         *
         * @param timeNs when the new capacity takes effect; strictly after the previous change.
         * @param newBps bits per second from then on; 0 means outage, {@link #UNLIMITED_BPS} no limit.
         * @return this builder.
         */
        public Builder change(final long timeNs, final long newBps)
        {
            if (count > 1 && timeNs <= atNs[count - 1])
            {
                throw new IllegalArgumentException(
                    "capacity changes must be in strictly increasing time: " + timeNs + " after " + atNs[count - 1]);
            }
            if (count == atNs.length)
            {
                atNs = Arrays.copyOf(atNs, count * 2);
                bps = Arrays.copyOf(bps, count * 2);
            }
            atNs[count] = timeNs;
            bps[count] = checkBps(newBps);
            count++;
            return this;
        }

        /**
         * Finish the timeline.
         *
         * @return the immutable timeline.
         * @throws IllegalArgumentException if the final capacity is 0 (packets would never leave).
         */
        public CapacityTimeline build()
        {
            if (bps[count - 1] == 0)
            {
                throw new IllegalArgumentException("the last capacity segment must be positive");
            }
            return new CapacityTimeline(Arrays.copyOf(atNs, count), Arrays.copyOf(bps, count));
        }

        private static long checkBps(final long value)
        {
            if (value < 0)
            {
                throw new IllegalArgumentException("capacity must be >= 0 bps: " + value);
            }
            return value;
        }
    }
}
