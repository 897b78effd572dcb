package io.classwire.core.congestion.lab;

import io.classwire.core.lab.LinkConfig;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable description of a run of a {@link BottleneckLab}: the two directions of the shared bottleneck, the access
 * links' rate, the media flows, the competing TCP traffic, the run length and the sample period.
 *
 * <pre>
 *  sender f0 ──access──┐                                   ┌──access── receiver f0
 *  sender f1 ──access──┤ left ══ forward bottleneck ══► right ├──access── receiver f1
 *  TCP data ───────────┘      ◄══ backward bottleneck ══      └────────── TCP ACKs
 * </pre>
 *
 * A {@link FlowDirection#BACKWARD} flow has its sender on the right and its receiver on the left. TCP flows use the
 * bottleneck links directly (data forward, ACKs backward), so their round trip is the bottleneck's alone.
 */
public final class BottleneckSpec
{
    /** Default sample period: 200 ms. */
    public static final long DEFAULT_SAMPLE_PERIOD_NS = 200_000_000L;
    /** Default access link rate: the 4 Mbit/s "physical" rate of the RFC 8867 ns-3 reference topology. */
    public static final long DEFAULT_ACCESS_BPS = 4_000_000L;

    private final LinkConfig forward;
    private final LinkConfig backward;
    private final long accessCapacityBps;
    private final long durationNs;
    private final long samplePeriodNs;
    private final List<MediaFlowSpec> flows;
    private final long[] longTcpStartNs;
    private final long[] longTcpStopNs;
    private final long shortTcpStartNs;
    private final long shortTcpStopNs;

    private BottleneckSpec(final Builder builder)
    {
        forward = builder.forward;
        backward = builder.backward;
        accessCapacityBps = builder.accessCapacityBps;
        durationNs = builder.durationNs;
        samplePeriodNs = builder.samplePeriodNs;
        flows = Collections.unmodifiableList(new ArrayList<>(builder.flows));
        longTcpStartNs = builder.longTcpStartNs.stream().mapToLong(Long::longValue).toArray();
        longTcpStopNs = builder.longTcpStopNs.stream().mapToLong(Long::longValue).toArray();
        shortTcpStartNs = builder.shortTcpStartNs;
        shortTcpStopNs = builder.shortTcpStopNs;
    }

    /**
     * Start describing a run.
     *
     * @param forward  left-to-right bottleneck.
     * @param backward right-to-left bottleneck.
     * @param durationNs run length.
     * @return a builder.
     */
    public static Builder builder(final LinkConfig forward, final LinkConfig backward, final long durationNs)
    {
        return new Builder(forward, backward, durationNs);
    }

    /**
     * Left-to-right bottleneck.
     *
     * @return its configuration.
     */
    public LinkConfig forward()
    {
        return forward;
    }

    /**
     * Right-to-left bottleneck.
     *
     * @return its configuration.
     */
    public LinkConfig backward()
    {
        return backward;
    }

    /**
     * The bottleneck of one direction.
     *
     * @param direction which one.
     * @return its configuration.
     */
    public LinkConfig bottleneck(final FlowDirection direction)
    {
        return direction == FlowDirection.FORWARD ? forward : backward;
    }

    /**
     * Rate of every access link (no queue limit, no loss).
     *
     * @return bits per second.
     */
    public long accessCapacityBps()
    {
        return accessCapacityBps;
    }

    /**
     * Run length.
     *
     * @return nanoseconds.
     */
    public long durationNs()
    {
        return durationNs;
    }

    /**
     * Period of the recorded samples.
     *
     * @return nanoseconds.
     */
    public long samplePeriodNs()
    {
        return samplePeriodNs;
    }

    /**
     * The media flows, in the order given.
     *
     * @return an unmodifiable list.
     */
    public List<MediaFlowSpec> flows()
    {
        return flows;
    }

    /**
     * Number of long-lived TCP NewReno flows.
     *
     * @return the count.
     */
    public int longTcpCount()
    {
        return longTcpStartNs.length;
    }

    /**
     * Start of long TCP flow {@code index}.
     *
     * @param index in [0, {@link #longTcpCount()}).
     * @return nanoseconds.
     */
    public long longTcpStartNs(final int index)
    {
        return longTcpStartNs[index];
    }

    /**
     * When long TCP flow {@code index} stops writing.
     *
     * @param index in [0, {@link #longTcpCount()}).
     * @return nanoseconds.
     */
    public long longTcpStopNs(final int index)
    {
        return longTcpStopNs[index];
    }

    /**
     * Whether the RFC 8867 section 5.7 short-TCP-flow generator runs.
     *
     * @return true when configured.
     */
    public boolean hasShortTcpFlows()
    {
        return shortTcpStartNs >= 0;
    }

    /**
     * Start of the short-flow generator.
     *
     * @return nanoseconds, or -1 when there is none.
     */
    public long shortTcpStartNs()
    {
        return shortTcpStartNs;
    }

    /**
     * End of new short flows.
     *
     * @return nanoseconds.
     */
    public long shortTcpStopNs()
    {
        return shortTcpStopNs;
    }

    /** Fluent builder. */
    public static final class Builder
    {
        private final LinkConfig forward;
        private final LinkConfig backward;
        private final long durationNs;
        private final List<MediaFlowSpec> flows = new ArrayList<>();
        private final List<Long> longTcpStartNs = new ArrayList<>();
        private final List<Long> longTcpStopNs = new ArrayList<>();
        private long accessCapacityBps = DEFAULT_ACCESS_BPS;
        private long samplePeriodNs = DEFAULT_SAMPLE_PERIOD_NS;
        private long shortTcpStartNs = -1;
        private long shortTcpStopNs = -1;

        private Builder(final LinkConfig forward, final LinkConfig backward, final long durationNs)
        {
            this.forward = forward;
            this.backward = backward;
            this.durationNs = durationNs;
        }

        /**
         * Add a media flow.
         *
         * @param flow a media flow; names must be unique.
         * @return this.
         */
        public Builder flow(final MediaFlowSpec flow)
        {
            flows.add(flow);
            return this;
        }

        /**
         * Set the rate of every access link.
         *
         * @param bps rate of every access link.
         * @return this.
         */
        public Builder accessCapacityBps(final long bps)
        {
            accessCapacityBps = bps;
            return this;
        }

        /**
         * Set the sample period.
         *
         * @param periodNs sample period, at least 100 ms and a multiple of it.
         * @return this.
         */
        public Builder samplePeriodNs(final long periodNs)
        {
            samplePeriodNs = periodNs;
            return this;
        }

        /**
         * Add a long-lived TCP NewReno bulk transfer over the forward bottleneck.
         *
         * @param startNs first segment.
         * @param stopNs  no new data after this.
         * @return this.
         */
        public Builder longTcp(final long startNs, final long stopNs)
        {
            longTcpStartNs.add(startNs);
            longTcpStopNs.add(stopNs);
            return this;
        }

        /**
         * Add the RFC 8867 section 5.7 short TCP flows (10 sources, 2 initially active) over the forward bottleneck.
         *
         * @param startNs when the sources start.
         * @param stopNs  no new download after this.
         * @return this.
         */
        public Builder shortTcp(final long startNs, final long stopNs)
        {
            shortTcpStartNs = startNs;
            shortTcpStopNs = stopNs;
            return this;
        }

        /**
         * Finish the description.
         *
         * @return the immutable spec.
         * @throws IllegalArgumentException on no flows, duplicate names or a bad period.
         */
        public BottleneckSpec build()
        {
            if (flows.isEmpty())
            {
                throw new IllegalArgumentException("need at least one media flow");
            }
            if (flows.stream().map(MediaFlowSpec::name).distinct().count() != flows.size())
            {
                throw new IllegalArgumentException("flow names must be unique");
            }
            if (samplePeriodNs < CongestionLab.SAMPLE_PERIOD_NS ||
                samplePeriodNs % CongestionLab.SAMPLE_PERIOD_NS != 0)
            {
                throw new IllegalArgumentException("sample period must be a positive multiple of 100 ms");
            }
            if (durationNs <= 0 || accessCapacityBps <= 0)
            {
                throw new IllegalArgumentException("duration and access rate must be positive");
            }
            return new BottleneckSpec(this);
        }
    }
}
