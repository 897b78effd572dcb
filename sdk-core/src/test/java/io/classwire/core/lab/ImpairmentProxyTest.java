package io.classwire.core.lab;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import org.agrona.CloseHelper;
import org.agrona.concurrent.CachedNanoClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static io.classwire.core.lab.ProxyDirection.DOWNLINK;
import static io.classwire.core.lab.ProxyDirection.UPLINK;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The impairment proxy over real loopback sockets: content integrity, loss, delay, duplication, blackouts and the
 * injected clock. Timing is only ever asserted as a lower bound (the proxy must not deliver early); waiting is done by
 * bounded polling. Every test runs on an instrumented unpooled allocator and checks after close that every ByteBuf the
 * proxy allocated was released.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ImpairmentProxyTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

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

    @ParameterizedTest(name = "preferNative={0}")
    @ValueSource(booleans = { true, false })
    void shouldForwardContentIntactBothWaysWhenLinkIsPerfect(final boolean preferNative)
    {
        proxy = ImpairmentProxy.launch(context().preferNativeTransport(preferNative));
        assertEquals(preferNative && Epoll.isAvailable(), proxy.isNativeTransport());
        final long seed = 0x5EED_0001L;
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] sizes = { 1, 12, 172, 1200, 1472, 8_000, 65_507 };
        final int rounds = 100;
        for (int i = 0; i < rounds; i++)
        {
            final int size = i < sizes.length ? sizes[i] : 1 + random.nextInt(1400);
            roundTrip(randomBytes(random, size), randomBytes(random, 1 + random.nextInt(1400)), "seed " + seed);
        }

        final ProxyCounters counters = proxy.counters();
        for (final ProxyDirection direction : ProxyDirection.values())
        {
            assertEquals(rounds, counters.receivedPackets(direction), direction::toString);
            assertEquals(rounds, counters.forwardedPackets(direction), direction::toString);
            assertEquals(counters.receivedBytes(direction), counters.forwardedBytes(direction), direction::toString);
            assertEquals(0, counters.droppedPackets(direction) + counters.overloadDrops(direction) +
                counters.unsendablePackets(direction), direction::toString);
        }
    }

    @Test
    void shouldForwardContentIntactThroughTheLanProfile()
    {
        proxy = ImpairmentProxy.launch(context().profile(NetworkProfile.LAN).seed(3));
        final SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 50; i++)
        {
            roundTrip(randomBytes(random, 1 + random.nextInt(1400)), randomBytes(random, 100), "lan round " + i);
        }
        assertEquals(50, proxy.counters().forwardedPackets(UPLINK));
        assertEquals(50, proxy.counters().forwardedPackets(DOWNLINK));
    }

    @Test
    void shouldDropRoughlyTheConfiguredFractionAndCountEveryDatagram()
    {
        final long seed = 42;
        final int packets = 2_000;
        final int batch = 50;
        proxy = ImpairmentProxy.launch(context()
            .uplink(LinkConfig.builder().randomLossRate(0.3).build())
            .downlink(LinkConfig.builder().randomLossRate(0.2).build())
            .seed(seed));
        final ProxyCounters counters = proxy.counters();
        final InetSocketAddress proxyAddress = proxy.localAddress();
        final long[] upstreamGot = new long[1];
        final long[] clientGot = new long[1];
        for (int sent = 0; sent < packets; )
        {
            for (int i = 0; i < batch; i++, sent++)
            {
                client.sendOrFail(("request " + sent).getBytes(StandardCharsets.US_ASCII), proxyAddress);
            }
            final long sentSoFar = sent;
            // Batches are small enough for the socket buffers, so nothing is lost outside the proxy.
            UdpPeer.await(() -> counters.receivedPackets(UPLINK) == sentSoFar && isIdle(UPLINK),
                () -> "uplink batch up to " + sentSoFar + ": " + counters);
            UdpPeer.await(() -> echoAll(upstreamGot) == counters.forwardedPackets(UPLINK),
                () -> "upstream received " + upstreamGot[0] + ": " + counters);
            UdpPeer.await(() -> counters.receivedPackets(DOWNLINK) == upstreamGot[0] && isIdle(DOWNLINK),
                () -> "downlink: " + counters);
            UdpPeer.await(() -> drainAll(client, clientGot) == counters.forwardedPackets(DOWNLINK),
                () -> "client received " + clientGot[0] + ": " + counters);
        }

        assertEquals(packets, counters.receivedPackets(UPLINK));
        assertEquals(upstreamGot[0], counters.receivedPackets(DOWNLINK));
        final double upLoss = (double)counters.droppedPackets(UPLINK) / packets;
        final double downLoss = (double)counters.droppedPackets(DOWNLINK) / upstreamGot[0];
        // More than 5 standard deviations either side; the run is seeded, so this is also reproducible.
        assertTrue(upLoss > 0.22 && upLoss < 0.38, "seed " + seed + ": uplink loss " + upLoss);
        assertTrue(downLoss > 0.13 && downLoss < 0.27, "seed " + seed + ": downlink loss " + downLoss);
        for (final ProxyDirection direction : ProxyDirection.values())
        {
            assertEquals(counters.droppedPackets(direction), counters.droppedPackets(direction, DropCause.RANDOM_LOSS));
            assertEquals(0, counters.overloadDrops(direction) + counters.unsendablePackets(direction));
        }

        proxy.close();
        for (final ProxyDirection direction : ProxyDirection.values())
        {
            final LinkStats stats = proxy.stats(direction);
            assertEquals(counters.receivedPackets(direction), stats.offeredPackets(), direction::toString);
            assertEquals(counters.droppedPackets(direction), stats.droppedPackets(), direction::toString);
            assertEquals(counters.forwardedPackets(direction), stats.deliveredPackets(), direction::toString);
        }
    }

    @Test
    void shouldDelayDeliveryByAtLeastThePropagationDelay()
    {
        final long upDelayNs = 40 * MS;
        final long downDelayNs = 25 * MS;
        proxy = ImpairmentProxy.launch(context()
            .uplink(LinkConfig.builder().propagationDelayNs(upDelayNs).build())
            .downlink(LinkConfig.builder().propagationDelayNs(downDelayNs).build()));
        for (int i = 0; i < 5; i++)
        {
            final byte[] request = { (byte)i, 1 };
            final long sentNs = System.nanoTime();
            client.sendOrFail(request, proxy.localAddress());
            assertArrayEquals(request, upstream.receiveOrFail("request " + i));
            final long upNs = System.nanoTime() - sentNs;
            assertTrue(upNs >= upDelayNs, "uplink took only " + upNs + " ns");

            final byte[] reply = { (byte)i, 2 };
            final long repliedNs = System.nanoTime();
            upstream.sendOrFail(reply, upstream.lastSender());
            assertArrayEquals(reply, client.receiveOrFail("reply " + i));
            final long downNs = System.nanoTime() - repliedNs;
            assertTrue(downNs >= downDelayNs, "downlink took only " + downNs + " ns");
        }
    }

    @Test
    void shouldTakeTimeOnlyFromTheInjectedClock()
    {
        final long delayNs = TimeUnit.HOURS.toNanos(1);
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(123_456_789L);
        proxy = ImpairmentProxy.launch(context()
            .clock(clock)
            .uplink(LinkConfig.builder().propagationDelayNs(delayNs).build()));
        final ProxyCounters counters = proxy.counters();

        client.sendOrFail(new byte[]{ 1, 2, 3 }, proxy.localAddress());
        UdpPeer.await(() -> counters.inFlightPackets() == 1, counters::toString);
        assertEquals(0, counters.forwardedPackets(UPLINK), "an hour has not passed on the injected clock");
        assertNull(upstream.poll());

        clock.advance(delayNs);
        assertArrayEquals(new byte[]{ 1, 2, 3 }, upstream.receiveOrFail("after advancing the injected clock"));
        assertEquals(1, counters.forwardedPackets(UPLINK));
    }

    @Test
    void shouldApplyProfileBlackoutsInTimeSinceLaunch()
    {
        final CachedNanoClock clock = new CachedNanoClock();
        clock.update(TimeUnit.DAYS.toNanos(3));
        proxy = ImpairmentProxy.launch(context().clock(clock).profile(NetworkProfile.SUBWAY).seed(9));
        // The subway profile's first blackout runs from 20 s to 25 s after launch.
        clock.advance(TimeUnit.SECONDS.toNanos(21));
        for (int i = 0; i < 10; i++)
        {
            client.sendOrFail(new byte[]{ (byte)i }, proxy.localAddress());
        }
        final ProxyCounters counters = proxy.counters();
        UdpPeer.await(() -> counters.droppedPackets(UPLINK, DropCause.BLACKOUT) == 10, counters::toString);
        assertEquals(10, counters.receivedPackets(UPLINK));
        assertEquals(0, counters.forwardedPackets(UPLINK));
    }

    @Test
    void shouldDeliverEveryDatagramTwiceWhenDuplicationIsCertain()
    {
        proxy = ImpairmentProxy.launch(context().uplink(LinkConfig.builder().duplicationProbability(1.0).build()));
        final SplittableRandom random = new SplittableRandom(17);
        for (int i = 0; i < 20; i++)
        {
            final byte[] request = randomBytes(random, 1 + random.nextInt(1400));
            client.sendOrFail(request, proxy.localAddress());
            assertArrayEquals(request, upstream.receiveOrFail("original " + i));
            assertArrayEquals(request, upstream.receiveOrFail("duplicate " + i));
        }
        final ProxyCounters counters = proxy.counters();
        assertEquals(20, counters.receivedPackets(UPLINK));
        assertEquals(20, counters.duplicatedPackets(UPLINK));
        assertEquals(40, counters.forwardedPackets(UPLINK));
    }

    private ImpairmentProxyContext context()
    {
        return new ImpairmentProxyContext().upstreamAddress(upstream.address()).allocator(allocator);
    }

    private void roundTrip(final byte[] request, final byte[] reply, final String what)
    {
        client.sendOrFail(request, proxy.localAddress());
        assertArrayEquals(request, upstream.receiveOrFail("request, " + what), what);
        assertEquals(proxy.upstreamSideAddress().getPort(), upstream.lastSender().getPort(), what);
        upstream.sendOrFail(reply, upstream.lastSender());
        assertArrayEquals(reply, client.receiveOrFail("reply, " + what), what);
        assertEquals(proxy.localPort(), client.lastSender().getPort(), what);
    }

    private boolean isIdle(final ProxyDirection direction)
    {
        final ProxyCounters counters = proxy.counters();
        return counters.inFlightPackets() == 0 &&
            counters.receivedPackets(direction) == counters.forwardedPackets(direction) +
            counters.droppedPackets(direction) + counters.overloadDrops(direction) +
            counters.unsendablePackets(direction);
    }

    private long echoAll(final long[] received)
    {
        byte[] payload;
        while ((payload = upstream.poll()) != null)
        {
            received[0]++;
            upstream.sendOrFail(payload, upstream.lastSender());
        }
        return received[0];
    }

    private static long drainAll(final UdpPeer peer, final long[] received)
    {
        while (peer.poll() != null)
        {
            received[0]++;
        }
        return received[0];
    }

    private static byte[] randomBytes(final SplittableRandom random, final int length)
    {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return bytes;
    }
}
