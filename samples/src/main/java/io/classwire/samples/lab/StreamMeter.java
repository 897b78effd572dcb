package io.classwire.samples.lab;

import io.classwire.core.wire.SeqUnwrapper;
import org.HdrHistogram.Histogram;

/**
 * Measures one received media stream end to end: packets received, lost, duplicated and reordered, and one-way delay
 * percentiles from send timestamps carried in the payload (sender and receiver share one clock: the simulator's, or
 * the machine's monotonic clock over loopback). Single writer: {@link #onPacket} runs on the receiving agent's
 * thread; the counters may be read from another thread for progress display, the delay percentiles only once the
 * agent has stopped.
 */
public final class StreamMeter
{
    private static final int WINDOW = 1 << 16;

    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final long[] seenBits = new long[WINDOW / 64];
    private final Histogram delayUs = new Histogram(60_000_000L, 3);
    private volatile long firstExtended = -1;
    private volatile long highestExtended = -1;
    private volatile long received;
    private volatile long duplicates;
    private volatile long reordered;

    /**
     * Account for one packet.
     *
     * @param sequenceNumber RTP sequence number.
     * @param sendNs         send time carried in the payload.
     * @param arrivalNs      arrival time on the same clock.
     */
    public void onPacket(final int sequenceNumber, final long sendNs, final long arrivalNs)
    {
        final long extended = unwrapper.unwrap(sequenceNumber);
        if (firstExtended < 0)
        {
            firstExtended = extended;
            highestExtended = extended;
        }
        if (highestExtended - extended >= WINDOW)
        {
            return;     // far older than anything we track: ignore rather than misreport
        }
        final int index = (int)(extended & (WINDOW - 1));
        final long bit = 1L << (index & 63);
        if (extended > highestExtended)
        {
            for (long s = highestExtended + 1; s <= extended && s - highestExtended <= WINDOW; s++)
            {
                final int cleared = (int)(s & (WINDOW - 1));
                seenBits[cleared >>> 6] &= ~(1L << (cleared & 63));
            }
            highestExtended = extended;
        }
        else if (extended < highestExtended)
        {
            if ((seenBits[index >>> 6] & bit) == 0)
            {
                reordered = reordered + 1;
            }
        }
        if ((seenBits[index >>> 6] & bit) != 0)
        {
            duplicates = duplicates + 1;
            return;
        }
        seenBits[index >>> 6] |= bit;
        received = received + 1;
        delayUs.recordValue(Math.max(0, Math.min(delayUs.getHighestTrackableValue(), (arrivalNs - sendNs) / 1000)));
    }

    /** @return distinct packets received. */
    public long received()
    {
        return received;
    }

    /** @return packets expected from the first to the highest sequence number seen. */
    public long expected()
    {
        return firstExtended < 0 ? 0 : highestExtended - firstExtended + 1;
    }

    /** @return expected minus received, never negative. */
    public long lost()
    {
        return Math.max(0, expected() - received);
    }

    /** @return copies of packets already received. */
    public long duplicates()
    {
        return duplicates;
    }

    /** @return packets that arrived after a packet with a higher sequence number. */
    public long reordered()
    {
        return reordered;
    }

    /**
     * @param percentile 0..100.
     * @return one-way delay at that percentile in milliseconds, or NaN before the first packet.
     */
    public double delayMs(final double percentile)
    {
        return received == 0 ? Double.NaN : delayUs.getValueAtPercentile(percentile) / 1000.0;
    }
}
