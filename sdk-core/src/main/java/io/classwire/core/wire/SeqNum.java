package io.classwire.core.wire;

/**
 * Wrap-aware arithmetic on 16-bit RTP sequence numbers (RFC 3550 section 5.1), on values held in an {@code int}.
 *
 * <p>Two sequence numbers are compared by the signed 16-bit difference between them, so a number up to 32767 steps
 * ahead (modulo 2^16) is "newer". Exactly half-way is treated as newer when the raw value is larger, which keeps
 * the relation antisymmetric.
 */
public final class SeqNum
{
    /** Number of distinct sequence numbers. */
    public static final int MODULUS = 1 << 16;
    /** Mask that reduces an int to a 16-bit sequence number. */
    public static final int MASK = MODULUS - 1;

    private SeqNum()
    {
    }

    /**
     * Signed distance from {@code from} to {@code to}, in [-32768, 32767].
     *
     * @param from a 16-bit sequence number.
     * @param to   a 16-bit sequence number.
     * @return how many steps forward (positive) or backward (negative) {@code to} lies from {@code from}.
     */
    public static int distance(final int from, final int to)
    {
        return (short)(to - from);
    }

    /**
     * @param a a 16-bit sequence number.
     * @param b a 16-bit sequence number.
     * @return true when {@code a} is newer than {@code b} (ahead of it by less than half the space).
     */
    public static boolean isNewer(final int a, final int b)
    {
        final int d = (a - b) & MASK;
        if (d == 0x8000)
        {
            return (a & MASK) > (b & MASK);
        }
        return d != 0 && d < 0x8000;
    }

    /**
     * @param seq a sequence number.
     * @param n   steps to add (may be negative).
     * @return {@code seq + n} modulo 2^16.
     */
    public static int add(final int seq, final int n)
    {
        return (seq + n) & MASK;
    }

    /**
     * @param a a 16-bit sequence number.
     * @param b a 16-bit sequence number.
     * @return whichever of the two is newer.
     */
    public static int latest(final int a, final int b)
    {
        return isNewer(a, b) ? a & MASK : b & MASK;
    }
}
