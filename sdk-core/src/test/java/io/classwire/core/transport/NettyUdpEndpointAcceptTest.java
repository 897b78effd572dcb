package io.classwire.core.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import static io.classwire.core.transport.EndpointTestSupport.LOOPBACK;
import static io.classwire.core.transport.EndpointTestSupport.TIMEOUT_NS;
import static io.classwire.core.transport.EndpointTestSupport.awaitTrue;
import static io.classwire.core.transport.EndpointTestSupport.checkDatagram;
import static io.classwire.core.transport.EndpointTestSupport.lengthFor;
import static io.classwire.core.transport.EndpointTestSupport.loopbackContext;
import static io.classwire.core.transport.EndpointTestSupport.pollUntil;
import static io.classwire.core.transport.EndpointTestSupport.writeDatagram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Accept mode ({@link EndpointContext#acceptPeers(int)}): an unconnected server gives each peer a connected socket
 * of its own on the server's port after first contact. Clients are connected endpoints; everything is driven from
 * the test thread with one datagram in flight, so every count is exact. Waiting is a bounded poll.
 */
class NettyUdpEndpointAcceptTest
{
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);

    private static NettyUdpEndpoint[] openClients(
        final boolean preferNative, final int count, final NettyUdpEndpoint server)
    {
        final NettyUdpEndpoint[] clients = new NettyUdpEndpoint[count];
        for (int i = 0; i < count; i++)
        {
            clients[i] = NettyUdpEndpoint.open(loopbackContext(preferNative).connectTo(LOOPBACK, server.localPort()));
        }
        return clients;
    }

    private static void closeAll(final NettyUdpEndpoint[] endpoints)
    {
        for (final NettyUdpEndpoint endpoint : endpoints)
        {
            if (null != endpoint)
            {
                endpoint.close();
            }
        }
    }

    /**
     * Each client in turn sends a datagram that the server echoes; checks contents, order and peer ids.
     *
     * @return the server's peer id for each client.
     */
    private int[] exchangeInTurn(final NettyUdpEndpoint server, final NettyUdpEndpoint[] clients, final int rounds)
    {
        final int[] peerIdOfClient = new int[clients.length];
        Arrays.fill(peerIdOfClient, -1);
        final AtomicInteger echoed = new AtomicInteger();
        final AtomicInteger replies = new AtomicInteger();
        final int[] expected = new int[2]; // [0] seq, [1] client index
        final DatagramHandler echo = (peerId, buffer, offset, length, receivedNs) ->
        {
            assertEquals(expected[0], checkDatagram(buffer, offset, length), "intact, in order");
            final int known = peerIdOfClient[expected[1]];
            assertTrue(known == -1 || known == peerId, "one id per peer: " + known + " then " + peerId);
            peerIdOfClient[expected[1]] = peerId;
            assertEquals(DatagramTransport.OK, server.send(peerId, buffer, offset, length));
            echoed.incrementAndGet();
        };
        final DatagramHandler check = (peerId, buffer, offset, length, receivedNs) ->
        {
            assertEquals(expected[0], checkDatagram(buffer, offset, length), "echo intact, to its sender");
            replies.incrementAndGet();
        };
        int seq = 0;
        for (int round = 0; round < rounds; round++)
        {
            for (int c = 0; c < clients.length; c++)
            {
                expected[0] = seq;
                expected[1] = c;
                final int length = writeDatagram(out, seq, lengthFor(seq));
                assertEquals(DatagramTransport.OK, clients[c].send(0, out, 0, length));
                pollUntil(server, echo, echoed, seq + 1);
                pollUntil(clients[c], check, replies, seq + 1);
                seq++;
            }
        }
        return peerIdOfClient;
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldMoveEveryPeerToItsOwnSocketAfterFirstContactWhenAccepting(final boolean preferNative)
    {
        final int peerCount = 6;
        final int rounds = 50;
        NettyUdpEndpoint[] clients = null;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative).acceptPeers(8)))
        {
            clients = openClients(preferNative, peerCount, server);
            final int[] ids = exchangeInTurn(server, clients, rounds);

            final EndpointCounters counters = server.counters();
            final int total = peerCount * rounds;
            assertEquals(peerCount, counters.peerSocketsOpened(), counters.toString());
            assertEquals(total - peerCount, counters.receivedOnPeerSockets(), "first contact only on the listener");
            assertEquals(total, counters.received(), counters.toString());
            assertEquals(total, counters.sent(), counters.toString());
            assertEquals(0, counters.peersBeyondSocketCap() + counters.socketErrors() + counters.malformedDrops() +
                counters.unknownPeerDrops() + counters.outboundQueueFullDrops(), counters.toString());
            assertEquals(peerCount, server.peerCount());
            for (int c = 0; c < peerCount; c++)
            {
                assertEquals(clients[c].localPort(), server.peerAddress(ids[c]).getPort(), "id maps to its client");
            }
        }
        finally
        {
            if (null != clients)
            {
                closeAll(clients);
            }
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldKeepPeersBeyondTheCapOnTheListenerWhenAccepting(final boolean preferNative)
    {
        final int peerCount = 4;
        final int rounds = 20;
        NettyUdpEndpoint[] clients = null;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative).acceptPeers(2)))
        {
            clients = openClients(preferNative, peerCount, server);
            exchangeInTurn(server, clients, rounds);

            final EndpointCounters counters = server.counters();
            assertEquals(2, counters.peerSocketsOpened(), counters.toString());
            assertEquals(2, counters.peersBeyondSocketCap(), "counted once per peer: " + counters);
            assertEquals(2 * (rounds - 1), counters.receivedOnPeerSockets(), counters.toString());
            assertEquals(peerCount * rounds, counters.received(), counters.toString());
            assertEquals(peerCount * rounds, counters.sent(), counters.toString());
            assertEquals(0, counters.socketErrors(), counters.toString());
        }
        finally
        {
            if (null != clients)
            {
                closeAll(clients);
            }
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldDeliverDatagramsQueuedOnListenerBeforePeerSocketOpened(final boolean preferNative)
    {
        final int early = 20;
        final int late = 20;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative).acceptPeers(4));
            NettyUdpEndpoint client = NettyUdpEndpoint.open(
                loopbackContext(preferNative).connectTo(LOOPBACK, server.localPort())))
        {
            for (int seq = 0; seq < early; seq++)
            {
                assertEquals(DatagramTransport.OK, client.send(0, out, 0, writeDatagram(out, seq, lengthFor(seq))));
            }
            // All of them reach the listener's ring before the server's agent opens the peer's socket.
            awaitTrue(() -> server.counters().received() == early, "early datagrams read by the event loop");
            final AtomicInteger delivered = new AtomicInteger();
            final DatagramHandler inOrder = (peerId, buffer, offset, length, receivedNs) ->
            {
                assertEquals(0, peerId);
                assertEquals(delivered.get(), checkDatagram(buffer, offset, length), "intact, in order");
                delivered.incrementAndGet();
            };
            pollUntil(server, inOrder, delivered, early);
            assertEquals(1, server.counters().peerSocketsOpened(), "opened at the first of them");
            for (int seq = early; seq < early + late; seq++)
            {
                assertEquals(DatagramTransport.OK, client.send(0, out, 0, writeDatagram(out, seq, lengthFor(seq))));
                pollUntil(server, inOrder, delivered, seq + 1);
            }
            assertEquals(late, server.counters().receivedOnPeerSockets(), server.counters().toString());
            assertEquals(early + late, server.counters().received(), server.counters().toString());
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldReleaseThePortAndEveryPeerSocketWhenClosed(final boolean preferNative) throws Exception
    {
        final int port;
        NettyUdpEndpoint[] clients = null;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative).acceptPeers(8)))
        {
            port = server.localPort();
            clients = openClients(preferNative, 3, server);
            exchangeInTurn(server, clients, 2);
            assertEquals(3, server.counters().peerSocketsOpened());
        }
        finally
        {
            if (null != clients)
            {
                closeAll(clients);
            }
        }
        // Without SO_REUSEPORT this bind fails while any socket, the peer sockets included, still holds the port.
        try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress(LOOPBACK, port)))
        {
            assertEquals(port, rebound.getLocalPort());
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldAllocateNothingPerDatagramWhenServerAcceptsFourPeersSendingInTurn(final boolean preferNative)
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        NettyUdpEndpoint[] clients = null;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(loopbackContext(preferNative).acceptPeers(8)))
        {
            clients = openClients(preferNative, 4, server);
            final AtomicInteger atServer = new AtomicInteger();
            final AtomicInteger atClients = new AtomicInteger();
            final DatagramHandler echo = (peerId, buffer, offset, length, receivedNs) ->
            {
                server.send(peerId, buffer, offset, length);
                atServer.incrementAndGet();
            };
            final DatagramHandler count = (peerId, buffer, offset, length, receivedNs) -> atClients.incrementAndGet();
            final int length = writeDatagram(out, 1, 200);
            // Long enough for C2: before it compiles the JDK selector's key lookup, that lookup allocates.
            final int warmup = 60_000;
            final int measured = 20_000;
            long allocatedBytes = 0;
            long allThreadsBytes = 0;
            for (int i = 0; i < warmup + measured; i++)
            {
                if (i == warmup)
                {
                    allThreadsBytes = allThreadsAllocatedBytes(threads);
                    allocatedBytes = threads.getThreadAllocatedBytes(threadId);
                }
                final NettyUdpEndpoint client = clients[i & 3];
                client.send(0, out, 0, length);
                // Loopback delivers within the send call; the bound only stops a hang.
                for (int spins = 0; atServer.get() == i && spins < 1_000_000; spins++)
                {
                    server.poll(echo, 1);
                }
                for (int spins = 0; atClients.get() == i && spins < 1_000_000; spins++)
                {
                    client.poll(count, 1);
                }
            }
            allocatedBytes = threads.getThreadAllocatedBytes(threadId) - allocatedBytes;
            allThreadsBytes = allThreadsAllocatedBytes(threads) - allThreadsBytes;
            assertEquals(warmup + measured, atClients.get(), "every echo arrived: " + server.counters());
            assertEquals(4, server.counters().peerSocketsOpened(), server.counters().toString());
            assertEquals(warmup + measured - 4, server.counters().receivedOnPeerSockets(), "after first contact");
            // Two datagrams (request and echo) per iteration, sent and read on this thread: under 1 byte each.
            assertTrue(allocatedBytes < 2L * measured,
                allocatedBytes + " bytes allocated over " + 2 * measured + " datagrams");
            // Every thread, the event loops included: the listener's read path (a DatagramPacket each) stays idle.
            assertTrue(allThreadsBytes < 2L * measured,
                allThreadsBytes + " bytes allocated by all threads over " + 2 * measured + " datagrams");
        }
        finally
        {
            if (null != clients)
            {
                closeAll(clients);
            }
        }
    }

    private static long allThreadsAllocatedBytes(final com.sun.management.ThreadMXBean threads)
    {
        long sum = 0;
        for (final long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds()))
        {
            sum += Math.max(0, bytes);
        }
        return sum;
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldEchoStreamsOfRegisteredPeersWhenAcceptingOnRealTimeRunner(final boolean preferNative)
    {
        final int peerCount = 3;
        final int perPeer = 2_000;
        final int window = 8;
        NettyUdpEndpoint[] clients = null;
        try (NettyUdpEndpoint server = NettyUdpEndpoint.open(
            loopbackContext(preferNative).acceptPeers(peerCount).allowUnknownPeers(false)))
        {
            clients = openClients(preferNative, peerCount, server);
            for (final NettyUdpEndpoint client : clients)
            {
                assertTrue(server.peerId(LOOPBACK, client.localPort()) >= 0, "registered before it speaks");
            }
            final int[] failedSends = new int[1];
            final DatagramHandler echo = (peerId, buffer, offset, length, receivedNs) ->
            {
                if (server.send(peerId, buffer, offset, length) != DatagramTransport.OK)
                {
                    failedSends[0]++;
                }
            };
            final TimedAgent echoAgent = new TimedAgent()
            {
                public int doWork(final long nowNs)
                {
                    return server.poll(echo, 64);
                }

                public long nextDeadlineNs()
                {
                    return NO_DEADLINE;
                }

                public String roleName()
                {
                    return "accepting-echo";
                }
            };
            try (RealTimeAgentRunner runner = RealTimeAgentRunner.start(echoAgent, server.context()))
            {
                streamInTurn(server, clients, perPeer, window);
                assertEquals(0, runner.errorCount());
            }
            assertEquals(0, failedSends[0]);
            final EndpointCounters counters = server.counters();
            assertEquals(peerCount, counters.peerSocketsOpened(), counters.toString());
            assertEquals(peerCount * perPeer, counters.received(), counters.toString());
            assertTrue(counters.receivedOnPeerSockets() >= peerCount * (perPeer - window), counters.toString());
            assertEquals(0, counters.unknownPeerDrops() + counters.socketErrors(), counters.toString());
        }
        finally
        {
            if (null != clients)
            {
                closeAll(clients);
            }
        }
    }

    /**
     * Each client first waits for the answer to its first datagram, as a peer joining a server does (a datagram
     * sent while the server connects the peer's socket can be lost: see {@link EndpointContext#acceptPeers(int)}),
     * then keeps up to {@code window} datagrams in flight; every echo must come back intact, once, to it.
     */
    private void streamInTurn(
        final NettyUdpEndpoint server, final NettyUdpEndpoint[] clients, final int perPeer, final int window)
    {
        final int[] sent = new int[clients.length];
        final int[] echoed = new int[clients.length];
        final int[] current = new int[1];
        final boolean[] seen = new boolean[clients.length * perPeer];
        // Order is not checked: at the switch to the peer socket a datagram still in the listener's socket queue
        // can be delivered after a later one read from the peer socket.
        final DatagramHandler check = (peerId, buffer, offset, length, receivedNs) ->
        {
            final int c = current[0];
            final int seq = checkDatagram(buffer, offset, length);
            assertTrue(seq >= c * perPeer && seq < (c + 1) * perPeer && !seen[seq], "intact, once, own: " + seq);
            seen[seq] = true;
            echoed[c]++;
        };
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        int done = 0;
        while (done < clients.length)
        {
            done = 0;
            for (int c = 0; c < clients.length; c++)
            {
                if (sent[c] < perPeer && sent[c] - echoed[c] < (echoed[c] == 0 ? 1 : window))
                {
                    final int seq = c * perPeer + sent[c];
                    if (clients[c].send(0, out, 0, writeDatagram(out, seq, lengthFor(seq))) == DatagramTransport.OK)
                    {
                        sent[c]++;
                    }
                }
                current[0] = c;
                clients[c].poll(check, 16);
                done += echoed[c] == perPeer ? 1 : 0;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                final StringBuilder why = new StringBuilder("timed out: echoed ").append(Arrays.toString(echoed))
                    .append(" of sent ").append(Arrays.toString(sent)).append("; server ").append(server.counters());
                for (final NettyUdpEndpoint client : clients)
                {
                    why.append("; client ").append(client.counters());
                }
                fail(why.toString());
            }
        }
    }

    @Test
    void shouldRejectAcceptModeWhenConnectedOrAboveMaxPeers()
    {
        assertThrows(IllegalStateException.class,
            () -> new EndpointContext().acceptPeers(1).connectTo(LOOPBACK, 9).conclude());
        assertThrows(IllegalStateException.class, () -> new EndpointContext().maxPeers(4).acceptPeers(5).conclude());
        assertThrows(IllegalStateException.class, () -> new EndpointContext().acceptPeers(-1).conclude());
        final EndpointContext context = new EndpointContext().acceptPeers(4).directSend(false).conclude();
        assertTrue(context.acceptsPeers() && context.reusePort() && context.directSend(), "implied by accept mode");
    }
}
