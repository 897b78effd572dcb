package io.classwire.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.ReferenceCountUtil;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;

import java.nio.ByteOrder;

/**
 * Event-loop side of the receive path: takes each datagram Netty read, checks it (size, class, sender), copies it
 * into the inbound ring with its arrival time, and releases the Netty buffer. Runs only on the channel's event loop,
 * the ring's single producer. Every rejection is a counted drop; nothing is thrown back into Netty.
 *
 * <p>Record layout in the ring: message type id = peer id + 1 (Agrona reserves type ids below 1), body =
 * arrival time (8 bytes, native order) followed by the datagram bytes.
 */
final class DatagramReceiver extends ChannelInboundHandlerAdapter
{
    private final OneToOneRingBuffer inbound;
    private final AtomicBuffer inboundBuffer;
    private final PeerRegistry peers;
    private final EndpointCounters counters;
    private final NanoClock clock;
    private final ErrorHandler errorHandler;
    private final DatagramSender sender;
    private final int maxDatagramBytes;
    private final boolean allowUnknownPeers;
    private final UnsafeBuffer datagramView = new UnsafeBuffer(0, 0);

    DatagramReceiver(
        final OneToOneRingBuffer inbound,
        final PeerRegistry peers,
        final EndpointCounters counters,
        final EndpointContext context,
        final DatagramSender sender)
    {
        this.inbound = inbound;
        this.inboundBuffer = inbound.buffer();
        this.peers = peers;
        this.counters = counters;
        this.clock = context.clock();
        this.errorHandler = context.errorHandler();
        this.sender = sender;
        this.maxDatagramBytes = context.maxDatagramBytes();
        this.allowUnknownPeers = context.allowUnknownPeers();
    }

    /** Take one datagram from Netty; always releases it. */
    @Override
    public void channelRead(final ChannelHandlerContext ctx, final Object msg)
    {
        try
        {
            if (msg instanceof DatagramPacket)
            {
                final DatagramPacket packet = (DatagramPacket)msg;
                onDatagram(packet.content(), packet);
            }
        }
        catch (final Throwable ex)
        {
            counters.increment(EndpointCounters.SOCKET_ERRORS);
            report(ex);
        }
        finally
        {
            ReferenceCountUtil.release(msg);
            // Counted last, so a reader that sees the count also sees the datagram's fate (ring record or drop).
            counters.increment(EndpointCounters.RECEIVED);
        }
    }

    private void onDatagram(final ByteBuf content, final DatagramPacket packet)
    {
        final int length = content.readableBytes();
        if (length > maxDatagramBytes)
        {
            counters.increment(EndpointCounters.OVERSIZE_DROPS);
            return;
        }
        if (length == 0)
        {
            counters.increment(EndpointCounters.MALFORMED_DROPS);
            return;
        }
        wrap(content, length);
        if (PacketClassifier.classify(datagramView, 0, length) <= PacketClassifier.UNKNOWN)
        {
            counters.increment(EndpointCounters.MALFORMED_DROPS);
            return;
        }
        final int peerId = allowUnknownPeers ? peers.register(packet.sender()) : peers.find(packet.sender());
        if (peerId == PeerRegistry.NO_PEER)
        {
            counters.increment(EndpointCounters.UNKNOWN_PEER_DROPS);
            return;
        }
        final int index = inbound.tryClaim(peerId + 1, EndpointContext.INBOUND_RECORD_HEADER_BYTES + length);
        if (index == RingBuffer.INSUFFICIENT_CAPACITY)
        {
            counters.increment(EndpointCounters.INBOUND_QUEUE_FULL_DROPS);
            return;
        }
        inboundBuffer.putLong(index, clock.nanoTime(), ByteOrder.nativeOrder());
        inboundBuffer.putBytes(index + EndpointContext.INBOUND_RECORD_HEADER_BYTES, datagramView, 0, length);
        inbound.commit(index);
    }

    private void wrap(final ByteBuf content, final int length)
    {
        final int readerIndex = content.readerIndex();
        if (content.hasMemoryAddress())
        {
            datagramView.wrap(content.memoryAddress() + readerIndex, length);
        }
        else if (content.hasArray())
        {
            datagramView.wrap(content.array(), content.arrayOffset() + readerIndex, length);
        }
        else
        {
            // Only a composite or exotic buffer lands here; Netty's datagram channels read into one direct buffer.
            datagramView.wrap(content.nioBuffer(readerIndex, length), 0, length);
        }
    }

    /** Resume draining the outbound ring (queued sends only) once Netty's write buffer has room again. */
    @Override
    public void channelWritabilityChanged(final ChannelHandlerContext ctx)
    {
        if (null != sender && ctx.channel().isWritable())
        {
            sender.run();
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Count and report errors Netty raises on the socket (failed reads or writes); the channel stays open. */
    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause)
    {
        counters.increment(EndpointCounters.SOCKET_ERRORS);
        report(cause);
    }

    private void report(final Throwable cause)
    {
        try
        {
            errorHandler.onError(cause);
        }
        catch (final Throwable ignore)
        {
            // A failing error handler must not take the event loop down with it; the counter already moved.
        }
    }
}
