package io.classwire.core.recovery;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.List;

/** Test transport that keeps a copy of every datagram sent and answers with a settable result. */
final class CapturingTransport implements DatagramTransport
{
    final List<byte[]> sent = new ArrayList<>();
    int result = OK;

    @Override
    public int peerId(final String host, final int port)
    {
        return 1;
    }

    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (result == OK)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            sent.add(copy);
        }
        return result;
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
}
