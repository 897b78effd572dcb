package io.classwire.core.recovery;

import io.classwire.core.wire.SeqUnwrapper;

/**
 * Receiver-side measure of a stream's loss pattern as the network delivers it: the loss rate and the mean burst
 * length (consecutive losses), the two numbers the {@link ProtectionPolicy}'s loss model needs and RTCP receiver
 * reports do not carry (RFC 3611 XR burst metrics would; until then the receiver signals them). Feed it the packets
 * as they arrive, before any repair. A gap counts as one burst of its length; a packet arriving late (reordered)
 * takes its loss back. Counts are halved every {@code halfLifePackets} so the estimate follows the path.
 * Single-threaded; allocation-free.
 */
public final class LossBurstEstimator
{
    /** A jump longer than this is a discontinuity (a restarted sender), not a loss burst. */
    public static final int MAX_GAP_PACKETS = 1000;

    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final int halfLifePackets;
    private long highest = -1;
    private double expected;
    private double lost;
    private double bursts;
    private long sinceDecay;

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
            return;
        }
        if (ext <= highest)
        {
            if (ext < highest && lost >= 1)
            {
                lost--;
            }
            return;
        }
        final long gap = ext - highest - 1;
        if (gap > 0 && gap <= MAX_GAP_PACKETS)
        {
            lost += gap;
            bursts++;
        }
        expected += ext - highest;
        sinceDecay += ext - highest;
        highest = ext;
        if (sinceDecay >= halfLifePackets)
        {
            sinceDecay = 0;
            expected /= 2;
            lost /= 2;
            bursts /= 2;
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
        return bursts > 0 ? lost / bursts : 0.0;
    }
}
