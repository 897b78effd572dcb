package io.classwire.core.wire;

/**
 * Extends wrapping 16-bit sequence numbers into a monotonic 64-bit sequence (RFC 3550 appendix A.1 "extended highest
 * sequence number"), tolerating reordering of up to half the space. Single-threaded: one instance per stream, owned
 * by the thread that parses that stream.
 */
public final class SeqUnwrapper
{
    private long lastExtended = -1;

    /**
     * Unwrap {@code seq} relative to the last value seen. Older packets (reordered) map below the last value and do
     * not move it; a value that would fall below zero is clamped into the first cycle.
     *
     * @param seq a 16-bit sequence number.
     * @return the extended 64-bit sequence number.
     */
    public long unwrap(final int seq)
    {
        final int s = seq & SeqNum.MASK;
        if (lastExtended < 0)
        {
            lastExtended = s;
            return s;
        }
        final int last16 = (int)(lastExtended & SeqNum.MASK);
        long extended = lastExtended + SeqNum.distance(last16, s);
        if (extended < 0)
        {
            extended += SeqNum.MODULUS;
        }
        if (extended > lastExtended)
        {
            lastExtended = extended;
        }
        return extended;
    }

    /**
     * Look at what {@link #unwrap(int)} would return without recording it.
     *
     * @param seq a 16-bit sequence number.
     * @return the extended sequence number, or {@code seq} itself when nothing was seen yet.
     */
    public long peek(final int seq)
    {
        final int s = seq & SeqNum.MASK;
        if (lastExtended < 0)
        {
            return s;
        }
        final long extended = lastExtended + SeqNum.distance((int)(lastExtended & SeqNum.MASK), s);
        return extended < 0 ? extended + SeqNum.MODULUS : extended;
    }

    /** @return the highest extended sequence number seen, or -1 before the first. */
    public long highest()
    {
        return lastExtended;
    }

    /** Forget the history, as after an SSRC change. */
    public void reset()
    {
        lastExtended = -1;
    }
}
