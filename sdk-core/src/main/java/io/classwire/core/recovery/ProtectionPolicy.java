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
    private final PlanEvaluator evaluator;
    private final ProtectionPlan current = new ProtectionPlan();
    private final ProtectionPlan best = new ProtectionPlan();
    private boolean hasPlan;
    private int regime = ProtectionPlan.REGIME_CLEAN;
    private long lastChangeNs;
    private long changes;
    private long availableBitrateBps;
    private double peakLoss;
    private long lastUpdateNs;

    /**
     * @param context thresholds and limits; concluded here.
     */
    public ProtectionPolicy(final ProtectionPolicyContext context)
    {
        this.context = context.conclude();
        this.evaluator = new PlanEvaluator(context);
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
        evaluator.inputs(meanBurstPackets, rttNs, latencyBudgetNs, packetIntervalNs, mediaBitrateBps,
            availableBitrateBps);
        evaluator.lossRate(peakLoss);
        regime = nextRegime(evaluator.lossRate());
        evaluator.choose(regime, best);
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
        if (!isEligible(current) || !evaluator.estimate(current, regime))
        {
            return adopt(nowNs);
        }
        final double target = context.targetResidual(regime);
        if (current.residualLoss() <= target)
        {
            return nowNs - lastChangeNs < context.minHoldNs() ? current : relax(nowNs);
        }
        if (current.residualLoss() <= target * ESCALATE_TOLERANCE ||
            best.residualLoss() >= current.residualLoss() * 0.8)
        {
            return current;
        }
        return adopt(nowNs);
    }

    // The current plan meets the target: replace it only by one chosen for somewhat more loss than planned (so the
    // next small rise does not undo the change) that is clearly cheaper.
    private ProtectionPlan relax(final long nowNs)
    {
        evaluator.lossRate(peakLoss * (1.0 + RELAX_HEADROOM));
        evaluator.choose(regime, best);
        evaluator.lossRate(peakLoss);
        if (evaluator.estimate(best, regime) && !current.sameProtection(best) &&
            PlanEvaluator.cost(best) < PlanEvaluator.cost(current) * (1.0 - context.keepMargin()))
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

    // Clean paths carry no redundancy; heavy ones only Reed-Solomon; moderate ones anything.
    private boolean isEligible(final ProtectionPlan plan)
    {
        final boolean redundancy = plan.redDistance() > 0 || plan.fecScheme() != ProtectionPlan.FEC_NONE;
        switch (regime)
        {
            case ProtectionPlan.REGIME_CLEAN:
                return !redundancy;
            case ProtectionPlan.REGIME_HEAVY:
                return plan.redDistance() == 0 && (plan.fecScheme() == ProtectionPlan.FEC_NONE ||
                    plan.fecScheme() == ProtectionPlan.FEC_REED_SOLOMON);
            default:
                return true;
        }
    }
}
