package io.classwire.media.quality;

import org.HdrHistogram.Histogram;

/**
 * Mouth-to-ear delay percentiles: for each played frame, the time from capture of its first sample at the sender to
 * its playout at the receiver, recorded in microseconds into an HdrHistogram (3 significant digits, up to 60 s);
 * single-threaded, allocation-free while recording.
 *
 * <pre>
 * delay = playout time of the frame's first sample - capture time of that sample
 * capture time of RTP timestamp t = capture time of the first frame + (t - t_first) / 48 kHz
 * </pre>
 *
 * Both times must be on one clock (the lab's virtual clock, or one machine). Frames without a source sample
 * (concealment, comfort noise) are not recorded. ITU-T G.114 (05/2003) recommends keeping this one-way delay below
 * 150 ms for most interactive use; {@link EModel} turns it into a delay impairment.
 */
public final class MouthToEar
{
    private static final long MAX_US = 60_000_000L;
    private final Histogram histogram = new Histogram(MAX_US, 3);

    /**
     * @param captureNs capture time of the frame's first sample.
     * @param playoutNs playout time of that sample.
     */
    public void record(final long captureNs, final long playoutNs)
    {
        final long delayUs = Math.max(0, Math.min(MAX_US, (playoutNs - captureNs) / 1000));
        histogram.recordValue(delayUs);
    }

    /**
     * @param percentile 0..100.
     * @return the delay at that percentile, ms (0 when nothing was recorded).
     */
    public double percentileMs(final double percentile)
    {
        return histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    /** @return the largest delay recorded, ms. */
    public double maxMs()
    {
        return histogram.getMaxValue() / 1000.0;
    }

    /** @return the mean delay, ms. */
    public double meanMs()
    {
        return histogram.getMean() / 1000.0;
    }

    /** @return frames recorded. */
    public long count()
    {
        return histogram.getTotalCount();
    }

    /** Forget every recorded value. */
    public void reset()
    {
        histogram.reset();
    }
}
