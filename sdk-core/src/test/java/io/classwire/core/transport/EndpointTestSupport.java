package io.classwire.core.transport;

import io.netty.buffer.PoolArenaMetric;
import io.netty.buffer.PooledByteBufAllocator;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Helpers for tests over real loopback sockets. Waiting is a bounded poll of a condition: the timeout only stops a
 * broken test from hanging, no assertion depends on how fast anything happens.
 */
final class EndpointTestSupport
{
    static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);
    static final String LOOPBACK = "127.0.0.1";

    private EndpointTestSupport()
    {
    }

    static EndpointContext loopbackContext(final boolean preferNative)
    {
        return new EndpointContext().bindAddress(LOOPBACK).preferNativeTransport(preferNative);
    }

    /** Spin (yielding) until the condition holds; fail with the message after {@link #TIMEOUT_NS}. */
    static void awaitTrue(final BooleanSupplier condition, final String message)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out waiting: " + message);
            }
            Thread.yield();
        }
    }

    /** An allocator without thread caches, so its arenas count every buffer still held. */
    /** Poll until {@code count} datagrams were delivered; fail on timeout. */
    static void pollUntil(
        final NettyUdpEndpoint endpoint, final DatagramHandler handler, final AtomicInteger delivered, final int count)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (delivered.get() < count)
        {
            if (endpoint.poll(handler, 16) == 0 && System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out after " + delivered.get() + " of " + count + ": " + endpoint.counters());
            }
        }
    }

    static PooledByteBufAllocator uncachedAllocator()
    {
        return new PooledByteBufAllocator(true, 0, 1, 8192, 9, 0, 0, false);
    }

    static long activeDirectAllocations(final PooledByteBufAllocator allocator)
    {
        long active = 0;
        for (final PoolArenaMetric arena : allocator.metric().directArenas())
        {
            active += arena.numActiveAllocations();
        }
        return active;
    }

    /** Write an RTP-looking datagram (version 2, PT 96) whose body is a function of {@code seq}. */
    static int writeDatagram(final MutableDirectBuffer buffer, final int seq, final int length)
    {
        buffer.putByte(0, (byte)0x80);
        buffer.putByte(1, (byte)96);
        buffer.putInt(4, seq);
        for (int i = 8; i < length; i++)
        {
            buffer.putByte(i, (byte)(seq * 31 + i));
        }
        return length;
    }

    /** Length used for datagram {@code seq}: 12 to 1211 bytes. */
    static int lengthFor(final int seq)
    {
        return 12 + (seq * 7919) % 1200;
    }

    /** @return the seq the datagram carries, or -1 when its length or any content byte is wrong. */
    static int checkDatagram(final DirectBuffer buffer, final int offset, final int length)
    {
        final int seq = buffer.getInt(offset + 4);
        if (length != lengthFor(seq) || (buffer.getByte(offset) & 0xFF) != 0x80)
        {
            return -1;
        }
        for (int i = 8; i < length; i++)
        {
            if (buffer.getByte(offset + i) != (byte)(seq * 31 + i))
            {
                return -1;
            }
        }
        return seq;
    }
}
