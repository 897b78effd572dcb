package io.classwire.benchmarks.transport;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One datagram from endpoint A to endpoint B over loopback, sent and polled by the benchmark thread: the whole
 * socket path in each of the endpoint's modes. Run with {@code -prof gc} to see the steady-state allocation per
 * datagram, which JMH counts over every thread of the JVM, Netty's event loops included.
 * <ul>
 *   <li>{@code QUEUED}: unconnected sockets, {@code directSend(false)}: outbound ring, Netty write on A's event
 *       loop, kernel, Netty read on B's event loop, inbound ring, poll (the endpoint's original design);</li>
 *   <li>{@code DIRECT}: unconnected sockets, the default: A sends on the benchmark thread, B's event loop reads into
 *       the inbound ring (a server's configuration);</li>
 *   <li>{@code CONNECTED}: each socket connected to the other: A sends and B reads on the benchmark thread (a
 *       client's configuration, {@code EndpointContext.connectTo});</li>
 *   <li>{@code SHARED_PORT}: as {@code CONNECTED}, but B shares its port (SO_REUSEPORT) with an unconnected
 *       listener that never hears from A: a relay that gives each known peer a connected endpoint;</li>
 *   <li>{@code UNCONNECTED_SENDER}: A unconnected (sends with a recipient address), B connected to A: isolates what
 *       an unconnected send allocates, since B's read allocates nothing.</li>
 *   <li>{@code SERVER_4_PEERS}: B unconnected (the server shape), four connected clients send to it in turn and B
 *       echoes each datagram to its sender, which polls for it: one operation is a round trip, two datagrams;</li>
 *   <li>{@code ACCEPTING_4_PEERS}: as {@code SERVER_4_PEERS} with B in accept mode
 *       ({@code EndpointContext.acceptPeers}): after first contact each client talks to a socket of its own on B's
 *       port.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class EndpointRoundTripBenchmark
{
    private static final String LOOPBACK = "127.0.0.1";

    /** Datagram size in bytes. */
    @Param({ "200" })
    public int bytes;

    /** Endpoint mode, see the class comment. */
    @Param({ "QUEUED", "DIRECT", "CONNECTED", "SHARED_PORT", "UNCONNECTED_SENDER", "SERVER_4_PEERS",
        "ACCEPTING_4_PEERS" })
    public String mode;

    /** Native epoll transport when available (true) or NIO (false). */
    @Param({ "true" })
    public boolean preferNative;

    private NettyUdpEndpoint a;
    private NettyUdpEndpoint b;
    private NettyUdpEndpoint listener;
    private NettyUdpEndpoint[] clients;
    private int turn;
    private int echoes;
    private int lostRequests;
    private final DatagramHandler echo = this::onRequest;
    private int peerB;
    private UnsafeBuffer datagram;
    private int received;
    private long lost;
    private final DatagramHandler handler = this::onDatagram;

    /** Open the two endpoints. */
    @Setup(Level.Trial)
    public void setup()
    {
        switch (mode)
        {
            case "QUEUED":
            case "DIRECT":
                b = NettyUdpEndpoint.open(context().directSend("DIRECT".equals(mode)));
                a = NettyUdpEndpoint.open(context().directSend("DIRECT".equals(mode)));
                break;
            case "CONNECTED":
                final int portA = freePort();
                final int portB = freePort();
                b = NettyUdpEndpoint.open(context().bindPort(portB).connectTo(LOOPBACK, portA));
                a = NettyUdpEndpoint.open(context().bindPort(portA).connectTo(LOOPBACK, portB));
                break;
            case "UNCONNECTED_SENDER":
                final int senderPort = freePort();
                final int receiverPort = freePort();
                b = NettyUdpEndpoint.open(context().bindPort(receiverPort).connectTo(LOOPBACK, senderPort));
                a = NettyUdpEndpoint.open(context().bindPort(senderPort));
                break;
            case "SHARED_PORT":
                listener = NettyUdpEndpoint.open(context().reusePort(true));
                final int clientPort = freePort();
                b = NettyUdpEndpoint.open(context().reusePort(true).bindPort(listener.localPort())
                    .connectTo(LOOPBACK, clientPort));
                a = NettyUdpEndpoint.open(context().bindPort(clientPort).connectTo(LOOPBACK, listener.localPort()));
                break;
            case "SERVER_4_PEERS":
            case "ACCEPTING_4_PEERS":
                b = NettyUdpEndpoint.open(context().acceptPeers("ACCEPTING_4_PEERS".equals(mode) ? 8 : 0));
                clients = new NettyUdpEndpoint[4];
                for (int i = 0; i < clients.length; i++)
                {
                    clients[i] = NettyUdpEndpoint.open(context().connectTo(LOOPBACK, b.localPort()));
                }
                a = clients[0];
                break;
            default:
                throw new IllegalArgumentException(mode);
        }
        peerB = a.peerId(LOOPBACK, b.localPort());
        datagram = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
        datagram.putByte(0, (byte)0x80);    // an RTP first byte: the endpoint drops what it does not speak
        datagram.putByte(1, (byte)111);
        if (null != clients)
        {
            // First contact (and, accepting, the peer sockets' opening) is set-up, not steady state.
            for (int i = 0; i < clients.length; i++)
            {
                primeRoundTrip();
            }
            lost = 0;
        }
    }

    /** One round trip with the next client, waiting as long as it takes: an endpoint's first datagram can be slow. */
    private void primeRoundTrip()
    {
        final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (roundTripInTurn() == 0)
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new IllegalStateException("no echo from the server: " + b.counters());
            }
            turn = (turn - 1) & 3;
        }
    }

    private EndpointContext context()
    {
        return new EndpointContext().bindAddress(LOOPBACK).preferNativeTransport(preferNative);
    }

    /** @return a UDP port the OS just handed out and released, for sockets that must know each other's port. */
    static int freePort()
    {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getByName(LOOPBACK)))
        {
            return socket.getLocalPort();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Close both endpoints and report datagrams that never arrived. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        a.close();
        b.close();
        if (null != listener)
        {
            listener.close();
        }
        if (null != clients)
        {
            for (final NettyUdpEndpoint client : clients)
            {
                client.close();
            }
        }
        if (lost > 0)
        {
            System.out.println("datagrams not received within the spin bound: " + lost);
        }
    }

    /** @return datagrams received (1, or 0 when loopback dropped it). */
    @Benchmark
    public int sendAndReceive()
    {
        if (null != clients)
        {
            return roundTripInTurn();
        }
        received = 0;
        a.send(peerB, datagram, 0, bytes);
        for (int spins = 0; spins < 10_000_000 && received == 0; spins++)
        {
            b.poll(handler, 1);
        }
        if (received == 0)
        {
            lost++;
        }
        return received;
    }

    private int roundTripInTurn()
    {
        final NettyUdpEndpoint client = clients[turn];
        turn = (turn + 1) & 3;
        received = 0;
        echoes = 0;
        if (lostRequests == 0)
        {
            client.send(0, datagram, 0, bytes);
        }
        for (int spins = 0; spins < 10_000_000 && echoes == 0; spins++)
        {
            b.poll(echo, 1);
        }
        if (echoes == 0)
        {
            // Not lost, only late: resend nothing until it arrives, so every echo still goes to its own client.
            lostRequests++;
            turn = (turn - 1) & 3;
            lost++;
            return 0;
        }
        lostRequests = 0;
        for (int spins = 0; spins < 10_000_000 && received == 0; spins++)
        {
            client.poll(handler, 1);
        }
        if (received == 0)
        {
            lost++;
        }
        return received;
    }

    private void onRequest(
        final int peerId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        echoes++;
        b.send(peerId, buffer, offset, length);
    }

    private void onDatagram(
        final int peerId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        received++;
    }
}
