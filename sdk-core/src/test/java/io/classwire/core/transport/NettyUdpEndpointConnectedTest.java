package io.classwire.core.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.ByteOrder;
import java.util.concurrent.atomic.AtomicInteger;

import static io.classwire.core.transport.EndpointTestSupport.LOOPBACK;
import static io.classwire.core.transport.EndpointTestSupport.TIMEOUT_NS;
import static io.classwire.core.transport.EndpointTestSupport.checkDatagram;
import static io.classwire.core.transport.EndpointTestSupport.lengthFor;
import static io.classwire.core.transport.EndpointTestSupport.loopbackContext;
import static io.classwire.core.transport.EndpointTestSupport.pollUntil;
import static io.classwire.core.transport.EndpointTestSupport.writeDatagram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A connected endpoint ({@link EndpointContext#connectTo}) reads and writes its socket on the polling thread. These
 * tests drive both ends from the test thread, one datagram in flight at a time, so every count is exact: a reply is
 * awaited by polling until it arrives or {@link EndpointTestSupport#TIMEOUT_NS} passes.
 */
class NettyUdpEndpointConnectedTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldExchangeDatagramsIntactWhenClientIsConnectedToServer(final boolean preferNative)
    {
        final int count = 2_000;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative));
            NettyUdpEndpoint client = NettyUdpEndpoint.open(
                loopbackContext(preferNative).connectTo(LOOPBACK, server.localPort())))
        {
            assertTrue(client.context().isConnected());
            final int serverId = client.peerId(LOOPBACK, server.localPort());
            assertEquals(0, serverId, "the connected peer is id 0");
            assertEquals(DatagramTransport.NOT_CONNECTED, client.peerId(LOOPBACK, server.localPort() ^ 1),
                "a connected endpoint talks to its peer only");
            assertEquals(DatagramTransport.NOT_CONNECTED, client.send(1, out, 0, 12));

            final AtomicInteger echoed = new AtomicInteger();
            final AtomicInteger replies = new AtomicInteger();
            final DatagramHandler echo = (peerId, buffer, offset, length, receivedNs) ->
            {
                assertEquals(DatagramTransport.OK, server.send(peerId, buffer, offset, length));
                echoed.incrementAndGet();
            };
            final DatagramHandler check = (peerId, buffer, offset, length, receivedNs) ->
            {
                assertEquals(0, peerId);
                assertEquals(replies.get(), checkDatagram(buffer, offset, length), "reply intact and in order");
                replies.incrementAndGet();
            };
            for (int seq = 0; seq < count; seq++)
            {
                final int length = writeDatagram(out, seq, lengthFor(seq));
                assertEquals(DatagramTransport.OK, client.send(serverId, out, 0, length));
                pollUntil(server, echo, echoed, seq + 1);
                pollUntil(client, check, replies, seq + 1);
            }

            assertCounts(client.counters(), count);
            assertCounts(server.counters(), count);
            assertEquals(1, client.peerCount());
            assertEquals(1, server.peerCount());
        }
    }

    private static void assertCounts(final EndpointCounters counters, final int count)
    {
        assertEquals(count, counters.sent(), counters.toString());
        assertEquals(count, counters.received(), counters.toString());
        assertEquals(0, counters.malformedDrops() + counters.oversizeDrops() + counters.unknownPeerDrops() +
            counters.inboundQueueFullDrops() + counters.outboundQueueFullDrops() + counters.socketErrors(),
            counters.toString());
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldHandKnownPeerToConnectedEndpointSharingServerPortWhenReusePort(final boolean preferNative)
    {
        try (NettyUdpEndpoint listener = NettyUdpEndpoint.open(loopbackContext(preferNative).reusePort(true));
            NettyUdpEndpoint client = NettyUdpEndpoint.open(
                loopbackContext(preferNative).connectTo(LOOPBACK, listener.localPort())))
        {
            final AtomicInteger firstContact = new AtomicInteger();
            final int[] clientId = { -1 };
            writeDatagram(out, 1, 100);
            assertEquals(DatagramTransport.OK, client.send(0, out, 0, 100));
            pollUntil(listener, (peerId, buffer, offset, length, receivedNs) ->
            {
                clientId[0] = peerId;
                firstContact.incrementAndGet();
            }, firstContact, 1);
            final InetSocketAddress clientAddress = listener.peerAddress(clientId[0]);

            try (NettyUdpEndpoint perPeer = NettyUdpEndpoint.open(loopbackContext(preferNative).reusePort(true)
                .bindPort(listener.localPort()).connectTo(clientAddress.getHostString(), clientAddress.getPort())))
            {
                final AtomicInteger atPerPeer = new AtomicInteger();
                final AtomicInteger atClient = new AtomicInteger();
                for (int seq = 2; seq < 102; seq++)
                {
                    final int length = writeDatagram(out, seq, lengthFor(seq));
                    assertEquals(DatagramTransport.OK, client.send(0, out, 0, length));
                    final int expected = seq;
                    pollUntil(perPeer, (peerId, buffer, offset, len, receivedNs) ->
                    {
                        assertEquals(expected, checkDatagram(buffer, offset, len), "intact, in order");
                        assertEquals(DatagramTransport.OK, perPeer.send(peerId, buffer, offset, len));
                        atPerPeer.incrementAndGet();
                    }, atPerPeer, seq - 1);
                    pollUntil(client, (peerId, buffer, offset, len, receivedNs) ->
                    {
                        assertEquals(expected, checkDatagram(buffer, offset, len), "reply from the shared port");
                        atClient.incrementAndGet();
                    }, atClient, seq - 1);
                }
                assertEquals(100, atClient.get());
                assertEquals(0, listener.poll((peerId, buffer, offset, length, receivedNs) ->
                    fail("the kernel prefers the connected socket"), 16));
                assertEquals(1, listener.counters().received(), "first contact only");
                assertCounts(perPeer.counters(), 100);
            }
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldCountOversizeAndMalformedAndIgnoreStrangersWhenConnected(final boolean preferNative) throws Exception
    {
        try (DatagramSocket peer = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket stranger = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            NettyUdpEndpoint client = NettyUdpEndpoint.open(
                loopbackContext(preferNative).maxDatagramBytes(200).connectTo(LOOPBACK, peer.getLocalPort())))
        {
            final InetSocketAddress to = new InetSocketAddress(LOOPBACK, client.localPort());
            // Sent first: on loopback the kernel has dropped it (wrong source for a connected socket) by the time
            // the peer's datagrams below are queued.
            stranger.send(new DatagramPacket(new byte[] { (byte)0x80, 96, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, 12, to));
            peer.send(new DatagramPacket(new byte[201], 201, to));
            peer.send(new DatagramPacket(new byte[9000], 9000, to));
            peer.send(new DatagramPacket(new byte[] { (byte)0xC0, 0, 0, 0 }, 4, to));
            peer.send(new DatagramPacket(new byte[] { (byte)0x80, 96, 0, 7, 0, 0, 0, 0, 0, 0, 0, 0 }, 12, to));

            final AtomicInteger delivered = new AtomicInteger();
            final int[] sequence = { -1 };
            pollUntil(client, (peerId, buffer, offset, length, receivedNs) ->
            {
                sequence[0] = buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN);
                delivered.incrementAndGet();
            }, delivered, 1);

            assertEquals(7, sequence[0], "only the peer's valid datagram is delivered");
            final EndpointCounters counters = client.counters();
            assertEquals(4, counters.received(), counters.toString());
            assertEquals(2, counters.oversizeDrops(), "201 bytes, and 9000 bytes read truncated");
            assertEquals(1, counters.malformedDrops(), counters.toString());
            assertEquals(0, counters.socketErrors(), counters.toString());
            assertEquals(0, client.poll((peerId, buffer, offset, length, receivedNs) -> fail("stranger"), 16));
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldCountSocketErrorsWithoutThrowingWhenPeerIsUnreachable(final boolean preferNative) throws Exception
    {
        final int closedPort = freePort();
        final AtomicInteger reported = new AtomicInteger();
        try (NettyUdpEndpoint client = NettyUdpEndpoint.open(loopbackContext(preferNative)
            .connectTo(LOOPBACK, closedPort).errorHandler((throwable) -> reported.incrementAndGet())))
        {
            writeDatagram(out, 1, 12);
            final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
            // Loopback answers the first datagram with ICMP port unreachable; the next send or read reports it.
            while (client.counters().socketErrors() == 0)
            {
                final int result = client.send(0, out, 0, 12);
                assertTrue(result == DatagramTransport.OK || result == DatagramTransport.BACK_PRESSURED);
                client.poll((peerId, buffer, offset, length, receivedNs) -> fail("nothing listens"), 16);
                assertTrue(System.nanoTime() - deadlineNs < 0, "no socket error seen: " + client.counters());
            }
            assertEquals(client.counters().socketErrors(), reported.get());
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldAllocateNothingPerDatagramWhenBothEndsAreConnected(final boolean preferNative) throws Exception
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final int portA = freePort();
        final int portB = freePort();
        try (NettyUdpEndpoint a = NettyUdpEndpoint.open(
                loopbackContext(preferNative).bindPort(portA).connectTo(LOOPBACK, portB));
            NettyUdpEndpoint b = NettyUdpEndpoint.open(
                loopbackContext(preferNative).bindPort(portB).connectTo(LOOPBACK, portA)))
        {
            final AtomicInteger received = new AtomicInteger();
            final DatagramHandler count = (peerId, buffer, offset, length, receivedNs) -> received.incrementAndGet();
            final int length = writeDatagram(out, 1, 200);
            final int warmup = 20_000;
            final int measured = 20_000;
            long allocatedBytes = 0;
            for (int i = 0; i < warmup + measured; i++)
            {
                if (i == warmup)
                {
                    allocatedBytes = threads.getThreadAllocatedBytes(threadId);
                }
                assertEquals(DatagramTransport.OK, a.send(0, out, 0, length));
                // Loopback delivers within the send call, so the datagram is waiting; the bound only stops a hang.
                for (int spins = 0; received.get() == i && spins < 1_000_000; spins++)
                {
                    b.poll(count, 1);
                }
            }
            allocatedBytes = threads.getThreadAllocatedBytes(threadId) - allocatedBytes;
            assertEquals(warmup + measured, received.get(), "every datagram arrived");
            // Send and receive both ran on this thread; under 1 byte per datagram leaves room for a stray object.
            assertTrue(allocatedBytes < measured, allocatedBytes + " bytes allocated over " + measured + " datagrams");
        }
    }

    private static int freePort() throws Exception
    {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            return probe.getLocalPort();
        }
    }
}
