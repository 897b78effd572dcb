package io.classwire.core.transport;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static io.classwire.core.transport.EndpointTestSupport.LOOPBACK;
import static io.classwire.core.transport.EndpointTestSupport.activeDirectAllocations;
import static io.classwire.core.transport.EndpointTestSupport.awaitTrue;
import static io.classwire.core.transport.EndpointTestSupport.loopbackContext;
import static io.classwire.core.transport.EndpointTestSupport.uncachedAllocator;
import static io.classwire.core.transport.EndpointTestSupport.writeDatagram;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every way a datagram can be refused is a counted drop, never an exception or a block. Datagrams are sent one at a
 * time and the receiver's {@code received} counter is awaited before the next, so the kernel never drops any and
 * the expected counts are exact.
 */
class NettyUdpEndpointDropTest
{
    private static final DatagramHandler MUST_NOT_DELIVER =
        (peerId, buffer, offset, length, receivedNs) -> fail("unexpected delivery of " + length + " bytes");

    private final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);

    private void sendAndAwait(
        final NettyUdpEndpoint from, final int peerId, final NettyUdpEndpoint to, final int length)
    {
        final long before = to.counters().received();
        assertEquals(DatagramTransport.OK, from.send(peerId, out, 0, length));
        awaitTrue(() -> to.counters().received() == before + 1, "datagram read by receiver");
    }

    private static void rawSendAndAwait(
        final DatagramSocket socket, final NettyUdpEndpoint to, final byte[] bytes, final int length) throws Exception
    {
        final long before = to.counters().received();
        socket.send(new DatagramPacket(bytes, length, new InetSocketAddress(LOOPBACK, to.localPort())));
        awaitTrue(() -> to.counters().received() == before + 1, "datagram read by receiver");
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldDropAndCountUnknownPeersUntilRegisteredWhenUnknownPeersNotAllowed(final boolean preferNative)
    {
        try (NettyUdpEndpoint sender = NettyUdpEndpoint.open(loopbackContext(preferNative));
            NettyUdpEndpoint receiver = NettyUdpEndpoint.open(loopbackContext(preferNative).allowUnknownPeers(false)))
        {
            final int receiverId = sender.peerId(LOOPBACK, receiver.localPort());
            writeDatagram(out, 1, 100);
            sendAndAwait(sender, receiverId, receiver, 100);
            assertEquals(1, receiver.counters().unknownPeerDrops());
            assertEquals(0, receiver.poll(MUST_NOT_DELIVER, 10));

            final int senderId = receiver.peerId(LOOPBACK, sender.localPort());
            sendAndAwait(sender, receiverId, receiver, 100);
            final int[] from = { -1 };
            assertEquals(1, receiver.poll((peerId, buffer, offset, length, receivedNs) -> from[0] = peerId, 10));
            assertEquals(senderId, from[0]);
            assertEquals(1, receiver.counters().unknownPeerDrops());
        }
    }

    @Test
    void shouldCountUnknownPeerDropsBeyondMaxPeers()
    {
        try (NettyUdpEndpoint first = NettyUdpEndpoint.open(loopbackContext(true));
            NettyUdpEndpoint second = NettyUdpEndpoint.open(loopbackContext(true));
            NettyUdpEndpoint receiver = NettyUdpEndpoint.open(loopbackContext(true).maxPeers(1)))
        {
            writeDatagram(out, 1, 100);
            sendAndAwait(first, first.peerId(LOOPBACK, receiver.localPort()), receiver, 100);
            sendAndAwait(second, second.peerId(LOOPBACK, receiver.localPort()), receiver, 100);
            sendAndAwait(first, first.peerId(LOOPBACK, receiver.localPort()), receiver, 100);

            assertEquals(1, receiver.peerCount());
            assertEquals(1, receiver.counters().unknownPeerDrops());
            assertEquals(2, receiver.poll((peerId, buffer, offset, length, receivedNs) -> assertEquals(0, peerId), 10));
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldCountOversizeDatagramsOnBothSides(final boolean preferNative) throws Exception
    {
        try (NettyUdpEndpoint sender = NettyUdpEndpoint.open(loopbackContext(preferNative));
            NettyUdpEndpoint receiver = NettyUdpEndpoint.open(loopbackContext(preferNative).maxDatagramBytes(200));
            DatagramSocket raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final int receiverId = sender.peerId(LOOPBACK, receiver.localPort());
            writeDatagram(out, 1, 1500);
            sendAndAwait(sender, receiverId, receiver, 201);
            assertEquals(1, receiver.counters().oversizeDrops());
            rawSendAndAwait(raw, receiver, new byte[9000], 9000);
            assertEquals(2, receiver.counters().oversizeDrops(), "truncated read still recognised as oversize");

            sendAndAwait(sender, receiverId, receiver, 200);
            final int[] lengths = { -1 };
            assertEquals(1, receiver.poll((peerId, buffer, offset, length, receivedNs) -> lengths[0] = length, 10));
            assertEquals(200, lengths[0]);

            assertEquals(DatagramTransport.TOO_LARGE, sender.send(receiverId, out, 0, 1501));
            assertEquals(DatagramTransport.TOO_LARGE, sender.send(receiverId, out, 0, -1));
            assertEquals(DatagramTransport.TOO_LARGE, sender.send(receiverId, out, 0, 0));
            assertEquals(3, sender.counters().outboundTooLarge());
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldCountMalformedDatagramsWithoutThrowing(final boolean preferNative) throws Exception
    {
        try (NettyUdpEndpoint sender = NettyUdpEndpoint.open(loopbackContext(preferNative));
            NettyUdpEndpoint receiver = NettyUdpEndpoint.open(loopbackContext(preferNative));
            DatagramSocket raw = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final int receiverId = sender.peerId(LOOPBACK, receiver.localPort());
            assertEquals(DatagramTransport.TOO_LARGE, sender.send(receiverId, out, 0, 0), "Netty cannot send empty");
            rawSendAndAwait(raw, receiver, new byte[0], 0);
            rawSendAndAwait(raw, receiver, new byte[] { (byte)0x80 }, 1);
            rawSendAndAwait(raw, receiver, new byte[] { (byte)0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0 }, 11);
            rawSendAndAwait(raw, receiver, new byte[] { (byte)0x80, (byte)201, 0 }, 3);
            rawSendAndAwait(raw, receiver, new byte[] { 0, 1, 0, 0 }, 4);
            rawSendAndAwait(raw, receiver, new byte[] { (byte)0xC0, 0, 0, 0 }, 4);

            assertEquals(6, receiver.counters().malformedDrops());
            assertEquals(0, receiver.counters().socketErrors());
            assertEquals(0, receiver.poll(MUST_NOT_DELIVER, 10));

            rawSendAndAwait(raw, receiver, new byte[] { 4, 0 }, 2);
            writeDatagram(out, 1, 12);
            sendAndAwait(sender, receiverId, receiver, 12);
            assertEquals(2, receiver.poll((peerId, buffer, offset, length, receivedNs) -> { }, 10),
                "a control message and a minimal RTP packet still pass");
        }
    }

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldCountInboundQueueFullDropsWhileAgentDoesNotPoll(final boolean preferNative)
    {
        final int capacityBytes = 16 * 1024;
        final int length = 1000;
        final int total = 100;
        try (NettyUdpEndpoint sender = NettyUdpEndpoint.open(loopbackContext(preferNative));
            NettyUdpEndpoint receiver = NettyUdpEndpoint.open(
                loopbackContext(preferNative).inboundQueueCapacityBytes(capacityBytes)))
        {
            final int receiverId = sender.peerId(LOOPBACK, receiver.localPort());
            writeDatagram(out, 1, length);
            for (int i = 0; i < total; i++)
            {
                sendAndAwait(sender, receiverId, receiver, length);
            }

            // Each record: 8-byte ring header + 8-byte arrival time + payload, 8-byte aligned.
            final int fits = capacityBytes / (8 + EndpointContext.INBOUND_RECORD_HEADER_BYTES + length);
            assertEquals(total - fits, receiver.counters().inboundQueueFullDrops());
            assertEquals(fits, receiver.poll((peerId, buffer, offset, len, receivedNs) -> { }, total));

            sendAndAwait(sender, receiverId, receiver, length);
            assertEquals(1, receiver.poll((peerId, buffer, offset, len, receivedNs) -> { }, total),
                "the event loop kept running and the ring accepts again once drained");
        }
    }

    @Test
    void shouldReturnBackPressuredAndCountWhenOutboundQueueIsFull() throws Exception
    {
        final boolean epoll = Epoll.isAvailable();
        final IoEventLoopGroup group = new MultiThreadIoEventLoopGroup(
            1, epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        final PooledByteBufAllocator allocator = uncachedAllocator();
        final CountDownLatch release = new CountDownLatch(1);
        final int capacityBytes = 16 * 1024;
        final int length = 1000;
        try (NettyUdpEndpoint receiver = NettyUdpEndpoint.open(loopbackContext(true));
            NettyUdpEndpoint sender = NettyUdpEndpoint.open(loopbackContext(true)
                .eventLoopGroup(group).allocator(allocator)
                .directSend(false).outboundQueueCapacityBytes(capacityBytes)))
        {
            final int receiverId = sender.peerId(LOOPBACK, receiver.localPort());
            // Hold the sender's event loop so nothing drains the outbound ring.
            final CountDownLatch held = new CountDownLatch(1);
            group.execute(() ->
            {
                held.countDown();
                awaitQuietly(release);
            });
            assertTrue(held.await(20, TimeUnit.SECONDS));

            writeDatagram(out, 1, length);
            int accepted = 0;
            int backPressured = 0;
            for (int i = 0; i < 100; i++)
            {
                final int result = sender.send(receiverId, out, 0, length);
                if (result == DatagramTransport.OK)
                {
                    accepted++;
                }
                else
                {
                    assertEquals(DatagramTransport.BACK_PRESSURED, result);
                    backPressured++;
                }
            }
            final int fits = capacityBytes / (8 + length);
            assertEquals(fits, accepted);
            assertEquals(100 - fits, backPressured);
            assertEquals(backPressured, sender.counters().outboundQueueFullDrops());
            assertEquals(0, sender.counters().sent());

            release.countDown();
            final int expected = accepted;
            awaitTrue(() -> receiver.counters().received() == expected, "accepted datagrams all sent");
            assertEquals(accepted, sender.counters().sent());
        }
        finally
        {
            release.countDown();
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        assertEquals(0, activeDirectAllocations(allocator));
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(20, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
