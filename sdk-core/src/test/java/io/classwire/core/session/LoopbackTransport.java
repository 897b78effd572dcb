package io.classwire.core.session;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Allocation-free in-memory transport for hot-path tests: each end's sends land in the other end's preallocated
 * inbox ring, delivered by {@link #poll} with a fixed one-way delay added to the send time. Peer id 0 is the other
 * end. Single-threaded.
 */
public final class LoopbackTransport implements DatagramTransport
{
    private static final int SLOTS = 256;
    private static final int SLOT_BYTES = 1500;

    private final UnsafeBuffer slots = new UnsafeBuffer(new byte[SLOTS * SLOT_BYTES]);
    private final int[] lengths = new int[SLOTS];
    private final long[] arrivalsNs = new long[SLOTS];
    private final UnsafeBuffer view = new UnsafeBuffer(0, 0);
    private final long delayNs;
    private LoopbackTransport peer;
    private long nowNs;
    private int head;
    private int count;

    private LoopbackTransport(final long delayNs)
    {
        this.delayNs = delayNs;
    }

    public static LoopbackTransport[] pair(final long delayNs)
    {
        final LoopbackTransport a = new LoopbackTransport(delayNs);
        final LoopbackTransport b = new LoopbackTransport(delayNs);
        a.peer = b;
        b.peer = a;
        return new LoopbackTransport[]{ a, b };
    }

    /** The sender's notion of now, used to stamp arrivals. */
    public void nowNs(final long nowNs)
    {
        this.nowNs = nowNs;
    }

    @Override
    public int peerId(final String host, final int port)
    {
        return 0;
    }

    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > SLOT_BYTES)
        {
            return TOO_LARGE;
        }
        final LoopbackTransport to = peer;
        if (to.count == SLOTS)
        {
            return BACK_PRESSURED;
        }
        final int slot = (to.head + to.count) % SLOTS;
        to.slots.putBytes(slot * SLOT_BYTES, buffer, offset, length);
        to.lengths[slot] = length;
        to.arrivalsNs[slot] = nowNs + delayNs;
        to.count++;
        return OK;
    }

    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && count > 0 && arrivalsNs[head] <= nowNs)
        {
            view.wrap(slots, head * SLOT_BYTES, lengths[head]);
            handler.onDatagram(0, view, 0, lengths[head], arrivalsNs[head]);
            head = (head + 1) % SLOTS;
            count--;
            delivered++;
        }
        return delivered;
    }

    @Override
    public void close()
    {
    }
}
