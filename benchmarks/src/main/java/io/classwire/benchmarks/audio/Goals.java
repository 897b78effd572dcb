package io.classwire.benchmarks.audio;

import io.classwire.benchmarks.audio.AudioLossScenario.Loss;
import io.classwire.media.audio.lab.AudioLabRun.Result;

import java.util.Locale;

/**
 * The goals of the loss benchmark, each with the cell that measures it, as a Markdown table with verdict and
 * shortfall. The goals are benchmark figures, not gates.
 */
final class Goals
{
    private static final long SEED = 20_261_125L;

    private Goals()
    {
    }

    /**
     * Run the goal cells and tabulate them.
     *
     * @param speech the clip.
     * @return Markdown table, one row per goal.
     */
    static String table(final short[] speech)
    {
        final StringBuilder out = new StringBuilder();
        out.append("| goal | cell | plan | measured | verdict |\n|---|---|---|---|---|\n");
        out.append(plan(speech, false));
        out.append(plan(speech, true));
        return out.toString();
    }

    private static String plan(final short[] speech, final boolean classwire)
    {
        final String cw = classwire ? AudioLossScenario.PLAN_CLASSWIRE : AudioLossScenario.PLAN_OPUS_FEC;
        final StringBuilder out = new StringBuilder();
        final Result r30 = AudioLossScenario.run(speech, new Loss(0.3, 0), 50, 0, SEED, classwire);
        out.append(row("residual frame loss <= 1% at 30% random loss, 100 ms RTT", "30%, 50 ms, 0 ms", cw,
            100 * r30.residualFrameLoss(), 1.0, "%"));
        final Result r50 = AudioLossScenario.run(speech, new Loss(0.5, 0), 50, 0, SEED, classwire);
        out.append(row("residual frame loss <= 2% at 50% random loss, 100 ms RTT", "50%, 50 ms, 0 ms", cw,
            100 * r50.residualFrameLoss(), 2.0, "%"));
        final Result r70 = AudioLossScenario.run(speech, new Loss(0.7, 0), 50, 0, SEED, classwire);
        out.append(row("<= 1 freeze per minute at 70% random loss", "70%, 50 ms, 0 ms", cw,
            r70.freezesPerMinute(), 1.0, "/min"));
        final Result j30 = AudioLossScenario.run(speech, new Loss(0.3, 0), 50, 30, SEED, classwire);
        out.append(row("mouth-to-ear p95 <= 150 ms at 30% loss, 50 ms one-way, 30 ms jitter",
            "30%, 50 ms, 30 ms", cw, j30.p95Ms(), 150.0, " ms"));
        final Result r0 = AudioLossScenario.run(speech, new Loss(0.0, 0), 50, 0, SEED, classwire);
        out.append(row("zero protection overhead at 0% loss", "0%, 50 ms, 0 ms", cw, r0.overheadPercent(), 0.0, "%"));
        return out.toString();
    }

    private static String row(
        final String goal, final String cell, final String plan, final double measured, final double limit,
        final String unit)
    {
        final String verdict = measured <= limit + 1e-9 ? "met" :
            String.format(Locale.ROOT, "missed by %.2f%s", measured - limit, unit);
        return String.format(Locale.ROOT, "| %s | %s | %s | %.2f%s | %s |\n", goal, cell, plan, measured, unit, verdict);
    }
}
