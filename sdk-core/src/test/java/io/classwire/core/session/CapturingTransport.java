package io.classwire.core.session;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.List;

/**
 * Test transport that records every datagram sent (allocating, fine outside the hot-path tests) and answers sends
 * with a configurable result. Nothing is ever received.
 */
final class CapturingTransport implements DatagramTransport
{
    final List<byte[]> sent = new ArrayList<>();
    final List<Integer> sentToPeer = new ArrayList<>();
    int sendResult = OK;

    @Override
    public int peerId(final String host, final int port)
    {
        return 3;
    }

    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (sendResult != OK)
        {
            return sendResult;
        }
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        sent.add(copy);
        sentToPeer.add(peerId);
        return OK;
    }

    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        return 0;
    }

    @Override
    public void close()
    {
    }

    UnsafeBuffer last()
    {
        return new UnsafeBuffer(sent.get(sent.size() - 1));
    }
}
