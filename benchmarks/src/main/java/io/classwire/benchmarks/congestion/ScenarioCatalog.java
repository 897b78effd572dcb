package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckSpec;
import io.classwire.core.congestion.lab.FlowDirection;
import io.classwire.core.congestion.lab.MediaFlowSpec;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The scenario suite: RFC 8867 sections 5.1-5.8 with the parameters of the ns-3 reference implementation
 * (ns3-rmcat, rmcat-wired test suite: 4 Mbit/s physical rate, 50 ms one-way delay, 300 ms drop-tail queue, media
 * 150-1500 kbit/s), and regressions taken from libwebrtc's own GoogCC scenario tests. Rates are decimal (ns-3 uses
 * 2^20 bit/s per "Mbps"; the 5% difference does not matter to any figure here).
 */
public final class ScenarioCatalog
{
    private static final long S = 1_000_000_000L;
    private static final long MBPS = 1_000_000L;
    private static final long KBPS = 1_000L;
    private static final String ISSUE = "issue";
    private static final String RFC = "RFC 8867";
    private static final String LIBWEBRTC = "libwebrtc test";

    private ScenarioCatalog()
    {
    }

    /**
     * Every scenario, in report order.
     *
     * @return a new list.
     */
    public static List<ScenarioCase> all()
    {
        final List<ScenarioCase> cases = new ArrayList<>();
        cases.add(case51());
        cases.add(case52());
        cases.add(case53());
        cases.add(case54());
        cases.add(case55());
        cases.add(case56("5.6-300", 300));
        cases.add(case56("5.6-1000", 1000));
        cases.add(case57());
        cases.add(case58());
        cases.add(capacitySteps());
        cases.add(randomLoss("loss10", 0.10));
        cases.add(randomLoss("loss3", 0.03));
        cases.add(linkPause());
        cases.add(applicationLimited());
        return cases;
    }

    /**
     * Find a scenario by its command-line id.
     *
     * @param id e.g. "5.1".
     * @return the scenario.
     * @throws IllegalArgumentException if there is none; the message lists the ids.
     */
    public static ScenarioCase byId(final String id)
    {
        final List<String> ids = new ArrayList<>();
        for (final ScenarioCase scenario : all())
        {
            if (scenario.id().equals(id))
            {
                return scenario;
            }
            ids.add(scenario.id());
        }
        throw new IllegalArgumentException("unknown case '" + id + "'; cases are " + ids);
    }

    static LinkConfig link(final CapacityTimeline capacity, final long delayMs, final long queueMs)
    {
        final LinkConfig.Builder builder = LinkConfig.builder().capacity(capacity).propagationDelayMs(delayMs);
        return queueMs > 0 ? builder.queueLimitMs(queueMs).build() : builder.build();
    }

    static LinkConfig physical(final long delayMs)
    {
        return link(CapacityTimeline.constant(4 * MBPS), delayMs, 300);
    }

    static CapacityTimeline steps(final long initialBps, final long... atSecondsAndBps)
    {
        final CapacityTimeline.Builder builder = CapacityTimeline.builder(initialBps);
        for (int i = 0; i < atSecondsAndBps.length; i += 2)
        {
            builder.change(atSecondsAndBps[i] * S, atSecondsAndBps[i + 1]);
        }
        return builder.build();
    }

    static MediaFlowSpec.Builder flow(final int index)
    {
        return MediaFlowSpec.builder("f" + index);
    }

    private static ScenarioCase case51()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(steps(MBPS, 40, 2500 * KBPS, 60, 600 * KBPS, 80, MBPS), 50, 300), physical(50), 100 * S)
            .flow(flow(0).build()).build();
        return new ScenarioCase("5.1", "rfc8867-5.1", "Variable capacity, one flow",
            "1 → 2.5 → 0.6 → 1 Mbit/s at 0/40/60/80 s, 50 ms, 300 ms queue, 100 s", spec, m ->
            {
                final List<GoalResult> goals = new ArrayList<>();
                goals.add(GoalResult.atLeast("5.1", "utilization ≥ 90%", ISSUE, m.utilization(), 0.90,
                    Format::percent));
                goals.add(GoalResult.atMost("5.1", "p95 queuing delay ≤ 50 ms", ISSUE, m.queueDelay().p95Ms(), 50,
                    Format::ms));
                for (final ChangeResponse response : m.responses())
                {
                    final String at = String.format(Locale.ROOT, " (%s at %.0f s)", response.label(), response.atSec());
                    if (!Double.isNaN(response.riseSec()) && response.atSec() > 0)
                    {
                        goals.add(GoalResult.atMost("5.1", "reach 90% of raised capacity ≤ 3 s" + at, ISSUE,
                            response.riseSec(), 3, Format::seconds));
                    }
                    if (!Double.isNaN(response.reactSec()))
                    {
                        goals.add(GoalResult.atMost("5.1", "react to a cut ≤ 1 s" + at, ISSUE,
                            response.reactSec(), 1, Format::seconds));
                    }
                }
                return goals;
            });
    }

    private static ScenarioCase case52()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(steps(4 * MBPS, 25, 2 * MBPS, 50, 3500 * KBPS, 75, MBPS, 100, 2 * MBPS), 50, 300), physical(50),
            125 * S)
            .flow(flow(0).build()).flow(flow(1).build()).build();
        return new ScenarioCase("5.2", "rfc8867-5.2", "Variable capacity, two flows",
            "4 → 2 → 3.5 → 1 → 2 Mbit/s at 0/25/50/75/100 s, two flows from 0 s, 125 s", spec,
            m -> fairnessGoals("5.2", m));
    }

    private static ScenarioCase case53()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(steps(2 * MBPS, 20, MBPS, 40, 500 * KBPS, 60, 2 * MBPS), 50, 300),
            link(steps(2 * MBPS, 35, 800 * KBPS, 70, 2 * MBPS), 50, 300), 100 * S)
            .flow(flow(0).build())
            .flow(flow(1).direction(FlowDirection.BACKWARD).build())
            .build();
        return new ScenarioCase("5.3", "rfc8867-5.3", "Congested feedback link, bi-directional media",
            "forward 2 → 1 → 0.5 → 2 Mbit/s at 0/20/40/60 s, backward 2 → 0.8 → 2 Mbit/s at 0/35/70 s; one flow " +
            "each way, each one's feedback shares the other's bottleneck; 100 s", spec, m -> List.of());
    }

    private static ScenarioCase case54()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(CapacityTimeline.constant(3500 * KBPS), 50, 300), physical(50), 120 * S)
            .flow(flow(0).build())
            .flow(flow(1).startNs(20 * S).build())
            .flow(flow(2).startNs(40 * S).build())
            .build();
        return new ScenarioCase("5.4", "rfc8867-5.4", "Three flows, same controller",
            "3.5 Mbit/s, flows start at 0/20/40 s, 120 s", spec, m -> fairnessGoals("5.4", m));
    }

    private static ScenarioCase case55()
    {
        final long[] delaysMs = { 10, 25, 50, 100, 150 };
        final BottleneckSpec.Builder builder = BottleneckSpec.builder(
            link(CapacityTimeline.constant(4 * MBPS), 0, 300), physical(0), 300 * S);
        for (int i = 0; i < delaysMs.length; i++)
        {
            builder.flow(flow(i).accessDelayMs(delaysMs[i]).startNs(10L * i * S).build());
        }
        return new ScenarioCase("5.5", "rfc8867-5.5", "Round-trip-time fairness",
            "4 Mbit/s, five flows with one-way delays 10/25/50/100/150 ms starting at 0/10/20/30/40 s, 300 s",
            builder.build(), m -> rfcFairness("5.5", m));
    }

    private static ScenarioCase case56(final String id, final long queueMs)
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(CapacityTimeline.constant(2 * MBPS), 50, queueMs), physical(50), 120 * S)
            .flow(flow(0).startNs(5 * S).build())
            .longTcp(0, 120 * S)
            .build();
        return new ScenarioCase(id, "rfc8867-" + id, "Against a long TCP NewReno flow, " + queueMs + " ms queue",
            "2 Mbit/s, 50 ms, " + queueMs + " ms queue; TCP from 0 s, media from 5 s; 120 s", spec,
            m -> List.of(GoalResult.atLeast(id, "media ≥ 35% of the link against one NewReno flow", ISSUE,
                m.mediaShare(), 0.35, Format::percent)));
    }

    private static ScenarioCase case57()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(CapacityTimeline.constant(2 * MBPS), 50, 300), physical(50), 300 * S)
            .flow(flow(0).startNs(5 * S).build())
            .flow(flow(1).startNs(5 * S).build())
            .shortTcp(0, 300 * S)
            .build();
        return new ScenarioCase("5.7", "rfc8867-5.7", "Against short TCP flows",
            "2 Mbit/s, two media flows from 5 s, 10 web-like TCP sources (2 active at start, 30-50 KB, 10 s mean " +
            "idle), 300 s", spec, m -> rfcFairness("5.7", m));
    }

    private static ScenarioCase case58()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(CapacityTimeline.constant(3500 * KBPS), 50, 300), physical(50), 120 * S)
            .flow(flow(0).build())
            .flow(flow(1).pause(40 * S, 60 * S).build())
            .flow(flow(2).build())
            .build();
        return new ScenarioCase("5.8", "rfc8867-5.8", "Pause and resume",
            "3.5 Mbit/s, three flows from 0 s, f1 pauses at 40 s and resumes at 60 s, 120 s", spec,
            m -> rfcFairness("5.8", m));
    }

    private static ScenarioCase capacitySteps()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(steps(500 * KBPS, 25, 800 * KBPS, 45, 100 * KBPS), 100, 0),
            link(CapacityTimeline.unlimited(), 100, 0), 95 * S)
            .flow(flow(0).bitrates(10 * KBPS, 300 * KBPS, 1500 * KBPS).build())
            .build();
        return new ScenarioCase("steps", "libwebrtc-steps", "Capacity steps (libwebrtc target_capacity)",
            "500 → 800 → 100 kbit/s at 0/25/45 s, 100 ms each way, no queue limit, media 10-1500 kbit/s; libwebrtc " +
            "also raises the delay to 200 ms at 45 s, the lab cannot change delay mid-run; 95 s", spec, m -> List.of(
                GoalResult.within("steps", "target at 25 s in 450 ± 100 kbit/s", LIBWEBRTC,
                    m.targetBeforeBps(0, 25 * S), 350_000, 550_000, Format::rate),
                GoalResult.within("steps", "target at 45 s in 750 ± 150 kbit/s", LIBWEBRTC,
                    m.targetBeforeBps(0, 45 * S), 600_000, 900_000, Format::rate),
                GoalResult.within("steps", "target at 95 s in 90 ± 25 kbit/s", LIBWEBRTC,
                    m.targetBeforeBps(0, 95 * S), 65_000, 115_000, Format::rate)),
            m -> String.format(Locale.ROOT, "Mean send rate in the first second after the cut to 100 kbit/s " +
                "(45-46 s): %s. Mean target over 55-95 s: %s. Mean queuing delay over 85-95 s: %s (no queue limit: " +
                "whatever is sent above capacity stays queued until the sender goes below it).",
                Format.rate(m.mean(m.data().sendBps(0), 45 * S, 46 * S)),
                Format.rate(m.mean(m.data().targetBps(0), 55 * S, 95 * S)),
                Format.ms(m.mean(m.data().queueDelayMeanMs(0), 85 * S, 95 * S))));
    }

    private static ScenarioCase randomLoss(final String id, final double loss)
    {
        final LinkConfig forward = link(CapacityTimeline.constant(MBPS), 50, 300).toBuilder()
            .randomLossRate(loss).build();
        final BottleneckSpec spec = BottleneckSpec.builder(forward, physical(50), 60 * S)
            .flow(flow(0).build()).build();
        final String percent = String.format(Locale.ROOT, "%.0f%%", loss * 100);
        return new ScenarioCase(id, "libwebrtc-" + id, percent + " random loss",
            "1 Mbit/s, 50 ms, 300 ms queue, " + percent + " Bernoulli loss after the queue, 60 s", spec,
            m -> loss >= 0.1 ? List.of(GoalResult.atLeast(id, "goodput ≥ 70% of capacity at 10% loss", ISSUE,
                m.utilization(), 0.70, Format::percent)) : List.of());
    }

    private static ScenarioCase linkPause()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(steps(MBPS, 10, 0, 20, MBPS), 100, 300), link(CapacityTimeline.unlimited(), 100, 0), 40 * S)
            .flow(flow(0).bitrates(10 * KBPS, 300 * KBPS, 2 * MBPS).build())
            .build();
        return new ScenarioCase("pause", "libwebrtc-link-pause", "Link pause (libwebrtc cwnd_on_delay)",
            "1 Mbit/s, 100 ms each way; the forward link transmits nothing from 10 s to 20 s (capacity 0, queue " +
            "holds one packet); media 10-2000 kbit/s; 40 s", spec, m ->
            {
                final List<GoalResult> goals = new ArrayList<>(recoveryGoal("pause", m));
                goals.add(GoalResult.atMost("pause", "target 3 s into the outage < 40 kbit/s",
                    LIBWEBRTC + " (with its congestion-window trial)", m.targetBeforeBps(0, 13 * S), 40_000,
                    Format::rate));
                return goals;
            },
            m -> String.format(Locale.ROOT, "Target at 19 s, 9 s into the outage (no feedback arrives): %s. " +
                "Lowest target in the 5 s after the link comes back: %s.",
                Format.rate(m.targetBeforeBps(0, 19 * S)), Format.rate(min(m.data().targetBps(0),
                    m.data().sampleAt(20 * S), m.data().sampleAt(25 * S)))));
    }

    private static ScenarioCase applicationLimited()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            link(CapacityTimeline.constant(2 * MBPS), 50, 300), physical(50), 60 * S)
            .flow(flow(0).appLimit(0, 300 * KBPS).appLimit(30 * S, MediaFlowSpec.UNLIMITED_BPS).build())
            .build();
        return new ScenarioCase("applimited", "libwebrtc-app-limited", "Application-limited sender",
            "2 Mbit/s, 50 ms, 300 ms queue; the encoder produces at most 300 kbit/s until 30 s, then follows the " +
            "target; 60 s", spec, m -> recoveryGoal("applimited", m),
            m -> String.format(Locale.ROOT, "While application-limited (5-30 s): mean send rate %s, mean target " +
                "%s.", Format.rate(m.mean(m.data().sendBps(0), 5 * S, 30 * S)),
                Format.rate(m.mean(m.data().targetBps(0), 5 * S, 30 * S))));
    }

    private static double min(final double[] series, final int from, final int to)
    {
        double min = Double.NaN;
        for (int k = from; k < to; k++)
        {
            min = Double.isNaN(min) ? series[k] : Math.min(min, series[k]);
        }
        return min;
    }

    private static List<GoalResult> recoveryGoal(final String id, final ScenarioMetrics m)
    {
        final List<GoalResult> goals = new ArrayList<>();
        for (final ChangeResponse response : m.responses())
        {
            if (response.atSec() > 0 && !Double.isNaN(response.riseSec()))
            {
                goals.add(GoalResult.atMost(id, String.format(Locale.ROOT,
                    "reach 90%% of the available rate ≤ 3 s after %s at %.0f s", response.label(), response.atSec()),
                    ISSUE + " (as for a raised capacity)", response.riseSec(), 3, Format::seconds));
            }
        }
        return goals;
    }

    private static List<GoalResult> fairnessGoals(final String id, final ScenarioMetrics m)
    {
        final double ratio = m.fairness() == null ? Double.NaN : m.fairness().ratio();
        return List.of(
            GoalResult.atMost(id, "throughput ratio ≤ 1.25 (within [0.8, 1.25]) after 10 s", ISSUE, ratio, 1.25,
                v -> Format.number(v, 2)),
            GoalResult.atMost(id, "throughput ratio ≤ 3 (within [1/3, 3])", RFC, ratio, 3.0,
                v -> Format.number(v, 2)));
    }

    private static List<GoalResult> rfcFairness(final String id, final ScenarioMetrics m)
    {
        final double ratio = m.fairness() == null ? Double.NaN : m.fairness().ratio();
        return List.of(GoalResult.atMost(id, "throughput ratio ≤ 3 (within [1/3, 3])", RFC, ratio, 3.0,
            v -> Format.number(v, 2)));
    }
}
