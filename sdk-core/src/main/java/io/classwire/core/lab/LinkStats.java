package io.classwire.core.lab;

import org.HdrHistogram.Histogram;

/**
 * Counters for one direction of a path: packets and bytes offered, delivered and dropped by cause; duplicates and
 * reorderings; queuing delay distribution.
 *
 * <p>Single-writer: updated by the {@link Impairment} that owns it, at decision time. "Delivered" therefore includes
 * packets still in flight. Read from the same thread (or after the run).
 */
public final class LinkStats
{
    /** Longest queuing delay the histogram resolves; longer ones are recorded as this value (max stays exact). */
    public static final long HISTOGRAM_MAX_NS = 3_600_000_000_000L;
    // Two significant digits (1% resolution) keep a histogram sized for an hour at about 40 KB, fixed up front so
    // recording never allocates.
    private static final int SIGNIFICANT_DIGITS = 2;

    private final long[] droppedPackets = new long[DropCause.values().length];
    private final long[] droppedBytes = new long[DropCause.values().length];
    private final Histogram queueDelayNs = new Histogram(1, HISTOGRAM_MAX_NS, SIGNIFICANT_DIGITS);
    private long offeredPackets;
    private long offeredBytes;
    private long deliveredPackets;
    private long deliveredBytes;
    private long duplicatedPackets;
    private long reorderedPackets;
    private long maxQueueDelayNs;

    LinkStats()
    {
    }

    void onOffered(final int lengthBytes)
    {
        offeredPackets++;
        offeredBytes += lengthBytes;
    }

    void onDropped(final DropCause cause, final int lengthBytes)
    {
        droppedPackets[cause.ordinal()]++;
        droppedBytes[cause.ordinal()] += lengthBytes;
    }

    void onQueued(final long delayNs)
    {
        queueDelayNs.recordValue(Math.min(delayNs, HISTOGRAM_MAX_NS));
        if (delayNs > maxQueueDelayNs)
        {
            maxQueueDelayNs = delayNs;
        }
    }

    void onDelivered(final int lengthBytes, final boolean duplicated, final boolean reordered)
    {
        deliveredPackets++;
        deliveredBytes += lengthBytes;
        if (duplicated)
        {
            duplicatedPackets++;
        }
        if (reordered)
        {
            reorderedPackets++;
        }
    }

    /**
     * Packets offered to the link.
     *
     * @return the count.
     */
    public long offeredPackets()
    {
        return offeredPackets;
    }

    /**
     * Bytes offered to the link.
     *
     * @return the count.
     */
    public long offeredBytes()
    {
        return offeredBytes;
    }

    /**
     * Packets that survived (each counted once, duplicates excluded), including those still in flight.
     *
     * @return the count.
     */
    public long deliveredPackets()
    {
        return deliveredPackets;
    }

    /**
     * Bytes of the packets counted by {@link #deliveredPackets()}.
     *
     * @return the count.
     */
    public long deliveredBytes()
    {
        return deliveredBytes;
    }

    /**
     * Packets dropped for one cause.
     *
     * @param cause the cause; {@link DropCause#NONE} always gives 0.
     * @return the count.
     */
    public long droppedPackets(final DropCause cause)
    {
        return droppedPackets[cause.ordinal()];
    }

    /**
     * Bytes dropped for one cause.
     *
     * @param cause the cause.
     * @return the count.
     */
    public long droppedBytes(final DropCause cause)
    {
        return droppedBytes[cause.ordinal()];
    }

    /**
     * Packets dropped for any cause.
     *
     * @return the count.
     */
    public long droppedPackets()
    {
        long total = 0;
        for (final long count : droppedPackets)
        {
            total += count;
        }
        return total;
    }

    /**
     * Extra copies delivered because of duplication.
     *
     * @return the count.
     */
    public long duplicatedPackets()
    {
        return duplicatedPackets;
    }

    /**
     * Packets that arrive before some packet offered earlier.
     *
     * @return the count.
     */
    public long reorderedPackets()
    {
        return reorderedPackets;
    }

    /**
     * Distribution of the time packets waited before serialization, in nanoseconds, at 1% resolution up to
     * {@link #HISTOGRAM_MAX_NS}. Live view: do not modify.
     *
     * @return the histogram.
     */
    public Histogram queueDelayHistogramNs()
    {
        return queueDelayNs;
    }

    /**
     * Longest wait any packet had before serialization.
     *
     * @return nanoseconds.
     */
    public long maxQueueDelayNs()
    {
        return maxQueueDelayNs;
    }

    /**
     * Fraction of offered packets that were dropped.
     *
     * @return dropped / offered, 0 when nothing was offered.
     */
    public double lossRate()
    {
        return offeredPackets == 0 ? 0.0 : (double)droppedPackets() / offeredPackets;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        final StringBuilder builder = new StringBuilder(160);
        builder.append("offered=").append(offeredPackets).append('/').append(offeredBytes).append('B')
            .append(" delivered=").append(deliveredPackets).append('/').append(deliveredBytes).append('B');
        for (final DropCause cause : DropCause.values())
        {
            if (cause != DropCause.NONE && droppedPackets[cause.ordinal()] > 0)
            {
                builder.append(" drop.").append(cause.shortName()).append('=').append(droppedPackets[cause.ordinal()]);
            }
        }
        return builder.append(" dup=").append(duplicatedPackets)
            .append(" reordered=").append(reorderedPackets)
            .append(" queueP99=").append(queueDelayNs.getValueAtPercentile(99.0) / 1_000).append("us")
            .append(" queueMax=").append(maxQueueDelayNs / 1_000).append("us")
            .toString();
    }
}
