package io.classwire.core.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.unix.Socket;
import io.netty.util.concurrent.Future;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link DatagramTransport} over a real UDP socket: Netty 4.2 on the native epoll transport when available (NIO
 * otherwise), with the protocol agent on its own thread. Open with {@link #open(EndpointContext)}.
 *
 * <p>Threads. One agent thread calls {@link #send}, {@link #poll} and {@link #peerId}. Who touches the socket
 * depends on the mode:
 * <pre>
 *   unconnected (a server: many peers)
 *     socket --recvmmsg--> event loop --copy--> inbound ring --poll()--> agent's DatagramHandler
 *     socket <--sendto----------------------------------------send()--- agent            (directSend, the default)
 *     socket <--sendmmsg-- event loop <--drain-- outbound ring <--send()-- agent          (directSend(false))
 *   connected (a client: one peer, {@link EndpointContext#connectTo})
 *     socket --recv--------------------------------------------poll()--> agent's DatagramHandler
 *     socket <--send-------------------------------------------send()--- agent
 *   accepting (a server, {@link EndpointContext#acceptPeers}): unconnected as above for first contact and for
 *   peers beyond the cap; then one socket per peer on the same port (SO_REUSEPORT), connected to that peer
 *     peer sockets --selectNow, recvfrom----------------------poll()--> agent's DatagramHandler (after the ring)
 *     peer socket  <--send------------------------------------send()--- agent
 * </pre>
 * The rings are bounded single-producer single-consumer Agrona rings in preallocated off-heap memory. A full ring
 * is a counted drop: the event loop counts {@link EndpointCounters#inboundQueueFullDrops()} and moves on;
 * {@link #send} returns {@link #BACK_PRESSURED} and counts {@link EndpointCounters#outboundQueueFullDrops()}, as it
 * does when a direct send finds the socket's send buffer full. Neither side ever blocks or throws at the other.
 *
 * <p>Why sends go straight to the socket by default: a UDP send is a non-blocking system call that the kernel
 * serialises per datagram, so the agent can make it itself. Queuing it for the event loop cost a thread hand-off, a
 * wake-up of the event loop per burst, and a Netty {@code DatagramPacket} per datagram; on a small machine the
 * hand-offs dominated round-trip time. Why a connected endpoint also reads on the agent thread: Netty wraps every
 * datagram it reads in a {@code DatagramPacket} (and, unconnected, a new sender address), which a connected socket
 * does not need; reading it with one {@code recv} per datagram on the agent allocates nothing and removes the last
 * hand-off. Its Netty channel still creates, binds, connects, configures and closes the socket, with auto-read off.
 * Why a server accepts peers onto sockets of their own: the same two objects (and, on epoll, a new sender address)
 * per datagram on the unconnected socket, 177-193 B per round trip with four peers, which Netty's public API cannot
 * avoid; Linux hands a peer's datagrams to a socket connected to it in preference, and {@link PeerSockets} reads
 * all of them with one readiness poll per {@link #poll}, allocating nothing (docs/benchmarks.md, transport).
 *
 * <p>Why Agrona's {@link OneToOneRingBuffer} rather than a JCTools {@code SpscArrayQueue} of pooled slots: the ring
 * stores variable-length records back to back in one off-heap block, so a 60-byte audio packet takes 80 bytes of it
 * rather than a full-MTU slot; a datagram is copied straight in with tryClaim/commit, with no free-slot queue
 * flowing the other way; the record header carries the peer id and the body carries the arrival time, so no side
 * object is allocated; and the consumer reads a batch with a limit in one call. {@code HandoffQueueBenchmark}
 * (benchmarks module) measures both designs against an {@code ArrayBlockingQueue}; see docs/benchmarks.md.
 *
 * <p>Receive path: datagrams larger than {@link EndpointContext#maxDatagramBytes()} are read one byte past the limit
 * (so truncation is visible) and counted as oversize; empty datagrams, datagrams too short for their class and
 * datagrams {@link PacketClassifier} does not recognise count as malformed; senders not registered are registered
 * on first contact or dropped, as {@link EndpointContext#allowUnknownPeers()} says (a connected socket only ever
 * hears its peer). Datagrams are stamped with the context's clock when they are read from the socket: by the event
 * loop, or by the agent in {@link #poll} when connected or from a peer socket. Counters, peer ids and these checks
 * are the same whichever socket a datagram came through.
 */
public final class NettyUdpEndpoint implements DatagramTransport
{
    /** {@link #dropCounter} result for a datagram to deliver. */
    static final int DELIVER = -1;

    private final EndpointContext context;
    private final EndpointCounters counters = new EndpointCounters();
    private final PeerRegistry peers;
    private final OneToOneRingBuffer inbound;
    private final OneToOneRingBuffer outbound;
    private final DatagramSender sender;
    private final DatagramReceiver receiver;
    private final AgentSocket agentSocket;
    private final PeerSockets peerSockets;
    private final boolean connected;
    private final NanoClock clock;
    private final int maxDatagramBytes;
    private final IoEventLoopGroup group;
    private final boolean ownsGroup;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Channel channel;
    private final InetSocketAddress localAddress;
    private final MessageHandler inboundReader = this::deliver;
    private DatagramHandler pollHandler;

    private NettyUdpEndpoint(final EndpointContext context)
    {
        this.context = context;
        this.maxDatagramBytes = context.maxDatagramBytes();
        this.connected = context.isConnected();
        this.clock = context.clock();
        this.peers = new PeerRegistry(connected ? 1 : context.maxPeers());
        final InetSocketAddress remote = connected ? EndpointBootstrap.resolveRemote(context) : null;
        this.inbound = new OneToOneRingBuffer(newRingBuffer(context.inboundQueueCapacityBytes()));
        this.outbound = context.directSend() ?
            null : new OneToOneRingBuffer(newRingBuffer(context.outboundQueueCapacityBytes()));
        this.sender = null == outbound ? null : new DatagramSender(outbound, peers, counters, context);
        this.receiver = new DatagramReceiver(inbound, peers, counters, context, sender);

        this.ownsGroup = null == context.eventLoopGroup();
        this.group = ownsGroup ?
            EndpointBootstrap.newEventLoopGroup(context.useNativeTransport()) : context.eventLoopGroup();
        final DatagramChannel jdkChannel = context.useNativeTransport() ? null : EndpointBootstrap.openJdkChannel();
        Selector selector = null;
        try
        {
            selector = context.acceptsPeers() ? PeerSockets.openSelector() : null;
            final Bootstrap bootstrap = EndpointBootstrap.bootstrap(context, group, receiver, jdkChannel);
            this.channel = (connected ?
                bootstrap.connect(remote, new InetSocketAddress(context.bindAddress(), context.bindPort())) :
                bootstrap.bind(context.bindAddress(), context.bindPort())).syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            EndpointBootstrap.closeQuietly(jdkChannel);
            EndpointBootstrap.closeQuietly(selector);
            if (ownsGroup)
            {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            throw ex;
        }
        this.localAddress = (InetSocketAddress)channel.localAddress();
        if (connected)
        {
            peers.register(remote);
        }
        this.agentSocket = !context.directSend() ? null : null == jdkChannel ?
            AgentSocket.epoll((Socket)((EpollDatagramChannel)channel).fd(), maxDatagramBytes) :
            AgentSocket.nio(jdkChannel, maxDatagramBytes);
        this.peerSockets = null == selector ? null : new PeerSockets(context, selector, localAddress, peers, counters);
        if (null != sender)
        {
            sender.attach(channel);
        }
    }

    /**
     * Conclude the context, bind the socket and start reading.
     *
     * @param context configuration; concluded here and not to be changed afterwards.
     * @return an open endpoint.
     * @throws IllegalStateException when the context is invalid.
     * @throws RuntimeException      from Netty when the socket cannot be bound (e.g. the port is taken).
     */
    public static NettyUdpEndpoint open(final EndpointContext context)
    {
        return new NettyUdpEndpoint(context.conclude());
    }

    private static AtomicBuffer newRingBuffer(final int capacityBytes)
    {
        final int length = EndpointContext.ringBufferLength(capacityBytes);
        return new UnsafeBuffer(BufferUtil.allocateDirectAligned(length, 64));
    }

    /**
     * Register (or look up) a peer; may resolve a host name, so call it at set-up, not per packet.
     *
     * @param host numeric host address or host name.
     * @param port UDP port.
     * @return a non-negative peer id, or {@link #NOT_CONNECTED} when the endpoint is closed, the host does not
     *         resolve, or {@link EndpointContext#maxPeers()} peers are already registered; a connected endpoint
     *         knows only its peer, id 0.
     * @throws IllegalArgumentException when the port is outside 0..65535.
     */
    @Override
    public int peerId(final String host, final int port)
    {
        if (closed.get())
        {
            return NOT_CONNECTED;
        }
        final InetSocketAddress address = new InetSocketAddress(host, port);
        if (address.isUnresolved())
        {
            return NOT_CONNECTED;
        }
        final int id = peers.register(address);
        return id == PeerRegistry.NO_PEER ? NOT_CONNECTED : id;
    }

    /**
     * Send one datagram: straight to the socket on the calling thread ({@link EndpointContext#directSend()}, the
     * default, and always when connected), or copied into the outbound ring for the event loop.
     *
     * @param peerId id from {@link #peerId(String, int)} or from a received datagram (always 0 when connected).
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length in bytes, 1 to {@link EndpointContext#maxDatagramBytes()}.
     * @return {@link #OK}; {@link #BACK_PRESSURED} when the ring or the socket's send buffer is full (counted as
     *         {@link EndpointCounters#outboundQueueFullDrops()}) or the kernel refused a direct send (counted as
     *         {@link EndpointCounters#socketErrors()} and reported to the error handler: e.g. the connected peer's
     *         port was unreachable); {@link #NOT_CONNECTED} for an unknown peer id or a closed endpoint;
     *         {@link #TOO_LARGE} (counted) when the length is outside 1..maxDatagramBytes.
     */
    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > maxDatagramBytes)
        {
            counters.incrementFromAgent(EndpointCounters.OUTBOUND_TOO_LARGE);
            return TOO_LARGE;
        }
        final InetSocketAddress recipient = peers.address(peerId);
        if (closed.get() || null == recipient)
        {
            return NOT_CONNECTED;
        }
        if (null != agentSocket)
        {
            return sendNow(peerId, connected ? null : recipient, buffer, offset, length);
        }
        if (!outbound.write(peerId + 1, buffer, offset, length))
        {
            counters.incrementFromAgent(EndpointCounters.OUTBOUND_QUEUE_FULL_DROPS);
            return BACK_PRESSURED;
        }
        sender.schedule();
        return OK;
    }

    private int sendNow(
        final int peerId,
        final InetSocketAddress recipient,
        final DirectBuffer buffer,
        final int offset,
        final int length)
    {
        try
        {
            int sent = null == peerSockets ? PeerSockets.NO_SOCKET : peerSockets.send(peerId, buffer, offset, length);
            if (sent == PeerSockets.NO_SOCKET)
            {
                sent = agentSocket.send(recipient, buffer, offset, length);
            }
            if (sent == AgentSocket.WOULD_BLOCK)
            {
                counters.incrementFromAgent(EndpointCounters.OUTBOUND_QUEUE_FULL_DROPS);
                return BACK_PRESSURED;
            }
        }
        catch (final IOException ex)
        {
            counters.incrementFromAgent(EndpointCounters.SOCKET_ERRORS);
            report(ex);
            return BACK_PRESSURED;
        }
        counters.incrementFromAgent(EndpointCounters.SENT);
        return OK;
    }

    /**
     * Deliver up to {@code limit} received datagrams, oldest first: from the inbound ring, then, connected or
     * accepting, read from the socket or the ready peer sockets now (at most {@code limit} reads, dropped datagrams
     * included, so a flood cannot hold the agent). If
     * the handler throws, the datagrams up to and including that one are consumed and the exception propagates to
     * the caller (the agent runner's error handler).
     *
     * @param handler called once per datagram with the peer id, bytes and arrival time on the context's clock.
     * @param limit   most datagrams to deliver.
     * @return the number delivered; 0 when none were waiting or the endpoint is closed.
     */
    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        if (closed.get())
        {
            return 0;
        }
        pollHandler = handler;
        try
        {
            // Connected, the ring stays empty unless Netty read the socket after an error event; drain it anyway.
            final int fromRing = readAcrossWrap(inbound, inboundReader, limit);
            if (connected)
            {
                return fromRing + readSocket(handler, limit - fromRing);
            }
            return null == peerSockets ? fromRing : fromRing + peerSockets.poll(handler, limit - fromRing);
        }
        finally
        {
            pollHandler = null;
        }
    }

    /** Connected mode: read up to {@code limit} datagrams (delivered or dropped) straight from the socket. */
    private int readSocket(final DatagramHandler handler, final int limit)
    {
        int delivered = 0;
        for (int reads = 0; reads < limit; reads++)
        {
            final int length;
            try
            {
                length = agentSocket.receive();
            }
            catch (final IOException ex)
            {
                counters.incrementFromAgent(EndpointCounters.SOCKET_ERRORS);
                report(ex);
                break;
            }
            if (length == AgentSocket.WOULD_BLOCK)
            {
                break;
            }
            final int dropCounter = dropCounter(agentSocket.receiveView, length, maxDatagramBytes);
            if (dropCounter != DELIVER)
            {
                // Drop first, then received, as on the event loop: the received count never runs ahead of its fate.
                counters.incrementFromAgent(dropCounter);
                counters.incrementFromAgent(EndpointCounters.RECEIVED);
                continue;
            }
            counters.incrementFromAgent(EndpointCounters.RECEIVED);
            delivered++;
            handler.onDatagram(0, agentSocket.receiveView, 0, length, clock.nanoTime());
        }
        return delivered;
    }

    /** @return {@link #DELIVER} for a datagram to deliver, else the counter that its drop moves. */
    static int dropCounter(final DirectBuffer datagram, final int length, final int maxDatagramBytes)
    {
        if (length > maxDatagramBytes)
        {
            return EndpointCounters.OVERSIZE_DROPS;
        }
        if (length <= 0 || PacketClassifier.classify(datagram, 0, length) <= PacketClassifier.UNKNOWN)
        {
            return EndpointCounters.MALFORMED_DROPS;
        }
        return DELIVER;
    }

    private void report(final Throwable cause)
    {
        try
        {
            context.errorHandler().onError(cause);
        }
        catch (final Throwable ignore)
        {
            // The counter already moved; a failing error handler must not break the agent's duty cycle.
        }
    }

    /**
     * Read up to {@code limit} records, going on past the end of the ring: a single Agrona read stops at the buffer's
     * end (and may consume only padding there), which would otherwise strand records that wrapped to the start.
     */
    static int readAcrossWrap(final OneToOneRingBuffer ring, final MessageHandler handler, final int limit)
    {
        int read = 0;
        long positionBefore;
        do
        {
            positionBefore = ring.consumerPosition();
            read += ring.read(handler, limit - read);
        }
        while (read < limit && ring.consumerPosition() != positionBefore);
        return read;
    }

    private void deliver(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final long receivedNs = buffer.getLong(index, ByteOrder.nativeOrder());
        if (null != peerSockets)
        {
            // Before the handler, whose exception would end this poll: the peer's next datagram uses its socket.
            peerSockets.onListenerDatagram(msgTypeId - 1);
        }
        pollHandler.onDatagram(
            msgTypeId - 1,
            buffer,
            index + EndpointContext.INBOUND_RECORD_HEADER_BYTES,
            length - EndpointContext.INBOUND_RECORD_HEADER_BYTES,
            receivedNs);
    }

    /** @return the UDP port the socket is bound to (the one the OS picked when the context said 0). */
    public int localPort()
    {
        return localAddress.getPort();
    }

    /** @return the address and port the socket is bound to. */
    public InetSocketAddress localAddress()
    {
        return localAddress;
    }

    /**
     * @param peerId a peer id.
     * @return the peer's address, or null when the id was never assigned.
     */
    public InetSocketAddress peerAddress(final int peerId)
    {
        return peers.address(peerId);
    }

    /** @return number of peers registered so far. */
    public int peerCount()
    {
        return peers.size();
    }

    /** @return this endpoint's counters, readable from any thread. */
    public EndpointCounters counters()
    {
        return counters;
    }

    /** @return the concluded context the endpoint was opened with. */
    public EndpointContext context()
    {
        return context;
    }

    /** @return true when the socket runs on Netty's native epoll transport, false for NIO. */
    public boolean isNativeTransport()
    {
        return context.useNativeTransport();
    }

    /** Ring fill levels and channel state, for test failure messages. */
    String debugState()
    {
        return "inbound=" + inbound.size() +
            (null == sender ? " directSend" : " outbound=" + outbound.size() + " " + sender.debugState()) +
            " writable=" + channel.isWritable() + " active=" + channel.isActive();
    }

    /** @return true once {@link #close()} has been called. */
    public boolean isClosed()
    {
        return closed.get();
    }

    /**
     * Close the socket, every peer socket and, unless the event loop group was shared, stop its thread; idempotent
     * and safe from any thread. Datagrams still in either ring are discarded; Netty buffers held for unsent writes
     * are released. From the event loop itself the close is started but not awaited. The agent thread writes (and,
     * connected or accepting, reads) the sockets itself, so stop the agent first or close from it: a send or poll
     * already past its closed check when another thread closes fails at the socket and counts a socket error.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        final boolean onEventLoop = channel.eventLoop().inEventLoop();
        if (null != peerSockets)
        {
            peerSockets.close();
        }
        try
        {
            if (onEventLoop)
            {
                channel.close();
            }
            else
            {
                channel.close().syncUninterruptibly();
            }
        }
        finally
        {
            if (ownsGroup)
            {
                final Future<?> terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
                if (!onEventLoop)
                {
                    terminated.syncUninterruptibly();
                }
            }
        }
    }
}
