package io.classwire.core.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.Future;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;

import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@link DatagramTransport} over a real UDP socket: Netty 4.2 on the native epoll transport when available (NIO
 * otherwise), with the protocol agent on its own thread. Open with {@link #open(EndpointContext)}.
 *
 * <p>Threads. Netty's event loop reads and writes the socket; one agent thread calls {@link #send}, {@link #poll}
 * and {@link #peerId}. They meet only in two bounded single-producer single-consumer rings, each a block of
 * preallocated off-heap memory:
 * <pre>
 *   socket --recvmmsg--> event loop --copy--> inbound ring  --poll()--> agent's DatagramHandler
 *   socket <--sendmmsg-- event loop <--drain-- outbound ring <--send()-- agent
 * </pre>
 * A full ring is a counted drop: the event loop counts {@link EndpointCounters#inboundQueueFullDrops()} and moves
 * on; {@link #send} returns {@link #BACK_PRESSURED} and counts {@link EndpointCounters#outboundQueueFullDrops()}.
 * Neither side ever blocks or throws at the other.
 *
 * <p>Why Agrona's {@link OneToOneRingBuffer} rather than a JCTools {@code SpscArrayQueue} of pooled slots: the ring
 * stores variable-length records back to back in one off-heap block, so a 60-byte audio packet takes 80 bytes of it
 * rather than a full-MTU slot; a datagram is copied straight in with tryClaim/commit, with no free-slot queue
 * flowing the other way (a slot pool needs two queues, and two hand-offs per datagram); the record header carries
 * the peer id and the body carries the arrival time, so no side object is allocated; and the consumer reads a batch
 * with a limit in one call. Raw hand-off speed did not decide it: {@code HandoffQueueBenchmark} (benchmarks module)
 * puts both designs, and an {@code ArrayBlockingQueue} slot pool, at millions of hand-offs per second, well above
 * what one UDP socket delivers; on a quiet machine the JCTools slot pool was the faster of the two lock-free designs
 * per single-datagram hand-off, the lock-based queue several times slower than either.
 *
 * <p>Receive path: datagrams larger than {@link EndpointContext#maxDatagramBytes()} are read one byte past the limit
 * (so truncation is visible) and counted as oversize; empty datagrams, datagrams too short for their class and
 * datagrams {@link PacketClassifier} does not recognise count as malformed; senders not registered are registered
 * on first contact or dropped, as {@link EndpointContext#allowUnknownPeers()} says. Datagrams are stamped with the
 * context's clock as the event loop reads them, which is what congestion control wants from an arrival time.
 *
 * <p>Send path: {@link #send} copies into the outbound ring and, once per burst, wakes the event loop, which writes
 * up to {@link EndpointContext#outboundDrainLimit()} datagrams from pooled direct buffers and flushes once.
 */
public final class NettyUdpEndpoint implements DatagramTransport
{
    private final EndpointContext context;
    private final EndpointCounters counters = new EndpointCounters();
    private final PeerRegistry peers;
    private final OneToOneRingBuffer inbound;
    private final OneToOneRingBuffer outbound;
    private final DatagramSender sender;
    private final DatagramReceiver receiver;
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
        this.peers = new PeerRegistry(context.maxPeers());
        this.inbound = new OneToOneRingBuffer(newRingBuffer(context.inboundQueueCapacityBytes()));
        this.outbound = new OneToOneRingBuffer(newRingBuffer(context.outboundQueueCapacityBytes()));
        this.sender = new DatagramSender(outbound, peers, counters, context);
        this.receiver = new DatagramReceiver(inbound, peers, counters, context, sender);

        this.ownsGroup = null == context.eventLoopGroup();
        this.group = ownsGroup ? newEventLoopGroup(context.useNativeTransport()) : context.eventLoopGroup();
        try
        {
            this.channel = bootstrap(context).bind(context.bindAddress(), context.bindPort())
                .syncUninterruptibly().channel();
        }
        catch (final RuntimeException ex)
        {
            if (ownsGroup)
            {
                group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            }
            throw ex;
        }
        this.localAddress = (InetSocketAddress)channel.localAddress();
        sender.attach(channel);
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

    private static IoEventLoopGroup newEventLoopGroup(final boolean nativeTransport)
    {
        return new MultiThreadIoEventLoopGroup(
            1,
            new DefaultThreadFactory("classwire-udp", true),
            nativeTransport ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
    }

    private Bootstrap bootstrap(final EndpointContext context)
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
            bootstrap.channel(NioDatagramChannel.class)
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
        return bootstrap;
    }

    /**
     * Register (or look up) a peer; may resolve a host name, so call it at set-up, not per packet.
     *
     * @param host numeric host address or host name.
     * @param port UDP port.
     * @return a non-negative peer id, or {@link #NOT_CONNECTED} when the endpoint is closed, the host does not
     *         resolve, or {@link EndpointContext#maxPeers()} peers are already registered.
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
     * Copy one datagram into the outbound ring for the event loop to send.
     *
     * @param peerId id from {@link #peerId(String, int)} or from a received datagram.
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length in bytes, 1 to {@link EndpointContext#maxDatagramBytes()}.
     * @return {@link #OK}; {@link #BACK_PRESSURED} (counted) when the ring is full; {@link #NOT_CONNECTED} for an
     *         unknown peer id or a closed endpoint; {@link #TOO_LARGE} (counted) when the length is outside
     *         1..maxDatagramBytes (Netty silently skips empty datagrams, so they are refused here instead).
     */
    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < 1 || length > maxDatagramBytes)
        {
            counters.increment(EndpointCounters.OUTBOUND_TOO_LARGE);
            return TOO_LARGE;
        }
        if (closed.get() || null == peers.address(peerId))
        {
            return NOT_CONNECTED;
        }
        if (!outbound.write(peerId + 1, buffer, offset, length))
        {
            counters.increment(EndpointCounters.OUTBOUND_QUEUE_FULL_DROPS);
            return BACK_PRESSURED;
        }
        sender.schedule();
        return OK;
    }

    /**
     * Deliver up to {@code limit} received datagrams, oldest first. If the handler throws, the datagrams up to and
     * including that one are consumed and the exception propagates to the caller (the agent runner's error handler).
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
            return readAcrossWrap(inbound, inboundReader, limit);
        }
        finally
        {
            pollHandler = null;
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
        return "inbound=" + inbound.size() + " outbound=" + outbound.size() + " " + sender.debugState() +
            " writable=" + channel.isWritable() + " active=" + channel.isActive();
    }

    /** @return true once {@link #close()} has been called. */
    public boolean isClosed()
    {
        return closed.get();
    }

    /**
     * Close the socket and, unless the event loop group was shared, stop its thread; idempotent and safe from any
     * thread. Datagrams still in either ring are discarded; Netty buffers held for unsent writes are released. From
     * the event loop itself the close is started but not awaited.
     */
    @Override
    public void close()
    {
        if (!closed.compareAndSet(false, true))
        {
            return;
        }
        final boolean onEventLoop = channel.eventLoop().inEventLoop();
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
