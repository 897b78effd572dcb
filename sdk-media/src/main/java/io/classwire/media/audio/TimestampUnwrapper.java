package io.classwire.media.audio;

/**
 * Extends 32-bit RTP timestamps to a monotonic {@code long} timeline (RFC 3550 section 5.1 wrap-around): each
 * timestamp is placed at the signed 32-bit distance from the newest one seen; single-threaded, allocation-free.
 * The first timestamp maps to its unsigned value, so {@code extended & 0xFFFFFFFF} is always the wire value.
 */
final class TimestampUnwrapper
{
    private boolean started;
    private int newestRaw;
    private long newest;

    /**
     * @param timestamp a 32-bit RTP timestamp.
     * @return its extended value; older timestamps (reordering) map below the newest.
     */
    long unwrap(final int timestamp)
    {
        if (!started)
        {
            started = true;
            newestRaw = timestamp;
            newest = timestamp & 0xFFFF_FFFFL;
            return newest;
        }
        final long extended = newest + (timestamp - newestRaw);
        if (extended > newest)
        {
            newest = extended;
            newestRaw = timestamp;
        }
        return extended;
    }
}
