package io.classwire.core.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one {@link NettyUdpEndpoint}: each counter has a single writer thread (named below) and may be read
 * from any thread. Writers publish with release stores instead of atomic read-modify-write, which is enough with one
 * writer and costs a plain store on x86; readers see a recent value, never a torn one.
 *
 * <p>Written by the event loop: {@link #received()}, {@link #sent()}, {@link #inboundQueueFullDrops()},
 * {@link #malformedDrops()}, {@link #unknownPeerDrops()}, {@link #oversizeDrops()}, {@link #socketErrors()}.
 * Written by the agent thread (the caller of {@code send}): {@link #outboundQueueFullDrops()},
 * {@link #outboundTooLarge()}. The two groups sit on different cache lines.
 */
public final class EndpointCounters
{
    static final int RECEIVED = 0;
    static final int SENT = 1;
    static final int INBOUND_QUEUE_FULL_DROPS = 2;
    static final int MALFORMED_DROPS = 3;
    static final int UNKNOWN_PEER_DROPS = 4;
    static final int OVERSIZE_DROPS = 5;
    static final int SOCKET_ERRORS = 6;
    // Agent-written counters sit more than a cache line past the event loop's, so the two writers never share one.
    static final int OUTBOUND_QUEUE_FULL_DROPS = 16;
    static final int OUTBOUND_TOO_LARGE = 17;
    private static final int SLOTS = 32;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values = new long[SLOTS];

    EndpointCounters()
    {
    }

    /** Add one to a counter; only from that counter's writer thread. */
    void increment(final int counter)
    {
        SLOT.setRelease(values, counter, (long)SLOT.getOpaque(values, counter) + 1);
    }

    private long get(final int counter)
    {
        return (long)SLOT.getAcquire(values, counter);
    }

    /**
     * @return datagrams read from the socket, whatever became of them; each is counted after it was queued or its
     *         drop was counted, so this count never runs ahead of the drop counters and the inbound ring.
     */
    public long received()
    {
        return get(RECEIVED);
    }

    /** @return datagrams written to the socket by the event loop. */
    public long sent()
    {
        return get(SENT);
    }

    /** @return received datagrams dropped because the inbound ring was full (the agent polled too slowly). */
    public long inboundQueueFullDrops()
    {
        return get(INBOUND_QUEUE_FULL_DROPS);
    }

    /** @return datagrams from {@code send} dropped because the outbound ring was full (BACK_PRESSURED). */
    public long outboundQueueFullDrops()
    {
        return get(OUTBOUND_QUEUE_FULL_DROPS);
    }

    /** @return {@code send} calls refused because the datagram exceeded the maximum size (TOO_LARGE). */
    public long outboundTooLarge()
    {
        return get(OUTBOUND_TOO_LARGE);
    }

    /** @return received datagrams dropped as empty, too short, or of a class we do not speak. */
    public long malformedDrops()
    {
        return get(MALFORMED_DROPS);
    }

    /** @return received datagrams dropped because the sender was not registered and could not be. */
    public long unknownPeerDrops()
    {
        return get(UNKNOWN_PEER_DROPS);
    }

    /** @return received datagrams dropped for exceeding the maximum datagram size. */
    public long oversizeDrops()
    {
        return get(OVERSIZE_DROPS);
    }

    /** @return socket errors reported by Netty on the event loop (failed reads or writes). */
    public long socketErrors()
    {
        return get(SOCKET_ERRORS);
    }

    /** @return every counter by name, for logs. */
    @Override
    public String toString()
    {
        return "EndpointCounters{received=" + received() +
            ", sent=" + sent() +
            ", inboundQueueFullDrops=" + inboundQueueFullDrops() +
            ", outboundQueueFullDrops=" + outboundQueueFullDrops() +
            ", outboundTooLarge=" + outboundTooLarge() +
            ", malformedDrops=" + malformedDrops() +
            ", unknownPeerDrops=" + unknownPeerDrops() +
            ", oversizeDrops=" + oversizeDrops() +
            ", socketErrors=" + socketErrors() + '}';
    }
}
