package io.classwire.core.lab;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import org.agrona.concurrent.NanoClock;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The data path of an {@link ImpairmentProxy}; confined to the proxy's single event loop thread, which owns both
 * sockets, both {@link Impairment}s and the {@link DelayLine}.
 *
 * <p>A datagram read from a socket is counted, dropped as overload if the delay line is full, otherwise offered to its
 * direction's impairment; survivors are copied into a right-sized buffer (the read buffer is sized for the largest
 * datagram) and held until due. Due datagrams leave from the opposite socket when a read batch completes, when the
 * datagram just decided is already due, or on the periodic tick. Nothing here blocks: a socket whose outbound buffer
 * is full makes the datagram unsendable, counted, not queued.
 */
final class ProxyForwarder
{
    private final ProxyCounters counters;
    private final NanoClock clock;
    private final ByteBufAllocator allocator;
    private final InetSocketAddress upstreamAddress;
    private final long tickIntervalNs;
    private final Impairment uplink;
    private final Impairment downlink;
    private final PacketFate fate = new PacketFate();
    private final DelayLine delayLine;
    private final Runnable tick = this::onTick;

    private Channel listenChannel;
    private Channel upstreamChannel;
    private ScheduledFuture<?> tickFuture;
    private InetSocketAddress clientAddress;
    private long startNs;
    private long lastNowNs;
    private boolean listenDirty;
    private boolean upstreamDirty;
    private boolean closed;

    ProxyForwarder(final ImpairmentProxyContext context, final ProxyCounters counters)
    {
        this.counters = counters;
        clock = context.clock();
        allocator = context.allocator();
        upstreamAddress = context.upstreamAddress();
        tickIntervalNs = context.tickIntervalNs();
        uplink = new Impairment(context.uplink(), RandomStreams.deriveSeed(context.seed(), "proxy:uplink"));
        downlink = new Impairment(context.downlink(), RandomStreams.deriveSeed(context.seed(), "proxy:downlink"));
        delayLine = new DelayLine(context.maxInFlightPackets());
    }

    /**
     * A handler for the socket that receives one direction's datagrams; one instance per channel.
     *
     * @param direction the direction of the datagrams that channel receives.
     * @return a new handler.
     */
    ChannelInboundHandlerAdapter newReader(final ProxyDirection direction)
    {
        return new DatagramReader(direction);
    }

    /** On the event loop, once both channels are bound: start the clock, the tick and reading. */
    void start(final Channel listenChannel, final Channel upstreamChannel, final EventLoop eventLoop)
    {
        this.listenChannel = listenChannel;
        this.upstreamChannel = upstreamChannel;
        startNs = clock.nanoTime();
        tickFuture = eventLoop.scheduleAtFixedRate(tick, tickIntervalNs, tickIntervalNs, TimeUnit.NANOSECONDS);
        listenChannel.config().setAutoRead(true);
        upstreamChannel.config().setAutoRead(true);
    }

    /** On the event loop: stop the tick, close both sockets and release every datagram still held. */
    void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        if (tickFuture != null)
        {
            tickFuture.cancel(false);
        }
        delayLine.releaseAll();
        counters.inFlightPackets(0);
        if (listenChannel != null)
        {
            listenChannel.close();
            upstreamChannel.close();
        }
    }

    Impairment impairment(final ProxyDirection direction)
    {
        return direction == ProxyDirection.UPLINK ? uplink : downlink;
    }

    private void onDatagram(final ProxyDirection direction, final DatagramPacket packet)
    {
        final ByteBuf content = packet.content();
        final int lengthBytes = content.readableBytes();
        counters.onReceived(direction, lengthBytes);
        if (direction == ProxyDirection.UPLINK)
        {
            clientAddress = packet.sender();
        }
        if (closed)
        {
            return;
        }
        if (delayLine.isFull())
        {
            counters.onOverload(direction);
            return;
        }

        final long nowNs = nowNs();
        impairment(direction).decide(nowNs, lengthBytes, fate);
        if (fate.isDropped())
        {
            counters.onDropped(direction, fate.dropCause());
            return;
        }
        if (fate.hasDuplicate())
        {
            counters.onDuplicated(direction);
        }
        final ByteBuf copy = allocator.directBuffer(lengthBytes, lengthBytes);
        copy.writeBytes(content, content.readerIndex(), lengthBytes);
        delayLine.add(copy, direction, fate.deliveryNs(), fate.duplicateDeliveryNs());
        if (fate.deliveryNs() <= nowNs)
        {
            drain(nowNs);
        }
        else
        {
            counters.inFlightPackets(delayLine.inFlight());
        }
    }

    private void onTick()
    {
        if (!closed)
        {
            drain(nowNs());
            flush();
        }
    }

    private void onReadComplete()
    {
        if (!closed)
        {
            drain(nowNs());
            flush();
        }
    }

    private void drain(final long nowNs)
    {
        int slot;
        while ((slot = delayLine.pollDue(nowNs)) != DelayLine.NONE)
        {
            final ProxyDirection direction = delayLine.direction(slot);
            send(direction, delayLine.takeCopy(slot));
        }
        counters.inFlightPackets(delayLine.inFlight());
    }

    private void send(final ProxyDirection direction, final ByteBuf payload)
    {
        final boolean toUpstream = direction == ProxyDirection.UPLINK;
        final Channel channel = toUpstream ? upstreamChannel : listenChannel;
        final InetSocketAddress recipient = toUpstream ? upstreamAddress : clientAddress;
        final int lengthBytes = payload.readableBytes();
        // Netty silently skips empty datagrams on write, so count them here rather than as forwarded.
        if (recipient == null || lengthBytes == 0 || !channel.isWritable())
        {
            payload.release();
            counters.onUnsendable(direction);
            return;
        }
        channel.write(new DatagramPacket(payload, recipient), channel.voidPromise());
        counters.onForwarded(direction, lengthBytes);
        if (toUpstream)
        {
            upstreamDirty = true;
        }
        else
        {
            listenDirty = true;
        }
    }

    private void flush()
    {
        if (upstreamDirty)
        {
            upstreamDirty = false;
            upstreamChannel.flush();
        }
        if (listenDirty)
        {
            listenDirty = false;
            listenChannel.flush();
        }
    }

    private long nowNs()
    {
        // Clamped so that a clock stepping backwards cannot make the impairment model reject a packet.
        lastNowNs = Math.max(lastNowNs, clock.nanoTime() - startNs);
        return lastNowNs;
    }

    /** Netty handler for one socket: feeds its datagrams to the forwarder, counts errors instead of closing. */
    private final class DatagramReader extends ChannelInboundHandlerAdapter
    {
        private final ProxyDirection direction;

        DatagramReader(final ProxyDirection direction)
        {
            this.direction = direction;
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            try
            {
                if (msg instanceof DatagramPacket)
                {
                    onDatagram(direction, (DatagramPacket)msg);
                }
            }
            finally
            {
                ReferenceCountUtil.release(msg);
            }
        }

        @Override
        public void channelReadComplete(final ChannelHandlerContext ctx)
        {
            onReadComplete();
        }

        @Override
        public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
        {
            // UDP sockets report transient errors (e.g. ICMP port unreachable); the proxy keeps forwarding.
            counters.onSocketError();
        }
    }
}
