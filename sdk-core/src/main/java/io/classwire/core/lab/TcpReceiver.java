package io.classwire.core.lab;

/**
 * Receiving end of a {@link TcpNewRenoFlow}: reassembles segments in order and answers every data segment with a
 * cumulative ACK that echoes the segment's send time (like the TCP timestamp option). No delayed ACKs, no SACK.
 *
 * <p>Out-of-order segments are remembered in a ring as large as the sender's maximum window. Single-threaded.
 */
final class TcpReceiver
{
    private final boolean[] received;
    private final int mask;
    private long nextExpected;
    private long deliveredSegments;

    TcpReceiver(final int maxWindowSegments)
    {
        final int size = Integer.highestOneBit(Math.max(2, maxWindowSegments) * 2 - 1) << 1;
        received = new boolean[size];
        mask = size - 1;
    }

    /**
     * Take a data segment.
     *
     * @return the cumulative ACK number to send: the next segment expected.
     */
    long onSegment(final long segment)
    {
        if (segment >= nextExpected && segment - nextExpected < received.length)
        {
            received[(int)(segment & mask)] = true;
            while (received[(int)(nextExpected & mask)])
            {
                received[(int)(nextExpected & mask)] = false;
                nextExpected++;
                deliveredSegments++;
            }
        }
        return nextExpected;
    }

    /** @return segments delivered in order to the application. */
    long deliveredSegments()
    {
        return deliveredSegments;
    }
}
