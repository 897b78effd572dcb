package io.classwire.core.transport;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.classwire.core.transport.EndpointTestSupport.LOOPBACK;
import static io.classwire.core.transport.EndpointTestSupport.TIMEOUT_NS;
import static io.classwire.core.transport.EndpointTestSupport.activeDirectAllocations;
import static io.classwire.core.transport.EndpointTestSupport.awaitTrue;
import static io.classwire.core.transport.EndpointTestSupport.checkDatagram;
import static io.classwire.core.transport.EndpointTestSupport.lengthFor;
import static io.classwire.core.transport.EndpointTestSupport.loopbackContext;
import static io.classwire.core.transport.EndpointTestSupport.uncachedAllocator;
import static io.classwire.core.transport.EndpointTestSupport.writeDatagram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Round trips over real loopback sockets, on epoll and on NIO, with an echo agent on a real-time runner. */
class NettyUdpEndpointTest
{
    private static final int COUNT = 10_000;
    /** Datagrams in flight at once: small enough that the kernel's default socket buffers never overflow. */
    private static final int WINDOW = 32;

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldEchoTenThousandDatagramsIntactWhenAgentRunsOnRealTimeRunner(final boolean preferNative)
    {
        final PooledByteBufAllocator allocator = uncachedAllocator();
        try (NettyUdpEndpoint client = NettyUdpEndpoint.open(loopbackContext(preferNative).allocator(allocator));
            NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative).allocator(allocator)))
        {
            final EchoAgent echoAgent = new EchoAgent(server);
            try (RealTimeAgentRunner echo = RealTimeAgentRunner.start(echoAgent, server.context()))
            {
                exchange(client, server);
                assertEquals(0, echo.errorCount());
                assertEquals(0, echoAgent.failedSends);
            }
        }
        assertEquals(0, activeDirectAllocations(allocator), "Netty buffers still held after close");
    }

    private static void exchange(final NettyUdpEndpoint client, final NettyUdpEndpoint server)
    {
        assertEquals(server.context().preferNativeTransport() && Epoll.isAvailable(), client.isNativeTransport());
        final int serverId = client.peerId(LOOPBACK, server.localPort());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        final boolean[] seen = new boolean[COUNT];
        final int[] outcome = new int[2]; // [0] good echoes, [1] bad ones
        final DatagramHandler onEcho = (peerId, buffer, offset, length, receivedNs) ->
        {
            final int seq = checkDatagram(buffer, offset, length);
            if (peerId != serverId || seq < 0 || seq >= COUNT || seen[seq])
            {
                outcome[1]++;
            }
            else
            {
                seen[seq] = true;
                outcome[0]++;
            }
        };

        int nextSeq = 0;
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (outcome[0] + outcome[1] < COUNT)
        {
            if (nextSeq < COUNT && nextSeq - outcome[0] - outcome[1] < WINDOW)
            {
                final int length = writeDatagram(out, nextSeq, lengthFor(nextSeq));
                final int result = client.send(serverId, out, 0, length);
                if (result == DatagramTransport.OK)
                {
                    nextSeq++;
                }
                else
                {
                    assertEquals(DatagramTransport.BACK_PRESSURED, result);
                }
            }
            client.poll(onEcho, 64);
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + outcome[0] + " echoes; client " + client.counters() +
                    ", server " + server.counters() + " " + server.debugState() +
                    " client " + client.debugState() + dumpThreads());
            }
        }

        assertEquals(0, outcome[1], "bad echoes");
        for (int seq = 0; seq < COUNT; seq++)
        {
            assertTrue(seen[seq], "missing echo " + seq);
        }
        assertCleanCounters(client.counters());
        assertCleanCounters(server.counters());
        assertEquals(1, server.peerCount(), "the client was registered on first contact");
    }

    private static String dumpThreads()
    {
        final StringBuilder sb = new StringBuilder();
        for (final java.util.Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet())
        {
            sb.append('\n').append(e.getKey().getName()).append(' ').append(e.getKey().getState());
            for (final StackTraceElement el : e.getValue())
            {
                sb.append("\n    ").append(el);
            }
        }
        return sb.toString();
    }

    private static void assertCleanCounters(final EndpointCounters counters)
    {
        assertEquals(COUNT, counters.sent(), counters.toString());
        assertEquals(COUNT, counters.received(), counters.toString());
        assertEquals(0, counters.inboundQueueFullDrops(), counters.toString());
        assertEquals(0, counters.outboundQueueFullDrops(), counters.toString());
        assertEquals(0, counters.malformedDrops(), counters.toString());
        assertEquals(0, counters.unknownPeerDrops(), counters.toString());
        assertEquals(0, counters.oversizeDrops(), counters.toString());
        assertEquals(0, counters.socketErrors(), counters.toString());
    }

    @Test
    void shouldStampArrivalsWithContextClock()
    {
        final long fixedNs = 42_000_000_000L;
        try (NettyUdpEndpoint client = NettyUdpEndpoint.open(loopbackContext(true));
            NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(true).clock(() -> fixedNs)))
        {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
            final int length = writeDatagram(out, 7, lengthFor(7));
            final int serverId = client.peerId(LOOPBACK, server.localPort());
            assertEquals(DatagramTransport.OK, client.send(serverId, out, 0, length));
            final long[] stamp = { -1 };
            awaitTrue(() -> server.poll((peerId, buffer, offset, len, receivedNs) -> stamp[0] = receivedNs, 1) == 1,
                "datagram arrives");
            assertEquals(fixedNs, stamp[0]);
        }
    }

    @Test
    void shouldCloseIdempotentlyAndRefuseUseAfterwards()
    {
        final PooledByteBufAllocator allocator = uncachedAllocator();
        final NettyUdpEndpoint client = NettyUdpEndpoint.open(loopbackContext(true).allocator(allocator));
        final NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(true).allocator(allocator));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
        final int serverId = client.peerId(LOOPBACK, server.localPort());
        for (int seq = 0; seq < 100; seq++)
        {
            final int length = writeDatagram(out, seq, lengthFor(seq) % 200 + 12);
            assertEquals(DatagramTransport.OK, client.send(serverId, out, 0, length));
        }
        awaitTrue(() -> server.counters().received() > 0, "some datagrams arrive");

        // Close the receiver with datagrams still in its ring, and the sender possibly mid-drain.
        server.close();
        server.close();
        client.close();
        client.close();

        assertTrue(client.isClosed());
        assertTrue(server.isClosed());
        assertEquals(DatagramTransport.NOT_CONNECTED, client.send(serverId, out, 0, 20));
        assertEquals(DatagramTransport.NOT_CONNECTED, client.peerId(LOOPBACK, 9));
        assertEquals(0, server.poll((peerId, buffer, offset, length, receivedNs) -> fail("delivered after close"), 10));
        assertEquals(0, activeDirectAllocations(allocator), "Netty buffers still held after close");
    }

    @Test
    void shouldSeeHeldBufferInLeakCheck()
    {
        // The leak assertions above are only worth something if the metric does move for a buffer still held.
        final PooledByteBufAllocator allocator = uncachedAllocator();
        final io.netty.buffer.ByteBuf held = allocator.directBuffer(100);
        assertEquals(1, activeDirectAllocations(allocator));
        held.release();
        assertEquals(0, activeDirectAllocations(allocator));
    }

    @Test
    void shouldReturnNotConnectedForUnassignedPeerId()
    {
        try (NettyUdpEndpoint endpoint = NettyUdpEndpoint.open(loopbackContext(true)))
        {
            final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
            assertEquals(DatagramTransport.NOT_CONNECTED, endpoint.send(0, out, 0, 20));
            assertEquals(DatagramTransport.NOT_CONNECTED, endpoint.send(-1, out, 0, 20));
            assertEquals(DatagramTransport.NOT_CONNECTED, endpoint.send(1 << 20, out, 0, 20));
            assertFalse(endpoint.localPort() == 0, "an ephemeral port was assigned");
        }
    }

    @Test
    void shouldKeepPeerIdsStableAndBoundedByMaxPeers()
    {
        try (NettyUdpEndpoint endpoint = NettyUdpEndpoint.open(loopbackContext(true).maxPeers(2)))
        {
            final int first = endpoint.peerId(LOOPBACK, 5000);
            final int second = endpoint.peerId("::ffff:127.0.0.1", 5001);
            assertEquals(0, first);
            assertEquals(1, second);
            assertEquals(first, endpoint.peerId(LOOPBACK, 5000));
            assertEquals(second, endpoint.peerId(LOOPBACK, 5001), "IPv4-mapped spelling folds onto IPv4");
            assertEquals(DatagramTransport.NOT_CONNECTED, endpoint.peerId(LOOPBACK, 5002));
            assertEquals(5001, endpoint.peerAddress(second).getPort());
        }
    }

    /** Sends every datagram it receives back to its sender. */
    private static final class EchoAgent implements TimedAgent
    {
        private final NettyUdpEndpoint endpoint;
        private final DatagramHandler echo;
        private volatile long failedSends;

        EchoAgent(final NettyUdpEndpoint endpoint)
        {
            this.endpoint = endpoint;
            this.echo = this::onDatagram;
        }

        private void onDatagram(
            final int peerId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
        {
            if (endpoint.send(peerId, buffer, offset, length) != DatagramTransport.OK)
            {
                failedSends++;
            }
        }

        @Override
        public int doWork(final long nowNs)
        {
            return endpoint.poll(echo, 64);
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
}
