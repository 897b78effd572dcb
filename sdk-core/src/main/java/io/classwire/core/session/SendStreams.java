package io.classwire.core.session;

/**
 * The session's local SSRCs, bounded; a linear table like {@link ReceiveStreams}. Single-threaded.
 */
final class SendStreams
{
    private final SendStream[] streams;
    private int count;

    SendStreams(final int capacity)
    {
        streams = new SendStream[capacity];
    }

    SendStream find(final int ssrc)
    {
        final SendStream[] streams = this.streams;
        for (int i = 0, n = count; i < n; i++)
        {
            if (streams[i].ssrc() == ssrc)
            {
                return streams[i];
            }
        }
        return null;
    }

    boolean isFull()
    {
        return count == streams.length;
    }

    void add(final SendStream stream)
    {
        streams[count++] = stream;
    }

    int count()
    {
        return count;
    }

    SendStream get(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("send stream " + index + " not in [0, " + count + ")");
        }
        return streams[index];
    }

    int sentSinceReportCount()
    {
        int senders = 0;
        for (int i = 0; i < count; i++)
        {
            if (streams[i].sentSinceReport())
            {
                senders++;
            }
        }
        return senders;
    }
}
