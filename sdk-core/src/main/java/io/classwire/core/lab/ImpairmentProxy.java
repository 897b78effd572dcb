package io.classwire.core.lab;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A UDP impairment proxy: forwards datagrams between one client and one upstream server over real sockets, imposing
 * the lab's impairment models ({@link Impairment}, one per direction) in real time. Use it from tests, samples or the
 * command line ({@code classwire lab proxy}) where the kernel offers no netem.
 *
 * <pre>
 *   client --&gt; listen socket --[uplink model]--&gt; upstream-side socket --&gt; upstream
 *   client &lt;-- listen socket &lt;-[downlink model]-- upstream-side socket &lt;-- upstream
 * </pre>
 *
 * <p><b>Single client.</b> Every datagram arriving on the listen socket is forwarded upstream from the one
 * upstream-side socket, and replies go to the client address seen most recently on the listen socket. Several clients
 * can send through it, but replies follow whoever spoke last; run one proxy per client to keep them apart. Anything
 * arriving on the upstream-side socket is treated as a reply (only the upstream learns that socket's ephemeral port).
 *
 * <p><b>Never blocks, always counts.</b> Datagrams held for delayed delivery live in a bounded pool
 * ({@link ImpairmentProxyContext#maxInFlightPackets(int)}); when it is full a new datagram is dropped and counted as
 * overload. A socket whose outbound buffer is full makes due datagrams unsendable, also counted. See
 * {@link ProxyCounters} for what is counted and the identity the counters satisfy.
 *
 * <p><b>Time.</b> All datagrams are handled on one event loop thread. The impairment models see time since launch on
 * the context's {@link org.agrona.concurrent.NanoClock} (so profile blackouts and capacity changes start counting at
 * launch); the proxy reads no other clock. Due datagrams are sent at the end of each read batch, immediately when the
 * model delivers with no delay, and on a periodic tick, so delivery is never early, and on an idle proxy late by
 * about a tick. The impairment models see UDP payload lengths, as in the simulator.
 *
 * <p>Launch with {@link #launch(ImpairmentProxyContext)}; {@link #close()} releases both ports and every buffer.
 */
public final class ImpairmentProxy implements AutoCloseable
{
    private static final long SHUTDOWN_TIMEOUT_MS = 2_000;
    private static final int READ_BATCH_DATAGRAMS = 16;

    private final ProxyCounters counters = new ProxyCounters();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MultiThreadIoEventLoopGroup group;
    private final EventLoop eventLoop;
    private final ProxyForwarder forwarder;
    private final Channel listenChannel;
    private final Channel upstreamChannel;
    private final boolean nativeTransport;

    private ImpairmentProxy(final ImpairmentProxyContext context)
    {
        nativeTransport = context.preferNativeTransport() && Epoll.isAvailable();
        final IoHandlerFactory ioHandlerFactory = nativeTransport ? EpollIoHandler.newFactory() :
            NioIoHandler.newFactory();
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("classwire-proxy", true), ioHandlerFactory);
        eventLoop = group.next();
        forwarder = new ProxyForwarder(context, counters);
        Channel listen = null;
        try
        {
            listen = bind(context, context.listenAddress(), forwarder.newReader(ProxyDirection.UPLINK), "listen");
            listenChannel = listen;
            upstreamChannel = bind(
                context, context.upstreamBindAddress(), forwarder.newReader(ProxyDirection.DOWNLINK), "upstream-side");
            eventLoop.submit(() -> forwarder.start(listenChannel, upstreamChannel, eventLoop)).syncUninterruptibly();
        }
        catch (final RuntimeException ex)
        {
            if (listen != null)
            {
                listen.close().awaitUninterruptibly();
            }
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
            throw ex;
        }
    }

    /**
     * Bind both sockets and start forwarding.
     *
     * @param context the configuration; {@link ImpairmentProxyContext#conclude()} is called here.
     * @return the running proxy.
     * @throws IllegalStateException if the configuration is invalid or a socket cannot be bound.
     */
    public static ImpairmentProxy launch(final ImpairmentProxyContext context)
    {
        return new ImpairmentProxy(context.conclude());
    }

    /**
     * The port clients send to; useful when the context asked for port 0.
     *
     * @return the listen socket's local port.
     */
    public int localPort()
    {
        return localAddress().getPort();
    }

    /**
     * The address clients send to.
     *
     * @return the listen socket's local address.
     */
    public InetSocketAddress localAddress()
    {
        return (InetSocketAddress)listenChannel.localAddress();
    }

    /**
     * The address the upstream server sees datagrams come from.
     *
     * @return the upstream-side socket's local address.
     */
    public InetSocketAddress upstreamSideAddress()
    {
        return (InetSocketAddress)upstreamChannel.localAddress();
    }

    /**
     * Whether Linux epoll is in use (otherwise Java NIO).
     *
     * @return true for epoll.
     */
    public boolean isNativeTransport()
    {
        return nativeTransport;
    }

    /**
     * Live counters, readable from any thread.
     *
     * @return the counters.
     */
    public ProxyCounters counters()
    {
        return counters;
    }

    /**
     * The impairment model's statistics for one direction (offered, delivered, dropped by cause, queue delay). They
     * are written by the proxy's event loop without synchronisation: read them after {@link #close()} returns for
     * exact values; while running, use {@link #counters()}.
     *
     * @param direction which way.
     * @return that direction's statistics.
     */
    public LinkStats stats(final ProxyDirection direction)
    {
        return forwarder.impairment(direction).stats();
    }

    /**
     * Stop forwarding, discard datagrams still in flight, release both ports and the event loop thread. Idempotent;
     * returns once the sockets are closed, so the ports can be bound again. Must not be called from the proxy's own
     * event loop thread.
     */
    @Override
    public void close()
    {
        if (eventLoop.inEventLoop())
        {
            throw new IllegalStateException("close() must not be called from the proxy's event loop");
        }
        if (closed.compareAndSet(false, true))
        {
            eventLoop.submit(forwarder::close).awaitUninterruptibly();
            listenChannel.closeFuture().awaitUninterruptibly();
            upstreamChannel.closeFuture().awaitUninterruptibly();
            group.shutdownGracefully(0, SHUTDOWN_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
        group.terminationFuture().awaitUninterruptibly();
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "ImpairmentProxy{" + listenChannel.localAddress() + " <-> " + upstreamChannel.localAddress() + '}';
    }

    private Channel bind(
        final ImpairmentProxyContext context,
        final InetSocketAddress address,
        final ChannelHandler handler,
        final String role)
    {
        final Bootstrap bootstrap = new Bootstrap()
            .group(eventLoop)
            .channel(channelClass())
            .option(ChannelOption.ALLOCATOR, context.allocator())
            // Reading starts only once the forwarder knows both channels.
            .option(ChannelOption.AUTO_READ, false)
            .handler(handler);
        if (context.socketReceiveBufferBytes() > 0)
        {
            bootstrap.option(ChannelOption.SO_RCVBUF, context.socketReceiveBufferBytes());
        }
        final ChannelFuture future = bootstrap.bind(address).awaitUninterruptibly();
        if (!future.isSuccess())
        {
            throw new IllegalStateException(
                "cannot bind the proxy's " + role + " socket to " + address, future.cause());
        }
        final Channel channel = future.channel();
        // One fixed-size read buffer per datagram so that no datagram up to the limit is cut; a new allocator reads
        // one datagram per wake-up unless told otherwise.
        channel.config().setRecvByteBufAllocator(
            new FixedRecvByteBufAllocator(context.maxDatagramBytes()).maxMessagesPerRead(READ_BATCH_DATAGRAMS));
        return channel;
    }

    private Class<? extends DatagramChannel> channelClass()
    {
        return nativeTransport ? EpollDatagramChannel.class : NioDatagramChannel.class;
    }
}
