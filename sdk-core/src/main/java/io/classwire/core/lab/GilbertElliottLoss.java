package io.classwire.core.lab;

/**
 * Bursty packet loss as a two-state Markov chain per packet (the simple Gilbert form of the Gilbert-Elliott model):
 * every packet is lost in the Bad state and none in the Good state. Configured by what people can reason about, the
 * mean loss rate and the mean burst length, from which the transition probabilities follow:
 *
 * <pre>
 *   r = P(Bad -> Good)  = 1 / meanBurstPackets          (bursts are geometric with mean 1/r)
 *   p = P(Good -> Bad)  = r * meanLossRate / (1 - meanLossRate)
 *   stationary P(Bad)   = p / (p + r) = meanLossRate
 * </pre>
 *
 * <p>Because p is a probability, the burst length cannot be shorter than {@code rate / (1 - rate)}: an 80% loss rate
 * needs bursts of at least 4 packets on average (otherwise the Good runs would have to be shorter than one packet).
 *
 * @param meanLossRate     long-run fraction of packets lost, in (0, 1).
 * @param meanBurstPackets mean number of consecutive losses, at least 1 and at least {@code rate / (1 - rate)}.
 */
public record GilbertElliottLoss(double meanLossRate, double meanBurstPackets)
{
    /**
     * Validates the parameters.
     *
     * @param meanLossRate     long-run fraction of packets lost, in (0, 1).
     * @param meanBurstPackets mean number of consecutive losses.
     */
    public GilbertElliottLoss
    {
        if (!(meanLossRate > 0.0 && meanLossRate < 1.0))
        {
            throw new IllegalArgumentException("mean loss rate must be in (0, 1): " + meanLossRate);
        }
        final double minimumBurst = Math.max(1.0, meanLossRate / (1.0 - meanLossRate));
        if (!(meanBurstPackets >= minimumBurst))
        {
            throw new IllegalArgumentException("mean burst length " + meanBurstPackets + " is too short for loss rate " +
                meanLossRate + "; it must be at least " + minimumBurst + " packets");
        }
    }

    /**
     * Probability of moving from Good to Bad at a packet.
     *
     * @return p.
     */
    public double goodToBadProbability()
    {
        return badToGoodProbability() * meanLossRate / (1.0 - meanLossRate);
    }

    /**
     * Probability of moving from Bad to Good at a packet.
     *
     * @return r.
     */
    public double badToGoodProbability()
    {
        return 1.0 / meanBurstPackets;
    }
}
