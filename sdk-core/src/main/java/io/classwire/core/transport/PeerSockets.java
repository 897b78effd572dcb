package io.classwire.core.transport;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.function.Consumer;

/**
 * Accept mode of an unconnected {@link NettyUdpEndpoint} ({@link EndpointContext#acceptPeers(int)}): one JDK
 * datagram channel per accepted peer, bound to the endpoint's address and port with SO_REUSEPORT and connected to
 * the peer, read and written on the agent thread. Used only by the agent thread (the caller of {@code send} and
 * {@code poll}), except {@link #close()}.
 *
 * <p>Why this allocates nothing per datagram where the endpoint's own socket does not: Linux hands a datagram to
 * the connected socket of its sender in preference to an unconnected one on the same port, so an accepted peer's
 * datagrams never reach Netty's read path (a {@code DatagramPacket} and, on epoll, a new sender address each). A
 * connected JDK channel reports the same cached sender object for every datagram, and a send on it names no
 * address. Readiness of all peer sockets costs one {@code epoll_wait} per poll: a JDK {@link Selector} polled with
 * {@code selectNow(action)}, which calls back per ready key without filling the selected-key set (whose inserts
 * allocate), so no {@code --add-opens} is needed. Agrona 2's {@code TransportPoller} no longer swaps in an
 * allocation-free key set; it is only a selector holder, so it is not used.
 *
 * <p>Why JDK channels on epoll too: Netty's native datagram socket reads with a sender address only by allocating
 * one, and a peer socket has to check its sender (below). The endpoint's own socket stays Netty's.
 *
 * <p>Races. Datagrams a peer sent before its socket was connected sit in the endpoint's socket or inbound ring and
 * are delivered from there, with the same peer id; one the event loop had not yet moved to the ring can be delivered
 * after a later one read from the peer socket (UDP promises no order). Between a new socket's bind and its connect
 * (microseconds) the socket is unconnected; were it bound to the endpoint's own address, the kernel could pick it,
 * by hash among the unconnected SO_REUSEPORT sockets of that address, for a datagram from any other peer still on
 * the endpoint's socket, and the JDK discards such datagrams when it connects (its {@code connect} flushes the
 * receive queue): a loss, uncounted. So when the endpoint has a specific address, a new peer socket is bound to the
 * wildcard address on the same port: Linux looks up a socket bound to the datagram's destination address before
 * any wildcard one, so until the connect every datagram still goes to the endpoint's socket; the connect gives the
 * socket the address the route to the peer leaves from, re-hashing it beside the endpoint's, where its connected
 * state makes it the better match for its peer. If the route leaves from another address (a multi-homed host), the
 * socket is closed and the peer stays on the endpoint's socket (counted as a socket error, reported). After the
 * connect the kernel delivers only the peer's datagrams; the sender is still checked, and anything else counts as
 * an unknown-peer drop.
 *
 * <p>An endpoint bound to the wildcard address gives its peer sockets the wildcard too, which leaves the window
 * above open (a first-contact datagram of another peer can be lost while a socket opens), and once connected such a
 * socket sends from the address the route to its peer picks, which on a multi-homed host may not be the one the
 * peer wrote to. Bind a server to a specific address.
 */
final class PeerSockets
{
    /** {@link #send} result when the peer has no socket of its own: send on the endpoint's socket. */
    static final int NO_SOCKET = -2;

    private static final byte UNDECIDED = 0;
    private static final byte ACCEPTED = 1;
    private static final byte LISTENER_ONLY = 2;

    private final InetSocketAddress localAddress;
    private final PeerRegistry peers;
    private final EndpointCounters counters;
    private final EndpointContext context;
    private final ErrorHandler errorHandler;
    private final NanoClock clock;
    private final Selector selector;
    private final int maxDatagramBytes;
    private final int maxPeerSockets;
    private final int readBatch;
    private final byte[] stateByPeer;
    private final PeerSocket[] socketByPeer;
    private final PeerSocket[] opened;
    private volatile int openedCount;
    private volatile boolean closed;
    private final UnsafeBuffer receiveView;
    private final ByteBuffer receiveBuffer;
    private final UnsafeBuffer sendView;
    private final ByteBuffer sendBuffer;
    private final Consumer<SelectionKey> readyHandler = this::onReady;
    private DatagramHandler handler;
    private int readsLeft;
    private int delivered;

    PeerSockets(
        final EndpointContext context,
        final Selector selector,
        final InetSocketAddress localAddress,
        final PeerRegistry peers,
        final EndpointCounters counters)
    {
        this.context = context;
        this.selector = selector;
        this.localAddress = localAddress;
        this.peers = peers;
        this.counters = counters;
        this.errorHandler = context.errorHandler();
        this.clock = context.clock();
        this.maxDatagramBytes = context.maxDatagramBytes();
        this.maxPeerSockets = context.maxPeerSockets();
        this.readBatch = context.receiveBatch();
        this.stateByPeer = new byte[context.maxPeers()];
        this.socketByPeer = new PeerSocket[context.maxPeers()];
        this.opened = new PeerSocket[maxPeerSockets];
        // One byte past the limit lets an oversize datagram show as such instead of arriving silently truncated.
        final int receiveCapacity = maxDatagramBytes + 1;
        this.receiveView = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(receiveCapacity), 64));
        this.receiveBuffer = receiveView.byteBuffer().duplicate();
        this.receiveBuffer.limit(receiveCapacity);
        this.sendView = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(maxDatagramBytes), 64));
        this.sendBuffer = sendView.byteBuffer().duplicate();
    }

    private static int align(final int length)
    {
        return (length + 63) & ~63;
    }

    /** @return a selector for the peer sockets; the caller closes it if the endpoint fails to open. */
    static Selector openSelector()
    {
        try
        {
            return Selector.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a selector for peer sockets", ex);
        }
    }

    /**
     * A datagram from {@code peerId} arrived on the endpoint's own socket: give the peer a socket of its own unless
     * it has one, was refused one, or the cap is reached (counted once per peer).
     *
     * @param peerId id of a registered peer.
     */
    void onListenerDatagram(final int peerId)
    {
        if (stateByPeer[peerId] != UNDECIDED)
        {
            return;
        }
        final int count = openedCount;
        if (count == maxPeerSockets)
        {
            stateByPeer[peerId] = LISTENER_ONLY;
            counters.incrementFromAgent(EndpointCounters.PEERS_BEYOND_SOCKET_CAP);
            return;
        }
        // Decided before opening: a peer whose socket cannot be opened stays on the endpoint's socket for good.
        stateByPeer[peerId] = LISTENER_ONLY;
        final PeerSocket socket = open(peerId);
        if (null == socket)
        {
            return;
        }
        opened[count] = socket;
        openedCount = count + 1;
        if (closed)
        {
            // close() ran after our publication check could be seen; either it or we close the new socket.
            closeQuietly(socket.channel);
            return;
        }
        socketByPeer[peerId] = socket;
        stateByPeer[peerId] = ACCEPTED;
        counters.incrementFromAgent(EndpointCounters.PEER_SOCKETS_OPENED);
    }

    private PeerSocket open(final int peerId)
    {
        final InetSocketAddress peerAddress = peers.address(peerId);
        DatagramChannel channel = null;
        try
        {
            final InetAddress localIp = localAddress.getAddress();
            final boolean specific = !localIp.isAnyLocalAddress();
            channel = specific ?
                DatagramChannel.open(localIp instanceof Inet6Address ? StandardProtocolFamily.INET6 :
                    StandardProtocolFamily.INET) :
                DatagramChannel.open();
            channel.setOption(StandardSocketOptions.SO_REUSEPORT, true);
            if (context.socketReceiveBufferBytes() > 0)
            {
                channel.setOption(StandardSocketOptions.SO_RCVBUF, context.socketReceiveBufferBytes());
            }
            if (context.socketSendBufferBytes() > 0)
            {
                channel.setOption(StandardSocketOptions.SO_SNDBUF, context.socketSendBufferBytes());
            }
            channel.configureBlocking(false);
            // A specific endpoint address: bind the new socket to the wildcard first (see Races), so that until it
            // is connected the kernel prefers the endpoint's socket for every sender; the connect then sets its
            // address to the one the route to the peer picks, which must be the endpoint's.
            channel.bind(specific ? new InetSocketAddress(localAddress.getPort()) : localAddress);
            channel.connect(peerAddress);
            if (specific && !localIp.equals(((InetSocketAddress)channel.getLocalAddress()).getAddress()))
            {
                throw new IOException("the route to peer " + peerAddress + " leaves from " +
                    channel.getLocalAddress() + ", not the endpoint's " + localAddress + ": it stays on that socket");
            }
            final PeerSocket socket = new PeerSocket(channel, peerId, peerAddress);
            channel.register(selector, SelectionKey.OP_READ, socket);
            return socket;
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(channel);
            counters.incrementFromAgent(EndpointCounters.SOCKET_ERRORS);
            report(ex);
            return null;
        }
    }

    /**
     * Send one datagram on the peer's own socket, if it has one.
     *
     * @param peerId a registered peer's id.
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length in bytes, 1 to the maximum datagram size.
     * @return bytes sent, {@link AgentSocket#WOULD_BLOCK} when the send buffer is full, or {@link #NO_SOCKET}.
     * @throws IOException when the kernel refuses the datagram (e.g. ICMP port unreachable from the peer).
     */
    int send(final int peerId, final DirectBuffer buffer, final int offset, final int length) throws IOException
    {
        final PeerSocket socket = socketByPeer[peerId];
        if (null == socket)
        {
            return NO_SOCKET;
        }
        sendView.putBytes(0, buffer, offset, length);
        sendBuffer.clear().limit(length);
        return socket.channel.write(sendBuffer);
    }

    /**
     * Read up to {@code limit} datagrams (delivered or dropped) from the peer sockets that are ready, at most
     * {@link EndpointContext#receiveBatch()} from one socket in a row so that one busy peer cannot starve the rest.
     *
     * @param handler called per delivered datagram; an exception it throws propagates.
     * @param limit   most datagrams to read.
     * @return the number delivered.
     */
    int poll(final DatagramHandler handler, final int limit)
    {
        if (0 == openedCount || limit <= 0)
        {
            return 0;
        }
        this.handler = handler;
        readsLeft = limit;
        delivered = 0;
        try
        {
            selector.selectNow(readyHandler);
        }
        catch (final IOException ex)
        {
            counters.incrementFromAgent(EndpointCounters.SOCKET_ERRORS);
            report(ex);
        }
        finally
        {
            this.handler = null;
        }
        return delivered;
    }

    private void onReady(final SelectionKey key)
    {
        // A key left unread here is ready again at the next selectNow: the JDK's epoll selector is level-triggered.
        final PeerSocket socket = (PeerSocket)key.attachment();
        final int reads = Math.min(readsLeft, readBatch);
        for (int i = 0; i < reads; i++)
        {
            final SocketAddress sender;
            try
            {
                receiveBuffer.clear().limit(maxDatagramBytes + 1);
                sender = socket.channel.receive(receiveBuffer);
            }
            catch (final IOException ex)
            {
                readsLeft--;
                counters.incrementFromAgent(EndpointCounters.SOCKET_ERRORS);
                report(ex);
                return;
            }
            if (null == sender)
            {
                return;
            }
            readsLeft--;
            onDatagram(socket, sender, receiveBuffer.position());
        }
    }

    private void onDatagram(final PeerSocket socket, final SocketAddress sender, final int length)
    {
        int dropCounter = NettyUdpEndpoint.dropCounter(receiveView, length, maxDatagramBytes);
        if (dropCounter == NettyUdpEndpoint.DELIVER && sender != socket.lastSender && !isPeer(socket, sender))
        {
            dropCounter = EndpointCounters.UNKNOWN_PEER_DROPS;
        }
        counters.incrementFromAgent(EndpointCounters.RECEIVED_ON_PEER_SOCKETS);
        if (dropCounter != NettyUdpEndpoint.DELIVER)
        {
            // Drop first, then received, as on the event loop: the received count never runs ahead of its fate.
            counters.incrementFromAgent(dropCounter);
            counters.incrementFromAgent(EndpointCounters.RECEIVED);
            return;
        }
        counters.incrementFromAgent(EndpointCounters.RECEIVED);
        delivered++;
        handler.onDatagram(socket.peerId, receiveView, 0, length, clock.nanoTime());
    }

    /** Slow path, once per new sender object: the JDK hands back its cached object while the sender repeats. */
    private boolean isPeer(final PeerSocket socket, final SocketAddress sender)
    {
        if (sender instanceof InetSocketAddress && peers.find((InetSocketAddress)sender) == socket.peerId)
        {
            socket.lastSender = sender;
            return true;
        }
        return false;
    }

    /** @return peer sockets opened so far. */
    int openedCount()
    {
        return openedCount;
    }

    /** Close the selector and every peer socket; idempotent, from any thread once the agent stopped using them. */
    void close()
    {
        closed = true;
        try
        {
            selector.close();
        }
        catch (final IOException ex)
        {
            report(ex);
        }
        final int count = openedCount;
        for (int i = 0; i < count; i++)
        {
            closeQuietly(opened[i].channel);
        }
    }

    private void closeQuietly(final DatagramChannel channel)
    {
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ex)
            {
                report(ex);
            }
        }
    }

    private void report(final Throwable cause)
    {
        try
        {
            errorHandler.onError(cause);
        }
        catch (final Throwable ignore)
        {
            // The counter already moved; a failing error handler must not break the agent's duty cycle.
        }
    }

    /** One accepted peer: its connected channel, its id, and the sender object the JDK last reported for it. */
    private static final class PeerSocket
    {
        final DatagramChannel channel;
        final int peerId;
        SocketAddress lastSender;

        PeerSocket(final DatagramChannel channel, final int peerId, final InetSocketAddress peerAddress)
        {
            this.channel = channel;
            this.peerId = peerId;
            this.lastSender = peerAddress;
        }
    }
}
