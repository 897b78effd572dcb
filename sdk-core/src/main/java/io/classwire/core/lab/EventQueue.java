package io.classwire.core.lab;

import java.util.Arrays;

/**
 * Binary min-heap of events ordered by (time, insertion sequence), so events due at the same instant run in the
 * order they were scheduled and a run is reproducible. Parallel arrays keep it free of per-event node objects.
 *
 * <p>Single-threaded.
 */
final class EventQueue
{
    private static final int INITIAL_CAPACITY = 1024;

    private long[] timesNs = new long[INITIAL_CAPACITY];
    private long[] sequences = new long[INITIAL_CAPACITY];
    private SimEvent[] events = new SimEvent[INITIAL_CAPACITY];
    private int size;
    private long nextSequence;

    boolean isEmpty()
    {
        return size == 0;
    }

    int size()
    {
        return size;
    }

    /** @return time of the earliest event; only valid when not empty. */
    long peekTimeNs()
    {
        return timesNs[0];
    }

    void add(final long timeNs, final SimEvent event)
    {
        if (size == timesNs.length)
        {
            final int newCapacity = size << 1;
            timesNs = Arrays.copyOf(timesNs, newCapacity);
            sequences = Arrays.copyOf(sequences, newCapacity);
            events = Arrays.copyOf(events, newCapacity);
        }
        siftUp(size, timeNs, nextSequence++, event);
        size++;
    }

    /** Remove and return the earliest event; only valid when not empty. */
    SimEvent poll()
    {
        final SimEvent head = events[0];
        final int last = --size;
        final long lastTimeNs = timesNs[last];
        final long lastSequence = sequences[last];
        final SimEvent lastEvent = events[last];
        events[last] = null;
        if (last > 0)
        {
            siftDown(0, lastTimeNs, lastSequence, lastEvent);
        }
        return head;
    }

    private void siftUp(final int start, final long timeNs, final long sequence, final SimEvent event)
    {
        int index = start;
        while (index > 0)
        {
            final int parent = (index - 1) >>> 1;
            if (!isBefore(timeNs, sequence, timesNs[parent], sequences[parent]))
            {
                break;
            }
            move(parent, index);
            index = parent;
        }
        set(index, timeNs, sequence, event);
    }

    private void siftDown(final int start, final long timeNs, final long sequence, final SimEvent event)
    {
        int index = start;
        final int half = size >>> 1;
        while (index < half)
        {
            int child = (index << 1) + 1;
            final int right = child + 1;
            if (right < size && isBefore(timesNs[right], sequences[right], timesNs[child], sequences[child]))
            {
                child = right;
            }
            if (!isBefore(timesNs[child], sequences[child], timeNs, sequence))
            {
                break;
            }
            move(child, index);
            index = child;
        }
        set(index, timeNs, sequence, event);
    }

    private void move(final int from, final int to)
    {
        timesNs[to] = timesNs[from];
        sequences[to] = sequences[from];
        events[to] = events[from];
    }

    private void set(final int index, final long timeNs, final long sequence, final SimEvent event)
    {
        timesNs[index] = timeNs;
        sequences[index] = sequence;
        events[index] = event;
    }

    private static boolean isBefore(final long timeA, final long seqA, final long timeB, final long seqB)
    {
        return timeA < timeB || (timeA == timeB && seqA < seqB);
    }
}
