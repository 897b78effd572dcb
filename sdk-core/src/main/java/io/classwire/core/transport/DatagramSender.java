package io.classwire.core.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DatagramPacket;
import org.agrona.ErrorHandler;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Event-loop side of the send path: drains the outbound ring into Netty writes and flushes once per drain, so that
 * a burst of sends costs one wake-up of the event loop and, on epoll, one sendmmsg per flush.
 *
 * <p>{@link #schedule()} is called by the agent thread after each send; it submits a drain to the event loop only
 * when none is pending, so the agent pays for a cross-thread hand-off once per burst, not once per datagram. The
 * pending flag is set with getAndSet by the producer after its ring commit and cleared with getAndSet by the drain
 * before it reads the ring, so a record committed while a drain is finishing is either seen by that drain or
 * schedules the next one. Drains stop while Netty's write buffer is above its high-water mark and resume from
 * {@link DatagramReceiver#channelWritabilityChanged}, so a stalled socket fills the ring and turns into
 * {@link DatagramTransport#BACK_PRESSURED} for the agent instead of unbounded buffering.
 */
final class DatagramSender implements Runnable, MessageHandler
{
    private final OneToOneRingBuffer outbound;
    private final ByteBuffer outboundView;
    private final PeerRegistry peers;
    private final EndpointCounters counters;
    private final ByteBufAllocator allocator;
    private final ErrorHandler errorHandler;
    private final int drainLimit;
    private final AtomicBoolean drainPending = new AtomicBoolean();
    private Channel channel;
    private ChannelPromise voidPromise;

    DatagramSender(
        final OneToOneRingBuffer outbound,
        final PeerRegistry peers,
        final EndpointCounters counters,
        final EndpointContext context)
    {
        this.outbound = outbound;
        this.outboundView = outbound.buffer().byteBuffer().duplicate();
        this.peers = peers;
        this.counters = counters;
        this.allocator = context.allocator();
        this.errorHandler = context.errorHandler();
        this.drainLimit = context.outboundDrainLimit();
    }

    /** Drain flag, for test failure messages. */
    String debugState()
    {
        return "drainPending=" + drainPending.get();
    }

    /** Attach the bound channel; called once by the opening thread before any send. */
    void attach(final Channel channel)
    {
        this.channel = channel;
        this.voidPromise = channel.voidPromise();
    }

    /** Make sure a drain will run on the event loop; called by the agent thread after committing a record. */
    void schedule()
    {
        if (!drainPending.getAndSet(true))
        {
            try
            {
                channel.eventLoop().execute(this);
            }
            catch (final RejectedExecutionException ignore)
            {
                // The event loop is shutting down with the endpoint; the record dies with the ring.
            }
        }
    }

    /**
     * Drain up to the limit, flush once, and reschedule while records remain; event loop only. Also called directly
     * when the channel becomes writable again.
     */
    @Override
    public void run()
    {
        if (!channel.isActive() || !channel.isWritable())
        {
            // Leave the flag set so sends stop scheduling drains; the writability event (or close) takes over.
            return;
        }
        drainPending.getAndSet(false);
        int drained = 0;
        try
        {
            drained = NettyUdpEndpoint.readAcrossWrap(outbound, this, drainLimit);
        }
        catch (final Throwable ex)
        {
            // The ring has already moved past the failed record; count it and keep the event loop alive.
            counters.increment(EndpointCounters.SOCKET_ERRORS);
            report(ex);
        }
        channel.flush();
        if (drained == drainLimit)
        {
            // Yield to other I/O on this event loop, then carry on.
            schedule();
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
            // A failing error handler must not take the event loop down with it; the counter already moved.
        }
    }

    /** Copy one ring record into a pooled direct buffer and write it; event loop only. */
    @Override
    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final InetSocketAddress recipient = peers.address(msgTypeId - 1);
        final ByteBuf datagram = allocator.directBuffer(length);
        outboundView.clear();
        outboundView.limit(index + length).position(index);
        datagram.writeBytes(outboundView);
        channel.write(new DatagramPacket(datagram, recipient), voidPromise);
        counters.increment(EndpointCounters.SENT);
    }
}
