package io.classwire.core.recovery;

/**
 * The lost packets a {@link NackGenerator} is tracking, as parallel arrays sorted by extended sequence number (gaps
 * are found in sequence order, so adding is an append; removal shifts). Package-private; single-threaded.
 */
final class MissingPackets
{
    final long[] seq;
    final long[] expectedNs;
    final long[] detectedNs;
    final long[] arrivalsAtDetect;
    final long[] nextRequestNs;
    final long[] firstRequestNs;
    final int[] requests;
    private int count;

    MissingPackets(final int capacity)
    {
        seq = new long[capacity];
        expectedNs = new long[capacity];
        detectedNs = new long[capacity];
        arrivalsAtDetect = new long[capacity];
        nextRequestNs = new long[capacity];
        firstRequestNs = new long[capacity];
        requests = new int[capacity];
    }

    int size()
    {
        return count;
    }

    boolean isFull()
    {
        return count == seq.length;
    }

    /** Append a packet newer than every tracked one. */
    void add(final long extSeq, final long expected, final long detected, final long arrivals, final long firstNs)
    {
        seq[count] = extSeq;
        expectedNs[count] = expected;
        detectedNs[count] = detected;
        arrivalsAtDetect[count] = arrivals;
        nextRequestNs[count] = firstNs;
        firstRequestNs[count] = 0;
        requests[count] = 0;
        count++;
    }

    /** @return the index of a tracked packet, or -1. */
    int indexOf(final long extSeq)
    {
        int low = 0;
        int high = count - 1;
        while (low <= high)
        {
            final int mid = (low + high) >>> 1;
            final long value = seq[mid];
            if (value == extSeq)
            {
                return mid;
            }
            if (value < extSeq)
            {
                low = mid + 1;
            }
            else
            {
                high = mid - 1;
            }
        }
        return -1;
    }

    void remove(final int index)
    {
        final int tail = count - index - 1;
        if (tail > 0)
        {
            System.arraycopy(seq, index + 1, seq, index, tail);
            System.arraycopy(expectedNs, index + 1, expectedNs, index, tail);
            System.arraycopy(detectedNs, index + 1, detectedNs, index, tail);
            System.arraycopy(arrivalsAtDetect, index + 1, arrivalsAtDetect, index, tail);
            System.arraycopy(nextRequestNs, index + 1, nextRequestNs, index, tail);
            System.arraycopy(firstRequestNs, index + 1, firstRequestNs, index, tail);
            System.arraycopy(requests, index + 1, requests, index, tail);
        }
        count--;
    }

    void clear()
    {
        count = 0;
    }
}
