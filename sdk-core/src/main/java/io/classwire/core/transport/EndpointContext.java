package io.classwire.core.transport;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.agrona.BitUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configuration of a {@link NettyUdpEndpoint}: fluent setters, same-named getters, and {@link #conclude()} which
 * validates the values and fills the defaults. Not thread-safe; configure on one thread, then hand to
 * {@link NettyUdpEndpoint#open(EndpointContext)}, after which it must not be changed.
 */
public final class EndpointContext
{
    /** Default bind address: every local interface. */
    public static final String DEFAULT_BIND_ADDRESS = "0.0.0.0";
    /** Default largest datagram, in bytes: an Ethernet MTU's worth, more than any media packet we build. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 1500;
    /** Largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD_BYTES = 65_507;
    /** Default size of each hand-off ring, in bytes (about 700 full-size or 9,000 audio-size datagrams). */
    public static final int DEFAULT_QUEUE_CAPACITY_BYTES = 1 << 20;
    /** Default number of datagrams read per receive system call (recvmmsg) on the native transport. */
    public static final int DEFAULT_RECEIVE_BATCH = 16;
    /** Default most datagrams written per outbound drain before one flush. */
    public static final int DEFAULT_OUTBOUND_DRAIN_LIMIT = 256;
    /** Default most distinct peer addresses. */
    public static final int DEFAULT_MAX_PEERS = 1024;
    /** Bytes ahead of each datagram in the inbound ring: its arrival time. */
    static final int INBOUND_RECORD_HEADER_BYTES = 8;

    private static final Logger LOGGER = LoggerFactory.getLogger(EndpointContext.class);

    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private int bindPort = 0;
    private String remoteHost;
    private int remotePort;
    private boolean directSend = true;
    private int maxDatagramBytes = DEFAULT_MAX_DATAGRAM_BYTES;
    private int inboundQueueCapacityBytes = DEFAULT_QUEUE_CAPACITY_BYTES;
    private int outboundQueueCapacityBytes = DEFAULT_QUEUE_CAPACITY_BYTES;
    private int receiveBatch = DEFAULT_RECEIVE_BATCH;
    private int outboundDrainLimit = DEFAULT_OUTBOUND_DRAIN_LIMIT;
    private int socketReceiveBufferBytes = 0;
    private int socketSendBufferBytes = 0;
    private boolean reusePort;
    private boolean preferNativeTransport = true;
    private boolean useNativeTransport;
    private boolean allowUnknownPeers = true;
    private int maxPeers = DEFAULT_MAX_PEERS;
    private int maxPeerSockets = 0;
    private IdleStrategy idleStrategy;
    private ErrorHandler errorHandler;
    private NanoClock clock;
    private ByteBufAllocator allocator;
    private IoEventLoopGroup eventLoopGroup;

    /**
     * Validate every value and fill the defaults of those left unset; safe to call more than once.
     *
     * @return this context.
     * @throws IllegalStateException when a value is out of range or values disagree.
     */
    public EndpointContext conclude()
    {
        require(bindAddress != null && !bindAddress.isEmpty(), "bindAddress must be set");
        require(bindPort >= 0 && bindPort <= 0xFFFF, "bindPort must be 0..65535: " + bindPort);
        require(null == remoteHost || (!remoteHost.isEmpty() && remotePort >= 1 && remotePort <= 0xFFFF),
            "connectTo needs a host and a port 1..65535: " + remoteHost + ":" + remotePort);
        require(maxDatagramBytes >= 1 && maxDatagramBytes <= MAX_UDP_PAYLOAD_BYTES,
            "maxDatagramBytes must be 1.." + MAX_UDP_PAYLOAD_BYTES + ": " + maxDatagramBytes);
        checkQueueCapacity("inboundQueueCapacityBytes", inboundQueueCapacityBytes,
            maxDatagramBytes + INBOUND_RECORD_HEADER_BYTES);
        checkQueueCapacity("outboundQueueCapacityBytes", outboundQueueCapacityBytes, maxDatagramBytes);
        require(receiveBatch >= 1 && receiveBatch <= 1024, "receiveBatch must be 1..1024: " + receiveBatch);
        require(outboundDrainLimit >= 1, "outboundDrainLimit must be positive: " + outboundDrainLimit);
        require(socketReceiveBufferBytes >= 0, "socketReceiveBufferBytes must be >= 0 (0 = OS default)");
        require(socketSendBufferBytes >= 0, "socketSendBufferBytes must be >= 0 (0 = OS default)");
        require(maxPeers >= 1, "maxPeers must be positive: " + maxPeers);
        require(maxPeerSockets >= 0 && maxPeerSockets <= maxPeers,
            "acceptPeers needs 0..maxPeers peer sockets: " + maxPeerSockets);
        require(maxPeerSockets == 0 || !isConnected(), "acceptPeers is for an unconnected endpoint, not connectTo");

        if (null == idleStrategy)
        {
            idleStrategy = new BackoffIdleStrategy();
        }
        if (null == errorHandler)
        {
            errorHandler = (throwable) -> LOGGER.warn("transport error", throwable);
        }
        if (null == clock)
        {
            clock = SystemNanoClock.INSTANCE;
        }
        if (null == allocator)
        {
            allocator = PooledByteBufAllocator.DEFAULT;
        }
        if (null != eventLoopGroup)
        {
            useNativeTransport = eventLoopGroup.isIoType(EpollIoHandler.class);
            require(useNativeTransport || eventLoopGroup.isIoType(NioIoHandler.class),
                "eventLoopGroup must run EpollIoHandler or NioIoHandler");
        }
        else
        {
            useNativeTransport = preferNativeTransport && Epoll.isAvailable();
        }
        return this;
    }

    private static void checkQueueCapacity(final String name, final int capacityBytes, final int largestRecordBytes)
    {
        require(BitUtil.isPowerOfTwo(capacityBytes), name + " must be a power of two: " + capacityBytes);
        // An Agrona ring buffer accepts records up to an eighth of its capacity.
        final int minimum = BitUtil.findNextPositivePowerOfTwo(8 * (largestRecordBytes + 8));
        require(capacityBytes >= minimum, name + " must be at least " + minimum + " for maxDatagramBytes");
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }

    /** @return ring buffer bytes to allocate for a queue of {@code capacityBytes}, trailer included. */
    static int ringBufferLength(final int capacityBytes)
    {
        return capacityBytes + RingBufferDescriptor.TRAILER_LENGTH;
    }

    /**
     * @param bindAddress numeric local address to bind, e.g. {@code "127.0.0.1"} or {@code "0.0.0.0"}.
     * @return this context.
     */
    public EndpointContext bindAddress(final String bindAddress)
    {
        this.bindAddress = bindAddress;
        return this;
    }

    /** @return the local address to bind. */
    public String bindAddress()
    {
        return bindAddress;
    }

    /**
     * @param bindPort local UDP port, 0 for one the OS picks (see {@link NettyUdpEndpoint#localPort()}).
     * @return this context.
     */
    public EndpointContext bindPort(final int bindPort)
    {
        this.bindPort = bindPort;
        return this;
    }

    /** @return the local UDP port to bind, 0 for ephemeral. */
    public int bindPort()
    {
        return bindPort;
    }

    /**
     * Connect the socket to one peer (a client's relay, say): the endpoint then talks to that peer only, as peer id 0,
     * the kernel drops datagrams from any other address, and the agent thread reads and writes the socket itself
     * (see {@link NettyUdpEndpoint}), which allocates nothing per datagram and skips the event loop both ways.
     *
     * @param host numeric address or host name of the peer, resolved once when the endpoint opens.
     * @param port UDP port of the peer, 1..65535.
     * @return this context.
     */
    public EndpointContext connectTo(final String host, final int port)
    {
        this.remoteHost = host;
        this.remotePort = port;
        return this;
    }

    /** @return the peer the socket connects to, or null for an unconnected socket that talks to many peers. */
    public String remoteHost()
    {
        return remoteHost;
    }

    /** @return the port of the peer the socket connects to; meaningless when {@link #remoteHost()} is null. */
    public int remotePort()
    {
        return remotePort;
    }

    /** @return true when {@link #connectTo(String, int)} was set. */
    public boolean isConnected()
    {
        return null != remoteHost;
    }

    /**
     * @param directSend true (the default): {@code send} writes the datagram to the socket on the calling agent
     *                   thread, one system call per datagram; false: it queues the datagram in the outbound ring
     *                   and the event loop writes batches (sendmmsg on epoll), which trades a thread hand-off and a
     *                   wake-up per burst for fewer system calls. A connected or accepting endpoint always sends
     *                   directly.
     * @return this context.
     */
    public EndpointContext directSend(final boolean directSend)
    {
        this.directSend = directSend;
        return this;
    }

    /** @return whether {@code send} writes on the calling thread (true) or queues for the event loop (false). */
    public boolean directSend()
    {
        return directSend || isConnected() || acceptsPeers();
    }

    /**
     * @param maxDatagramBytes largest datagram sent or accepted; bigger ones are refused or counted as oversize.
     * @return this context.
     */
    public EndpointContext maxDatagramBytes(final int maxDatagramBytes)
    {
        this.maxDatagramBytes = maxDatagramBytes;
        return this;
    }

    /** @return the largest datagram sent or accepted, in bytes. */
    public int maxDatagramBytes()
    {
        return maxDatagramBytes;
    }

    /**
     * @param capacityBytes size of the network-to-agent ring, a power of two.
     * @return this context.
     */
    public EndpointContext inboundQueueCapacityBytes(final int capacityBytes)
    {
        this.inboundQueueCapacityBytes = capacityBytes;
        return this;
    }

    /** @return size of the network-to-agent ring in bytes. */
    public int inboundQueueCapacityBytes()
    {
        return inboundQueueCapacityBytes;
    }

    /**
     * @param capacityBytes size of the agent-to-network ring, a power of two; allocated only for
     *                      {@code directSend(false)}.
     * @return this context.
     */
    public EndpointContext outboundQueueCapacityBytes(final int capacityBytes)
    {
        this.outboundQueueCapacityBytes = capacityBytes;
        return this;
    }

    /** @return size of the agent-to-network ring in bytes. */
    public int outboundQueueCapacityBytes()
    {
        return outboundQueueCapacityBytes;
    }

    /**
     * @param receiveBatch datagrams read per system call where the native transport offers recvmmsg (unconnected
     *                     sockets; a connected one is read one datagram per call on the agent thread).
     * @return this context.
     */
    public EndpointContext receiveBatch(final int receiveBatch)
    {
        this.receiveBatch = receiveBatch;
        return this;
    }

    /** @return datagrams read per receive system call on the native transport. */
    public int receiveBatch()
    {
        return receiveBatch;
    }

    /**
     * @param outboundDrainLimit most datagrams the event loop writes per drain before flushing once
     *                           ({@code directSend(false)} only).
     * @return this context.
     */
    public EndpointContext outboundDrainLimit(final int outboundDrainLimit)
    {
        this.outboundDrainLimit = outboundDrainLimit;
        return this;
    }

    /** @return most datagrams written per drain before one flush. */
    public int outboundDrainLimit()
    {
        return outboundDrainLimit;
    }

    /**
     * @param bytes SO_RCVBUF to request, 0 to keep the OS default.
     * @return this context.
     */
    public EndpointContext socketReceiveBufferBytes(final int bytes)
    {
        this.socketReceiveBufferBytes = bytes;
        return this;
    }

    /** @return SO_RCVBUF to request, 0 for the OS default. */
    public int socketReceiveBufferBytes()
    {
        return socketReceiveBufferBytes;
    }

    /**
     * @param bytes SO_SNDBUF to request, 0 to keep the OS default.
     * @return this context.
     */
    public EndpointContext socketSendBufferBytes(final int bytes)
    {
        this.socketSendBufferBytes = bytes;
        return this;
    }

    /** @return SO_SNDBUF to request, 0 for the OS default. */
    public int socketSendBufferBytes()
    {
        return socketSendBufferBytes;
    }

    /**
     * @param reusePort set SO_REUSEPORT (Linux), so that several endpoints can bind the same address and port. A
     *                  server can then keep one unconnected endpoint for first contact and give each known peer a
     *                  {@link #connectTo(String, int) connected} endpoint on the same port: the kernel hands a
     *                  connected socket the datagrams of its peer, and such an endpoint allocates nothing per
     *                  datagram. Every socket sharing the port must set it.
     * @return this context.
     */
    public EndpointContext reusePort(final boolean reusePort)
    {
        this.reusePort = reusePort;
        return this;
    }

    /** @return whether the socket is bound with SO_REUSEPORT. */
    public boolean reusePort()
    {
        return reusePort || acceptsPeers();
    }

    /**
     * Accept mode for an unconnected endpoint (a server): on the first datagram from a peer the agent opens a socket
     * for that peer alone, bound to the endpoint's address and port with SO_REUSEPORT and connected to the peer; the
     * kernel then hands that socket the peer's datagrams, and the agent reads (one readiness poll per
     * {@code poll}) and writes it itself, allocating nothing per datagram. The endpoint's own socket stays open for
     * first contact and for peers beyond the cap, and implies {@link #reusePort(boolean)} and direct sends. Linux
     * only (it relies on the kernel preferring a connected socket); another process of the same user binding the
     * port with SO_REUSEPORT could take first-contact datagrams.
     *
     * <p>Contract for peers: wait for the server's answer to the first datagram (a join) before streaming. The agent
     * connects the peer's socket before it hands that first datagram to the handler, and the JDK discards whatever
     * the socket holds when it connects, so a datagram the peer sends during those microseconds is lost, uncounted
     * (a repeated join is harmless; a stream started without waiting can lose a few datagrams once). Bind the server
     * to a specific address: on the wildcard address, opening a socket can also lose other new peers' first-contact
     * datagrams (see the class notes of the peer sockets).
     *
     * @param maxPeerSockets most peers given a socket of their own, 0 (the default) for none; 0..{@link #maxPeers()}.
     * @return this context.
     */
    public EndpointContext acceptPeers(final int maxPeerSockets)
    {
        this.maxPeerSockets = maxPeerSockets;
        return this;
    }

    /** @return most peers given a socket of their own in accept mode; 0 when the mode is off. */
    public int maxPeerSockets()
    {
        return maxPeerSockets;
    }

    /** @return true when {@link #acceptPeers(int)} asked for at least one peer socket. */
    public boolean acceptsPeers()
    {
        return maxPeerSockets > 0;
    }

    /**
     * @param preferNativeTransport use Linux epoll when available (the default), NIO otherwise.
     * @return this context.
     */
    public EndpointContext preferNativeTransport(final boolean preferNativeTransport)
    {
        this.preferNativeTransport = preferNativeTransport;
        return this;
    }

    /** @return whether epoll is preferred over NIO. */
    public boolean preferNativeTransport()
    {
        return preferNativeTransport;
    }

    /** @return after {@link #conclude()}: whether the endpoint runs on epoll (true) or NIO (false). */
    public boolean useNativeTransport()
    {
        return useNativeTransport;
    }

    /**
     * @param allowUnknownPeers register datagrams' senders on first contact (up to {@link #maxPeers()}), or drop
     *                          and count datagrams from addresses not registered with
     *                          {@link NettyUdpEndpoint#peerId(String, int)}.
     * @return this context.
     */
    public EndpointContext allowUnknownPeers(final boolean allowUnknownPeers)
    {
        this.allowUnknownPeers = allowUnknownPeers;
        return this;
    }

    /** @return whether unknown senders are registered on first contact. */
    public boolean allowUnknownPeers()
    {
        return allowUnknownPeers;
    }

    /**
     * @param maxPeers most distinct peer addresses the endpoint will register.
     * @return this context.
     */
    public EndpointContext maxPeers(final int maxPeers)
    {
        this.maxPeers = maxPeers;
        return this;
    }

    /** @return most distinct peer addresses. */
    public int maxPeers()
    {
        return maxPeers;
    }

    /**
     * @param idleStrategy for the {@link RealTimeAgentRunner} that drives the agent using this endpoint.
     * @return this context.
     */
    public EndpointContext idleStrategy(final IdleStrategy idleStrategy)
    {
        this.idleStrategy = idleStrategy;
        return this;
    }

    /** @return idle strategy for the agent runner; a {@link BackoffIdleStrategy} by default. */
    public IdleStrategy idleStrategy()
    {
        return idleStrategy;
    }

    /**
     * @param errorHandler told of unexpected errors on the event loop and in the agent runner.
     * @return this context.
     */
    public EndpointContext errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /** @return handler of unexpected errors; logs a warning by default. */
    public ErrorHandler errorHandler()
    {
        return errorHandler;
    }

    /**
     * @param clock stamps datagram arrival times on the event loop; must be the clock the agent's runner uses.
     * @return this context.
     */
    public EndpointContext clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /** @return the arrival-time clock; {@link SystemNanoClock} by default. */
    public NanoClock clock()
    {
        return clock;
    }

    /**
     * @param allocator Netty allocator for socket buffers.
     * @return this context.
     */
    public EndpointContext allocator(final ByteBufAllocator allocator)
    {
        this.allocator = allocator;
        return this;
    }

    /** @return the Netty allocator; {@link PooledByteBufAllocator#DEFAULT} by default. */
    public ByteBufAllocator allocator()
    {
        return allocator;
    }

    /**
     * @param eventLoopGroup a group shared with other channels, which the endpoint will not shut down; null (the
     *                       default) gives the endpoint a one-thread group of its own.
     * @return this context.
     */
    public EndpointContext eventLoopGroup(final IoEventLoopGroup eventLoopGroup)
    {
        this.eventLoopGroup = eventLoopGroup;
        return this;
    }

    /** @return the shared event loop group, or null when the endpoint owns one. */
    public IoEventLoopGroup eventLoopGroup()
    {
        return eventLoopGroup;
    }
}
