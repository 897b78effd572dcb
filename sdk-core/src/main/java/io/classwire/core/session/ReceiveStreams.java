package io.classwire.core.session;

/**
 * The session's remote SSRCs, bounded: a linear table, which beats hashing at the handful of streams a peer sends
 * and allocates only when a new SSRC appears. When full, a new SSRC takes the slot of the oldest ended stream, if
 * any. Single-threaded.
 */
final class ReceiveStreams
{
    private final ReceiveStream[] streams;
    private int count;

    ReceiveStreams(final int capacity)
    {
        streams = new ReceiveStream[capacity];
    }

    ReceiveStream find(final int ssrc)
    {
        final ReceiveStream[] streams = this.streams;
        for (int i = 0, n = count; i < n; i++)
        {
            if (streams[i].ssrc() == ssrc)
            {
                return streams[i];
            }
        }
        return null;
    }

    /**
     * Add a stream for a new SSRC.
     *
     * @return the new stream, or null when the table is full of live streams.
     */
    ReceiveStream add(final int ssrc, final int payloadType, final int clockRateHz, final long nowNs)
    {
        int slot = count;
        if (count == streams.length)
        {
            slot = oldestEndedSlot();
            if (slot < 0)
            {
                return null;
            }
        }
        else
        {
            count++;
        }
        final ReceiveStream stream = new ReceiveStream(ssrc, payloadType, clockRateHz, nowNs);
        streams[slot] = stream;
        return stream;
    }

    private int oldestEndedSlot()
    {
        int slot = -1;
        for (int i = 0; i < count; i++)
        {
            if (streams[i].isEnded() && (slot < 0 || streams[i].endedNs() - streams[slot].endedNs() < 0))
            {
                slot = i;
            }
        }
        return slot;
    }

    int count()
    {
        return count;
    }

    ReceiveStream get(final int index)
    {
        if (index < 0 || index >= count)
        {
            throw new IndexOutOfBoundsException("receive stream " + index + " not in [0, " + count + ")");
        }
        return streams[index];
    }
}
