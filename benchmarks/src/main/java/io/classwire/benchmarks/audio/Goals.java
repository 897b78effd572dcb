package io.classwire.benchmarks.audio;

import io.classwire.benchmarks.audio.AudioLossScenario.Loss;
import io.classwire.media.audio.lab.AudioLabRun.Result;

import java.util.Locale;

/**
 * The goals of the loss benchmark, each with the cell that measures it, as Markdown table rows with verdict and
 * shortfall. The goals are benchmark figures, not gates.
 */
final class Goals
{
    private static final long SEED = 20_261_125L;

    private Goals()
    {
    }

    /** @return the header of the goals table. */
    static String header()
    {
        return "| goal | clip | cell (loss, one-way delay, jitter) | plan | measured | verdict | recovery |\n" +
            "|---|---|---|---|---|---|---|\n";
    }

    /**
     * Run the goal cells of one clip for both plans and tabulate them.
     *
     * @param clip   the clip's name.
     * @param speech the clip, repeated to the goal cells' length.
     * @return Markdown rows, one per goal and plan.
     */
    static String rows(final String clip, final short[] speech)
    {
        return plan(clip, speech, false) + plan(clip, speech, true);
    }

    private static String plan(final String clip, final short[] speech, final boolean classwire)
    {
        final String cw = classwire ? AudioLossScenario.PLAN_CLASSWIRE : AudioLossScenario.PLAN_OPUS_FEC;
        final StringBuilder out = new StringBuilder();
        final Result r30 = AudioLossScenario.run(speech, new Loss(0.3, 0), 50, 0, SEED, classwire);
        out.append(row("residual frame loss <= 1% at 30% random loss, 100 ms RTT", clip, "30%, 50 ms, 0 ms", cw,
            100 * r30.residualFrameLoss(), 1.0, "%", r30));
        final Result r50 = AudioLossScenario.run(speech, new Loss(0.5, 0), 50, 0, SEED, classwire);
        out.append(row("residual frame loss <= 2% at 50% random loss, 100 ms RTT", clip, "50%, 50 ms, 0 ms", cw,
            100 * r50.residualFrameLoss(), 2.0, "%", r50));
        final Result r70 = AudioLossScenario.run(speech, new Loss(0.7, 0), 50, 0, SEED, classwire);
        out.append(row("<= 1 freeze per minute at 70% random loss", clip, "70%, 50 ms, 0 ms", cw,
            r70.freezesPerMinute(), 1.0, "/min", r70));
        final Result j30 = AudioLossScenario.run(speech, new Loss(0.3, 0), 50, 30, SEED, classwire);
        out.append(row("mouth-to-ear p95 <= 150 ms at 30% loss, 50 ms one-way, 30 ms jitter", clip,
            "30%, 50 ms, +-30 ms", cw, j30.p95Ms(), 150.0, " ms", j30));
        final Result r0 = AudioLossScenario.run(speech, new Loss(0.0, 0), 50, 30, SEED, classwire);
        out.append(row("zero protection overhead at 0% loss", clip, "0%, 50 ms, +-30 ms", cw, r0.overheadPercent(),
            0.0, "%", r0));
        return out.toString();
    }

    private static String row(
        final String goal, final String clip, final String cell, final String plan, final double measured,
        final double limit, final String unit, final Result result)
    {
        final String verdict = measured <= limit + 1e-9 ? "met" :
            String.format(Locale.ROOT, "missed by %.2f%s", measured - limit, unit);
        return String.format(Locale.ROOT, "| %s | %s | %s | %s | %.2f%s | %s | %s |\n", goal, clip, cell, plan,
            measured, unit, verdict, result.recovery());
    }
}
