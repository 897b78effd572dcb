package io.classwire.core.recovery;

/**
 * Chooses, per stream, how to protect it against loss: NACK/RTX, RED, XOR or Reed-Solomon FEC, or a combination,
 * from the measured loss rate and burstiness, the round-trip time, the latency budget and the bitrate. Call
 * {@link #update} whenever a measurement changes (every RTCP report); apply the returned {@link ProtectionPlan} to
 * the encoders and the NACK generator.
 *
 * <p>Rules (thresholds in {@link ProtectionPolicyContext}, reasoning in {@code docs/recovery.md}):
 * <ul>
 *   <li><b>Regime</b> from the loss rate, with hysteresis bands: clean below 0.5% (left above 1%), heavy from 20%
 *       (left below 15%), moderate between.</li>
 *   <li><b>NACK</b> is on whenever at least one request can be answered before playout (see
 *       {@link NackGenerator}): it costs nothing while nothing is lost.</li>
 *   <li><b>Clean:</b> no redundancy at all; NACK alone if the RTT allows.</li>
 *   <li><b>Moderate:</b> NACK alone if its residual meets the target; else, for audio with a tight budget, the
 *       smallest RED distance that does (RED adds no packets and repairs with the very next one); else the cheapest
 *       of XOR rows, XOR columns (interleaved: they win when losses come in bursts) and Reed-Solomon.</li>
 *   <li><b>Heavy:</b> Reed-Solomon, k as large as the budget allows and m the smallest that meets the target.</li>
 *   <li><b>Choice:</b> among candidates that fit the budget and the overhead cap, the cheapest (redundancy plus
 *       expected retransmission bytes) that meets the residual target; if none does, the lowest residual.</li>
 *   <li><b>Stickiness:</b> plans are made for the recent peak loss, which follows a rise at once and decays with
 *       a half-life ({@code peakHalfLifeNs}) after a fall; a plan that still meets the target is kept for at least
 *       {@code minHoldNs} and until a replacement saves more than {@code keepMargin} of its cost; a plan that misses
 *       the target is replaced at once by a clearly better one. Protection rises fast and relaxes slowly.</li>
 * </ul>
 * Residual loss comes from {@link LossModel}. Single-threaded; allocation-free after construction.
 */
public final class ProtectionPolicy
{
    /** A plan may miss the target by this factor before it is replaced (measurement noise, not a real change). */
    static final double ESCALATE_TOLERANCE = 1.25;
    /** A cheaper plan replaces the current one only if chosen for this much more loss than planned. */
    static final double RELAX_HEADROOM = 0.25;

    private final ProtectionPolicyContext context;
    private final NackContext nack;
    private final LossModel model;
    private final ProtectionPlan current = new ProtectionPlan();
    private final ProtectionPlan best = new ProtectionPlan();
    private final ProtectionPlan candidate = new ProtectionPlan();
    private boolean hasPlan;
    private int regime = ProtectionPlan.REGIME_CLEAN;
    private long lastChangeNs;
    private long changes;
    private long availableBitrateBps;
    private double peakLoss;
    private double burstInput;
    private long rttInputNs;
    private long budgetInputNs;
    private long intervalInputNs;
    private long bitrateInputBps;
    private long lastUpdateNs;
    private double lossRate;
    private long rttNs;
    private long budgetNs;
    private long intervalNs;
    private double payloadBytes;
    private double mediaBytes;
    private double overheadCap;
    private int attempts;

    /**
     * @param context thresholds and limits; concluded here.
     */
    public ProtectionPolicy(final ProtectionPolicyContext context)
    {
        this.context = context.conclude();
        this.nack = context.nack();
        this.model = new LossModel(context.maxRsMedia() + context.maxRsRepair());
    }

    /**
     * @param bitrateBps what congestion control allows the stream in total (media plus protection); 0 when unknown.
     *                   Caps the overhead at what fits.
     */
    public void availableBitrateBps(final long bitrateBps)
    {
        this.availableBitrateBps = Math.max(0, bitrateBps);
    }

    /**
     * Re-decide with new measurements.
     *
     * @param nowNs            current time.
     * @param lossRate         packet loss before repair, 0..1 (e.g. smoothed RTCP fraction lost); the plan is made
     *                         for the recent peak of these, see {@link #plannedLossRate()}.
     * @param meanBurstPackets mean run of consecutive losses; 0 or less when unknown (Bernoulli is assumed).
     * @param rttNs            round-trip time; 0 or less when unknown (the NACK context's default is assumed).
     * @param latencyBudgetNs  time from a packet's expected arrival to its playout (the jitter buffer target).
     * @param packetIntervalNs time between media packets (20 ms for typical audio).
     * @param mediaBitrateBps  the stream's payload bitrate.
     * @return the plan in force (the same object every time; copy it to keep it).
     */
    public ProtectionPlan update(
        final long nowNs,
        final double lossRate,
        final double meanBurstPackets,
        final long rttNs,
        final long latencyBudgetNs,
        final long packetIntervalNs,
        final long mediaBitrateBps)
    {
        trackPeak(nowNs, lossRate);
        burstInput = meanBurstPackets;
        rttInputNs = rttNs;
        budgetInputNs = latencyBudgetNs;
        intervalInputNs = packetIntervalNs;
        bitrateInputBps = mediaBitrateBps;
        inputs(peakLoss);
        regime = nextRegime(this.lossRate);
        choose();
        if (!hasPlan)
        {
            hasPlan = true;
            return adopt(nowNs);
        }
        if (current.sameProtection(best))
        {
            current.copyFrom(best);
            return current;
        }
        if (!isEligible(current) || !estimate(current))
        {
            return adopt(nowNs);
        }
        final double target = context.targetResidual();
        if (current.residualLoss() <= target)
        {
            return nowNs - lastChangeNs < context.minHoldNs() ? current : relax(nowNs);
        }
        if (current.residualLoss() <= target * ESCALATE_TOLERANCE || best.residualLoss() >= current.residualLoss() * 0.8)
        {
            return current;
        }
        return adopt(nowNs);
    }

    // The current plan meets the target: replace it only by one chosen for somewhat more loss than planned (so the
    // next small rise does not undo the change) that is clearly cheaper.
    private ProtectionPlan relax(final long nowNs)
    {
        inputs(peakLoss * (1.0 + RELAX_HEADROOM));
        choose();
        inputs(peakLoss);
        if (estimate(best) && !current.sameProtection(best) &&
            cost(best) < cost(current) * (1.0 - context.keepMargin()))
        {
            return adopt(nowNs);
        }
        return current;
    }

    /** @return the plan in force (all off before the first {@link #update}). */
    public ProtectionPlan plan()
    {
        return current;
    }

    /** @return times the plan changed, the first decision included. */
    public long planChanges()
    {
        return changes;
    }

    // Plan for the recent peak, decaying with a half-life: a rise is answered at the next update, a fall only once
    // the peak has decayed, so noisy measurements do not make the plan go up and down.
    private void trackPeak(final long nowNs, final double lossRate)
    {
        final double loss = Math.min(Math.max(lossRate, 0.0), 1.0);
        if (!hasPlan)
        {
            peakLoss = loss;
        }
        else
        {
            final double elapsed = Math.max(0, nowNs - lastUpdateNs) / (double)context.peakHalfLifeNs();
            peakLoss = Math.max(loss, peakLoss * Math.pow(0.5, elapsed));
        }
        lastUpdateNs = nowNs;
    }

    /** @return the loss rate the plan is made for: the recent peak of the measurements, decaying. */
    public double plannedLossRate()
    {
        return peakLoss;
    }

    private ProtectionPlan adopt(final long nowNs)
    {
        current.copyFrom(best);
        lastChangeNs = nowNs;
        changes++;
        return current;
    }

    private void inputs(final double loss)
    {
        final long rtt = rttInputNs;
        final long budget = budgetInputNs;
        final long interval = intervalInputNs;
        final long bitrate = bitrateInputBps;
        model.configure(loss, burstInput);
        lossRate = model.lossRate();
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
        attempts = nackAttempts(model.meanBurstPackets());
    }

    private int nextRegime(final double p)
    {
        if (!hasPlan)
        {
            return p < context.cleanEnterLoss() ? ProtectionPlan.REGIME_CLEAN :
                p >= context.heavyEnterLoss() ? ProtectionPlan.REGIME_HEAVY : ProtectionPlan.REGIME_MODERATE;
        }
        switch (regime)
        {
            case ProtectionPlan.REGIME_CLEAN:
                if (p <= context.cleanExitLoss())
                {
                    return regime;
                }
                return p >= context.heavyEnterLoss() ? ProtectionPlan.REGIME_HEAVY : ProtectionPlan.REGIME_MODERATE;
            case ProtectionPlan.REGIME_HEAVY:
                if (p >= context.heavyExitLoss())
                {
                    return regime;
                }
                return p < context.cleanEnterLoss() ? ProtectionPlan.REGIME_CLEAN : ProtectionPlan.REGIME_MODERATE;
            default:
                if (p < context.cleanEnterLoss())
                {
                    return ProtectionPlan.REGIME_CLEAN;
                }
                return p >= context.heavyEnterLoss() ? ProtectionPlan.REGIME_HEAVY : regime;
        }
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

    private void choose()
    {
        final boolean useNack = attempts > 0;
        best.set(regime, useNack, 0, ProtectionPlan.FEC_NONE, 0, 0);
        estimate(best);
        if (regime == ProtectionPlan.REGIME_CLEAN || best.residualLoss() <= context.targetResidual())
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
                if (candidate.residualLoss() <= context.targetResidual())
                {
                    break;
                }
            }
        }
    }

    private void consider(final ProtectionPlan plan)
    {
        if (estimate(plan) && plan.overheadFraction() <= overheadCap)
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
        final double target = context.targetResidual();
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

    private static double cost(final ProtectionPlan plan)
    {
        return plan.overheadFraction() + plan.retransmissionFraction();
    }

    // Clean paths carry no redundancy; heavy ones only Reed-Solomon; moderate ones anything.
    private boolean isEligible(final ProtectionPlan plan)
    {
        final boolean redundancy = plan.redDistance() > 0 || plan.fecScheme() != ProtectionPlan.FEC_NONE;
        switch (regime)
        {
            case ProtectionPlan.REGIME_CLEAN:
                return !redundancy;
            case ProtectionPlan.REGIME_HEAVY:
                return plan.redDistance() == 0 &&
                    (plan.fecScheme() == ProtectionPlan.FEC_NONE || plan.fecScheme() == ProtectionPlan.FEC_REED_SOLOMON);
            default:
                return true;
        }
    }

    /** Fill in a plan's estimates from its shape; false when the shape does not fit the latency budget. */
    private boolean estimate(final ProtectionPlan plan)
    {
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
