package io.classwire.core.recovery;

import java.util.Arrays;

/**
 * Residual-loss estimates for the protection schemes under the simple Gilbert model the lab uses
 * ({@code io.classwire.core.lab.GilbertElliottLoss}): a two-state Markov chain per packet, every packet lost in the
 * Bad state, none in the Good state, set by the mean loss rate p and the mean burst length b.
 *
 * <pre>
 *   r   = P(Bad -&gt; Good) = 1 / b              q = P(lost | previous lost) = 1 - r
 *   g   = P(Good -&gt; Bad) = r p / (1 - p)      lambda = 1 - r - g   (how fast the chain forgets)
 *   Bernoulli loss is the case b = 1 / (1 - p), where q = g = p and lambda = 0.
 *   s packets apart: P(lost | lost s before) = p + (1 - p) lambda^s,  P(lost | received s before) = p (1 - lambda^s)
 * </pre>
 *
 * Residual loss is the fraction of media packets still missing after repair:
 * <ul>
 *   <li>RED with distance d: packet i is lost for good when i and the d packets after it are all lost:
 *       {@code p q^d} (Bernoulli: {@code p^(d+1)}).</li>
 *   <li>A block code with k media and m repair packets (Reed-Solomon; XOR is m = 1), members s packets apart:
 *       with N the losses among the n = k + m packets, nothing is lost when N &lt;= m, and when N &gt; m the lost
 *       media are N k / n on average, so {@code residual = sum over j &gt; m of P(N = j) j / n}. P(N = j) is computed
 *       exactly for the chain by a forward recursion over the n packets (state x losses so far). For Bernoulli this
 *       is the binomial tail {@code p * P(Binomial(n - 1, p) &gt;= m)}.</li>
 *   <li>NACK with a attempts: each attempt fails when the NACK or the retransmission is lost,
 *       {@code f = 1 - (1 - p)^2} (both a round trip away from the loss, so taken as independent of it); the
 *       residual is multiplied by {@code f^a}.</li>
 * </ul>
 * Single-threaded; allocation-free after construction.
 */
public final class LossModel
{
    private final int maxPackets;
    private double[] lostCounts;
    private double[] receivedCounts;
    private double[] nextLost;
    private double[] nextReceived;
    private double lossRate;
    private double meanBurst;
    private double stayLost;
    private double becomeLost;
    private double chainLost;
    private double chainBecomeLost;
    private int length;

    /**
     * @param maxPackets longest block (k + m) to evaluate.
     */
    public LossModel(final int maxPackets)
    {
        this.maxPackets = maxPackets;
        this.lostCounts = new double[maxPackets + 1];
        this.receivedCounts = new double[maxPackets + 1];
        this.nextLost = new double[maxPackets + 1];
        this.nextReceived = new double[maxPackets + 1];
    }

    /**
     * Set the channel.
     *
     * @param lossRate         p, clamped to [0, 0.99].
     * @param meanBurstPackets b; values below the chain's minimum {@code max(1, p / (1 - p))} are raised to it,
     *                         and 0 or less means Bernoulli ({@code 1 / (1 - p)}).
     * @return this.
     */
    public LossModel configure(final double lossRate, final double meanBurstPackets)
    {
        final double p = Math.min(Math.max(lossRate, 0.0), 0.99);
        final double bernoulli = 1.0 / (1.0 - p);
        final double minimum = Math.max(1.0, p / (1.0 - p));
        this.lossRate = p;
        this.meanBurst = meanBurstPackets <= 0 ? bernoulli : Math.max(meanBurstPackets, minimum);
        final double r = 1.0 / meanBurst;
        this.stayLost = 1.0 - r;
        this.becomeLost = p >= 1.0 ? 1.0 : r * p / (1.0 - p);
        return this;
    }

    /** @return p. */
    public double lossRate()
    {
        return lossRate;
    }

    /** @return b as used (after clamping). */
    public double meanBurstPackets()
    {
        return meanBurst;
    }

    /** @return q, the probability that a packet is lost when the one before it was. */
    public double lossAfterLoss()
    {
        return stayLost;
    }

    /**
     * @param distance d, 0..3.
     * @return residual loss of RED with that distance: {@code p q^d}.
     */
    public double red(final int distance)
    {
        return lossRate * Math.pow(stayLost, distance);
    }

    /**
     * @param attempts NACK attempts that can arrive in time.
     * @return the factor NACK multiplies residual loss by: {@code (1 - (1 - p)^2)^attempts}.
     */
    public double nackFactor(final int attempts)
    {
        final double fail = 1.0 - (1.0 - lossRate) * (1.0 - lossRate);
        return Math.pow(fail, attempts);
    }

    /**
     * Start the count recursion for blocks whose members are {@code spacing} packets apart, with one packet in.
     *
     * @param spacing 1 for consecutive packets (row groups, Reed-Solomon), L for column groups.
     */
    public void start(final int spacing)
    {
        final double lambda = stayLost - becomeLost;
        final double decay = Math.pow(lambda, spacing);
        chainLost = lossRate + (1.0 - lossRate) * decay;
        chainBecomeLost = lossRate * (1.0 - decay);
        Arrays.fill(lostCounts, 0.0);
        Arrays.fill(receivedCounts, 0.0);
        lostCounts[1] = lossRate;
        receivedCounts[0] = 1.0 - lossRate;
        length = 1;
    }

    /**
     * Add one more packet to the block being evaluated.
     *
     * @return false when the block is already {@code maxPackets} long.
     */
    public boolean extend()
    {
        if (length == maxPackets)
        {
            return false;
        }
        Arrays.fill(nextLost, 0, length + 2, 0.0);
        Arrays.fill(nextReceived, 0, length + 2, 0.0);
        for (int c = 0; c <= length; c++)
        {
            final double fromLost = lostCounts[c];
            final double fromReceived = receivedCounts[c];
            nextLost[c + 1] += fromLost * chainLost + fromReceived * chainBecomeLost;
            nextReceived[c] += fromLost * (1.0 - chainLost) + fromReceived * (1.0 - chainBecomeLost);
        }
        double[] swap = lostCounts;
        lostCounts = nextLost;
        nextLost = swap;
        swap = receivedCounts;
        receivedCounts = nextReceived;
        nextReceived = swap;
        length++;
        return true;
    }

    /** @return packets in the block so far. */
    public int length()
    {
        return length;
    }

    /**
     * Residual loss of a block code on the block built so far (n = {@link #length()} packets).
     *
     * @param repairCount m, the losses the code absorbs.
     * @return {@code sum over j > m of P(N = j) j / n}.
     */
    public double blockResidual(final int repairCount)
    {
        double residual = 0.0;
        for (int j = repairCount + 1; j <= length; j++)
        {
            residual += (lostCounts[j] + receivedCounts[j]) * j;
        }
        return residual / length;
    }

    /**
     * Residual loss of one block code, from scratch.
     *
     * @param mediaCount  k.
     * @param repairCount m.
     * @param spacing     packets between members.
     * @return the residual loss, or p when k + m exceeds {@code maxPackets}.
     */
    public double blockResidual(final int mediaCount, final int repairCount, final int spacing)
    {
        if (mediaCount + repairCount > maxPackets)
        {
            return lossRate;
        }
        start(spacing);
        while (length < mediaCount + repairCount)
        {
            extend();
        }
        return blockResidual(repairCount);
    }
}
