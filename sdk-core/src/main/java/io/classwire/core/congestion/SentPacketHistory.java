package io.classwire.core.congestion;

import io.classwire.core.wire.SeqNum;

import java.util.Arrays;

/**
 * Ring of recently sent packets keyed by unwrapped transport-wide sequence number: send time, size, kind and probe
 * cluster, plus whether feedback has reported each one yet. Feedback is matched against it to turn reported arrival
 * times into per-packet results; it also keeps the count of bytes in flight (sent, not yet reported).
 *
 * <p>Bounded two ways: by count (a power-of-two capacity; a newer packet overwrites the slot of one {@code capacity}
 * sequence numbers older) and by age ({@link #expire(long)} forgets packets sent more than {@code maxAgeUs} ago). A
 * forgotten packet that was never reported leaves the in-flight count; feedback about it is ignored. Arrays are sized
 * at construction, so nothing allocates afterwards.
 *
 * <p>Single-threaded: owned by the sender's agent thread.
 */
public final class SentPacketHistory
{
    /** Returned by {@link #indexOf(long)} for a packet not (or no longer) in the history. */
    public static final int NOT_FOUND = -1;
    /** Sent, not yet reported by feedback. */
    public static final int STATE_IN_FLIGHT = 0;
    /** Reported received. */
    public static final int STATE_RECEIVED = 1;
    /** Reported not received (a later feedback may still report it received). */
    public static final int STATE_LOST = 2;
    /** Probe cluster id of a packet that is not part of a probe. */
    public static final int NOT_A_PROBE = -1;

    private static final long EMPTY = -1;

    private final int mask;
    private final long maxAgeUs;
    private final long[] sequences;
    private final long[] sendTimesUs;
    private final int[] sizesBytes;
    private final byte[] kinds;
    private final byte[] states;
    private final int[] probeClusterIds;
    private long highestSequence = EMPTY;
    private long oldestSequence;
    private long inFlightBytes;
    private long forgottenUnreported;

    /**
     * Create an empty history.
     *
     * @param capacity most packets remembered; a power of two, at least 16.
     * @param maxAgeUs how long a packet is remembered after it was sent, in microseconds; positive.
     */
    public SentPacketHistory(final int capacity, final long maxAgeUs)
    {
        if (capacity < 16 || Integer.bitCount(capacity) != 1)
        {
            throw new IllegalArgumentException("capacity must be a power of two >= 16: " + capacity);
        }
        if (maxAgeUs <= 0)
        {
            throw new IllegalArgumentException("maxAgeUs must be positive: " + maxAgeUs);
        }
        this.mask = capacity - 1;
        this.maxAgeUs = maxAgeUs;
        sequences = new long[capacity];
        sendTimesUs = new long[capacity];
        sizesBytes = new int[capacity];
        kinds = new byte[capacity];
        states = new byte[capacity];
        probeClusterIds = new int[capacity];
        Arrays.fill(sequences, EMPTY);
    }

    /**
     * Record a packet just sent. Sequence numbers must increase (gaps are allowed).
     *
     * @param sequence       unwrapped transport-wide sequence number.
     * @param sendTimeUs     send time in microseconds on the sender's clock.
     * @param sizeBytes      bytes on the wire as the congestion controller should count them (RTP packet size).
     * @param kind           a {@link PacketKind} code.
     * @param probeClusterId probe cluster the packet belongs to, or {@link #NOT_A_PROBE}.
     * @return false (and nothing recorded) when {@code sequence} is negative or not above the highest recorded.
     */
    public boolean add(
        final long sequence, final long sendTimeUs, final int sizeBytes, final int kind, final int probeClusterId)
    {
        if (sequence < 0 || sequence <= highestSequence)
        {
            return false;
        }
        final int slot = (int)sequence & mask;
        if (sequences[slot] != EMPTY)
        {
            forget(slot);
        }
        sequences[slot] = sequence;
        sendTimesUs[slot] = sendTimeUs;
        sizesBytes[slot] = sizeBytes;
        kinds[slot] = (byte)kind;
        states[slot] = STATE_IN_FLIGHT;
        probeClusterIds[slot] = probeClusterId;
        inFlightBytes += sizeBytes;
        if (highestSequence == EMPTY)
        {
            oldestSequence = sequence;
        }
        highestSequence = sequence;
        oldestSequence = Math.max(oldestSequence, sequence - mask);
        return true;
    }

    /**
     * Find a packet.
     *
     * @param sequence unwrapped transport-wide sequence number.
     * @return its index for the accessors, or {@link #NOT_FOUND}.
     */
    public int indexOf(final long sequence)
    {
        if (sequence < oldestSequence || sequence > highestSequence || sequence < 0)
        {
            return NOT_FOUND;
        }
        final int slot = (int)sequence & mask;
        return sequences[slot] == sequence ? slot : NOT_FOUND;
    }

    /**
     * Extend a 16-bit sequence number from feedback to the unwrapped number nearest the highest one sent: feedback
     * only ever reports packets that were sent, so the nearest cycle is the right one.
     *
     * @param wireSequence 16-bit transport-wide sequence number.
     * @return the unwrapped number (may be negative or above {@link #highestSequence()} for a bogus report).
     */
    public long unwrap(final int wireSequence)
    {
        final int wire = wireSequence & SeqNum.MASK;
        if (highestSequence == EMPTY)
        {
            return wire;
        }
        return highestSequence + SeqNum.distance((int)highestSequence & SeqNum.MASK, wire);
    }

    /**
     * Record that feedback reported the packet received.
     *
     * @param index from {@link #indexOf(long)}.
     * @return the state before: {@link #STATE_IN_FLIGHT}, {@link #STATE_RECEIVED} or {@link #STATE_LOST}.
     */
    public int markReceived(final int index)
    {
        return mark(index, STATE_RECEIVED);
    }

    /**
     * Record that feedback reported the packet lost. A packet already reported received stays received.
     *
     * @param index from {@link #indexOf(long)}.
     * @return the state before.
     */
    public int markLost(final int index)
    {
        final int before = states[index];
        return before == STATE_RECEIVED ? before : mark(index, STATE_LOST);
    }

    /**
     * Forget packets sent more than the maximum age before {@code nowUs}; unreported ones leave the in-flight count.
     *
     * @param nowUs current time on the sender's clock in microseconds.
     * @return packets forgotten.
     */
    public int expire(final long nowUs)
    {
        int forgotten = 0;
        final long limitUs = nowUs - maxAgeUs;
        while (highestSequence != EMPTY && oldestSequence <= highestSequence)
        {
            final int slot = (int)oldestSequence & mask;
            if (sequences[slot] == oldestSequence)
            {
                if (sendTimesUs[slot] >= limitUs)
                {
                    break;
                }
                forget(slot);
                forgotten++;
            }
            oldestSequence++;
        }
        return forgotten;
    }

    /**
     * Sequence number of a recorded packet.
     *
     * @param index from {@link #indexOf(long)}.
     * @return the unwrapped sequence number.
     */
    public long sequence(final int index)
    {
        return sequences[index];
    }

    /**
     * Send time of a recorded packet.
     *
     * @param index from {@link #indexOf(long)}.
     * @return microseconds on the sender's clock.
     */
    public long sendTimeUs(final int index)
    {
        return sendTimesUs[index];
    }

    /**
     * Size of a recorded packet.
     *
     * @param index from {@link #indexOf(long)}.
     * @return bytes.
     */
    public int sizeBytes(final int index)
    {
        return sizesBytes[index];
    }

    /**
     * Kind of a recorded packet.
     *
     * @param index from {@link #indexOf(long)}.
     * @return a {@link PacketKind} code.
     */
    public int kind(final int index)
    {
        return kinds[index];
    }

    /**
     * Probe cluster of a recorded packet.
     *
     * @param index from {@link #indexOf(long)}.
     * @return the cluster id or {@link #NOT_A_PROBE}.
     */
    public int probeClusterId(final int index)
    {
        return probeClusterIds[index];
    }

    /**
     * Feedback state of a recorded packet.
     *
     * @param index from {@link #indexOf(long)}.
     * @return {@link #STATE_IN_FLIGHT}, {@link #STATE_RECEIVED} or {@link #STATE_LOST}.
     */
    public int state(final int index)
    {
        return states[index];
    }

    /**
     * Bytes sent and not yet reported by feedback (nor forgotten).
     *
     * @return the count.
     */
    public long inFlightBytes()
    {
        return inFlightBytes;
    }

    /**
     * Highest sequence number recorded.
     *
     * @return the number, or -1 before the first packet.
     */
    public long highestSequence()
    {
        return highestSequence;
    }

    /**
     * Packets forgotten (overwritten or expired) before any feedback reported them: a sign that feedback is missing.
     *
     * @return the count.
     */
    public long forgottenUnreported()
    {
        return forgottenUnreported;
    }

    /**
     * Most packets remembered.
     *
     * @return the capacity given at construction.
     */
    public int capacity()
    {
        return mask + 1;
    }

    private int mark(final int index, final int state)
    {
        final int before = states[index];
        if (before == STATE_IN_FLIGHT)
        {
            inFlightBytes -= sizesBytes[index];
        }
        states[index] = (byte)state;
        return before;
    }

    private void forget(final int slot)
    {
        if (states[slot] == STATE_IN_FLIGHT)
        {
            inFlightBytes -= sizesBytes[slot];
            forgottenUnreported++;
        }
        sequences[slot] = EMPTY;
    }
}
