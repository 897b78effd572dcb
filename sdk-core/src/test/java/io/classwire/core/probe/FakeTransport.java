package io.classwire.core.probe;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A transport for unit tests: datagrams are injected by hand and everything sent is recorded with its time. */
final class FakeTransport implements DatagramTransport
{
    /** One datagram sent. */
    static final class Sent
    {
        final int peerId;
        final byte[] bytes;
        final long atNs;

        Sent(final int peerId, final byte[] bytes, final long atNs)
        {
            this.peerId = peerId;
            this.bytes = bytes;
            this.atNs = atNs;
        }
    }

    private static final class Inbound
    {
        final int peerId;
        final byte[] bytes;
        final long receivedNs;

        Inbound(final int peerId, final byte[] bytes, final long receivedNs)
        {
            this.peerId = peerId;
            this.bytes = bytes;
            this.receivedNs = receivedNs;
        }
    }

    final List<Sent> sent = new ArrayList<>();
    private final ArrayDeque<Inbound> inbound = new ArrayDeque<>();
    long nowNs;

    void inject(final int peerId, final byte[] bytes, final long receivedNs)
    {
        inbound.add(new Inbound(peerId, bytes, receivedNs));
    }

    void inject(final int peerId, final DirectBuffer buffer, final int length, final long receivedNs)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        inject(peerId, bytes, receivedNs);
    }

    long sentBytes(final int peerId)
    {
        long total = 0;
        for (final Sent datagram : sent)
        {
            total += datagram.peerId == peerId ? datagram.bytes.length : 0;
        }
        return total;
    }

    @Override
    public int peerId(final String host, final int port)
    {
        return port;
    }

    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(offset, bytes);
        sent.add(new Sent(peerId, bytes, nowNs));
        return OK;
    }

    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && !inbound.isEmpty())
        {
            final Inbound datagram = inbound.poll();
            handler.onDatagram(datagram.peerId, new UnsafeBuffer(datagram.bytes), 0, datagram.bytes.length,
                datagram.receivedNs);
            delivered++;
        }
        return delivered;
    }

    @Override
    public void close()
    {
    }
}
