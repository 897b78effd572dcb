package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckLab;
import io.classwire.core.congestion.lab.BottleneckSpec;
import io.classwire.core.congestion.lab.FlowDirection;
import io.classwire.core.congestion.lab.MediaFlowSpec;
import io.classwire.core.lab.CapacityTimeline;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The figures of one scenario run: utilization, queuing delay, loss, the response to each change (rise, reaction,
 * convergence), oscillation, fairness and the share against TCP. Definitions are in the class's factory and in the
 * section docs/benchmarks.md generates; all are computed from the 200 ms samples of {@link ScenarioData} except the
 * queuing delay, which is per packet.
 */
public final class ScenarioMetrics
{
    /** Window left out after every change when judging utilization and oscillation. */
    public static final long SETTLE_NS = 5_000_000_000L;
    /** Time after a flow starts, pauses or resumes before fairness is judged. */
    public static final long FAIRNESS_SETTLE_NS = 10_000_000_000L;
    /** Band around the fair share for convergence and oscillation watermarks. */
    public static final double TOLERANCE = 0.1;
    /** Window of the send-rate mean that convergence is judged on. */
    public static final long CONVERGENCE_WINDOW_NS = 1_000_000_000L;
    /** Media starts this long before the TCP-share span begins. */
    public static final long TCP_SHARE_SETTLE_NS = 10_000_000_000L;

    private final ScenarioData data;
    private final double utilization;
    private final double sendUtilization;
    private final QueueDelayStats queueDelay;
    private final double lossRate;
    private final List<ChangeResponse> responses;
    private final double oscillationPerMinute;
    private final Fairness fairness;
    private final double mediaShare;
    private final double tcpShare;

    /**
     * Compute every figure of a finished run.
     *
     * @param lab the lab after its run.
     */
    public ScenarioMetrics(final BottleneckLab lab)
    {
        data = new ScenarioData(lab);
        final boolean[] settled = SeriesMetrics.excludeAfterEvents(
            data.samples(), data.periodNs(), data.eventNs(), SETTLE_NS);
        utilization = utilization(settled, false);
        sendUtilization = utilization(settled, true);
        queueDelay = QueueDelayStats.of(lab, 0, lab.spec().durationNs());
        lossRate = lab.bottleneck(FlowDirection.FORWARD).stats().lossRate();
        responses = Collections.unmodifiableList(responses(lab.spec()));
        oscillationPerMinute = oscillation(settled);
        fairness = computeFairness();
        final double[] shares = tcpShares(lab.spec());
        mediaShare = shares[0];
        tcpShare = shares[1];
    }

    private double utilization(final boolean[] settled, final boolean sent)
    {
        final int samples = data.samples();
        final double[] delivered = new double[2 * samples];
        final double[] usable = new double[2 * samples];
        final boolean[] include = new boolean[2 * samples];
        for (final FlowDirection direction : FlowDirection.values())
        {
            final double[] capacity = data.capacityBps(direction);
            final int base = direction.ordinal() * samples;
            for (int k = 0; k < samples; k++)
            {
                double rate = direction == FlowDirection.FORWARD && data.hasTcp() ? data.tcpBps()[k] : 0;
                double limits = 0;
                boolean any = direction == FlowDirection.FORWARD && data.hasTcp();
                for (int f = 0; f < data.flowCount(); f++)
                {
                    if (data.direction(f) == direction && data.active(f)[k])
                    {
                        rate += sent ? data.sendBps(f)[k] : data.goodputBps(f)[k];
                        limits += data.limitBps(f)[k];
                        any = true;
                    }
                }
                delivered[base + k] = rate;
                usable[base + k] = data.hasTcp() ? capacity[k] : Math.min(capacity[k], limits);
                include[base + k] = any && settled[k];
            }
        }
        return SeriesMetrics.utilization(delivered, usable, include);
    }

    private List<ChangeResponse> responses(final BottleneckSpec spec)
    {
        final List<ChangeResponse> out = new ArrayList<>();
        final long[] events = data.eventNs();
        final int window = (int)(CONVERGENCE_WINDOW_NS / data.periodNs());
        for (int e = 0; e < events.length; e++)
        {
            final int from = data.sampleAt(events[e]);
            final int to = e + 1 < events.length ? data.sampleAt(events[e + 1]) : data.samples();
            double rise = Double.NaN;
            double react = Double.NaN;
            double convergence = Double.NaN;
            for (int f = 0; f < data.flowCount(); f++)
            {
                final double[] share = data.fairShareBps(f);
                if (from >= to || Double.isNaN(share[from]))
                {
                    continue;
                }
                final double before = from == 0 ? Double.NaN : share[from - 1];
                final double[] target = data.effectiveTargetBps(f);
                if (Double.isNaN(before) || share[from] > before * (1 + TOLERANCE))
                {
                    rise = worst(rise,
                        SeriesMetrics.samplesUntil(target, from, to, (1 - TOLERANCE) * share[from], true, window));
                }
                else if (share[from] < before / (1 + TOLERANCE) && share[from] > 0)
                {
                    react = worst(react,
                        SeriesMetrics.samplesUntil(target, from, to, (1 + TOLERANCE) * share[from], false, 1));
                }
                if (share[from] > 0)
                {
                    final double[] sendMean = SeriesMetrics.movingMean(data.sendBps(f), window);
                    convergence = worst(convergence,
                        SeriesMetrics.convergenceSamples(sendMean, share, from, to, TOLERANCE));
                }
            }
            if (!Double.isNaN(rise) || !Double.isNaN(react) || !Double.isNaN(convergence))
            {
                out.add(new ChangeResponse(events[e] / 1e9, label(spec, events[e]), seconds(rise), seconds(react),
                    seconds(convergence)));
            }
        }
        return out;
    }

    private double seconds(final double samples)
    {
        return Double.isNaN(samples) || Double.isInfinite(samples) ? samples : samples * data.periodNs() / 1e9;
    }

    private static double worst(final double sofar, final double value)
    {
        final double v = Double.isNaN(value) ? Double.POSITIVE_INFINITY : value;
        return Double.isNaN(sofar) ? v : Math.max(sofar, v);
    }

    static String label(final BottleneckSpec spec, final long atNs)
    {
        final StringBuilder label = new StringBuilder();
        if (atNs == 0)
        {
            label.append("start");
        }
        for (final FlowDirection direction : FlowDirection.values())
        {
            final CapacityTimeline capacity = spec.bottleneck(direction).capacity();
            for (int i = 0; i < capacity.changeCount(); i++)
            {
                if (capacity.changeAtNs(i) == atNs)
                {
                    final long before = capacity.bpsAt(atNs - 1);
                    append(label, (direction == FlowDirection.FORWARD ? "" : "backward ") +
                        Format.rate(before) + " → " + Format.rate(capacity.changeBps(i)));
                }
            }
        }
        for (final MediaFlowSpec flow : spec.flows())
        {
            if (flow.startNs() == atNs && atNs > 0)
            {
                append(label, flow.name() + " starts");
            }
            if (flow.pauseStartNs() == atNs)
            {
                append(label, flow.name() + " pauses");
            }
            if (flow.pauseEndNs() == atNs)
            {
                append(label, flow.name() + " resumes");
            }
            for (int i = 0; i < flow.appLimitChangeCount(); i++)
            {
                if (flow.appLimitAtNs(i) == atNs && atNs > 0)
                {
                    append(label, flow.name() + " application limit " + (flow.appLimitBps(i) ==
                        MediaFlowSpec.UNLIMITED_BPS ? "lifted" : Format.rate(flow.appLimitBps(i))));
                }
            }
        }
        return label.toString();
    }

    private static void append(final StringBuilder label, final String text)
    {
        label.append(label.length() == 0 ? "" : ", ").append(text);
    }

    private double oscillation(final boolean[] settled)
    {
        int crossings = 0;
        int counted = 0;
        for (int f = 0; f < data.flowCount(); f++)
        {
            final boolean[] include = new boolean[data.samples()];
            for (int k = 0; k < include.length; k++)
            {
                include[k] = settled[k] && data.active(f)[k] && !Double.isNaN(data.fairShareBps(f)[k]);
                counted += include[k] ? 1 : 0;
            }
            crossings += SeriesMetrics.watermarkCrossings(data.effectiveTargetBps(f), data.fairShareBps(f), include,
                1 - TOLERANCE, 1 + TOLERANCE);
        }
        final double minutes = counted * data.periodNs() / 60e9;
        return minutes == 0 ? Double.NaN : crossings / minutes;
    }

    private Fairness computeFairness()
    {
        FlowDirection direction = null;
        for (final FlowDirection candidate : FlowDirection.values())
        {
            int flows = 0;
            for (int f = 0; f < data.flowCount(); f++)
            {
                flows += data.direction(f) == candidate ? 1 : 0;
            }
            if (flows >= 2 && direction == null)
            {
                direction = candidate;
            }
        }
        if (direction == null)
        {
            return null;
        }
        final int samples = data.samples();
        final boolean[] eligible = new boolean[samples];
        final double[][] rates = new double[data.flowCount()][samples];
        final long[] membership = data.membershipEventNs();
        int judged = 0;
        for (int k = 0; k < samples; k++)
        {
            final long timeNs = k * data.periodNs();
            long lastChangeNs = 0;
            for (final long atNs : membership)
            {
                lastChangeNs = atNs <= timeNs ? atNs : lastChangeNs;
            }
            int active = 0;
            for (int f = 0; f < data.flowCount(); f++)
            {
                active += data.direction(f) == direction && data.active(f)[k] ? 1 : 0;
            }
            eligible[k] = active >= 2 && timeNs >= lastChangeNs + FAIRNESS_SETTLE_NS;
            judged += eligible[k] ? 1 : 0;
            for (int f = 0; f < data.flowCount(); f++)
            {
                final boolean counts = eligible[k] && data.direction(f) == direction && data.active(f)[k];
                rates[f][k] = counts ? data.goodputBps(f)[k] : Double.NaN;
            }
        }
        if (judged == 0)
        {
            return null;
        }
        final double ratio = SeriesMetrics.maxMinRatio(SeriesMetrics.windowMeans(rates, 0, samples));
        final int perSecond = (int)(1_000_000_000L / data.periodNs());
        final double[] one = SeriesMetrics.windowedFairness(rates, eligible, perSecond);
        final double[] five = SeriesMetrics.windowedFairness(rates, eligible, 5 * perSecond);
        final double[] twenty = SeriesMetrics.windowedFairness(rates, eligible, 20 * perSecond);
        return new Fairness(ratio, one[0], five[0], twenty[0], five[2], judged * data.periodNs() / 1e9);
    }

    private double[] tcpShares(final BottleneckSpec spec)
    {
        if (!data.hasTcp())
        {
            return new double[]{ Double.NaN, Double.NaN };
        }
        long firstMediaNs = Long.MAX_VALUE;
        for (final MediaFlowSpec flow : spec.flows())
        {
            firstMediaNs = Math.min(firstMediaNs, flow.startNs());
        }
        final int from = data.sampleAt(firstMediaNs + TCP_SHARE_SETTLE_NS);
        double media = 0;
        double tcp = 0;
        double capacity = 0;
        for (int k = from; k < data.samples(); k++)
        {
            for (int f = 0; f < data.flowCount(); f++)
            {
                final double goodput = data.goodputBps(f)[k];
                media += Double.isNaN(goodput) ? 0 : goodput;
            }
            tcp += data.tcpBps()[k];
            capacity += data.capacityBps(FlowDirection.FORWARD)[k];
        }
        return new double[]{ media / capacity, tcp / capacity };
    }

    /**
     * Target of a flow just before a time (the last 200 ms sample that ends by then), for checkpoints such as
     * libwebrtc's "target after 25 s".
     *
     * @param flow   flow index.
     * @param timeNs the checkpoint.
     * @return bits per second.
     */
    public double targetBeforeBps(final int flow, final long timeNs)
    {
        return data.targetBps(flow)[Math.max(0, data.sampleAt(timeNs) - 1)];
    }

    /**
     * Mean of a per-sample series of one flow over a span, skipping samples without a value.
     *
     * @param series e.g. {@code data().targetBps(0)}.
     * @param fromNs start of the span.
     * @param toNs   end of the span, exclusive.
     * @return the mean, NaN when no sample has a value.
     */
    public double mean(final double[] series, final long fromNs, final long toNs)
    {
        return SeriesMetrics.windowMeans(new double[][]{ series }, data.sampleAt(fromNs), data.sampleAt(toNs))[0];
    }

    /**
     * The sampled record behind the figures.
     *
     * @return the sampled record behind the figures.
     */
    public ScenarioData data()
    {
        return data;
    }

    /**
     * Media goodput (plus TCP goodput when TCP competes) over the capacity the media could use (the link's capacity
     * capped at the sum of the active flows' maximum or application-limited rates), summed over both directions and
     * all samples except the 5 s after each change.
     *
     * @return a fraction.
     */
    public double utilization()
    {
        return utilization;
    }

    /**
     * Like {@link #utilization()} but with the send rate (lost packets included) instead of goodput.
     *
     * @return like {@link #utilization()} but with the send rate (lost packets included) instead of goodput.
     */
    public double sendUtilization()
    {
        return sendUtilization;
    }

    /**
     * Per-packet queuing delay of all media packets over the whole run.
     *
     * @return per-packet queuing delay of all media packets over the whole run.
     */
    public QueueDelayStats queueDelay()
    {
        return queueDelay;
    }

    /**
     * Fraction of all packets offered to the forward bottleneck that it dropped, whatever the cause.
     *
     * @return fraction of all packets offered to the forward bottleneck that it dropped, whatever the cause.
     */
    public double lossRate()
    {
        return lossRate;
    }

    /**
     * The response to each change, in time order.
     *
     * @return the response to each change, in time order.
     */
    public List<ChangeResponse> responses()
    {
        return responses;
    }

    /**
     * Target crossings of the ±10% watermarks around the fair share, per minute of settled sending.
     *
     * @return target crossings of the ±10% watermarks around the fair share, per minute of settled sending.
     */
    public double oscillationPerMinute()
    {
        return oscillationPerMinute;
    }

    /**
     * Fairness among flows of one direction, or null with fewer than two flows.
     *
     * @return fairness among flows of one direction, or null with fewer than two flows.
     */
    public Fairness fairness()
    {
        return fairness;
    }

    /**
     * Media goodput over capacity from 10 s after the media starts, NaN without TCP.
     *
     * @return media goodput over capacity from 10 s after the media starts, NaN without TCP.
     */
    public double mediaShare()
    {
        return mediaShare;
    }

    /**
     * TCP goodput (wire bytes) over capacity over the same span, NaN without TCP.
     *
     * @return TCP goodput (wire bytes) over capacity over the same span, NaN without TCP.
     */
    public double tcpShare()
    {
        return tcpShare;
    }
}
