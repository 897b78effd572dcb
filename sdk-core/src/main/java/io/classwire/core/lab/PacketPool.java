package io.classwire.core.lab;

import java.util.Arrays;

/** Free list of {@link Packet}s shared by the links of one network. Single-threaded. */
final class PacketPool
{
    private final int payloadCapacityHint;
    private Packet[] free = new Packet[256];
    private int freeCount;
    private long created;

    PacketPool(final int payloadCapacityHint)
    {
        this.payloadCapacityHint = payloadCapacityHint;
    }

    Packet acquire()
    {
        if (freeCount == 0)
        {
            created++;
            return new Packet(this);
        }
        final Packet packet = free[--freeCount];
        free[freeCount] = null;
        return packet;
    }

    void release(final Packet packet)
    {
        if (freeCount == free.length)
        {
            free = Arrays.copyOf(free, freeCount * 2);
        }
        free[freeCount++] = packet;
    }

    int payloadCapacityHint()
    {
        return payloadCapacityHint;
    }

    /** @return packets ever created: the pool's high-water mark of packets in use. */
    long createdCount()
    {
        return created;
    }
}
