package io.classwire.core.congestion;

import java.util.Arrays;

/**
 * Reusable table of per-packet outcomes from one transport-wide feedback: for each newly reported packet its sequence
 * number, send time, arrival time (or {@link #NOT_RECEIVED}), size, kind and probe cluster; plus the received
 * packets' order by arrival time, which the delay-based estimator needs when the network reordered them.
 *
 * <p>Filled by {@link FeedbackAdapter} (or directly by tests and simulations through {@link #reset}, {@link #add} and
 * {@link #complete}); read by the estimators. Columns are arrays sized at construction, so nothing allocates.
 * Single-threaded.
 */
public final class PacketResults
{
    /** Arrival time of a packet reported lost. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;
    /** Round-trip sample meaning "none in this feedback". */
    public static final long NO_RTT = -1;

    private final long[] sequences;
    private final long[] sendTimesUs;
    private final long[] arrivalTimesUs;
    private final int[] sizesBytes;
    private final int[] kinds;
    private final int[] probeClusterIds;
    private final boolean[] recovered;
    private final int[] arrivalOrder;
    private int count;
    private int receivedCount;
    private int recoveredCount;
    private long feedbackTimeUs;
    private long priorInFlightBytes;
    private long rttSampleUs = NO_RTT;

    /**
     * Create an empty table.
     *
     * @param capacity most packets one feedback may contribute; positive.
     */
    public PacketResults(final int capacity)
    {
        if (capacity <= 0)
        {
            throw new IllegalArgumentException("capacity must be positive: " + capacity);
        }
        sequences = new long[capacity];
        sendTimesUs = new long[capacity];
        arrivalTimesUs = new long[capacity];
        sizesBytes = new int[capacity];
        kinds = new int[capacity];
        probeClusterIds = new int[capacity];
        recovered = new boolean[capacity];
        arrivalOrder = new int[capacity];
    }

    /**
     * Empty the table for a new feedback.
     *
     * @param feedbackTimeUs     when the feedback arrived, on the sender's clock in microseconds.
     * @param priorInFlightBytes bytes in flight just before this feedback was applied.
     */
    public void reset(final long feedbackTimeUs, final long priorInFlightBytes)
    {
        this.count = 0;
        this.receivedCount = 0;
        this.recoveredCount = 0;
        this.feedbackTimeUs = feedbackTimeUs;
        this.priorInFlightBytes = priorInFlightBytes;
        this.rttSampleUs = NO_RTT;
    }

    /**
     * Append one packet's outcome, in sequence order.
     *
     * @param sequence       unwrapped transport sequence number.
     * @param sendTimeUs     send time on the sender's clock.
     * @param arrivalTimeUs  arrival time on the receiver's clock, or {@link #NOT_RECEIVED}.
     * @param sizeBytes      size as counted by the congestion controller.
     * @param kind           a {@link PacketKind} code.
     * @param probeClusterId probe cluster id or {@link SentPacketHistory#NOT_A_PROBE}.
     * @param wasLost        true when an earlier feedback reported this packet lost and this one reports it received.
     * @return false when the table is full (nothing appended).
     */
    public boolean add(
        final long sequence,
        final long sendTimeUs,
        final long arrivalTimeUs,
        final int sizeBytes,
        final int kind,
        final int probeClusterId,
        final boolean wasLost)
    {
        if (count == sequences.length)
        {
            return false;
        }
        final int i = count++;
        sequences[i] = sequence;
        sendTimesUs[i] = sendTimeUs;
        arrivalTimesUs[i] = arrivalTimeUs;
        sizesBytes[i] = sizeBytes;
        kinds[i] = kind;
        probeClusterIds[i] = probeClusterId;
        recovered[i] = wasLost && arrivalTimeUs != NOT_RECEIVED;
        if (arrivalTimeUs != NOT_RECEIVED)
        {
            receivedCount++;
            if (recovered[i])
            {
                recoveredCount++;
            }
        }
        return true;
    }

    /**
     * Finish the table: order the received packets by arrival time (stable, so equal times keep sequence order).
     * Insertion sort, which is linear for the usual almost-sorted input and allocates nothing.
     */
    public void complete()
    {
        int n = 0;
        for (int i = 0; i < count; i++)
        {
            if (arrivalTimesUs[i] == NOT_RECEIVED)
            {
                continue;
            }
            final long arrivalUs = arrivalTimesUs[i];
            int j = n;
            while (j > 0 && arrivalTimesUs[arrivalOrder[j - 1]] > arrivalUs)
            {
                arrivalOrder[j] = arrivalOrder[j - 1];
                j--;
            }
            arrivalOrder[j] = i;
            n++;
        }
    }

    /**
     * Set the round-trip sample derived from this feedback.
     *
     * @param rttUs microseconds, or {@link #NO_RTT}.
     */
    public void rttSampleUs(final long rttUs)
    {
        this.rttSampleUs = rttUs;
    }

    /**
     * Round-trip time sample from this feedback.
     *
     * @return microseconds, or {@link #NO_RTT}.
     */
    public long rttSampleUs()
    {
        return rttSampleUs;
    }

    /**
     * Packets in the table.
     *
     * @return the count, received or not.
     */
    public int count()
    {
        return count;
    }

    /**
     * Received packets in the table.
     *
     * @return the count; {@link #arrivalOrder(int)} accepts {@code 0 ..} this minus one.
     */
    public int receivedCount()
    {
        return receivedCount;
    }

    /**
     * Packets reported lost by this feedback.
     *
     * @return {@link #count()} minus {@link #receivedCount()}.
     */
    public int lostCount()
    {
        return count - receivedCount;
    }

    /**
     * Packets an earlier feedback reported lost and this one reports received (late or repaired reports).
     *
     * @return the count.
     */
    public int recoveredCount()
    {
        return recoveredCount;
    }

    /**
     * When the feedback arrived.
     *
     * @return microseconds on the sender's clock.
     */
    public long feedbackTimeUs()
    {
        return feedbackTimeUs;
    }

    /**
     * Bytes in flight before this feedback was applied.
     *
     * @return the count.
     */
    public long priorInFlightBytes()
    {
        return priorInFlightBytes;
    }

    /**
     * Index of the k-th received packet in arrival order; valid after {@link #complete()}.
     *
     * @param k in {@code [0, receivedCount())}.
     * @return the packet's index for the other accessors.
     */
    public int arrivalOrder(final int k)
    {
        return arrivalOrder[k];
    }

    /**
     * Sequence number of a packet.
     *
     * @param i packet index in {@code [0, count())}.
     * @return its unwrapped transport sequence number.
     */
    public long sequence(final int i)
    {
        return sequences[i];
    }

    /**
     * Send time of a packet.
     *
     * @param i packet index.
     * @return its send time in microseconds on the sender's clock.
     */
    public long sendTimeUs(final int i)
    {
        return sendTimesUs[i];
    }

    /**
     * Arrival time of a packet.
     *
     * @param i packet index.
     * @return its arrival time in microseconds on the receiver's clock, or {@link #NOT_RECEIVED}.
     */
    public long arrivalTimeUs(final int i)
    {
        return arrivalTimesUs[i];
    }

    /**
     * Whether a packet was received.
     *
     * @param i packet index.
     * @return whether it was received.
     */
    public boolean received(final int i)
    {
        return arrivalTimesUs[i] != NOT_RECEIVED;
    }

    /**
     * Whether a packet repairs an earlier loss report.
     *
     * @param i packet index.
     * @return true when an earlier feedback had reported it lost.
     */
    public boolean recovered(final int i)
    {
        return recovered[i];
    }

    /**
     * Size of a packet.
     *
     * @param i packet index.
     * @return its size in bytes.
     */
    public int sizeBytes(final int i)
    {
        return sizesBytes[i];
    }

    /**
     * Kind of a packet.
     *
     * @param i packet index.
     * @return its {@link PacketKind} code.
     */
    public int kind(final int i)
    {
        return kinds[i];
    }

    /**
     * Probe cluster of a packet.
     *
     * @param i packet index.
     * @return its probe cluster id or {@link SentPacketHistory#NOT_A_PROBE}.
     */
    public int probeClusterId(final int i)
    {
        return probeClusterIds[i];
    }

    /**
     * Capacity given at construction.
     *
     * @return most packets the table holds.
     */
    public int capacity()
    {
        return sequences.length;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "PacketResults{count=" + count + ", received=" + receivedCount + ", feedbackTimeUs=" + feedbackTimeUs +
            ", sequences=" + Arrays.toString(Arrays.copyOf(sequences, Math.min(count, 8))) + "...}";
    }
}
