package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckLab;
import io.classwire.core.congestion.lab.MediaFlow;
import io.classwire.core.congestion.lab.RecordingTransport;
import org.HdrHistogram.Histogram;

/**
 * Queuing delay of every media packet of a run, as an HdrHistogram: mean, 95th percentile and maximum.
 *
 * @param meanMs mean over all media packets.
 * @param p95Ms  95th percentile.
 * @param maxMs  largest.
 * @param packets how many packets were counted.
 */
public record QueueDelayStats(double meanMs, double p95Ms, double maxMs, long packets)
{
    private static final long HIGHEST_NS = 3_600_000_000_000L;

    /**
     * Histogram the delays of the packets that arrived in [fromNs, toNs) on every flow of a finished lab.
     *
     * @param lab    the lab, after its run.
     * @param fromNs start of the span.
     * @param toNs   end of the span, exclusive.
     * @return the statistics; zeros when no packet arrived.
     */
    public static QueueDelayStats of(final BottleneckLab lab, final long fromNs, final long toNs)
    {
        final Histogram histogram = new Histogram(1, HIGHEST_NS, 3);
        for (final MediaFlow flow : lab.flows())
        {
            final RecordingTransport recorder = flow.recorder();
            for (int i = 0; i < recorder.packetCount(); i++)
            {
                final long atNs = recorder.arrivalNs(i);
                if (atNs >= fromNs && atNs < toNs)
                {
                    histogram.recordValue(Math.max(1, Math.min(HIGHEST_NS, recorder.queueDelayNs(i))));
                }
            }
        }
        return of(histogram);
    }

    /**
     * Summarize a histogram of delays in nanoseconds.
     *
     * @param histogramNs the histogram.
     * @return the statistics; zeros when it is empty.
     */
    public static QueueDelayStats of(final Histogram histogramNs)
    {
        if (histogramNs.getTotalCount() == 0)
        {
            return new QueueDelayStats(0, 0, 0, 0);
        }
        return new QueueDelayStats(histogramNs.getMean() / 1e6, histogramNs.getValueAtPercentile(95.0) / 1e6,
            histogramNs.getMaxValue() / 1e6, histogramNs.getTotalCount());
    }
}
