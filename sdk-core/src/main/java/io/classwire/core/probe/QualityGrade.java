package io.classwire.core.probe;

/**
 * How well a measured path suits a live class with two-way audio and camera video, from best to worst. A path gets
 * the best grade whose every threshold it meets; each metric is checked on its own, so the grade is the worst of the
 * per-metric grades.
 *
 * <table>
 *   <caption>Thresholds (a path must be better than every value in a row to get that grade)</caption>
 *   <tr><th>grade</th><th>RTT p50</th><th>loss (worse direction)</th><th>jitter (worse direction)</th>
 *       <th>uplink</th><th>downlink</th></tr>
 *   <tr><td>EXCELLENT</td><td>&lt; 100 ms</td><td>&lt; 1 %</td><td>&lt; 20 ms</td><td>&ge; 1.5 Mbps</td>
 *       <td>&ge; 2.5 Mbps</td></tr>
 *   <tr><td>GOOD</td><td>&lt; 200 ms</td><td>&lt; 3 %</td><td>&lt; 40 ms</td><td>&ge; 0.8 Mbps</td>
 *       <td>&ge; 1.5 Mbps</td></tr>
 *   <tr><td>FAIR</td><td>&lt; 350 ms</td><td>&lt; 8 %</td><td>&lt; 60 ms</td><td>&ge; 0.6 Mbps</td>
 *       <td>&ge; 1.0 Mbps</td></tr>
 *   <tr><td>POOR</td><td>&lt; 800 ms</td><td>&lt; 20 %</td><td>&lt; 100 ms</td><td>&ge; 0.1 Mbps</td>
 *       <td>&ge; 0.15 Mbps</td></tr>
 *   <tr><td>UNUSABLE</td><td colspan="5">anything worse, or no reply from the peer</td></tr>
 * </table>
 *
 * <p>Why these values: an RTT under 100-150 ms keeps conversation natural (ITU-T G.114 puts one-way delay under
 * 150 ms for most interactive use, and calls over 400 ms one-way unacceptable); media stacks with NACK and FEC hide
 * about 1-3 % loss, audio breaks up beyond about 8 % and is hard to follow beyond 20 %; a jitter buffer absorbs a few
 * times the interarrival jitter, so jitter adds directly to mouth-to-ear delay; 1.5 Mbps up carries 720p camera video
 * plus audio, 0.6 Mbps is about the least for watchable camera video, 0.1 Mbps carries Opus audio with packet
 * overhead; downlink must also carry the teacher's screen share and some student thumbnails. See
 * {@code docs/network-check.md}.
 */
public enum QualityGrade
{
    /** Everything a live class needs, with margin. */
    EXCELLENT(100, 1.0, 20, 1_500_000, 2_500_000),
    /** HD may be reduced now and then; conversation and video work well. */
    GOOD(200, 3.0, 40, 800_000, 1_500_000),
    /** Video at reduced resolution; noticeable delay or artefacts. */
    FAIR(350, 8.0, 60, 600_000, 1_000_000),
    /** Audio and slides only, with delay or dropouts. */
    POOR(800, 20.0, 100, 100_000, 150_000),
    /** A live class will not work on this path. */
    UNUSABLE(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, 0, 0);

    private final double maxRttMs;
    private final double maxLossPercent;
    private final double maxJitterMs;
    private final long minUpBps;
    private final long minDownBps;

    QualityGrade(final double maxRttMs, final double maxLossPercent, final double maxJitterMs, final long minUpBps,
        final long minDownBps)
    {
        this.maxRttMs = maxRttMs;
        this.maxLossPercent = maxLossPercent;
        this.maxJitterMs = maxJitterMs;
        this.minUpBps = minUpBps;
        this.minDownBps = minDownBps;
    }

    /** @return the round-trip time (p50) a path must stay below for this grade. */
    public double maxRttMs()
    {
        return maxRttMs;
    }

    /** @return the loss, in percent, a path must stay below in both directions for this grade. */
    public double maxLossPercent()
    {
        return maxLossPercent;
    }

    /** @return the interarrival jitter a path must stay below in both directions for this grade. */
    public double maxJitterMs()
    {
        return maxJitterMs;
    }

    /** @return the uplink bandwidth a path must reach for this grade. */
    public long minUpBps()
    {
        return minUpBps;
    }

    /** @return the downlink bandwidth a path must reach for this grade. */
    public long minDownBps()
    {
        return minDownBps;
    }

    /**
     * @param other another grade.
     * @return true when this grade is strictly better than {@code other}.
     */
    public boolean isBetterThan(final QualityGrade other)
    {
        return ordinal() < other.ordinal();
    }

    /**
     * @param other another grade.
     * @return the worse of the two.
     */
    public QualityGrade worst(final QualityGrade other)
    {
        return ordinal() >= other.ordinal() ? this : other;
    }
}
