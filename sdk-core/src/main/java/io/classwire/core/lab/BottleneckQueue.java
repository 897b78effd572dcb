package io.classwire.core.lab;

/**
 * A FIFO drop-tail queue in front of a serializing link. Instead of simulating departures one by one it computes, when
 * a packet is admitted, the exact time its serialization starts and ends (the capacity schedule is known in advance),
 * so it needs no events and works the same for the simulator and for a real-time proxy.
 *
 * <p>The packets whose serialization has not finished at the current time form the queue. Single-threaded; calls
 * must come with non-decreasing times.
 */
final class BottleneckQueue
{
    private static final long NS_PER_S = 1_000_000_000L;

    private final CapacityTimeline capacity;
    private final long limitNs;
    private final int limitPackets;

    private long[] startsNs = new long[64];
    private long[] finishesNs = new long[64];
    private long[] sizesBits = new long[64];
    private int head;
    private int count;
    private long queuedBits;
    private long busyUntilNs = Long.MIN_VALUE;

    private long lastStartNs;
    private long lastFinishNs;

    BottleneckQueue(final CapacityTimeline capacity, final long limitNs, final int limitPackets)
    {
        this.capacity = capacity;
        this.limitNs = limitNs;
        this.limitPackets = limitPackets;
    }

    /**
     * Try to queue a packet arriving at {@code nowNs}.
     *
     * @return true when admitted; then {@link #lastStartNs()} and {@link #lastFinishNs()} give its schedule.
     */
    boolean admit(final long nowNs, final int lengthBytes)
    {
        if (capacity.isUnlimited())
        {
            lastStartNs = nowNs;
            lastFinishNs = nowNs;
            return true;
        }
        drainFinished(nowNs);
        final long bits = 8L * lengthBytes;
        if (count > 0 && (count >= limitPackets || exceedsTimeLimit(nowNs, bits)))
        {
            return false;
        }
        final long startNs = Math.max(nowNs, busyUntilNs);
        final long finishNs = capacity.finishNs(startNs, bits);
        push(startNs, finishNs, bits);
        busyUntilNs = finishNs;
        lastStartNs = startNs;
        lastFinishNs = finishNs;
        return true;
    }

    /** @return when the last admitted packet starts serializing. */
    long lastStartNs()
    {
        return lastStartNs;
    }

    /** @return when the last bit of the last admitted packet leaves. */
    long lastFinishNs()
    {
        return lastFinishNs;
    }

    /** @return packets admitted and not yet fully serialized at the time of the last call. */
    int packetCount()
    {
        return count;
    }

    private boolean exceedsTimeLimit(final long nowNs, final long bits)
    {
        if (limitNs == LinkConfig.NO_QUEUE_TIME_LIMIT)
        {
            return false;
        }
        final long limitBits = CapacityTimeline.mulDiv(limitNs, capacity.bpsAt(nowNs), NS_PER_S);
        final long backlogBits = queuedBits - servedBitsOfHead(nowNs);
        return backlogBits + bits > limitBits;
    }

    private long servedBitsOfHead(final long nowNs)
    {
        final long headStartNs = startsNs[head];
        if (headStartNs >= nowNs)
        {
            return 0;
        }
        return Math.min(capacity.bitsBetween(headStartNs, nowNs), sizesBits[head]);
    }

    private void drainFinished(final long nowNs)
    {
        final int mask = startsNs.length - 1;
        while (count > 0 && finishesNs[head] <= nowNs)
        {
            queuedBits -= sizesBits[head];
            head = (head + 1) & mask;
            count--;
        }
    }

    private void push(final long startNs, final long finishNs, final long bits)
    {
        if (count == startsNs.length)
        {
            grow();
        }
        final int tail = (head + count) & (startsNs.length - 1);
        startsNs[tail] = startNs;
        finishesNs[tail] = finishNs;
        sizesBits[tail] = bits;
        count++;
        queuedBits += bits;
    }

    private void grow()
    {
        final int oldLength = startsNs.length;
        final long[] newStarts = new long[oldLength * 2];
        final long[] newFinishes = new long[oldLength * 2];
        final long[] newSizes = new long[oldLength * 2];
        for (int i = 0; i < count; i++)
        {
            final int from = (head + i) & (oldLength - 1);
            newStarts[i] = startsNs[from];
            newFinishes[i] = finishesNs[from];
            newSizes[i] = sizesBits[from];
        }
        startsNs = newStarts;
        finishesNs = newFinishes;
        sizesBits = newSizes;
        head = 0;
    }
}
