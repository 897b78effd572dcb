package io.classwire.core.congestion;

import io.classwire.core.wire.SeqNum;

/**
 * Assigns transport-wide sequence numbers (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 2) to every
 * packet leaving a transport, as a monotonic 64-bit counter whose low 16 bits go on the wire. Keeping the unwrapped
 * value on the sender side means feedback never has to guess which 65536-cycle a number belongs to.
 *
 * <p>Single-threaded: owned by the thread that paces and sends (numbers must follow send order, so they are assigned
 * when the pacer releases a packet, not when it is queued).
 */
public final class TransportSequencer
{
    private long next;

    /** Start at 0. */
    public TransportSequencer()
    {
        this(0);
    }

    /**
     * Start at a chosen first value (e.g. seeded per session so that restarts do not reuse recent numbers).
     *
     * @param first the first number {@link #next()} returns, not negative.
     */
    public TransportSequencer(final long first)
    {
        if (first < 0)
        {
            throw new IllegalArgumentException("first sequence must be >= 0: " + first);
        }
        this.next = first;
    }

    /**
     * Take the next sequence number.
     *
     * @return the unwrapped number; put {@link #wireSequence(long)} of it in the packet.
     */
    public long next()
    {
        return next++;
    }

    /**
     * Look at the number {@link #next()} will return.
     *
     * @return the next unwrapped number.
     */
    public long peekNext()
    {
        return next;
    }

    /**
     * The 16-bit value carried in the header extension.
     *
     * @param sequence an unwrapped transport sequence number.
     * @return its low 16 bits.
     */
    public static int wireSequence(final long sequence)
    {
        return (int)sequence & SeqNum.MASK;
    }
}
