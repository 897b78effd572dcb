package io.classwire.benchmarks.transport;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import io.classwire.core.transport.TimedAgent;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DatagramPacket;
import org.HdrHistogram.Histogram;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Scenario benchmark over loopback: datagrams per second through a {@link NettyUdpEndpoint} pair versus plain Netty
 * channels set up the same way, and request/response round-trip time percentiles (HdrHistogram) for both. Each
 * endpoint figure is taken for three pairings ({@link Pairing}): the original queued design, a connected client
 * talking to an unconnected server (the SDK's client/relay shape), and two connected peers.
 *
 * <p>Run: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar
 * io.classwire.benchmarks.transport.EndpointRttScenario [datagrams] [rttSamples] [bytes]}. Loopback UDP drops
 * datagrams when a receiver falls behind, so the throughput rows report loss next to the rate. Every wait is
 * bounded, so a lost datagram ends a run early rather than hanging it.
 */
public final class EndpointRttScenario
{
    private static final String LOOPBACK = "127.0.0.1";
    private static final long SETTLE_NS = TimeUnit.MILLISECONDS.toNanos(300);

    private EndpointRttScenario()
    {
    }

    /**
     * @param args optional: datagrams for throughput (default 500,000), RTT samples (default 20,000), datagram
     *             size in bytes (default 200).
     * @throws Exception if a wait is interrupted.
     */
    public static void main(final String[] args) throws Exception
    {
        final int datagrams = args.length > 0 ? Integer.parseInt(args[0]) : 500_000;
        final int rttSamples = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        final int bytes = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        System.out.printf(
            "loopback UDP, %d-byte datagrams, %d cores%n", bytes, Runtime.getRuntime().availableProcessors());

        for (final Pairing pairing : Pairing.values())
        {
            endpointThroughput(datagrams, bytes, pairing);
        }
        rawThroughput(datagrams, bytes);
        for (final Pairing pairing : Pairing.values())
        {
            endpointRtt(rttSamples, bytes, new BackoffIdleStrategy(), pairing, "Backoff");
            endpointRtt(rttSamples, bytes, new YieldingIdleStrategy(), pairing, "Yielding");
        }
        rawRtt(rttSamples, bytes);
    }

    /** How the two endpoints of a run are configured; the first is the sender or pinger, the second the receiver. */
    enum Pairing
    {
        /** Both unconnected with {@code directSend(false)}: outbound ring and event-loop writes, the first design. */
        QUEUED,
        /** First connected to the second, which is unconnected and sends directly: a client and its relay. */
        CLIENT_SERVER,
        /** Each connected to the other: both read and write on their agent threads. */
        PEERS
    }

    private static EndpointContext context()
    {
        return new EndpointContext()
            .bindAddress(LOOPBACK)
            .socketReceiveBufferBytes(RawNettyUdp.SOCKET_RECEIVE_BUFFER_BYTES);
    }

    /** @return the two endpoints of a pairing, the second one's idle strategy set; the caller closes both. */
    private static NettyUdpEndpoint[] open(final Pairing pairing, final IdleStrategy secondIdle)
    {
        switch (pairing)
        {
            case QUEUED:
            {
                final NettyUdpEndpoint second =
                    NettyUdpEndpoint.open(context().directSend(false).idleStrategy(secondIdle));
                return new NettyUdpEndpoint[]{ NettyUdpEndpoint.open(context().directSend(false)), second };
            }
            case CLIENT_SERVER:
            {
                final NettyUdpEndpoint second = NettyUdpEndpoint.open(context().idleStrategy(secondIdle));
                return new NettyUdpEndpoint[]{
                    NettyUdpEndpoint.open(context().connectTo(LOOPBACK, second.localPort())), second };
            }
            default:
            {
                final int firstPort = EndpointRoundTripBenchmark.freePort();
                final int secondPort = EndpointRoundTripBenchmark.freePort();
                final NettyUdpEndpoint second = NettyUdpEndpoint.open(
                    context().bindPort(secondPort).connectTo(LOOPBACK, firstPort).idleStrategy(secondIdle));
                return new NettyUdpEndpoint[]{
                    NettyUdpEndpoint.open(context().bindPort(firstPort).connectTo(LOOPBACK, secondPort)), second };
            }
        }
    }

    private static void endpointThroughput(final int datagrams, final int bytes, final Pairing pairing)
    {
        final NettyUdpEndpoint[] pair = open(pairing, new BackoffIdleStrategy());
        try (NettyUdpEndpoint tx = pair[0];
            NettyUdpEndpoint rx = pair[1])
        {
            final CountingAgent counter = new CountingAgent(rx);
            try (RealTimeAgentRunner runner = RealTimeAgentRunner.start(counter, rx.context()))
            {
                final int peerId = tx.peerId(LOOPBACK, rx.localPort());
                final UnsafeBuffer payload = new UnsafeBuffer(new byte[bytes]);
                payload.putByte(0, (byte)0x80);
                payload.putByte(1, (byte)96);
                long backPressured = 0;
                final long startNs = System.nanoTime();
                for (int sent = 0; sent < datagrams;)
                {
                    if (tx.send(peerId, payload, 0, bytes) == DatagramTransport.OK)
                    {
                        sent++;
                    }
                    else
                    {
                        backPressured++;
                        Thread.yield();
                    }
                }
                final long sendEndNs = System.nanoTime();
                awaitSettled(() -> counter.count, datagrams);
                final String transport = tx.isNativeTransport() ? "epoll" : "nio";
                printThroughput("endpoint " + pairing + " (" + transport + ")", datagrams,
                    startNs, sendEndNs, counter.count, counter.lastArrivalNs);
                System.out.printf("    send() BACK_PRESSURED %d times; agent errors %d%n    tx %s%n    rx %s%n",
                    backPressured, runner.errorCount(), tx.counters(), rx.counters());
            }
        }
    }

    private static void rawThroughput(final int datagrams, final int bytes)
    {
        try (RawNettyUdp raw = new RawNettyUdp())
        {
            final RawNettyUdp.Counter counter = new RawNettyUdp.Counter();
            final Channel rx = raw.bind(counter);
            final Channel tx = raw.bind(new ChannelInboundHandlerAdapter());
            final byte[] payload = new byte[bytes];
            payload[0] = (byte)0x80;
            final RawNettyUdp.Blaster blaster = new RawNettyUdp.Blaster(tx, (InetSocketAddress)rx.localAddress(),
                payload, datagrams, RawNettyUdp.WRITE_BATCH);
            final long startNs = System.nanoTime();
            tx.eventLoop().execute(blaster);
            // Wait for the last write first: on a loaded machine the receiver can see nothing for longer than the
            // settle time while the sender is still writing.
            final long giveUpNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (blaster.finishedNs == 0 && System.nanoTime() - giveUpNs < 0)
            {
                Thread.yield();
            }
            awaitSettled(() -> counter.count, datagrams);
            printThroughput("raw Netty (" + (raw.nativeTransport ? "epoll" : "nio") + ")", datagrams, startNs,
                blaster.finishedNs, counter.count, counter.lastArrivalNs);
            tx.close().syncUninterruptibly();
            rx.close().syncUninterruptibly();
        }
    }

    private interface LongGetter
    {
        long get();
    }

    /** Wait until every datagram arrived or the count has not moved for a while (the rest were lost). */
    private static void awaitSettled(final LongGetter count, final long expected)
    {
        long last = -1;
        long lastChangeNs = System.nanoTime();
        while (count.get() < expected)
        {
            final long now = System.nanoTime();
            final long current = count.get();
            if (current != last)
            {
                last = current;
                lastChangeNs = now;
            }
            else if (now - lastChangeNs > SETTLE_NS)
            {
                return;
            }
            Thread.yield();
        }
    }

    private static void printThroughput(
        final String name, final long offered, final long startNs, final long sendEndNs, final long received,
        final long lastArrivalNs)
    {
        final double sendSeconds = (sendEndNs - startNs) / 1e9;
        final double receiveSeconds = (lastArrivalNs - startNs) / 1e9;
        System.out.printf("%-48s offered %,10.0f dgram/s  delivered %,10.0f dgram/s  loss %.2f%%%n",
            "throughput " + name, offered / sendSeconds, received / receiveSeconds,
            100.0 * (offered - received) / offered);
    }

    private static void endpointRtt(
        final int samples, final int bytes, final IdleStrategy serverIdle, final Pairing pairing, final String idle)
    {
        final String name = "endpoint " + pairing + ", " + idle;
        final NettyUdpEndpoint[] pair = open(pairing, serverIdle);
        try (NettyUdpEndpoint client = pair[0];
            NettyUdpEndpoint server = pair[1])
        {
            final EchoAgent echo = new EchoAgent(server);
            try (RealTimeAgentRunner runner = RealTimeAgentRunner.start(echo, server.context()))
            {
                final int serverId = client.peerId(LOOPBACK, server.localPort());
                final UnsafeBuffer ping = new UnsafeBuffer(new byte[bytes]);
                ping.putByte(0, (byte)0x80);
                final long[] echoedNs = { 0 };
                final DatagramHandler onEcho = (peerId, buffer, offset, length, receivedNs) ->
                    echoedNs[0] = buffer.getLong(offset + 8);
                final IdleStrategy clientIdle = serverIdle instanceof BackoffIdleStrategy ?
                    new BackoffIdleStrategy() : new YieldingIdleStrategy();
                final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
                final int warmup = samples / 5;
                for (int i = 0; i < warmup + samples; i++)
                {
                    final long sentNs = System.nanoTime();
                    ping.putLong(8, sentNs);
                    client.send(serverId, ping, 0, bytes);
                    final long deadlineNs = sentNs + TimeUnit.SECONDS.toNanos(1);
                    clientIdle.reset();
                    while (echoedNs[0] != sentNs && System.nanoTime() - deadlineNs < 0)
                    {
                        clientIdle.idle(client.poll(onEcho, 16));
                    }
                    if (echoedNs[0] == sentNs && i >= warmup)
                    {
                        histogram.recordValue(System.nanoTime() - sentNs);
                    }
                }
                printRtt("RTT " + name, histogram, samples);
                if (runner.errorCount() > 0)
                {
                    System.out.printf("    echo agent errors %d%n", runner.errorCount());
                }
            }
        }
    }

    private static void rawRtt(final int samples, final int bytes) throws InterruptedException
    {
        try (RawNettyUdp raw = new RawNettyUdp())
        {
            final Channel server = raw.bind(new RawNettyUdp.Echo());
            final Pinger pinger = new Pinger(samples / 5, samples, bytes, (InetSocketAddress)server.localAddress());
            final Channel client = raw.bind(pinger);
            client.eventLoop().execute(() -> pinger.ping(client));
            if (!pinger.done.await(60, TimeUnit.SECONDS))
            {
                System.out.println("raw RTT run stopped early: a datagram was lost");
            }
            printRtt("RTT raw Netty, handlers on event loops", pinger.histogram, samples);
            client.close().syncUninterruptibly();
            server.close().syncUninterruptibly();
        }
    }

    private static void printRtt(final String name, final Histogram histogram, final int samples)
    {
        System.out.printf("%-48s n=%d p50 %.1f us  p90 %.1f us  p99 %.1f us  p99.9 %.1f us  max %.1f us%n",
            name, histogram.getTotalCount(),
            histogram.getValueAtPercentile(50) / 1e3, histogram.getValueAtPercentile(90) / 1e3,
            histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
            histogram.getMaxValue() / 1e3);
        if (histogram.getTotalCount() < samples)
        {
            System.out.printf("    %d samples lost or timed out%n", samples - histogram.getTotalCount());
        }
    }

    /** Counts datagrams polled from an endpoint and remembers the last arrival time. */
    private static final class CountingAgent implements TimedAgent
    {
        private final NettyUdpEndpoint endpoint;
        private final DatagramHandler handler;
        volatile long count;
        volatile long lastArrivalNs;

        CountingAgent(final NettyUdpEndpoint endpoint)
        {
            this.endpoint = endpoint;
            this.handler = (peerId, buffer, offset, length, receivedNs) -> lastArrivalNs = receivedNs;
        }

        @Override
        public int doWork(final long nowNs)
        {
            final int polled = endpoint.poll(handler, 256);
            if (polled > 0)
            {
                count = count + polled;
            }
            return polled;
        }

        @Override
        public long nextDeadlineNs()
        {
            return NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "counter";
        }
    }

    /** Sends each datagram back to its sender. */
    private static final class EchoAgent implements TimedAgent
    {
        private final NettyUdpEndpoint endpoint;
        private final DatagramHandler handler;

        EchoAgent(final NettyUdpEndpoint endpoint)
        {
            this.endpoint = endpoint;
            this.handler = this::echo;
        }

        private void echo(final int peerId, final DirectBuffer buffer, final int offset, final int length,
            final long receivedNs)
        {
            endpoint.send(peerId, buffer, offset, length);
        }

        @Override
        public int doWork(final long nowNs)
        {
            return endpoint.poll(handler, 16);
        }

        @Override
        public long nextDeadlineNs()
        {
            return NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "echo";
        }
    }

    /** Raw Netty client: one ping in flight, the next sent from the event loop as soon as the echo arrives. */
    private static final class Pinger extends ChannelInboundHandlerAdapter
    {
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final CountDownLatch done = new CountDownLatch(1);
        private final int warmup;
        private final int samples;
        private final int bytes;
        private final InetSocketAddress server;
        private int received;

        Pinger(final int warmup, final int samples, final int bytes, final InetSocketAddress server)
        {
            this.warmup = warmup;
            this.samples = samples;
            this.bytes = bytes;
            this.server = server;
        }

        void ping(final Channel channel)
        {
            final ByteBuf buf = channel.alloc().directBuffer(bytes);
            buf.writeByte(0x80).writeZero(7).writeLong(System.nanoTime()).writeZero(bytes - 16);
            channel.writeAndFlush(new DatagramPacket(buf, server), channel.voidPromise());
        }

        @Override
        public void channelRead(final ChannelHandlerContext ctx, final Object msg)
        {
            final DatagramPacket packet = (DatagramPacket)msg;
            final long rttNs = System.nanoTime() - packet.content().getLong(8);
            packet.release();
            if (received++ >= warmup)
            {
                histogram.recordValue(rttNs);
            }
            if (received < warmup + samples)
            {
                ping(ctx.channel());
            }
            else
            {
                done.countDown();
            }
        }
    }
}
