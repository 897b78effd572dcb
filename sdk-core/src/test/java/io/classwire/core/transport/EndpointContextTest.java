package io.classwire.core.transport;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.epoll.Epoll;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointContextTest
{
    @Test
    void shouldFillDefaultsWhenConcluded()
    {
        final EndpointContext context = new EndpointContext().conclude();
        assertEquals(EndpointContext.DEFAULT_BIND_ADDRESS, context.bindAddress());
        assertEquals(0, context.bindPort());
        assertEquals(1500, context.maxDatagramBytes());
        assertEquals(1 << 20, context.inboundQueueCapacityBytes());
        assertEquals(1 << 20, context.outboundQueueCapacityBytes());
        assertTrue(context.allowUnknownPeers());
        assertEquals(EndpointContext.DEFAULT_MAX_PEERS, context.maxPeers());
        assertInstanceOf(BackoffIdleStrategy.class, context.idleStrategy());
        assertSame(SystemNanoClock.INSTANCE, context.clock());
        assertSame(PooledByteBufAllocator.DEFAULT, context.allocator());
        assertNotNull(context.errorHandler());
        assertEquals(Epoll.isAvailable(), context.useNativeTransport());
        assertFalse(new EndpointContext().preferNativeTransport(false).conclude().useNativeTransport());
        assertFalse(context.isConnected());
        assertTrue(context.directSend());
        assertFalse(context.reusePort());
    }

    @Test
    void shouldAlwaysSendDirectlyWhenConnected()
    {
        final EndpointContext context = new EndpointContext().directSend(false).connectTo("127.0.0.1", 5000).conclude();
        assertTrue(context.isConnected());
        assertEquals("127.0.0.1", context.remoteHost());
        assertEquals(5000, context.remotePort());
        assertTrue(context.directSend(), "a connected endpoint has no outbound ring");
        assertFalse(new EndpointContext().directSend(false).conclude().directSend());
    }

    @Test
    void shouldAcceptSmallestQueueThatHoldsEightLargestRecords()
    {
        new EndpointContext().maxDatagramBytes(1500).inboundQueueCapacityBytes(16 * 1024)
            .outboundQueueCapacityBytes(16 * 1024).conclude();
        new EndpointContext().maxDatagramBytes(100).inboundQueueCapacityBytes(1024)
            .outboundQueueCapacityBytes(1024).conclude();
    }

    @Test
    void shouldRejectInvalidValues()
    {
        assertRejected(() -> new EndpointContext().inboundQueueCapacityBytes(100_000).conclude());
        assertRejected(() -> new EndpointContext().outboundQueueCapacityBytes(3 << 10).conclude());
        assertRejected(() -> new EndpointContext().inboundQueueCapacityBytes(8 * 1024).conclude());
        assertRejected(() -> new EndpointContext().maxDatagramBytes(0).conclude());
        assertRejected(() -> new EndpointContext().maxDatagramBytes(65_508).conclude());
        assertRejected(() -> new EndpointContext().bindPort(65_536).conclude());
        assertRejected(() -> new EndpointContext().bindPort(-1).conclude());
        assertRejected(() -> new EndpointContext().bindAddress("").conclude());
        assertRejected(() -> new EndpointContext().maxPeers(0).conclude());
        assertRejected(() -> new EndpointContext().receiveBatch(0).conclude());
        assertRejected(() -> new EndpointContext().outboundDrainLimit(0).conclude());
        assertRejected(() -> new EndpointContext().socketReceiveBufferBytes(-1).conclude());
        assertRejected(() -> new EndpointContext().connectTo("127.0.0.1", 0).conclude());
        assertRejected(() -> new EndpointContext().connectTo("127.0.0.1", 65_536).conclude());
        assertRejected(() -> new EndpointContext().connectTo("", 5000).conclude());
    }

    private static void assertRejected(final org.junit.jupiter.api.function.Executable conclude)
    {
        assertThrows(IllegalStateException.class, conclude);
    }

    @Test
    void shouldBeIdempotentWhenConcludedTwice()
    {
        final EndpointContext context = new EndpointContext().conclude();
        final Object idle = context.idleStrategy();
        context.conclude();
        assertSame(idle, context.idleStrategy());
    }
}
