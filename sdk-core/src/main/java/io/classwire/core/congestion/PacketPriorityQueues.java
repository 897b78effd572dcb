package io.classwire.core.congestion;

/**
 * One bounded first-in-first-out ring per {@link PacketKind} (padding excluded) of packet handles, sizes and enqueue
 * times, drained in priority order: the lowest kind code first. The {@link Pacer}'s queues, in their own class so
 * that each stays small. Fixed arrays: nothing allocates after construction. Single-threaded.
 */
public final class PacketPriorityQueues
{
    /** Number of queues: one per kind below {@link PacketKind#PADDING}. */
    public static final int QUEUE_COUNT = PacketKind.PADDING;

    private final int capacity;
    private final int[][] handles;
    private final int[][] sizes;
    private final long[][] enqueueTimesNs;
    private final int[] heads = new int[QUEUE_COUNT];
    private final int[] counts = new int[QUEUE_COUNT];
    private long queuedBytes;

    /**
     * Create empty queues.
     *
     * @param capacity packets each queue holds; positive.
     */
    public PacketPriorityQueues(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        this.capacity = capacity;
        handles = new int[QUEUE_COUNT][capacity];
        sizes = new int[QUEUE_COUNT][capacity];
        enqueueTimesNs = new long[QUEUE_COUNT][capacity];
    }

    /**
     * Append a packet to its kind's queue.
     *
     * @param handle    caller's handle.
     * @param kind      a {@link PacketKind} below padding.
     * @param sizeBytes positive size.
     * @param nowNs     enqueue time.
     * @return false when the kind or size is invalid or that queue is full.
     */
    public boolean offer(final int handle, final int kind, final int sizeBytes, final long nowNs)
    {
        if (kind < 0 || kind >= QUEUE_COUNT || sizeBytes <= 0 || counts[kind] == capacity)
        {
            return false;
        }
        final int slot = (heads[kind] + counts[kind]) % capacity;
        handles[kind][slot] = handle;
        sizes[kind][slot] = sizeBytes;
        enqueueTimesNs[kind][slot] = nowNs;
        counts[kind]++;
        queuedBytes += sizeBytes;
        return true;
    }

    /**
     * The kind whose head packet goes next.
     *
     * @return the lowest kind code with a queued packet, or -1 when all queues are empty.
     */
    public int highestPriorityKind()
    {
        for (int kind = 0; kind < QUEUE_COUNT; kind++)
        {
            if (counts[kind] > 0)
            {
                return kind;
            }
        }
        return -1;
    }

    /**
     * Handle of a queue's head packet.
     *
     * @param kind a non-empty queue's kind.
     * @return the handle.
     */
    public int headHandle(final int kind)
    {
        return handles[kind][heads[kind]];
    }

    /**
     * Size of a queue's head packet.
     *
     * @param kind a non-empty queue's kind.
     * @return bytes.
     */
    public int headSize(final int kind)
    {
        return sizes[kind][heads[kind]];
    }

    /**
     * Remove a queue's head packet (read it with {@link #headHandle} and {@link #headSize} first).
     *
     * @param kind a non-empty queue's kind.
     */
    public void removeHead(final int kind)
    {
        queuedBytes -= sizes[kind][heads[kind]];
        heads[kind] = (heads[kind] + 1) % capacity;
        counts[kind]--;
    }

    /**
     * Enqueue time of the oldest packet in any queue.
     *
     * @return nanoseconds, or {@link Long#MAX_VALUE} when all are empty.
     */
    public long oldestEnqueueNs()
    {
        long oldestNs = Long.MAX_VALUE;
        for (int kind = 0; kind < QUEUE_COUNT; kind++)
        {
            if (counts[kind] > 0)
            {
                oldestNs = Math.min(oldestNs, enqueueTimesNs[kind][heads[kind]]);
            }
        }
        return oldestNs;
    }

    /**
     * Enqueue time of a queue's head packet.
     *
     * @param kind a non-empty queue's kind.
     * @return nanoseconds.
     */
    public long headEnqueueNs(final int kind)
    {
        return enqueueTimesNs[kind][heads[kind]];
    }

    /**
     * Packets in one queue.
     *
     * @param kind a kind below padding.
     * @return the count.
     */
    public int count(final int kind)
    {
        return counts[kind];
    }

    /**
     * Bytes in all queues.
     *
     * @return the count.
     */
    public long queuedBytes()
    {
        return queuedBytes;
    }
}
