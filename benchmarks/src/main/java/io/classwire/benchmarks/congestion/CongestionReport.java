package io.classwire.benchmarks.congestion;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Renders the congestion section of docs/benchmarks.md: the command, machine and date, how each figure is defined,
 * one row of figures per run, the goals with verdict and shortfall, and the response to every change.
 */
public final class CongestionReport
{
    private CongestionReport()
    {
    }

    /**
     * Render the section body (without the markers).
     *
     * @param results     every run, in catalog order.
     * @param command     the command that produced them.
     * @param machine     the machine, in words.
     * @param date        the date of the run.
     * @param wallSeconds wall time of the simulations together.
     * @param totalSeconds wall time of the whole command so far (simulations, CSVs, charts).
     * @param filesDir    where the CSVs and charts are, relative to the document.
     * @return markdown.
     */
    public static String render(final List<ScenarioResult> results, final String command, final String machine,
        final String date, final double wallSeconds, final double totalSeconds, final Path filesDir)
    {
        final StringBuilder out = new StringBuilder(16_384);
        out.append("## Congestion control scenarios (issue: congestion control)\n\n");
        out.append("Command (regenerates this section, and the CSVs and charts in `").append(slash(filesDir))
            .append("/`; build the jar first, see the top of this file):\n`").append(command).append("`\n\n")
            .append("Date: ").append(date).append(". Machine: ").append(machine).append(".\n")
            .append(String.format(Locale.ROOT, "The %d runs took %.1f s of wall time (%.1f s with the CSVs and " +
            "charts). They run in the lab's virtual time and are%ndeterministic: the same seed gives the same " +
            "figures on any machine; only the wall time depends on the machine.%n%n", results.size(), wallSeconds,
            totalSeconds));
        definitions(out);
        figures(out, results, filesDir);
        goals(out, results);
        responses(out, results);
        caseNotes(out, results);
        notes(out);
        return out.toString();
    }

    private static void definitions(final StringBuilder out)
    {
        out.append("""
            **Setting.** Each run is a `BottleneckLab` (`io.classwire.core.congestion.lab`): GCC senders
            (`GccController`, pacer, 30 fps encoder model that produces the target) and TWCC receivers on 4 Mbit/s
            access links, sharing one drop-tail bottleneck per direction through two router nodes; feedback crosses
            the opposite bottleneck; TCP competitors use the bottleneck directly. Media 150-1500 kbit/s starting at
            300 kbit/s unless the case says otherwise. Rates are datagram sizes on the wire (no IP/UDP overhead).

            **Figures** (from 200 ms samples; per-packet for queuing delay):
            - *goodput*: what the receiver got from a flow, padding and probe packets included (so a flow can show
              slightly more than 100% of an application limit while it probes).
            - *utilization*: media goodput ÷ usable capacity, where usable = the bottleneck's capacity capped at the
              sum of the active flows' maximum (or application-limited) rates, summed over both directions, leaving
              out the 5 s after every change (start, capacity step, flow start/pause/resume, application limit). With
              TCP competing it is (media + TCP goodput) ÷ capacity.
            - *queuing delay*: per media packet, one-way delay minus propagation and serialization on its three
              hops (so it includes the queue a frame's own burst builds: the pacer sends at 2.5 × target); mean, p95
              and max over every packet of every flow, whole run (transients included), HdrHistogram.
            - *loss*: packets the forward bottleneck dropped ÷ packets offered to it, all traffic, whole run.
            - *response to a change*: *rise* = time until the target (capped by any application limit) of every flow
              whose max-min fair share rose (or that started) reaches 90% of its new share and holds it for 1 s
              (a target that was already high and then collapsed is timed from its recovery); *react* = time until every
              flow whose share fell is at or below 110% of it; *convergence* = time until every active flow's 1 s mean
              send rate is within ±10% of its fair share and stays there until the next change ("never" = not before
              the next change). 200 ms resolution. No fair share is defined when TCP competes.
            - *oscillation*: crossings of the target between the 90% and 110% watermarks of the fair share
              (hysteresis), per minute of settled sending.
            - *fairness* (two or more flows in a direction): over the samples where at least two flows send and none
              started, paused or resumed in the previous 10 s, the ratio of the largest to the smallest flow's mean
              goodput, and Jain's index averaged over consecutive 1 s, 5 s and 20 s windows.
            - *media / TCP share*: goodput ÷ capacity from 10 s after the media starts to the end (TCP counted with
              its headers).

            Percentage shortfalls are in percentage points.

            """);
    }

    private static void figures(final StringBuilder out, final List<ScenarioResult> results, final Path filesDir)
    {
        out.append("### Figures per run\n\n");
        out.append("| case | setting | utilization | queuing delay mean / p95 / max | loss | worst convergence | " +
            "oscillation | fairness ratio (Jain 1 / 5 / 20 s) | media / TCP share | data |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|\n");
        for (final ScenarioResult result : results)
        {
            final ScenarioCase scenario = result.scenario();
            final ScenarioMetrics m = result.metrics();
            final QueueDelayStats delay = m.queueDelay();
            out.append("| ").append(scenario.id()).append(" ").append(scenario.title())
                .append(" | ").append(scenario.setup())
                .append(" | ").append(Format.percent(m.utilization()))
                .append(" | ").append(String.format(Locale.ROOT, "%.1f / %.1f / %.0f ms", delay.meanMs(), delay.p95Ms(),
                    delay.maxMs()))
                .append(" | ").append(Format.percent(m.lossRate()))
                .append(" | ").append(worstConvergence(m.responses()))
                .append(" | ").append(Double.isNaN(m.oscillationPerMinute()) ? "—" :
                    Format.number(m.oscillationPerMinute(), 1) + "/min")
                .append(" | ").append(fairness(m.fairness()))
                .append(" | ").append(Double.isNaN(m.mediaShare()) ? "—" :
                    Format.percent(m.mediaShare()) + " / " + Format.percent(m.tcpShare()))
                .append(" | [csv](").append(slash(filesDir)).append('/').append(scenario.slug())
                .append(".csv), [chart](").append(slash(filesDir)).append('/').append(scenario.slug())
                .append(".png) |\n");
        }
        out.append('\n');
    }

    private static String worstConvergence(final List<ChangeResponse> responses)
    {
        double worst = Double.NaN;
        int never = 0;
        int counted = 0;
        for (final ChangeResponse response : responses)
        {
            if (Double.isNaN(response.convergenceSec()))
            {
                continue;
            }
            counted++;
            if (Double.isInfinite(response.convergenceSec()))
            {
                never++;
            }
            else
            {
                worst = Double.isNaN(worst) ? response.convergenceSec() : Math.max(worst, response.convergenceSec());
            }
        }
        if (counted == 0)
        {
            return "—";
        }
        if (never == counted)
        {
            return "never (" + counted + " changes)";
        }
        return Format.seconds(worst) + (never == 0 ? "" : "; never after " + never + " of " + counted + " changes");
    }

    private static String fairness(final Fairness fairness)
    {
        if (fairness == null)
        {
            return "—";
        }
        return Format.number(fairness.ratio(), 2) + " (" + Format.number(fairness.jain1s(), 3) + " / " +
            Format.number(fairness.jain5s(), 3) + " / " + Format.number(fairness.jain20s(), 3) + ")";
    }

    private static void goals(final StringBuilder out, final List<ScenarioResult> results)
    {
        int met = 0;
        int total = 0;
        final StringBuilder rows = new StringBuilder();
        for (final ScenarioResult result : results)
        {
            for (final GoalResult goal : result.goals())
            {
                total++;
                met += goal.met() ? 1 : 0;
                rows.append("| ").append(goal.caseId()).append(" | ").append(goal.goal()).append(" | ")
                    .append(goal.source()).append(" | ").append(goal.measured()).append(" | ")
                    .append(goal.met() ? "met" : "**missed**").append(" | ").append(goal.shortfall()).append(" |\n");
            }
        }
        out.append("### Goals\n\n").append(met).append(" of ").append(total)
            .append(" goals met. Goals are benchmark figures, not test gates.\n\n");
        out.append("| case | goal | source | measured | verdict | shortfall |\n|---|---|---|---|---|---|\n");
        out.append(rows).append('\n');
    }

    private static void responses(final StringBuilder out, final List<ScenarioResult> results)
    {
        out.append("### Response to each change\n\n");
        out.append("| case | at | change | rise to 90% | react to 110% | convergence ±10% |\n");
        out.append("|---|---|---|---|---|---|\n");
        for (final ScenarioResult result : results)
        {
            for (final ChangeResponse response : result.metrics().responses())
            {
                out.append("| ").append(result.scenario().id())
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f s", response.atSec()))
                    .append(" | ").append(response.label())
                    .append(" | ").append(Format.seconds(response.riseSec()))
                    .append(" | ").append(Format.seconds(response.reactSec()))
                    .append(" | ").append(Format.seconds(response.convergenceSec())).append(" |\n");
            }
        }
        out.append('\n');
    }

    private static void caseNotes(final StringBuilder out, final List<ScenarioResult> results)
    {
        final StringBuilder notes = new StringBuilder();
        for (final ScenarioResult result : results)
        {
            final String note = result.scenario().notes().apply(result.metrics());
            if (!note.isEmpty())
            {
                notes.append("- **").append(result.scenario().id()).append("**: ").append(note).append('\n');
            }
        }
        if (notes.length() > 0)
        {
            out.append("### Notes per case\n\n").append(notes).append('\n');
        }
    }

    private static void notes(final StringBuilder out)
    {
        out.append("""
            **Limits of the setting.** The encoder model produces exactly the target in 30 fps frames (no
            key-frame bursts, no encoder overshoot). The lab cannot change a link's propagation delay mid-run, so
            libwebrtc's step to 200 ms at 45 s in `steps` is left out. Its link pause holds packets; the lab's
            capacity-0 outage drops all but one. TCP has no delayed ACKs or SACK.
            """);
    }

    private static String slash(final Path path)
    {
        return path.toString().replace('\\', '/');
    }
}
