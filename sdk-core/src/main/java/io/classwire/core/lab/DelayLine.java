package io.classwire.core.lab;

import io.netty.buffer.ByteBuf;

/**
 * Bounded holding area for datagrams awaiting delayed delivery; single-threaded (owned by the proxy's event loop).
 *
 * <p>A fixed pool of slots, each holding one payload and the number of its copies still due (two when the model
 * duplicated it), and a binary min-heap of deliveries ordered by (deadline, insertion order) so that copies due at the
 * same instant leave in the order they were scheduled. Every array is sized up front; scheduling, polling and handing
 * out a payload allocate nothing except the duplicate view given to the first of two copies.
 */
final class DelayLine
{
    /** Returned by {@link #pollDue(long)} when nothing is due. */
    static final int NONE = -1;

    private final ByteBuf[] payloads;
    private final ProxyDirection[] directions;
    private final int[] copiesDue;
    private final int[] freeSlots;
    private int freeCount;

    private final long[] heapDeadlinesNs;
    private final long[] heapOrders;
    private final int[] heapSlots;
    private int heapSize;
    private long nextOrder;

    /**
     * @param capacity most datagrams held at once, positive.
     */
    DelayLine(final int capacity)
    {
        payloads = new ByteBuf[capacity];
        directions = new ProxyDirection[capacity];
        copiesDue = new int[capacity];
        freeSlots = new int[capacity];
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        // A slot has at most two deliveries pending: the original and one duplicate.
        heapDeadlinesNs = new long[2 * capacity];
        heapOrders = new long[2 * capacity];
        heapSlots = new int[2 * capacity];
    }

    boolean isFull()
    {
        return freeCount == 0;
    }

    int inFlight()
    {
        return payloads.length - freeCount;
    }

    /**
     * Hold a payload until its delivery time(s). Only valid when not {@link #isFull()}.
     *
     * @param payload             ownership passes to this line until handed out or released.
     * @param direction           which way it travels.
     * @param deliveryNs          when it is due.
     * @param duplicateDeliveryNs when its duplicate is due, or {@link PacketFate#NO_DUPLICATE}.
     */
    void add(final ByteBuf payload, final ProxyDirection direction, final long deliveryNs,
        final long duplicateDeliveryNs)
    {
        final int slot = freeSlots[--freeCount];
        payloads[slot] = payload;
        directions[slot] = direction;
        copiesDue[slot] = 1;
        push(deliveryNs, slot);
        if (duplicateDeliveryNs != PacketFate.NO_DUPLICATE)
        {
            copiesDue[slot] = 2;
            push(duplicateDeliveryNs, slot);
        }
    }

    /**
     * Earliest pending deadline.
     *
     * @return nanoseconds, or {@link Long#MAX_VALUE} when nothing is pending.
     */
    long nextDeadlineNs()
    {
        return heapSize == 0 ? Long.MAX_VALUE : heapDeadlinesNs[0];
    }

    /**
     * Remove the earliest delivery if it is due; follow with {@link #direction(int)} and {@link #takeCopy(int)}.
     *
     * @param nowNs current time on the proxy's clock.
     * @return the slot of the due delivery, or {@link #NONE}.
     */
    int pollDue(final long nowNs)
    {
        if (heapSize == 0 || heapDeadlinesNs[0] > nowNs)
        {
            return NONE;
        }
        final int slot = heapSlots[0];
        final int last = --heapSize;
        if (last > 0)
        {
            siftDown(0, heapDeadlinesNs[last], heapOrders[last], heapSlots[last]);
        }
        return slot;
    }

    ProxyDirection direction(final int slot)
    {
        return directions[slot];
    }

    /**
     * Hand out one copy of a slot's payload; the caller owns (must send or release) the returned buffer. After the
     * last copy the slot is free again.
     *
     * @param slot from {@link #pollDue(long)}.
     * @return the payload, or a retained duplicate of it while another copy is still due.
     */
    ByteBuf takeCopy(final int slot)
    {
        if (--copiesDue[slot] > 0)
        {
            return payloads[slot].retainedDuplicate();
        }
        final ByteBuf payload = payloads[slot];
        payloads[slot] = null;
        directions[slot] = null;
        freeSlots[freeCount++] = slot;
        return payload;
    }

    /** Release every payload still held and forget every pending delivery. */
    void releaseAll()
    {
        for (int slot = 0; slot < payloads.length; slot++)
        {
            final ByteBuf payload = payloads[slot];
            if (payload != null)
            {
                payloads[slot] = null;
                directions[slot] = null;
                copiesDue[slot] = 0;
                freeSlots[freeCount++] = slot;
                payload.release();
            }
        }
        heapSize = 0;
    }

    private void push(final long deadlineNs, final int slot)
    {
        siftUp(heapSize++, deadlineNs, nextOrder++, slot);
    }

    private void siftUp(final int start, final long deadlineNs, final long order, final int slot)
    {
        int index = start;
        while (index > 0)
        {
            final int parent = (index - 1) >>> 1;
            if (!isBefore(deadlineNs, order, heapDeadlinesNs[parent], heapOrders[parent]))
            {
                break;
            }
            move(parent, index);
            index = parent;
        }
        set(index, deadlineNs, order, slot);
    }

    private void siftDown(final int start, final long deadlineNs, final long order, final int slot)
    {
        int index = start;
        final int half = heapSize >>> 1;
        while (index < half)
        {
            int child = (index << 1) + 1;
            final int right = child + 1;
            if (right < heapSize &&
                isBefore(heapDeadlinesNs[right], heapOrders[right], heapDeadlinesNs[child], heapOrders[child]))
            {
                child = right;
            }
            if (!isBefore(heapDeadlinesNs[child], heapOrders[child], deadlineNs, order))
            {
                break;
            }
            move(child, index);
            index = child;
        }
        set(index, deadlineNs, order, slot);
    }

    private void move(final int from, final int to)
    {
        heapDeadlinesNs[to] = heapDeadlinesNs[from];
        heapOrders[to] = heapOrders[from];
        heapSlots[to] = heapSlots[from];
    }

    private void set(final int index, final long deadlineNs, final long order, final int slot)
    {
        heapDeadlinesNs[index] = deadlineNs;
        heapOrders[index] = order;
        heapSlots[index] = slot;
    }

    private static boolean isBefore(final long deadlineA, final long orderA, final long deadlineB, final long orderB)
    {
        return deadlineA < deadlineB || (deadlineA == deadlineB && orderA < orderB);
    }
}
