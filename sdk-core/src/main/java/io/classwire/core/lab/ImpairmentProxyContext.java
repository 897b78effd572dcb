package io.classwire.core.lab;

import io.netty.buffer.ByteBufAllocator;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * Configuration of an {@link ImpairmentProxy}: fluent setters, getters of the same name, and {@link #conclude()} to
 * validate before launch. Only the upstream address is required; by default the proxy listens on an ephemeral
 * loopback port and imposes a perfect wire in both directions.
 */
public final class ImpairmentProxyContext
{
    /** Default for {@link #maxInFlightPackets(int)}. */
    public static final int DEFAULT_MAX_IN_FLIGHT_PACKETS = 4096;
    /** Default for {@link #maxDatagramBytes(int)}: the largest UDP payload over IPv4 plus slack, so nothing is cut. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 65_535;
    /** Default for {@link #tickIntervalNs(long)}: 1 ms. */
    public static final long DEFAULT_TICK_INTERVAL_NS = TimeUnit.MILLISECONDS.toNanos(1);

    private InetSocketAddress listenAddress = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
    private InetSocketAddress upstreamAddress;
    private InetSocketAddress upstreamBindAddress = new InetSocketAddress(0);
    private LinkConfig uplink = LinkConfig.builder().build();
    private LinkConfig downlink = LinkConfig.builder().build();
    private long seed;
    private int maxInFlightPackets = DEFAULT_MAX_IN_FLIGHT_PACKETS;
    private int maxDatagramBytes = DEFAULT_MAX_DATAGRAM_BYTES;
    private int socketReceiveBufferBytes;
    private long tickIntervalNs = DEFAULT_TICK_INTERVAL_NS;
    private NanoClock clock = SystemNanoClock.INSTANCE;
    private ByteBufAllocator allocator = ByteBufAllocator.DEFAULT;
    private boolean preferNativeTransport = true;

    /**
     * Check the configuration before launch.
     *
     * @return this context.
     * @throws IllegalStateException if the upstream address is missing or a value is out of range.
     */
    public ImpairmentProxyContext conclude()
    {
        require(upstreamAddress != null, "upstream address is required");
        require(listenAddress != null && upstreamBindAddress != null, "bind addresses must not be null");
        require(!upstreamAddress.isUnresolved(), "upstream address is unresolved: " + upstreamAddress);
        require(upstreamAddress.getPort() != 0, "upstream port must not be 0");
        require(uplink != null && downlink != null, "link configurations must not be null");
        require(clock != null && allocator != null, "clock and allocator must not be null");
        require(maxInFlightPackets > 0, "max in-flight packets must be positive: " + maxInFlightPackets);
        require(maxDatagramBytes > 0 && maxDatagramBytes <= DEFAULT_MAX_DATAGRAM_BYTES,
            "max datagram bytes must be in [1, 65535]: " + maxDatagramBytes);
        require(socketReceiveBufferBytes >= 0, "socket receive buffer must not be negative");
        require(tickIntervalNs > 0, "tick interval must be positive: " + tickIntervalNs);
        return this;
    }

    /**
     * Where clients send: the proxy's listen socket. Port 0 picks an ephemeral port; see
     * {@link ImpairmentProxy#localPort()}.
     *
     * @param address local address and port; default loopback, port 0.
     * @return this context.
     */
    public ImpairmentProxyContext listenAddress(final InetSocketAddress address)
    {
        listenAddress = address;
        return this;
    }

    /**
     * Where clients send.
     *
     * @return the listen address as configured.
     */
    public InetSocketAddress listenAddress()
    {
        return listenAddress;
    }

    /**
     * Where the proxy forwards client datagrams: the real server.
     *
     * @param address a resolved address with a non-zero port.
     * @return this context.
     */
    public ImpairmentProxyContext upstreamAddress(final InetSocketAddress address)
    {
        upstreamAddress = address;
        return this;
    }

    /**
     * Where the proxy forwards client datagrams.
     *
     * @return the upstream address, null until set.
     */
    public InetSocketAddress upstreamAddress()
    {
        return upstreamAddress;
    }

    /**
     * Local address of the socket the proxy uses toward upstream (the address the server sees as its client).
     *
     * @param address local address; default wildcard, ephemeral port.
     * @return this context.
     */
    public ImpairmentProxyContext upstreamBindAddress(final InetSocketAddress address)
    {
        upstreamBindAddress = address;
        return this;
    }

    /**
     * Local address of the socket the proxy uses toward upstream.
     *
     * @return the bind address.
     */
    public InetSocketAddress upstreamBindAddress()
    {
        return upstreamBindAddress;
    }

    /**
     * Impairment of the client-to-upstream direction.
     *
     * @param config the link; default a perfect wire.
     * @return this context.
     */
    public ImpairmentProxyContext uplink(final LinkConfig config)
    {
        uplink = config;
        return this;
    }

    /**
     * Impairment of the client-to-upstream direction.
     *
     * @return the uplink configuration.
     */
    public LinkConfig uplink()
    {
        return uplink;
    }

    /**
     * Impairment of the upstream-to-client direction.
     *
     * @param config the link; default a perfect wire.
     * @return this context.
     */
    public ImpairmentProxyContext downlink(final LinkConfig config)
    {
        downlink = config;
        return this;
    }

    /**
     * Impairment of the upstream-to-client direction.
     *
     * @return the downlink configuration.
     */
    public LinkConfig downlink()
    {
        return downlink;
    }

    /**
     * Impose a named profile: its uplink and downlink.
     *
     * @param profile e.g. {@link NetworkProfile#SUBWAY}.
     * @return this context.
     */
    public ImpairmentProxyContext profile(final NetworkProfile profile)
    {
        return uplink(profile.uplink()).downlink(profile.downlink());
    }

    /**
     * Seed of both directions' randomness; each direction derives its own stream from it.
     *
     * @param seed any value; default 0.
     * @return this context.
     */
    public ImpairmentProxyContext seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /**
     * Seed of both directions' randomness.
     *
     * @return the seed.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * Size of the bounded pool of datagrams held for delayed delivery, both directions together. A datagram that
     * arrives while the pool is full is dropped and counted as overload.
     *
     * @param count positive; default {@link #DEFAULT_MAX_IN_FLIGHT_PACKETS}.
     * @return this context.
     */
    public ImpairmentProxyContext maxInFlightPackets(final int count)
    {
        maxInFlightPackets = count;
        return this;
    }

    /**
     * Size of the bounded pool of datagrams held for delayed delivery.
     *
     * @return the pool size.
     */
    public int maxInFlightPackets()
    {
        return maxInFlightPackets;
    }

    /**
     * Receive buffer size per datagram read; a longer datagram would be cut by the socket, so keep the default unless
     * every datagram is known to be small.
     *
     * @param lengthBytes in [1, 65535]; default {@link #DEFAULT_MAX_DATAGRAM_BYTES}.
     * @return this context.
     */
    public ImpairmentProxyContext maxDatagramBytes(final int lengthBytes)
    {
        maxDatagramBytes = lengthBytes;
        return this;
    }

    /**
     * Receive buffer size per datagram read.
     *
     * @return bytes.
     */
    public int maxDatagramBytes()
    {
        return maxDatagramBytes;
    }

    /**
     * Kernel receive buffer (SO_RCVBUF) requested for both sockets; the OS may cap it.
     *
     * @param lengthBytes bytes, or 0 (default) for the system default.
     * @return this context.
     */
    public ImpairmentProxyContext socketReceiveBufferBytes(final int lengthBytes)
    {
        socketReceiveBufferBytes = lengthBytes;
        return this;
    }

    /**
     * Kernel receive buffer requested for both sockets.
     *
     * @return bytes, 0 for the system default.
     */
    public int socketReceiveBufferBytes()
    {
        return socketReceiveBufferBytes;
    }

    /**
     * How often the event loop checks for datagrams that fell due. Delivery is never early; it is late by up to about
     * one interval (plus the event loop's own timer resolution) when no other traffic wakes the loop.
     *
     * @param intervalNs positive; default {@link #DEFAULT_TICK_INTERVAL_NS}.
     * @return this context.
     */
    public ImpairmentProxyContext tickIntervalNs(final long intervalNs)
    {
        tickIntervalNs = intervalNs;
        return this;
    }

    /**
     * How often the event loop checks for datagrams that fell due.
     *
     * @return nanoseconds.
     */
    public long tickIntervalNs()
    {
        return tickIntervalNs;
    }

    /**
     * The only source of time the proxy reads; the impairment models see time since launch on this clock.
     *
     * @param clock default {@link SystemNanoClock#INSTANCE}.
     * @return this context.
     */
    public ImpairmentProxyContext clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * The only source of time the proxy reads.
     *
     * @return the clock.
     */
    public NanoClock clock()
    {
        return clock;
    }

    /**
     * Allocator for received datagrams and the copies held in flight.
     *
     * @param allocator default {@link ByteBufAllocator#DEFAULT}.
     * @return this context.
     */
    public ImpairmentProxyContext allocator(final ByteBufAllocator allocator)
    {
        this.allocator = allocator;
        return this;
    }

    /**
     * Allocator for received datagrams and the copies held in flight.
     *
     * @return the allocator.
     */
    public ByteBufAllocator allocator()
    {
        return allocator;
    }

    /**
     * Use Linux epoll when it is available (default), otherwise Java NIO.
     *
     * @param prefer false to force NIO.
     * @return this context.
     */
    public ImpairmentProxyContext preferNativeTransport(final boolean prefer)
    {
        preferNativeTransport = prefer;
        return this;
    }

    /**
     * Whether Linux epoll is used when available.
     *
     * @return true to prefer epoll.
     */
    public boolean preferNativeTransport()
    {
        return preferNativeTransport;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "ImpairmentProxyContext{listen=" + listenAddress + ", upstream=" + upstreamAddress +
            ", seed=" + seed + ", maxInFlight=" + maxInFlightPackets + ", uplink=" + uplink +
            ", downlink=" + downlink + '}';
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }
}
