package io.classwire.core.recovery;

/**
 * The arithmetic behind {@link ProtectionPolicy}: for given measurements, the NACK attempts that fit the latency
 * budget, each candidate plan's residual loss ({@link LossModel}), redundancy overhead in wire bytes and expected
 * retransmission bytes, and the best candidate of a regime. Package-private; single-threaded; allocation-free.
 */
final class PlanEvaluator
{
    private final ProtectionPolicyContext context;
    private final NackContext nack;
    private final LossModel model;
    private final ProtectionPlan candidate = new ProtectionPlan();
    private ProtectionPlan best;
    private int regime;
    private double burstInput;
    private double lossRate;
    private long rttNs;
    private long budgetNs;
    private long intervalNs;
    private double payloadBytes;
    private double mediaBytes;
    private double overheadCap;
    private int attempts;

    PlanEvaluator(final ProtectionPolicyContext context)
    {
        this.context = context;
        this.nack = context.nack();
        this.model = new LossModel(context.maxRsMedia() + context.maxRsRepair());
    }

    /** Set everything but the loss rate; call {@link #lossRate(double)} next. */
    void inputs(
        final double burst, final long rtt, final long budget, final long interval, final long bitrate,
        final long availableBitrateBps)
    {
        burstInput = burst;
        rttNs = rtt > 0 ? rtt : nack.rttNs();
        budgetNs = Math.max(0, budget);
        intervalNs = Math.max(1, interval);
        payloadBytes = Math.max(1.0, bitrate * (double)intervalNs / 8e9);
        mediaBytes = payloadBytes + context.packetOverheadBytes();
        overheadCap = context.maxOverhead();
        if (availableBitrateBps > 0)
        {
            final double mediaWireBps = mediaBytes * 8e9 / intervalNs;
            overheadCap = Math.min(overheadCap, Math.max(0.0, availableBitrateBps / mediaWireBps - 1.0));
        }
    }

    /** Set the loss rate plans are evaluated for, and the NACK attempts that follow with the burst length. */
    void lossRate(final double loss)
    {
        model.configure(loss, burstInput);
        lossRate = model.lossRate();
        attempts = nackAttempts(model.meanBurstPackets());
    }

    double lossRate()
    {
        return lossRate;
    }

    // Requests that can be answered before playout: the first once the gap is seen (on average (b + 1) / 2 packets
    // after the loss) plus the reorder wait, then one per retry interval, each needing rtt + margin before playout.
    private int nackAttempts(final double meanBurst)
    {
        double atNs = (meanBurst + 1.0) / 2.0 * intervalNs + nack.reorderDelayNs();
        final double needNs = rttNs + nack.marginNs();
        int count = 0;
        while (count < nack.maxRequests() && atNs + needNs <= budgetNs)
        {
            count++;
            atNs += Math.max(rttNs * nack.retryRttFactor(), nack.minRetryIntervalNs()) *
                Math.pow(nack.backoffFactor(), count - 1);
        }
        return count;
    }

    /** Put the best plan for the regime into {@code result}. */
    void choose(final int planRegime, final ProtectionPlan result)
    {
        regime = planRegime;
        best = result;
        final boolean useNack = attempts > 0;
        best.set(regime, useNack, 0, ProtectionPlan.FEC_NONE, 0, 0);
        estimate(best, regime);
        if (regime == ProtectionPlan.REGIME_CLEAN || best.residualLoss() <= context.targetResidual(regime))
        {
            return;
        }
        if (regime == ProtectionPlan.REGIME_MODERATE)
        {
            if (context.audio() && budgetNs < context.tightBudgetNs())
            {
                for (int d = 1; d <= RedEncoder.MAX_DISTANCE; d++)
                {
                    consider(candidate.set(regime, useNack, d, ProtectionPlan.FEC_NONE, 0, 0));
                }
                return;
            }
            considerXor(useNack);
        }
        considerReedSolomon(useNack);
    }

    private void considerXor(final boolean useNack)
    {
        for (int columns = 2; columns <= context.maxXorColumns(); columns++)
        {
            consider(candidate.set(regime, useNack, 0, ProtectionPlan.FEC_XOR_ROW, columns, 1));
            for (int rows = 2; rows <= context.maxXorRows(); rows++)
            {
                consider(candidate.set(regime, useNack, 0, ProtectionPlan.FEC_XOR_COLUMN, columns, rows));
            }
        }
    }

    // Incremental: one count recursion per k, extended by one packet per extra repair.
    private void considerReedSolomon(final boolean useNack)
    {
        final long usableNs = budgetNs - nack.marginNs();
        for (int k = 1; k <= context.maxRsMedia() && (k - 1) * intervalNs <= usableNs; k++)
        {
            model.start(1);
            while (model.length() < k + 1)
            {
                model.extend();
            }
            for (int m = 1; m <= context.maxRsRepair(); m++)
            {
                if (m > 1)
                {
                    model.extend();
                }
                candidate.set(regime, useNack, 0, ProtectionPlan.FEC_REED_SOLOMON, k, m);
                final double overhead = m * repairBytes() / (k * mediaBytes);
                if (overhead > overheadCap)
                {
                    break;
                }
                fill(candidate, model.blockResidual(m), overhead, (k - 1) * intervalNs);
                offer(candidate);
                if (candidate.residualLoss() <= context.targetResidual(regime))
                {
                    break;
                }
            }
        }
    }

    private void consider(final ProtectionPlan plan)
    {
        if (estimate(plan, regime) && plan.overheadFraction() <= overheadCap)
        {
            offer(plan);
        }
    }

    private void offer(final ProtectionPlan plan)
    {
        if (isBetter(plan, best))
        {
            best.copyFrom(plan);
        }
    }

    private boolean isBetter(final ProtectionPlan a, final ProtectionPlan b)
    {
        final double target = context.targetResidual(regime);
        final boolean aMeets = a.residualLoss() <= target;
        final boolean bMeets = b.residualLoss() <= target;
        if (aMeets != bMeets)
        {
            return aMeets;
        }
        if (aMeets)
        {
            return cost(a) < cost(b) - 1e-9 || (Math.abs(cost(a) - cost(b)) <= 1e-9 && a.residualLoss() <
                b.residualLoss());
        }
        return a.residualLoss() < b.residualLoss() - 1e-12 ||
            (Math.abs(a.residualLoss() - b.residualLoss()) <= 1e-12 && cost(a) < cost(b));
    }

    static double cost(final ProtectionPlan plan)
    {
        return plan.overheadFraction() + plan.retransmissionFraction();
    }

    /** Fill in a plan's estimates from its shape; false when the shape does not fit the latency budget. */
    boolean estimate(final ProtectionPlan plan, final int planRegime)
    {
        regime = planRegime;
        final double base;
        final double overhead;
        final long latencyNs;
        switch (plan.fecScheme())
        {
            case ProtectionPlan.FEC_XOR_ROW:
                latencyNs = (plan.xorColumns() - 1) * intervalNs;
                base = model.blockResidual(plan.xorColumns(), 1, 1);
                overhead = repairBytes() / (plan.xorColumns() * mediaBytes);
                break;
            case ProtectionPlan.FEC_XOR_COLUMN:
                latencyNs = (long)plan.xorColumns() * (plan.xorRows() - 1) * intervalNs;
                base = model.blockResidual(plan.xorRows(), 1, plan.xorColumns());
                overhead = repairBytes() / (plan.xorRows() * mediaBytes);
                break;
            case ProtectionPlan.FEC_REED_SOLOMON:
                latencyNs = (plan.rsMediaCount() - 1) * intervalNs;
                base = model.blockResidual(plan.rsMediaCount(), plan.rsRepairCount(), 1);
                overhead = plan.rsRepairCount() * repairBytes() / (plan.rsMediaCount() * mediaBytes);
                break;
            default:
                latencyNs = plan.redDistance() * intervalNs;
                base = model.red(plan.redDistance());
                overhead = plan.redDistance() == 0 ? 0.0 :
                    (plan.redDistance() * (payloadBytes + 4) + 1) / mediaBytes;
                break;
        }
        if (latencyNs > 0 && latencyNs + nack.marginNs() > budgetNs)
        {
            return false;
        }
        fill(plan, base, overhead, latencyNs);
        return true;
    }

    private void fill(final ProtectionPlan plan, final double base, final double overhead, final long latencyNs)
    {
        final int planAttempts = plan.nack() ? attempts : 0;
        final double fail = 1.0 - (1.0 - lossRate) * (1.0 - lossRate);
        double requests = 0.0;
        for (int i = 0; i < planAttempts; i++)
        {
            requests += Math.pow(fail, i);
        }
        final double retransmissions = base * (1.0 - lossRate) * requests * (mediaBytes + 2) / mediaBytes;
        plan.regime(regime).estimates(planAttempts, overhead, retransmissions,
            base * model.nackFactor(planAttempts), latencyNs);
    }

    // One repair packet: packet overhead, our FEC header, and the unit of a packet with a plain 12-byte header.
    private double repairBytes()
    {
        return context.packetOverheadBytes() + FecHeader.LENGTH + FecUnit.HEADER_LENGTH + payloadBytes;
    }
}

