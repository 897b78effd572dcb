package io.classwire.core.congestion.lab;

import io.classwire.core.lab.Link;
import io.classwire.core.transport.TimedAgent;

import java.util.function.LongSupplier;

/**
 * Reads cumulative counters at every sample boundary of a {@link BottleneckLab} run: packets offered to and dropped
 * by each bottleneck direction, and the bytes the competing TCP traffic delivered. Sample {@code k} of a counter is
 * its value at {@code k * period}, so the activity during sample period {@code k} is the difference between entries
 * {@code k + 1} and {@code k}. Single-threaded; arrays are sized up front.
 */
public final class LinkSampler implements TimedAgent
{
    private final Link forward;
    private final Link backward;
    private final LongSupplier tcpDeliveredBytes;
    private final long periodNs;
    private final long[] forwardOffered;
    private final long[] forwardDropped;
    private final long[] backwardOffered;
    private final long[] backwardDropped;
    private final long[] tcpBytes;
    private long nextSampleNs;
    private int recorded;

    /**
     * Create a sampler.
     *
     * @param forward           forward bottleneck.
     * @param backward          backward bottleneck.
     * @param tcpDeliveredBytes cumulative bytes delivered by all TCP traffic (wire bytes, headers included).
     * @param periodNs          sample period.
     * @param durationNs        run length.
     */
    public LinkSampler(final Link forward, final Link backward, final LongSupplier tcpDeliveredBytes,
        final long periodNs, final long durationNs)
    {
        this.forward = forward;
        this.backward = backward;
        this.tcpDeliveredBytes = tcpDeliveredBytes;
        this.periodNs = periodNs;
        final int samples = (int)(durationNs / periodNs) + 2;
        forwardOffered = new long[samples];
        forwardDropped = new long[samples];
        backwardOffered = new long[samples];
        backwardDropped = new long[samples];
        tcpBytes = new long[samples];
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        while (nowNs >= nextSampleNs && recorded < tcpBytes.length)
        {
            forwardOffered[recorded] = forward.stats().offeredPackets();
            forwardDropped[recorded] = forward.stats().droppedPackets();
            backwardOffered[recorded] = backward.stats().offeredPackets();
            backwardDropped[recorded] = backward.stats().droppedPackets();
            tcpBytes[recorded] = tcpDeliveredBytes.getAsLong();
            recorded++;
            nextSampleNs += periodNs;
            work++;
        }
        return work;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return recorded < tcpBytes.length ? nextSampleNs : NO_DEADLINE;
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return "link-sampler";
    }

    /**
     * Fraction of the packets offered to one bottleneck direction during a sample period that it dropped.
     *
     * @param direction which bottleneck.
     * @param sample    period index.
     * @return dropped / offered, 0 when nothing was offered or the period was not reached.
     */
    public double lossRate(final FlowDirection direction, final int sample)
    {
        if (sample + 1 >= recorded)
        {
            return 0.0;
        }
        final long[] offered = direction == FlowDirection.FORWARD ? forwardOffered : backwardOffered;
        final long[] dropped = direction == FlowDirection.FORWARD ? forwardDropped : backwardDropped;
        final long offeredDelta = offered[sample + 1] - offered[sample];
        return offeredDelta == 0 ? 0.0 : (double)(dropped[sample + 1] - dropped[sample]) / offeredDelta;
    }

    /**
     * Rate at which the TCP traffic delivered data during a sample period.
     *
     * @param sample period index.
     * @return bits per second, 0 when the period was not reached.
     */
    public long tcpGoodputBps(final int sample)
    {
        if (sample + 1 >= recorded)
        {
            return 0;
        }
        return (tcpBytes[sample + 1] - tcpBytes[sample]) * 8L * 1_000_000_000L / periodNs;
    }
}
