package io.classwire.core.recovery;

/**
 * The sender's view of a stream's loss rate for the {@link ProtectionPolicy}, from the cumulative counters of the
 * receiver's reports (RFC 3550 report blocks: cumulative lost, extended highest sequence number): losses and
 * expected packets are accumulated between reports until a sample covers enough packets to mean something, then
 * smoothed. The 8-bit "fraction lost" of one report is too coarse for this on a low packet rate stream (a 50
 * packet/s stream puts a handful of packets in each 100 ms report). Single-threaded.
 */
public final class ReportedLossEstimator
{
    private final int minPackets;
    private final double gain;
    private boolean hasBase;
    private long lastLost;
    private long lastHighest;
    private long pendingLost;
    private long pendingExpected;
    private double lossRate = -1;
    private long samples;

    /**
     * @param minPackets expected packets a sample must cover, at least 1.
     * @param gain       weight of a new sample in the smoothed rate, in (0, 1].
     */
    public ReportedLossEstimator(final int minPackets, final double gain)
    {
        if (minPackets < 1 || !(gain > 0 && gain <= 1))
        {
            throw new IllegalArgumentException("minPackets " + minPackets + ", gain " + gain);
        }
        this.minPackets = minPackets;
        this.gain = gain;
    }

    /**
     * A report block about the stream arrived.
     *
     * @param cumulativeLost     its cumulative packets lost (may be negative with duplicates).
     * @param extendedHighestSeq its extended highest sequence number received.
     * @return true when a new sample was taken.
     */
    public boolean onReport(final long cumulativeLost, final long extendedHighestSeq)
    {
        if (!hasBase || extendedHighestSeq < lastHighest)
        {
            hasBase = true;
            lastLost = cumulativeLost;
            lastHighest = extendedHighestSeq;
            pendingLost = 0;
            pendingExpected = 0;
            return false;
        }
        pendingLost += cumulativeLost - lastLost;
        pendingExpected += extendedHighestSeq - lastHighest;
        lastLost = cumulativeLost;
        lastHighest = extendedHighestSeq;
        if (pendingExpected < minPackets)
        {
            return false;
        }
        // A packet still in flight behind a reordered one counts as lost in one report and as received (a drop of
        // the cumulative count) in a later one. A negative remainder is carried into the next sample rather than
        // clamped away, or reordering alone would read as loss.
        final long counted = Math.max(0, pendingLost);
        final double sample = Math.min(1.0, (double)counted / pendingExpected);
        lossRate = lossRate < 0 ? sample : lossRate + gain * (sample - lossRate);
        pendingLost -= counted;
        pendingExpected = 0;
        samples++;
        return true;
    }

    /** @return the smoothed loss rate, or -1 before the first sample. */
    public double lossRate()
    {
        return lossRate;
    }

    /** @return samples taken. */
    public long samples()
    {
        return samples;
    }
}
