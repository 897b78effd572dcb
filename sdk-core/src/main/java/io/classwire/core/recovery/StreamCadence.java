package io.classwire.core.recovery;

import java.util.Arrays;

/**
 * The spacing of a stream's packets as a {@link NackGenerator} measures it for its loss timeout: the median of the
 * arrival gaps between consecutive sequence numbers among the newest packets. A stall and the burst that catches up
 * give one long gap and a few near-zero ones, which the median ignores while they are under half the window, where
 * an average (of gaps, or over a span whose end falls in the burst) runs short or long for a second and, short,
 * predicts losses too early. Package-private; single-threaded; allocation-free.
 */
final class StreamCadence
{
    /** Newest packets whose arrivals measure the spacing (a power of two). */
    static final int PACKETS = 64;
    /** Gaps between consecutive packets needed before the spacing is known. */
    static final int MIN_PACKETS = 16;

    private final long[] seq = new long[PACKETS];
    private final long[] arrivalNs = new long[PACKETS];
    private final long[] gapsNs = new long[PACKETS];
    private double intervalNs;

    StreamCadence()
    {
        reset();
    }

    /** Forget everything (a stream discontinuity). */
    void reset()
    {
        Arrays.fill(seq, -1);
        intervalNs = 0;
    }

    /**
     * A packet newer than every one noted before arrived.
     *
     * @param ext    its extended sequence number, 0 or more.
     * @param nowNs  its arrival time.
     */
    void onNewest(final long ext, final long nowNs)
    {
        final int slot = (int)(ext & (PACKETS - 1));
        seq[slot] = ext;
        arrivalNs[slot] = nowNs;
        int count = 0;
        for (int i = 0; i < PACKETS; i++)
        {
            final int next = (i + 1) & (PACKETS - 1);
            if (seq[i] >= 0 && seq[next] == seq[i] + 1 && seq[i] > ext - PACKETS)
            {
                gapsNs[count++] = arrivalNs[next] - arrivalNs[i];
            }
        }
        if (count >= MIN_PACKETS)
        {
            Arrays.sort(gapsNs, 0, count);
            intervalNs = (count & 1) == 1 ? gapsNs[count / 2] : (gapsNs[count / 2 - 1] + gapsNs[count / 2]) / 2.0;
        }
    }

    /** @return the spacing, ns; 0 until {@link #MIN_PACKETS} gaps between consecutive packets were seen. */
    double intervalNs()
    {
        return intervalNs;
    }
}
