package io.classwire.core.wire;

/**
 * Wrap-aware arithmetic on 32-bit RTP timestamps (RFC 3550 section 5.1), held in an {@code int} (the bit pattern is
 * the unsigned value) or a {@code long} masked to 32 bits.
 */
public final class RtpTimestamp
{
    /** Mask that reduces a long to an unsigned 32-bit timestamp. */
    public static final long MASK = 0xFFFF_FFFFL;

    private RtpTimestamp()
    {
    }

    /**
     * @param from a 32-bit timestamp.
     * @param to   a 32-bit timestamp.
     * @return the signed distance from {@code from} to {@code to}, in [-2^31, 2^31 - 1] ticks.
     */
    public static int distance(final int from, final int to)
    {
        return to - from;
    }

    /**
     * @param a a 32-bit timestamp.
     * @param b a 32-bit timestamp.
     * @return true when {@code a} is ahead of {@code b} by less than half the space (ties broken by raw value).
     */
    public static boolean isNewer(final int a, final int b)
    {
        final int d = a - b;
        if (d == Integer.MIN_VALUE)
        {
            return Integer.compareUnsigned(a, b) > 0;
        }
        return d > 0;
    }

    /**
     * @param timestamp a 32-bit timestamp.
     * @return its unsigned value.
     */
    public static long unsigned(final int timestamp)
    {
        return timestamp & MASK;
    }
}
