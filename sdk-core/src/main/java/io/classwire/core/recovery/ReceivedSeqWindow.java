package io.classwire.core.recovery;

import java.util.Arrays;

/**
 * Which of the most recent extended sequence numbers have been seen: a bitmap over a sliding window, for dropping
 * duplicates. Single-threaded; allocation-free.
 */
public final class ReceivedSeqWindow
{
    /** {@link #mark} result: first time seen. */
    public static final int NEW = 0;
    /** {@link #mark} result: seen before. */
    public static final int DUPLICATE = 1;
    /** {@link #mark} result: older than the window; unknown, so treated as not new. */
    public static final int TOO_OLD = 2;

    private final long[] bits;
    private final int size;
    private long highest = -1;

    /**
     * @param size window length in packets, a multiple of 64, at least 64.
     */
    public ReceivedSeqWindow(final int size)
    {
        if (size < 64 || size % 64 != 0)
        {
            throw new IllegalArgumentException("size must be a positive multiple of 64: " + size);
        }
        this.size = size;
        this.bits = new long[size / 64];
    }

    /**
     * Record a sequence number.
     *
     * @param extendedSeq extended sequence number, not negative.
     * @return {@link #NEW}, {@link #DUPLICATE} or {@link #TOO_OLD}.
     */
    public int mark(final long extendedSeq)
    {
        if (highest >= 0 && extendedSeq <= highest - size)
        {
            return TOO_OLD;
        }
        if (extendedSeq > highest)
        {
            advanceTo(extendedSeq);
        }
        final int bit = (int)(extendedSeq % size);
        final long mask = 1L << (bit & 63);
        if ((bits[bit >>> 6] & mask) != 0)
        {
            return DUPLICATE;
        }
        bits[bit >>> 6] |= mask;
        return NEW;
    }

    /**
     * @param extendedSeq extended sequence number.
     * @return true when seen and still in the window.
     */
    public boolean contains(final long extendedSeq)
    {
        if (extendedSeq < 0 || extendedSeq > highest || extendedSeq <= highest - size)
        {
            return false;
        }
        final int bit = (int)(extendedSeq % size);
        return (bits[bit >>> 6] & (1L << (bit & 63))) != 0;
    }

    /** @return the highest number marked, or -1. */
    public long highest()
    {
        return highest;
    }

    private void advanceTo(final long extendedSeq)
    {
        if (highest < 0 || extendedSeq - highest >= size)
        {
            Arrays.fill(bits, 0L);
        }
        else
        {
            for (long s = highest + 1; s <= extendedSeq; s++)
            {
                final int bit = (int)(s % size);
                bits[bit >>> 6] &= ~(1L << (bit & 63));
            }
        }
        highest = extendedSeq;
    }
}
