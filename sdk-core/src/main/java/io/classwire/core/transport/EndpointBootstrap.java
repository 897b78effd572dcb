package io.classwire.core.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioChannelOption;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.DatagramChannel;
import java.nio.channels.Selector;

/**
 * Socket set-up for {@link NettyUdpEndpoint}: the Netty bootstrap with the endpoint's options, its own event loop
 * group, and the JDK channel a NIO endpoint creates itself so that its agent can use it directly. Called once, on
 * the thread that opens the endpoint.
 */
final class EndpointBootstrap
{
    private EndpointBootstrap()
    {
    }

    /** @return the connected peer's address, resolved now; throws IllegalStateException when it does not. */
    static InetSocketAddress resolveRemote(final EndpointContext context)
    {
        final InetSocketAddress remote = new InetSocketAddress(context.remoteHost(), context.remotePort());
        if (remote.isUnresolved())
        {
            throw new IllegalStateException("cannot resolve connectTo host: " + context.remoteHost());
        }
        return remote;
    }

    /** @return a new JDK datagram channel for a NIO endpoint, which Netty wraps and the agent uses directly. */
    static DatagramChannel openJdkChannel()
    {
        try
        {
            return DatagramChannel.open();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot open a datagram channel", ex);
        }
    }

    /** Close a JDK channel whose endpoint failed to open; null is ignored. */
    static void closeQuietly(final DatagramChannel jdkChannel)
    {
        if (null != jdkChannel)
        {
            try
            {
                jdkChannel.close();
            }
            catch (final IOException ignore)
            {
                // Opening failed already; that failure is the one worth reporting.
            }
        }
    }

    /** Close a selector whose endpoint failed to open; null is ignored. */
    static void closeQuietly(final Selector selector)
    {
        if (null != selector)
        {
            try
            {
                selector.close();
            }
            catch (final IOException ignore)
            {
                // Opening failed already; that failure is the one worth reporting.
            }
        }
    }

    /** @return a one-thread event loop group of daemon threads for an endpoint that owns its group. */
    static IoEventLoopGroup newEventLoopGroup(final boolean nativeTransport)
    {
        return new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("classwire-udp", true),
            nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    /** @return a bootstrap with every socket option the context asks for, ready to bind or connect. */
    static Bootstrap bootstrap(
        final EndpointContext context,
        final IoEventLoopGroup group,
        final DatagramReceiver receiver,
        final DatagramChannel jdkChannel)
    {
        // One byte past the limit lets an oversize datagram show as such instead of arriving silently truncated.
        final int slotBytes = context.maxDatagramBytes() + 1;
        final int batch = context.receiveBatch();
        final int highWaterMarkBytes = Math.max(64 * 1024, 2 * context.outboundDrainLimit() * slotBytes);
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .option(ChannelOption.ALLOCATOR, context.allocator())
            .option(ChannelOption.WRITE_BUFFER_WATER_MARK,
                new WriteBufferWaterMark(highWaterMarkBytes / 2, highWaterMarkBytes))
            .handler(receiver);
        if (context.isConnected())
        {
            // The agent reads a connected socket itself; the event loop must not take its datagrams.
            bootstrap.option(ChannelOption.AUTO_READ, false);
        }
        if (context.useNativeTransport())
        {
            // One receive buffer holds a batch of slots, which Netty fills with a single recvmmsg call.
            bootstrap.channel(EpollDatagramChannel.class)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slotBytes)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(slotBytes * batch).maxMessagesPerRead(batch * 4));
        }
        else
        {
            // The endpoint keeps the JDK channel so that the agent can send (and, connected, read) on it directly.
            final ChannelFactory<NioDatagramChannel> factory = () -> new NioDatagramChannel(jdkChannel);
            bootstrap.channelFactory(factory)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(slotBytes).maxMessagesPerRead(batch));
        }
        if (context.socketReceiveBufferBytes() > 0)
        {
            bootstrap.option(ChannelOption.SO_RCVBUF, context.socketReceiveBufferBytes());
        }
        if (context.socketSendBufferBytes() > 0)
        {
            bootstrap.option(ChannelOption.SO_SNDBUF, context.socketSendBufferBytes());
        }
        if (context.reusePort())
        {
            if (context.useNativeTransport())
            {
                bootstrap.option(EpollChannelOption.SO_REUSEPORT, true);
            }
            else
            {
                bootstrap.option(NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT), true);
            }
        }
        return bootstrap;
    }
}
