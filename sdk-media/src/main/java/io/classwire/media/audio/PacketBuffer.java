package io.classwire.media.audio;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * Received audio packets waiting for playout, held as copies in preallocated slots indexed by extended sequence
 * number modulo the capacity; single-threaded and allocation-free after construction. Lookups are by extended RTP
 * timestamp, because DTX leaves timestamp gaps between consecutive sequence numbers. Scans are linear over the
 * slots, which is cheap at the few dozen packets a jitter buffer holds.
 */
final class PacketBuffer
{
    static final int INSERTED = 0;
    static final int DUPLICATE = 1;
    static final int FULL = 2;
    static final int NONE = -1;

    private final int mask;
    private final int maxPayloadLength;
    private final long[] sequences;
    private final long[] timestamps;
    private final long[] arrivalsNs;
    private final int[] lengths;
    private final int[] durations;
    private final boolean[] fec;
    private final UnsafeBuffer payloads;
    private int count;

    PacketBuffer(final int capacity, final int maxPayloadLength)
    {
        this.mask = capacity - 1;
        this.maxPayloadLength = maxPayloadLength;
        this.sequences = new long[capacity];
        this.timestamps = new long[capacity];
        this.arrivalsNs = new long[capacity];
        this.lengths = new int[capacity];
        this.durations = new int[capacity];
        this.fec = new boolean[capacity];
        this.payloads = new UnsafeBuffer(new byte[capacity * maxPayloadLength]);
        Arrays.fill(sequences, NONE);
    }

    int insert(
        final long sequence, final long timestamp, final long arrivalNs, final DirectBuffer src, final int offset,
        final int length, final int durationSamples, final boolean hasFec)
    {
        final int slot = (int)(sequence & mask);
        if (sequences[slot] == sequence)
        {
            return DUPLICATE;
        }
        if (sequences[slot] != NONE)
        {
            return FULL;
        }
        sequences[slot] = sequence;
        timestamps[slot] = timestamp;
        arrivalsNs[slot] = arrivalNs;
        lengths[slot] = length;
        durations[slot] = durationSamples;
        fec[slot] = hasFec;
        payloads.putBytes(slot * maxPayloadLength, src, offset, length);
        count++;
        return INSERTED;
    }

    /** @return the slot holding exactly this timestamp, or {@link #NONE}. */
    int find(final long timestamp)
    {
        if (count == 0)
        {
            return NONE;
        }
        for (int slot = 0; slot <= mask; slot++)
        {
            if (sequences[slot] != NONE && timestamps[slot] == timestamp)
            {
                return slot;
            }
        }
        return NONE;
    }

    /** @return the slot with the smallest timestamp above {@code timestamp}, or {@link #NONE}. */
    int earliestAfter(final long timestamp)
    {
        int best = NONE;
        for (int slot = 0; count > 0 && slot <= mask; slot++)
        {
            if (sequences[slot] != NONE && timestamps[slot] > timestamp &&
                (best == NONE || timestamps[slot] < timestamps[best]))
            {
                best = slot;
            }
        }
        return best;
    }

    /** @return the slot with the smallest timestamp, or {@link #NONE} when empty. */
    int earliest()
    {
        return earliestAfter(Long.MIN_VALUE);
    }

    /** @return packets removed because their audio starts before {@code timestamp}. */
    int removeOlderThan(final long timestamp)
    {
        int removed = 0;
        for (int slot = 0; count > 0 && slot <= mask; slot++)
        {
            if (sequences[slot] != NONE && timestamps[slot] < timestamp)
            {
                remove(slot);
                removed++;
            }
        }
        return removed;
    }

    /** @return total duration, in samples, of the packets whose audio starts at or after {@code timestamp}. */
    long spanSamples(final long timestamp)
    {
        long span = 0;
        for (int slot = 0; count > 0 && slot <= mask; slot++)
        {
            if (sequences[slot] != NONE && timestamps[slot] >= timestamp)
            {
                span += durations[slot];
            }
        }
        return span;
    }

    void remove(final int slot)
    {
        if (sequences[slot] != NONE)
        {
            sequences[slot] = NONE;
            count--;
        }
    }

    void clear()
    {
        Arrays.fill(sequences, NONE);
        count = 0;
    }

    int count()
    {
        return count;
    }

    long sequence(final int slot)
    {
        return sequences[slot];
    }

    long timestamp(final int slot)
    {
        return timestamps[slot];
    }

    long arrivalNs(final int slot)
    {
        return arrivalsNs[slot];
    }

    int length(final int slot)
    {
        return lengths[slot];
    }

    int durationSamples(final int slot)
    {
        return durations[slot];
    }

    boolean hasFec(final int slot)
    {
        return fec[slot];
    }

    /** @return the buffer holding every slot's payload. */
    DirectBuffer payloads()
    {
        return payloads;
    }

    int payloadOffset(final int slot)
    {
        return slot * maxPayloadLength;
    }
}
