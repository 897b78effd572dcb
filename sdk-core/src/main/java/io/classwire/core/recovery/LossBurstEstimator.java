package io.classwire.core.recovery;

import io.classwire.core.wire.SeqUnwrapper;

/**
 * Receiver-side measure of a stream's loss pattern as the network delivers it: the loss rate and the mean burst
 * length (consecutive losses), the two numbers the {@link ProtectionPolicy}'s loss model needs and RTCP receiver
 * reports do not carry (the receiver sends the burst in a {@link io.classwire.core.wire.LossPatternReport}). Feed it
 * the packets as they arrive, before any repair.
 * <ul>
 *   <li>Loss rate: a gap counts as lost at once, and a packet arriving late (reordered) takes its loss back, so the
 *       rate reacts within a packet.</li>
 *   <li>Mean burst: a packet's fate is settled only once it is {@link #REORDER_WINDOW} packets older than the newest
 *       one; a run of settled losses is one burst. Counting runs at arrival instead would split a gap that a late
 *       packet later fills into two bursts while keeping both, which on a jittery path (30 ms of jitter on 20 ms
 *       packets) read as a mean burst of 0.3-0.7, below the 1 that any loss has.</li>
 * </ul>
 * Counts are halved every {@code halfLifePackets} so the estimate follows the path. Single-threaded; allocation-free.
 */
public final class LossBurstEstimator
{
    /** A jump longer than this is a discontinuity (a restarted sender), not a loss burst. */
    public static final int MAX_GAP_PACKETS = 1000;
    /** Packets a late one may trail the newest by and still count as received for the burst measure. */
    public static final int REORDER_WINDOW = 8;
    private static final long TOP_BIT = 1L << (REORDER_WINDOW - 1);
    private static final long WINDOW_MASK = (1L << REORDER_WINDOW) - 1;

    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final int halfLifePackets;
    private long highest = -1;
    private double expected;
    private double lost;
    private long sinceDecay;
    // burst measure: bit i of window = packet (highest - i) arrived; packets leave the window settled
    private long window;
    private double settledLost;
    private double settledBursts;
    private boolean lastSettledLost;

    /**
     * @param halfLifePackets packets after which old observations weigh half, at least 16.
     */
    public LossBurstEstimator(final int halfLifePackets)
    {
        if (halfLifePackets < 16)
        {
            throw new IllegalArgumentException("halfLifePackets " + halfLifePackets);
        }
        this.halfLifePackets = halfLifePackets;
    }

    /**
     * A packet of the stream arrived from the network (not rebuilt).
     *
     * @param seq its sequence number.
     */
    public void onPacket(final int seq)
    {
        final long ext = unwrapper.unwrap(seq);
        if (highest < 0)
        {
            highest = ext;
            expected = 1;
            // packets before the first one are not this stream's: they settle as received
            window = WINDOW_MASK;
            return;
        }
        if (ext <= highest)
        {
            final long age = highest - ext;
            if (age >= REORDER_WINDOW || (window & (1L << age)) == 0)
            {
                window |= age < REORDER_WINDOW ? 1L << age : 0;
                if (ext < highest && lost >= 1)
                {
                    lost--;
                }
            }
            return;
        }
        final long gap = ext - highest - 1;
        if (gap > 0 && gap <= MAX_GAP_PACKETS)
        {
            lost += gap;
        }
        expected += ext - highest;
        sinceDecay += ext - highest;
        advanceWindow(gap > MAX_GAP_PACKETS ? REORDER_WINDOW : ext - highest, gap > MAX_GAP_PACKETS);
        highest = ext;
        if (sinceDecay >= halfLifePackets)
        {
            sinceDecay = 0;
            expected /= 2;
            lost /= 2;
            settledLost /= 2;
            settledBursts /= 2;
        }
    }

    // Move the newest packet forward by shift (the new one arrived), settling the packets that leave the window; a
    // discontinuity settles the window and starts afresh without counting the jump.
    private void advanceWindow(final long shift, final boolean discontinuity)
    {
        for (long step = 0; step < shift; step++)
        {
            settle((window & TOP_BIT) != 0);
            window = (window << 1) & WINDOW_MASK;
        }
        if (discontinuity)
        {
            // as at the start: the packets before the new first one are not this stream's
            window = WINDOW_MASK;
            lastSettledLost = false;
        }
        window |= 1L;
    }

    private void settle(final boolean arrived)
    {
        if (arrived)
        {
            lastSettledLost = false;
            return;
        }
        settledLost++;
        if (!lastSettledLost)
        {
            settledBursts++;
            lastSettledLost = true;
        }
    }

    /** @return the fraction of packets lost, 0 before any loss. */
    public double lossRate()
    {
        return expected > 0 ? Math.min(1.0, lost / expected) : 0.0;
    }

    /** @return the mean number of consecutive losses; 0 before any loss (unknown). */
    public double meanBurstPackets()
    {
        return settledBursts > 0 ? settledLost / settledBursts : 0.0;
    }
}
