package io.classwire.core.recovery;

import io.classwire.core.wire.WireStatus;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Fixed ring of repair payloads waiting to be sent, in one preallocated slab. An encoder claims a slot, writes the
 * header and symbol into {@link #array()} at {@link #offset(int)}, and commits; the sender takes them oldest first.
 * When the ring is full the oldest waiting payload is overwritten and counted. Single-threaded.
 */
final class RepairQueue
{
    private final int slotLength;
    private final byte[] slab;
    private final UnsafeBuffer slabBuffer;
    private final int[] lengths;
    private final int[] timestamps;
    private int head;
    private int count;
    private int lastTimestamp;
    private long dropped;
    private long produced;

    RepairQueue(final int capacity, final int maxSymbolLength)
    {
        this.slotLength = FecHeader.LENGTH + maxSymbolLength;
        this.slab = new byte[capacity * slotLength];
        this.slabBuffer = new UnsafeBuffer(slab);
        this.lengths = new int[capacity];
        this.timestamps = new int[capacity];
    }

    /** @return the slot to write the next payload into, overwriting the oldest waiting one when full. */
    int claim()
    {
        if (count == lengths.length)
        {
            head = (head + 1) % lengths.length;
            count--;
            dropped++;
        }
        return (head + count) % lengths.length;
    }

    void commit(final int slot, final int length, final int timestamp)
    {
        lengths[slot] = length;
        timestamps[slot] = timestamp;
        count++;
        produced++;
    }

    byte[] array()
    {
        return slab;
    }

    UnsafeBuffer buffer()
    {
        return slabBuffer;
    }

    int offset(final int slot)
    {
        return slot * slotLength;
    }

    int size()
    {
        return count;
    }

    int poll(final MutableDirectBuffer buffer, final int offset, final int capacity)
    {
        if (count == 0)
        {
            return 0;
        }
        final int slot = head;
        head = (head + 1) % lengths.length;
        count--;
        final int length = lengths[slot];
        if (length > capacity)
        {
            dropped++;
            return WireStatus.OVERSIZED;
        }
        buffer.putBytes(offset, slab, slot * slotLength, length);
        lastTimestamp = timestamps[slot];
        return length;
    }

    int lastTimestamp()
    {
        return lastTimestamp;
    }

    void clear()
    {
        head = 0;
        count = 0;
    }

    long dropped()
    {
        return dropped;
    }

    long produced()
    {
        return produced;
    }
}
