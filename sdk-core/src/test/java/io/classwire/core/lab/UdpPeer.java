package io.classwire.core.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * A plain JDK UDP socket on loopback for proxy tests: non-blocking, with receive loops bounded by a timeout so a test
 * can never hang. Deliberately independent of Netty so it checks the proxy from the outside.
 */
final class UdpPeer implements AutoCloseable
{
    static final long DEFAULT_TIMEOUT_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_PAUSE_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final DatagramChannel channel;
    private final ByteBuffer receiveBuffer = ByteBuffer.allocate(65_536);
    private InetSocketAddress lastSender;

    UdpPeer()
    {
        try
        {
            channel = DatagramChannel.open();
            channel.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            channel.configureBlocking(false);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    InetSocketAddress address()
    {
        try
        {
            return (InetSocketAddress)channel.getLocalAddress();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    InetSocketAddress lastSender()
    {
        return lastSender;
    }

    /**
     * Send without blocking.
     *
     * @return true when the kernel took the datagram, false when its send buffer was full.
     */
    boolean send(final byte[] payload, final SocketAddress to)
    {
        try
        {
            return channel.send(ByteBuffer.wrap(payload), to) > 0;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** Send, retrying while the kernel's send buffer is full, within the default timeout. */
    void sendOrFail(final byte[] payload, final SocketAddress to)
    {
        final long deadlineNs = System.nanoTime() + DEFAULT_TIMEOUT_NS;
        while (!send(payload, to))
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("could not send within the timeout");
            }
            LockSupport.parkNanos(POLL_PAUSE_NS);
        }
    }

    /** @return the next datagram if one is waiting, else null; never waits. */
    byte[] poll()
    {
        try
        {
            receiveBuffer.clear();
            final SocketAddress sender = channel.receive(receiveBuffer);
            if (sender == null)
            {
                return null;
            }
            lastSender = (InetSocketAddress)sender;
            receiveBuffer.flip();
            final byte[] payload = new byte[receiveBuffer.remaining()];
            receiveBuffer.get(payload);
            return payload;
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /** @return the next datagram, waiting up to {@code timeoutNs}; null if none came. */
    byte[] receive(final long timeoutNs)
    {
        final long deadlineNs = System.nanoTime() + timeoutNs;
        while (true)
        {
            final byte[] payload = poll();
            if (payload != null)
            {
                return payload;
            }
            if (System.nanoTime() - deadlineNs > 0)
            {
                return null;
            }
            LockSupport.parkNanos(POLL_PAUSE_NS);
        }
    }

    /** @return the next datagram within the default timeout; fails the test otherwise. */
    byte[] receiveOrFail(final String what)
    {
        final byte[] payload = receive(DEFAULT_TIMEOUT_NS);
        if (payload == null)
        {
            throw new AssertionError("no datagram within the timeout: " + what);
        }
        return payload;
    }

    /** Wait, within the default timeout, until {@code condition} holds; fail with {@code description} otherwise. */
    static void await(final BooleanSupplier condition, final Supplier<String> description)
    {
        final long deadlineNs = System.nanoTime() + DEFAULT_TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                throw new AssertionError("condition not met within the timeout: " + description.get());
            }
            LockSupport.parkNanos(POLL_PAUSE_NS);
        }
    }

    @Override
    public void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
