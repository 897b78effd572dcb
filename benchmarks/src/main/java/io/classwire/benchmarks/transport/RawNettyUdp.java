package io.classwire.benchmarks.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.ReferenceCountUtil;

import java.net.InetSocketAddress;

/**
 * Plain Netty UDP channels configured like {@code NettyUdpEndpoint}'s socket in {@link EndpointRttScenario} (same
 * transport, recvmmsg batch, allocator and SO_RCVBUF request) but with the application logic inside Netty handlers
 * on the event loop: the baseline that shows what the endpoint's hand-off to an agent thread costs. Benchmark code
 * only.
 */
final class RawNettyUdp implements AutoCloseable
{
    static final int MAX_DATAGRAM_BYTES = 1500;
    static final int RECEIVE_BATCH = 16;
    static final int SOCKET_RECEIVE_BUFFER_BYTES = 4 << 20;
    /** Datagrams written per flush, as the endpoint's queued-send drain does by default. */
    static final int WRITE_BATCH = 256;

    final boolean nativeTransport = Epoll.isAvailable();
    private final IoEventLoopGroup group = new MultiThreadIoEventLoopGroup(
        2, nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());

    /**
     * Bind a channel on loopback with an ephemeral port.
     *
     * @param handler for received datagrams; it must release them.
     * @return the bound channel.
     */
    Channel bind(final ChannelHandler handler)
    {
        final int slotBytes = MAX_DATAGRAM_BYTES + 1;
        final Bootstrap bootstrap = new Bootstrap()
            .group(group)
            .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
            .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BUFFER_BYTES)
            .handler(handler);
        if (nativeTransport)
        {
            bootstrap.channel(EpollDatagramChannel.class)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, slotBytes)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(slotBytes * RECEIVE_BATCH).maxMessagesPerRead(RECEIVE_BATCH * 4));
        }
        else
        {
            bootstrap.channel(NioDatagramChannel.class)
                .option(ChannelOption.RECVBUF_ALLOCATOR,
                    new FixedRecvByteBufAllocator(slotBytes).maxMessagesPerRead(RECEIVE_BATCH));
        }
        return bootstrap.bind("127.0.0.1", 0).syncUninterruptibly().channel();
    }

    /** Stop both event loops. */
    @Override
    public void close()
    {
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    /**
     * Write {@code remaining} datagrams from the event loop, {@code batch} per flush, as the endpoint's drain does.
     */
    static final class Blaster implements Runnable
    {
        private final Channel channel;
        private final InetSocketAddress recipient;
        private final byte[] payload;
        private final int batch;
        private int remaining;
        volatile long finishedNs;

        Blaster(final Channel channel, final InetSocketAddress recipient, final byte[] payload, final int count,
            final int batch)
        {
            this.channel = channel;
            this.recipient = recipient;
            this.payload = payload;
            this.remaining = count;
            this.batch = batch;
        }

        @Override
        public void run()
        {
            int written = 0;
            while (remaining > 0 && written < batch && channel.isWritable())
            {
                final ByteBuf buf = channel.alloc().directBuffer(payload.length).writeBytes(payload);
                channel.write(new DatagramPacket(buf, recipient), channel.voidPromise());
                remaining--;
                written++;
            }
            channel.flush();
            // A closed channel never becomes writable again: stop rather than re-queue forever, which would also
            // keep the event loop from ever shutting down.
            if (remaining > 0 && channel.isActive())
            {
                channel.eventLoop().execute(this);
            }
            else
            {
                finishedNs = System.nanoTime();
            }
        }
    }

    /** Counts and releases datagrams, remembering when the last one arrived. */
    static final class Counter extends ChannelInboundHandlerAdapter
    {
        volatile long count;
        volatile long lastArrivalNs;

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            ReferenceCountUtil.release(msg);
            lastArrivalNs = System.nanoTime();
            count = count + 1;
        }
    }

    /** Sends every datagram back to its sender. */
    static final class Echo extends ChannelInboundHandlerAdapter
    {
        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final DatagramPacket packet = (DatagramPacket)msg;
            ctx.write(new DatagramPacket(packet.content(), packet.sender()), ctx.voidPromise());
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            ctx.flush();
        }
    }
}
