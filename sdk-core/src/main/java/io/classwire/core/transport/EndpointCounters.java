package io.classwire.core.transport;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters of one {@link NettyUdpEndpoint}, readable from any thread. Each counter has two slots, one written only
 * by the event loop and one written only by the agent thread (the caller of {@code send} and {@code poll}), and a
 * getter returns their sum: which thread does the socket I/O depends on the endpoint's mode (event-loop reads and
 * queued sends, or reads and sends on the agent thread), and a slot with a single writer can be published with a
 * release store instead of an atomic read-modify-write, a plain store on x86. Readers see a recent value, never a
 * torn one. The two groups of slots sit on different cache lines.
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
    static final int OUTBOUND_QUEUE_FULL_DROPS = 7;
    static final int OUTBOUND_TOO_LARGE = 8;
    static final int PEER_SOCKETS_OPENED = 9;
    static final int RECEIVED_ON_PEER_SOCKETS = 10;
    static final int PEERS_BEYOND_SOCKET_CAP = 11;
    // The agent's slot of each counter sits more than a cache line past the event loop's, so no line has two writers.
    private static final int AGENT_SLOTS = 16;
    private static final int SLOTS = 2 * AGENT_SLOTS;

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] values = new long[SLOTS];

    EndpointCounters()
    {
    }

    /** Add one to the event loop's slot of a counter; only from the event loop. */
    void increment(final int counter)
    {
        SLOT.setRelease(values, counter, (long)SLOT.getOpaque(values, counter) + 1);
    }

    /** Add one to the agent's slot of a counter; only from the agent thread. */
    void incrementFromAgent(final int counter)
    {
        increment(AGENT_SLOTS + counter);
    }

    private long get(final int counter)
    {
        return (long)SLOT.getAcquire(values, counter) + (long)SLOT.getAcquire(values, AGENT_SLOTS + counter);
    }

    /**
     * @return datagrams read from the socket, whatever became of them; each is counted after it was queued or its
     *         drop was counted, so this count never runs ahead of the drop counters and the inbound ring (a connected
     *         endpoint counts a datagram it delivers just before handing it to the handler).
     */
    public long received()
    {
        return get(RECEIVED);
    }

    /** @return datagrams written to the socket (handed to the kernel, which may still drop them). */
    public long sent()
    {
        return get(SENT);
    }

    /** @return received datagrams dropped because the inbound ring was full (the agent polled too slowly). */
    public long inboundQueueFullDrops()
    {
        return get(INBOUND_QUEUE_FULL_DROPS);
    }

    /**
     * @return datagrams {@code send} refused with BACK_PRESSURED: the outbound ring was full (queued sends) or the
     *         socket's send buffer was (sends on the agent thread).
     */
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

    /** @return failed socket reads or writes, on the event loop (reported by Netty) or on the agent thread. */
    public long socketErrors()
    {
        return get(SOCKET_ERRORS);
    }

    /** @return sockets opened for single peers in accept mode ({@link EndpointContext#acceptPeers(int)}). */
    public long peerSocketsOpened()
    {
        return get(PEER_SOCKETS_OPENED);
    }

    /** @return datagrams read from per-peer sockets in accept mode; a subset of {@link #received()}. */
    public long receivedOnPeerSockets()
    {
        return get(RECEIVED_ON_PEER_SOCKETS);
    }

    /** @return peers left on the endpoint's own socket because the accept mode's socket cap was reached. */
    public long peersBeyondSocketCap()
    {
        return get(PEERS_BEYOND_SOCKET_CAP);
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
            ", socketErrors=" + socketErrors() +
            ", peerSocketsOpened=" + peerSocketsOpened() +
            ", receivedOnPeerSockets=" + receivedOnPeerSockets() +
            ", peersBeyondSocketCap=" + peersBeyondSocketCap() + '}';
    }
}
