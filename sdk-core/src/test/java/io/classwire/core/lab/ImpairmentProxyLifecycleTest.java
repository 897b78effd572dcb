package io.classwire.core.lab;

import io.netty.buffer.UnpooledByteBufAllocator;
import org.agrona.CloseHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

import static io.classwire.core.lab.ProxyDirection.DOWNLINK;
import static io.classwire.core.lab.ProxyDirection.UPLINK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The impairment proxy under overload, at close and with bad configuration, over real loopback sockets. As in
 * {@link ImpairmentProxyTest}, every test checks after close that the proxy released every ByteBuf it allocated.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ImpairmentProxyLifecycleTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final byte[] PROBE = "probe".getBytes(StandardCharsets.US_ASCII);

    private final UnpooledByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
    private final UdpPeer client = new UdpPeer();
    private final UdpPeer upstream = new UdpPeer();
    private ImpairmentProxy proxy;

    @AfterEach
    void closeAndCheckForLeaks()
    {
        CloseHelper.closeAll(proxy, client, upstream);
        assertEquals(0, allocator.metric().usedDirectMemory(), "direct ByteBufs not released");
        assertEquals(0, allocator.metric().usedHeapMemory(), "heap ByteBufs not released");
    }

    @Test
    void shouldDropAndCountOverloadWithoutBlockingTheSenderAndStillForwardAfterwards() throws Exception
    {
        proxy = ImpairmentProxy.launch(context()
            .maxInFlightPackets(4)
            .uplink(LinkConfig.builder().capacityBps(1_000_000).queueLimitPackets(2).propagationDelayMs(20).build()));
        final ProxyCounters counters = proxy.counters();
        final int floodPackets = 50_000;
        final byte[] junk = new byte[200];

        // A plain blocking socket, as an application would use: the flood must run to completion.
        final int sent = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> flood(junk, floodPackets));
        assertEquals(floodPackets, sent);

        UdpPeer.await(() -> isIdle(UPLINK), counters::toString);
        assertTrue(counters.overloadDrops(UPLINK) > 0, counters::toString);
        assertTrue(counters.forwardedPackets(UPLINK) > 0, counters::toString);

        // Recovery: after the flood a probe still gets through; datagrams still queued in the kernel may be ahead.
        UdpPeer.await(() -> probeGetsThrough(), counters::toString);
        UdpPeer.await(() -> isIdle(UPLINK), counters::toString);
        assertEquals(0, counters.receivedPackets(DOWNLINK));
        assertEquals(0, counters.unsendablePackets(UPLINK), counters::toString);
    }

    @Test
    void shouldReleaseBothPortsWhenClosedAndCloseIsIdempotent() throws Exception
    {
        proxy = ImpairmentProxy.launch(context());
        final int listenPort = proxy.localPort();
        final int upstreamSidePort = proxy.upstreamSideAddress().getPort();
        client.sendOrFail(PROBE, proxy.localAddress());
        assertArrayEquals(PROBE, upstream.receiveOrFail("probe before close"));

        final Thread otherCloser = new Thread(proxy::close);
        otherCloser.start();
        proxy.close();
        proxy.close();
        otherCloser.join();

        try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress(LOOPBACK, listenPort)))
        {
            assertEquals(listenPort, rebound.getLocalPort());
        }
        try (DatagramSocket rebound = new DatagramSocket(new InetSocketAddress(upstreamSidePort)))
        {
            assertEquals(upstreamSidePort, rebound.getLocalPort());
        }

        proxy = ImpairmentProxy.launch(context().listenAddress(new InetSocketAddress(LOOPBACK, listenPort)));
        assertEquals(listenPort, proxy.localPort());
        client.sendOrFail(PROBE, proxy.localAddress());
        assertArrayEquals(PROBE, upstream.receiveOrFail("probe through the relaunched proxy"));
    }

    @Test
    void shouldReleaseDatagramsStillInFlightWhenClosed()
    {
        proxy = ImpairmentProxy.launch(context()
            .uplink(LinkConfig.builder().propagationDelayNs(TimeUnit.HOURS.toNanos(1)).duplicationProbability(0.5)
                .build()));
        for (int i = 0; i < 10; i++)
        {
            client.sendOrFail(new byte[1000], proxy.localAddress());
        }
        final ProxyCounters counters = proxy.counters();
        UdpPeer.await(() -> counters.inFlightPackets() == 10, counters::toString);
        assertTrue(allocator.metric().usedDirectMemory() >= 10 * 1000, "copies are held while in flight");

        proxy.close();
        assertEquals(0, counters.inFlightPackets());
        assertEquals(0, counters.forwardedPackets(UPLINK));
    }

    @Test
    void shouldCountRepliesAsUnsendableBeforeAnyClientHasSpoken()
    {
        proxy = ImpairmentProxy.launch(context());
        final InetSocketAddress upstreamSide = new InetSocketAddress(LOOPBACK, proxy.upstreamSideAddress().getPort());
        upstream.sendOrFail(PROBE, upstreamSide);
        final ProxyCounters counters = proxy.counters();
        UdpPeer.await(() -> counters.unsendablePackets(DOWNLINK) == 1, counters::toString);
        assertEquals(1, counters.receivedPackets(DOWNLINK));
        assertEquals(0, counters.forwardedPackets(DOWNLINK));
    }

    @Test
    void shouldCountAnEmptyDatagramAsUnsendableBecauseNettyWouldSkipIt() throws Exception
    {
        proxy = ImpairmentProxy.launch(context());
        try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            sender.send(new DatagramPacket(new byte[0], 0, proxy.localAddress()));
        }
        final ProxyCounters counters = proxy.counters();
        UdpPeer.await(() -> counters.unsendablePackets(UPLINK) == 1, counters::toString);
        assertEquals(0, counters.forwardedPackets(UPLINK));
        client.sendOrFail(PROBE, proxy.localAddress());
        assertArrayEquals(PROBE, upstream.receiveOrFail("probe after an empty datagram"));
    }

    @Test
    void shouldFailToLaunchWhenTheListenPortIsTaken() throws Exception
    {
        try (DatagramSocket occupant = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final ImpairmentProxyContext context = context()
                .listenAddress(new InetSocketAddress(LOOPBACK, occupant.getLocalPort()));
            final IllegalStateException ex = assertThrows(IllegalStateException.class,
                () -> ImpairmentProxy.launch(context));
            assertTrue(ex.getMessage().contains("listen"), ex.getMessage());
        }
    }

    @Test
    void shouldRejectAContextWithoutUpstreamOrWithAnEmptyPool()
    {
        final IllegalStateException noUpstream = assertThrows(IllegalStateException.class,
            () -> ImpairmentProxy.launch(new ImpairmentProxyContext()));
        assertTrue(noUpstream.getMessage().contains("upstream"), noUpstream.getMessage());
        assertThrows(IllegalStateException.class, () -> ImpairmentProxy.launch(context().maxInFlightPackets(0)));
        assertThrows(IllegalStateException.class, () -> ImpairmentProxy.launch(context().tickIntervalNs(0)));
    }

    private ImpairmentProxyContext context()
    {
        return new ImpairmentProxyContext().upstreamAddress(upstream.address()).allocator(allocator);
    }

    private int flood(final byte[] payload, final int count) throws IOException
    {
        try (DatagramSocket sender = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            final DatagramPacket datagram = new DatagramPacket(payload, payload.length, proxy.localAddress());
            int sent = 0;
            for (int i = 0; i < count; i++)
            {
                sender.send(datagram);
                sent++;
            }
            return sent;
        }
    }

    private boolean probeGetsThrough()
    {
        client.sendOrFail(PROBE, proxy.localAddress());
        final long deadlineNs = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
        while (System.nanoTime() - deadlineNs < 0)
        {
            final byte[] payload = upstream.receive(TimeUnit.MILLISECONDS.toNanos(10));
            if (payload != null && Arrays.equals(PROBE, payload))
            {
                return true;
            }
        }
        return false;
    }

    private boolean isIdle(final ProxyDirection direction)
    {
        final ProxyCounters counters = proxy.counters();
        return counters.inFlightPackets() == 0 &&
            counters.receivedPackets(direction) == counters.forwardedPackets(direction) +
            counters.droppedPackets(direction) + counters.overloadDrops(direction) +
            counters.unsendablePackets(direction);
    }
}
