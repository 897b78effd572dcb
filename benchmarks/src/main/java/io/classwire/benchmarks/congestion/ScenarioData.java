package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckLab;
import io.classwire.core.congestion.lab.BottleneckSpec;
import io.classwire.core.congestion.lab.FlowDirection;
import io.classwire.core.congestion.lab.MediaFlow;
import io.classwire.core.congestion.lab.MediaFlowSpec;
import io.classwire.core.lab.CapacityTimeline;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * The sampled record of one scenario run, as plain arrays: per direction the bottleneck's capacity and loss, the TCP
 * goodput, and per media flow its target, send rate, goodput, queuing delay, activity and fair share. Built from a
 * finished {@link BottleneckLab}; read by the metrics, the CSV writer and the chart writer. Rates are bits per
 * second, delays milliseconds; NaN means "no value" (a flow not active, no packet in the period).
 */
public final class ScenarioData
{
    private final int samples;
    private final long periodNs;
    private final String[] flowNames;
    private final FlowDirection[] directions;
    private final double[][] capacityBps = new double[2][];
    private final double[][] lossRate = new double[2][];
    private final double[] tcpBps;
    private final double[][] targetBps;
    private final double[][] effectiveTargetBps;
    private final double[][] sendBps;
    private final double[][] goodputBps;
    private final double[][] queueDelayMeanMs;
    private final double[][] queueDelayMaxMs;
    private final boolean[][] active;
    private final double[][] limitBps;
    private final double[][] fairShareBps;
    private final long[] eventNs;
    private final long[] membershipEventNs;
    private final boolean hasTcp;

    /**
     * Extract the record of a finished run.
     *
     * @param lab a lab after {@link BottleneckLab#run()}.
     */
    public ScenarioData(final BottleneckLab lab)
    {
        final BottleneckSpec spec = lab.spec();
        final List<MediaFlow> flows = lab.flows();
        samples = lab.sampleCount();
        periodNs = spec.samplePeriodNs();
        hasTcp = spec.longTcpCount() > 0 || spec.hasShortTcpFlows();
        final int n = flows.size();
        flowNames = new String[n];
        directions = new FlowDirection[n];
        targetBps = new double[n][samples];
        effectiveTargetBps = new double[n][samples];
        sendBps = new double[n][samples];
        goodputBps = new double[n][samples];
        queueDelayMeanMs = new double[n][samples];
        queueDelayMaxMs = new double[n][samples];
        active = new boolean[n][samples];
        limitBps = new double[n][samples];
        tcpBps = new double[samples];
        for (final FlowDirection direction : FlowDirection.values())
        {
            capacityBps[direction.ordinal()] = new double[samples];
            lossRate[direction.ordinal()] = new double[samples];
            for (int k = 0; k < samples; k++)
            {
                capacityBps[direction.ordinal()][k] = lab.capacityBps(direction, k);
                lossRate[direction.ordinal()][k] = lab.sampler().lossRate(direction, k);
            }
        }
        for (int k = 0; k < samples; k++)
        {
            tcpBps[k] = hasTcp ? lab.sampler().tcpGoodputBps(k) : Double.NaN;
        }
        for (int f = 0; f < n; f++)
        {
            extractFlow(f, flows.get(f));
        }
        fairShareBps = hasTcp ? nanMatrix(n, samples) : computeFairShares();
        eventNs = collectEvents(spec, false);
        membershipEventNs = collectEvents(spec, true);
    }

    private void extractFlow(final int f, final MediaFlow flow)
    {
        final MediaFlowSpec spec = flow.spec();
        flowNames[f] = spec.name();
        directions[f] = spec.direction();
        for (int k = 0; k < samples; k++)
        {
            final boolean isActive = flow.isActive(k);
            final double appLimit = appLimitAt(spec, k * periodNs);
            active[f][k] = isActive;
            final boolean started = k * periodNs >= spec.startNs();
            targetBps[f][k] = started ? flow.targetBps(k) : Double.NaN;
            effectiveTargetBps[f][k] = Math.min(targetBps[f][k], appLimit);
            sendBps[f][k] = started ? flow.sendBps(k) : Double.NaN;
            goodputBps[f][k] = started ? flow.goodputBps(k) : Double.NaN;
            queueDelayMeanMs[f][k] = flow.queueDelayMeanMs(k);
            queueDelayMaxMs[f][k] = flow.queueDelayMaxMs(k);
            limitBps[f][k] = isActive ? Math.min(spec.maxBitrateBps(), appLimit) : Double.NaN;
        }
    }

    private static double appLimitAt(final MediaFlowSpec spec, final long timeNs)
    {
        double limit = Double.POSITIVE_INFINITY;
        for (int i = 0; i < spec.appLimitChangeCount() && spec.appLimitAtNs(i) <= timeNs; i++)
        {
            final long bps = spec.appLimitBps(i);
            limit = bps == MediaFlowSpec.UNLIMITED_BPS ? Double.POSITIVE_INFINITY : bps;
        }
        return limit;
    }

    private double[][] computeFairShares()
    {
        final double[][] shares = nanMatrix(flowNames.length, samples);
        for (final FlowDirection direction : FlowDirection.values())
        {
            for (int k = 0; k < samples; k++)
            {
                final double[] limits = new double[flowNames.length];
                for (int f = 0; f < flowNames.length; f++)
                {
                    limits[f] = directions[f] == direction ? limitBps[f][k] : Double.NaN;
                }
                final double[] kShares = SeriesMetrics.fairShares(capacityBps[direction.ordinal()][k], limits);
                for (int f = 0; f < flowNames.length; f++)
                {
                    if (directions[f] == direction)
                    {
                        shares[f][k] = kShares[f];
                    }
                }
            }
        }
        return shares;
    }

    private static double[][] nanMatrix(final int rows, final int columns)
    {
        final double[][] matrix = new double[rows][columns];
        for (final double[] row : matrix)
        {
            Arrays.fill(row, Double.NaN);
        }
        return matrix;
    }

    private static long[] collectEvents(final BottleneckSpec spec, final boolean membershipOnly)
    {
        final TreeSet<Long> events = new TreeSet<>();
        events.add(0L);
        for (final MediaFlowSpec flow : spec.flows())
        {
            events.add(flow.startNs());
            if (flow.pauseStartNs() != MediaFlowSpec.NEVER)
            {
                events.add(flow.pauseStartNs());
                events.add(flow.pauseEndNs());
            }
            if (!membershipOnly)
            {
                for (int i = 0; i < flow.appLimitChangeCount(); i++)
                {
                    events.add(flow.appLimitAtNs(i));
                }
            }
        }
        if (!membershipOnly)
        {
            for (final FlowDirection direction : FlowDirection.values())
            {
                final CapacityTimeline capacity = spec.bottleneck(direction).capacity();
                for (int i = 0; i < capacity.changeCount(); i++)
                {
                    events.add(capacity.changeAtNs(i));
                }
            }
            for (int i = 0; i < spec.longTcpCount(); i++)
            {
                events.add(spec.longTcpStartNs(i));
            }
        }
        return events.stream().filter(t -> t < spec.durationNs()).mapToLong(Long::longValue).toArray();
    }

    /**
     * Number of sample periods.
     *
     * @return number of sample periods.
     */
    public int samples()
    {
        return samples;
    }

    /**
     * Sample period in nanoseconds.
     *
     * @return sample period in nanoseconds.
     */
    public long periodNs()
    {
        return periodNs;
    }

    /**
     * Number of media flows.
     *
     * @return number of media flows.
     */
    public int flowCount()
    {
        return flowNames.length;
    }

    /**
     * Name of a flow.
     *
     * @param flow flow index.
     * @return its name.
     */
    public String flowName(final int flow)
    {
        return flowNames[flow];
    }

    /**
     * Direction of a flow's media.
     *
     * @param flow flow index.
     * @return which way its media goes.
     */
    public FlowDirection direction(final int flow)
    {
        return directions[flow];
    }

    /**
     * Whether TCP traffic competed.
     *
     * @return whether TCP traffic competed.
     */
    public boolean hasTcp()
    {
        return hasTcp;
    }

    /**
     * Mean capacity of a bottleneck direction per sample.
     *
     * @param direction a bottleneck direction.
     * @return its mean capacity per sample.
     */
    public double[] capacityBps(final FlowDirection direction)
    {
        return capacityBps[direction.ordinal()];
    }

    /**
     * Fraction of offered packets a bottleneck direction dropped, per sample.
     *
     * @param direction a bottleneck direction.
     * @return the fraction of offered packets it dropped, per sample.
     */
    public double[] lossRate(final FlowDirection direction)
    {
        return lossRate[direction.ordinal()];
    }

    /**
     * TCP goodput per sample (wire bytes), NaN without TCP.
     *
     * @return TCP goodput per sample (wire bytes), NaN without TCP.
     */
    public double[] tcpBps()
    {
        return tcpBps;
    }

    /**
     * Controller target per sample, NaN before the flow starts.
     *
     * @param flow flow index.
     * @return controller target per sample, NaN before the flow starts.
     */
    public double[] targetBps(final int flow)
    {
        return targetBps[flow];
    }

    /**
     * The target capped by the application limit: what the encoder model produces.
     *
     * @param flow flow index.
     * @return the target capped by the application limit: what the encoder model produces.
     */
    public double[] effectiveTargetBps(final int flow)
    {
        return effectiveTargetBps[flow];
    }

    /**
     * Send rate per sample (media, padding and probes), NaN before the flow starts.
     *
     * @param flow flow index.
     * @return send rate per sample (media, padding and probes), NaN before the flow starts.
     */
    public double[] sendBps(final int flow)
    {
        return sendBps[flow];
    }

    /**
     * Goodput at the receiver per sample, NaN before the flow starts.
     *
     * @param flow flow index.
     * @return goodput at the receiver per sample, NaN before the flow starts.
     */
    public double[] goodputBps(final int flow)
    {
        return goodputBps[flow];
    }

    /**
     * Mean queuing delay per sample, NaN when no packet arrived.
     *
     * @param flow flow index.
     * @return mean queuing delay per sample, NaN when no packet arrived.
     */
    public double[] queueDelayMeanMs(final int flow)
    {
        return queueDelayMeanMs[flow];
    }

    /**
     * Largest queuing delay per sample, NaN when no packet arrived.
     *
     * @param flow flow index.
     * @return largest queuing delay per sample, NaN when no packet arrived.
     */
    public double[] queueDelayMaxMs(final int flow)
    {
        return queueDelayMaxMs[flow];
    }

    /**
     * Whether the flow sent media for the whole sample.
     *
     * @param flow flow index.
     * @return whether the flow sent media for the whole sample.
     */
    public boolean[] active(final int flow)
    {
        return active[flow];
    }

    /**
     * The most the flow could use per sample (max bitrate, application limit), NaN when not active.
     *
     * @param flow flow index.
     * @return the most the flow could use per sample (max bitrate, application limit), NaN when not active.
     */
    public double[] limitBps(final int flow)
    {
        return limitBps[flow];
    }

    /**
     * @param flow flow index.
     * @return its max-min fair share of its direction's capacity per sample; NaN when not active or when TCP
     *         competes (no defined share).
     */
    public double[] fairShareBps(final int flow)
    {
        return fairShareBps[flow];
    }

    /**
     * Times of every change (start, capacity, flow start/pause/resume, application limit, TCP start).
     *
     * @return times of every change (start, capacity, flow start/pause/resume, application limit, TCP start).
     */
    public long[] eventNs()
    {
        return eventNs.clone();
    }

    /**
     * Times at which the set of sending media flows changes (starts, pauses, resumes), and 0.
     *
     * @return times at which the set of sending media flows changes (starts, pauses, resumes), and 0.
     */
    public long[] membershipEventNs()
    {
        return membershipEventNs.clone();
    }

    /**
     * Sample index of a time.
     *
     * @param timeNs a time in the run.
     * @return the period containing it, clamped to the run.
     */
    public int sampleAt(final long timeNs)
    {
        return (int)Math.max(0, Math.min(samples, timeNs / periodNs));
    }
}
