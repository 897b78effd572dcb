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

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * One datagram from endpoint A to endpoint B over loopback, sent and polled by the benchmark thread: the whole
 * socket path (outbound ring, Netty write, kernel, Netty read, inbound ring, poll). Run with {@code -prof gc} to see
 * the steady-state allocation per datagram, which JMH counts over every thread of the JVM, Netty's event loops
 * included.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class EndpointRoundTripBenchmark
{
    /** Datagram size in bytes. */
    @Param({ "200" })
    public int bytes;

    private NettyUdpEndpoint a;
    private NettyUdpEndpoint b;
    private int peerB;
    private UnsafeBuffer datagram;
    private int received;
    private long lost;
    private final DatagramHandler handler = this::onDatagram;

    /** Open the two endpoints. */
    @Setup(Level.Trial)
    public void setup()
    {
        b = NettyUdpEndpoint.open(new EndpointContext().bindAddress("127.0.0.1"));
        a = NettyUdpEndpoint.open(new EndpointContext().bindAddress("127.0.0.1"));
        peerB = a.peerId("127.0.0.1", b.localPort());
        datagram = new UnsafeBuffer(ByteBuffer.allocateDirect(bytes));
        datagram.putByte(0, (byte)0x80);    // an RTP first byte: the endpoint drops what it does not speak
        datagram.putByte(1, (byte)111);
    }

    /** Close both endpoints and report datagrams that never arrived. */
    @TearDown(Level.Trial)
    public void tearDown()
    {
        a.close();
        b.close();
        if (lost > 0)
        {
            System.out.println("datagrams not received within the spin bound: " + lost);
        }
    }

    /** @return datagrams received (1, or 0 when loopback dropped it). */
    @Benchmark
    public int sendAndReceive()
    {
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

    private void onDatagram(
        final int peerId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        received++;
    }
}
