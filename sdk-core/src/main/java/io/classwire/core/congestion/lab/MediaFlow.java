package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.GccController;

/**
 * One media flow of a {@link BottleneckLab} as built: its spec, controller, sender and receiver agents, rate series
 * and per-packet queuing-delay log, plus per-sample figures once the run is over. Single-threaded.
 */
public final class MediaFlow
{
    private final int index;
    private final MediaFlowSpec spec;
    private final GccController controller;
    private final GccSenderAgent sender;
    private final TwccReceiverAgent receiver;
    private final RateSeries series;
    private final RecordingTransport recorder;
    private long samplePeriodNs;
    private double[] queueDelayMeanMs = new double[0];
    private double[] queueDelayMaxMs = new double[0];

    MediaFlow(final int index, final MediaFlowSpec spec, final GccController controller, final GccSenderAgent sender,
        final TwccReceiverAgent receiver, final RateSeries series, final RecordingTransport recorder)
    {
        this.index = index;
        this.spec = spec;
        this.controller = controller;
        this.sender = sender;
        this.receiver = receiver;
        this.series = series;
        this.recorder = recorder;
    }

    /**
     * Position of the flow in the spec.
     *
     * @return the index.
     */
    public int index()
    {
        return index;
    }

    /**
     * What the flow was built from.
     *
     * @return the spec.
     */
    public MediaFlowSpec spec()
    {
        return spec;
    }

    /**
     * The flow's controller.
     *
     * @return it.
     */
    public GccController controller()
    {
        return controller;
    }

    /**
     * The flow's sender.
     *
     * @return it.
     */
    public GccSenderAgent sender()
    {
        return sender;
    }

    /**
     * The flow's receiver.
     *
     * @return it.
     */
    public TwccReceiverAgent receiver()
    {
        return receiver;
    }

    /**
     * The 100 ms rate series the agents write.
     *
     * @return it.
     */
    public RateSeries series()
    {
        return series;
    }

    /**
     * The per-packet queuing-delay log.
     *
     * @return it.
     */
    public RecordingTransport recorder()
    {
        return recorder;
    }

    /**
     * Target the controller reported at the start of a sample period; 0 before the flow starts.
     *
     * @param sample period index.
     * @return bits per second.
     */
    public long targetBps(final int sample)
    {
        final long timeNs = sample * samplePeriodNs;
        return timeNs < spec.startNs() ? 0 : series.targetBps(timeNs);
    }

    /**
     * Rate the sender put on the wire (media, padding, probes) during a sample period.
     *
     * @param sample period index.
     * @return bits per second.
     */
    public long sendBps(final int sample)
    {
        return series.sentBps(sample * samplePeriodNs, (sample + 1) * samplePeriodNs);
    }

    /**
     * Rate the receiver got during a sample period.
     *
     * @param sample period index.
     * @return bits per second.
     */
    public long goodputBps(final int sample)
    {
        return series.receivedBps(sample * samplePeriodNs, (sample + 1) * samplePeriodNs);
    }

    /**
     * Mean queuing delay of the packets that arrived during a sample period.
     *
     * @param sample period index.
     * @return milliseconds, NaN when none arrived.
     */
    public double queueDelayMeanMs(final int sample)
    {
        return queueDelayMeanMs[sample];
    }

    /**
     * Largest queuing delay of the packets that arrived during a sample period.
     *
     * @param sample period index.
     * @return milliseconds, NaN when none arrived.
     */
    public double queueDelayMaxMs(final int sample)
    {
        return queueDelayMaxMs[sample];
    }

    /**
     * Whether the flow was sending media for the whole of a sample period.
     *
     * @param sample period index.
     * @return true when started and not paused from the start to the end of the period.
     */
    public boolean isActive(final int sample)
    {
        final long fromNs = sample * samplePeriodNs;
        final long toNs = fromNs + samplePeriodNs - 1;
        return spec.isActiveAt(fromNs) && spec.isActiveAt(toNs) &&
            !(spec.pauseStartNs() > fromNs && spec.pauseStartNs() <= toNs);
    }

    void summarize(final int samples, final long periodNs)
    {
        samplePeriodNs = periodNs;
        final double[] sumMs = new double[samples];
        final long[] counts = new long[samples];
        queueDelayMaxMs = new double[samples];
        for (int i = 0; i < recorder.packetCount(); i++)
        {
            final int sample = (int)(recorder.arrivalNs(i) / periodNs);
            if (sample < samples)
            {
                final double delayMs = recorder.queueDelayNs(i) / 1e6;
                sumMs[sample] += delayMs;
                counts[sample]++;
                queueDelayMaxMs[sample] = Math.max(queueDelayMaxMs[sample], delayMs);
            }
        }
        queueDelayMeanMs = new double[samples];
        for (int k = 0; k < samples; k++)
        {
            queueDelayMeanMs[k] = counts[k] == 0 ? Double.NaN : sumMs[k] / counts[k];
            if (counts[k] == 0)
            {
                queueDelayMaxMs[k] = Double.NaN;
            }
        }
    }
}
