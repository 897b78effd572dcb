package io.classwire.core.recovery;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The protection policy's choices: zero overhead when clean, sane plans as loss grows, no flapping. */
class ProtectionPolicyTest
{
    private static final long MS = 1_000_000L;
    private static final long INTERVAL_NS = 20 * MS;
    private static final long AUDIO_BPS = 32_000;

    private static ProtectionPlan decide(final double loss, final double burst, final long rttMs, final long budgetMs)
    {
        return new ProtectionPolicy(new ProtectionPolicyContext())
            .update(0, loss, burst, rttMs * MS, budgetMs * MS, INTERVAL_NS, AUDIO_BPS);
    }

    @ParameterizedTest(name = "loss {0}, rtt {1} ms, budget {2} ms")
    @CsvSource({ "0, 50, 200", "0.001, 50, 200", "0.004, 100, 150", "0.004, 400, 200", "0, 20, 40" })
    void shouldSpendNoOverheadOnACleanPath(final double loss, final long rttMs, final long budgetMs)
    {
        final ProtectionPlan plan = decide(loss, 0, rttMs, budgetMs);
        assertEquals(ProtectionPlan.REGIME_CLEAN, plan.regime());
        assertEquals(0.0, plan.overheadFraction());
        assertEquals(0, plan.redDistance());
        assertEquals(ProtectionPlan.FEC_NONE, plan.fecScheme());
        final boolean rttFits = rttMs + 10 + 5 + 20 <= budgetMs;
        assertEquals(rttFits, plan.nack(), "NACK exactly when a retransmission can make the deadline: " + plan);
    }

    @Test
    void shouldChooseSanePlansAsLossGrows()
    {
        final ProtectionPlan ten = decide(0.10, 0, 100, 200);
        assertTrue(ten.nack() && ten.residualLoss() <= 0.01 && ten.overheadFraction() < 0.5, ten.toString());

        for (final double loss : new double[]{ 0.30, 0.50 })
        {
            final ProtectionPlan plan = decide(loss, 0, 100, 200);
            assertEquals(ProtectionPlan.REGIME_HEAVY, plan.regime());
            assertEquals(ProtectionPlan.FEC_REED_SOLOMON, plan.fecScheme(), plan.toString());
            assertTrue(plan.residualLoss() <= 0.01, plan.toString());
            assertTrue(plan.addedLatencyNs() + 10 * MS <= 200 * MS, "fits the budget: " + plan);
            assertTrue(plan.nack(), "NACK rides along when the RTT allows: " + plan);
        }
        final ProtectionPlan thirty = decide(0.30, 0, 100, 200);
        final ProtectionPlan fifty = decide(0.50, 0, 100, 200);
        assertTrue(fifty.rsRepairCount() * thirty.rsMediaCount() > thirty.rsRepairCount() * fifty.rsMediaCount(),
            "more loss, more repair per media packet: " + thirty + " " + fifty);

        for (final double loss : new double[]{ 0.70, 0.80 })
        {
            // The target is out of reach within the overhead cap: the lowest residual the cap allows.
            final ProtectionPlan plan = decide(loss, 0, 100, 200);
            assertEquals(ProtectionPlan.FEC_REED_SOLOMON, plan.fecScheme(), plan.toString());
            assertTrue(plan.overheadFraction() <= ProtectionPolicyContext.DEFAULT_MAX_OVERHEAD, plan.toString());
            assertTrue(plan.overheadFraction() > 1.5, "spends most of the cap: " + plan);
            assertTrue(plan.residualLoss() < loss * 0.8, "still a clear improvement: " + plan);
        }
    }

    @Test
    void shouldPreferRedForAudioWhenTheBudgetIsTightAndNotForVideo()
    {
        final ProtectionPlan audio = decide(0.05, 0, 100, 60);
        assertFalse(audio.nack(), "no time for a retransmission");
        assertEquals(1, audio.redDistance(), audio.toString());
        assertTrue(audio.residualLoss() <= 0.01);

        final ProtectionPlan video = new ProtectionPolicy(new ProtectionPolicyContext().audio(false))
            .update(0, 0.05, 0, 100 * MS, 60 * MS, INTERVAL_NS, 800_000);
        assertEquals(0, video.redDistance());
        assertTrue(video.fecScheme() != ProtectionPlan.FEC_NONE, video.toString());
    }

    @Test
    void shouldInterleaveOrGrowBlocksWhenLossIsBursty()
    {
        final ProtectionPlan random = decide(0.10, 0, 300, 400);
        final ProtectionPlan bursty = decide(0.10, 4, 300, 400);
        assertTrue(bursty.residualLoss() <= 0.01, bursty.toString());
        final boolean interleaved = bursty.fecScheme() == ProtectionPlan.FEC_XOR_COLUMN;
        final boolean biggerBlocks = bursty.fecScheme() == ProtectionPlan.FEC_REED_SOLOMON &&
            bursty.rsRepairCount() > random.rsRepairCount();
        assertTrue(interleaved || biggerBlocks, random + " vs " + bursty);

        // A row XOR plan, fine for random loss, is far worse than the model's choice once loss is bursty.
        final LossModel model = new LossModel(64).configure(0.10, 4);
        assertTrue(model.blockResidual(8, 1, 1) > 3 * bursty.residualLoss());
    }

    @Test
    void shouldNotFlapOnNoisyMeasurementsButEscalateAtOnce()
    {
        final ProtectionPolicy policy = new ProtectionPolicy(new ProtectionPolicyContext());
        final SplittableRandom random = new SplittableRandom(4);
        long nowNs = 0;
        for (int i = 0; i < 120; i++)
        {
            // Around the 15-20% band and the heavy threshold: 17% +- 4%.
            policy.update(nowNs, 0.17 + (random.nextDouble() - 0.5) * 0.08, 0, 100 * MS, 200 * MS, INTERVAL_NS,
                AUDIO_BPS);
            nowNs += 500 * MS;
        }
        assertTrue(policy.planChanges() <= 4, "changes: " + policy.planChanges() + ", now " + policy.plan());

        final ProtectionPolicy clean = new ProtectionPolicy(new ProtectionPolicyContext());
        for (int i = 0; i < 100; i++)
        {
            clean.update(i * 500 * MS, 0.004 + random.nextDouble() * 0.005, 0, 100 * MS, 200 * MS, INTERVAL_NS,
                AUDIO_BPS);
        }
        assertEquals(1, clean.planChanges(), "between 0.4% and 0.9%, a clean path stays clean");
        assertEquals(0.0, clean.plan().overheadFraction());

        final long before = clean.planChanges();
        final ProtectionPlan plan = clean.update(50_000 * MS + 1, 0.30, 0, 100 * MS, 200 * MS, INTERVAL_NS, AUDIO_BPS);
        assertEquals(before + 1, clean.planChanges(), "a jump to 30% loss is answered at once");
        assertEquals(ProtectionPlan.FEC_REED_SOLOMON, plan.fecScheme());
    }

    @Test
    void shouldRelaxSlowlyAfterLossFalls()
    {
        final ProtectionPolicy policy = new ProtectionPolicy(new ProtectionPolicyContext());
        policy.update(0, 0.30, 0, 100 * MS, 200 * MS, INTERVAL_NS, AUDIO_BPS);
        final int repairs = policy.plan().rsRepairCount();
        policy.update(500 * MS, 0.08, 0, 100 * MS, 200 * MS, INTERVAL_NS, AUDIO_BPS);
        assertEquals(repairs, policy.plan().rsRepairCount(), "kept within the hold time");
        long relaxedAtNs = -1;
        for (long t = 1_000 * MS; t <= 60_000 * MS; t += 1_000 * MS)
        {
            policy.update(t, 0.08, 0, 100 * MS, 200 * MS, INTERVAL_NS, AUDIO_BPS);
            if (relaxedAtNs < 0 && policy.plan().rsRepairCount() < repairs)
            {
                relaxedAtNs = t;
            }
        }
        assertTrue(relaxedAtNs >= 2_000 * MS, "not before the hold time: " + relaxedAtNs / MS);
        assertEquals(ProtectionPlan.REGIME_MODERATE, policy.plan().regime(), policy.plan().toString());
        assertTrue(policy.plan().overheadFraction() < 0.3, "down to what 8% loss needs: " + policy.plan());
        assertTrue(policy.planChanges() <= 5, "stepwise, not flapping: " + policy.planChanges());
    }

    @Test
    void shouldCapOverheadAtTheAvailableBitrate()
    {
        final ProtectionPolicy policy = new ProtectionPolicy(new ProtectionPolicyContext());
        // Media on the wire: (80 + 40) bytes every 20 ms = 48 kbit/s; 72 kbit/s leaves 50% for protection.
        policy.availableBitrateBps(72_000);
        final ProtectionPlan plan = policy.update(0, 0.30, 0, 100 * MS, 200 * MS, INTERVAL_NS, AUDIO_BPS);
        assertTrue(plan.overheadFraction() <= 0.5, plan.toString());
        assertTrue(plan.fecScheme() == ProtectionPlan.FEC_REED_SOLOMON, plan.toString());
    }

    @Test
    void shouldAimLowerOnAHeavyPathWhenTheCapAllows()
    {
        // 70 % random loss with an audio-sized cap (10x): the heavy target (0.2 %) is reachable, as failed blocks
        // are freezes; a moderate path keeps the 1 % target
        final ProtectionPolicyContext context = new ProtectionPolicyContext().maxOverhead(10.0);
        assertEquals(ProtectionPolicyContext.DEFAULT_HEAVY_TARGET_RESIDUAL,
            context.targetResidual(ProtectionPlan.REGIME_HEAVY));
        assertEquals(ProtectionPolicyContext.DEFAULT_TARGET_RESIDUAL,
            context.targetResidual(ProtectionPlan.REGIME_MODERATE));
        final ProtectionPlan plan = new ProtectionPolicy(context)
            .update(0, 0.70, 0, 100 * MS, 200 * MS, INTERVAL_NS, AUDIO_BPS);
        assertEquals(ProtectionPlan.REGIME_HEAVY, plan.regime());
        assertEquals(ProtectionPlan.FEC_REED_SOLOMON, plan.fecScheme(), plan.toString());
        assertTrue(plan.residualLoss() <= ProtectionPolicyContext.DEFAULT_HEAVY_TARGET_RESIDUAL, plan.toString());
        assertTrue(plan.rsRepairCount() > 48, "more repairs than the old 48 cap: " + plan);
        assertTrue(plan.overheadFraction() <= 10.0, plan.toString());
        // the same path with the default cap cannot reach it, and says so through the residual
        final ProtectionPlan capped = decide(0.70, 0, 100, 200);
        assertTrue(capped.residualLoss() > plan.residualLoss(), capped + " vs " + plan);
    }
}
