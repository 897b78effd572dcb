package io.classwire.core.probe;

import java.util.List;
import java.util.Locale;

/**
 * Turns measurements into a {@link QualityGrade} and the human-readable reasons that keep it below
 * {@link QualityGrade#EXCELLENT}. Each reason names the metric, its value, the threshold it missed and what that
 * threshold is for, e.g. {@code "uplink 0.40 Mbps is below the 0.60 Mbps needed for camera video"}. Stateless.
 */
final class QualityGrader
{
    private static final QualityGrade[] GRADES = QualityGrade.values();
    private static final String[] RTT_PURPOSE = { "for natural conversation", "for comfortable conversation",
        "before people start talking over each other", "for live interaction" };
    private static final String[] LOSS_PURPOSE = { "for clean audio and video", "that retransmission and FEC hide well",
        "before audio and video break up", "for intelligible audio" };
    private static final String[] JITTER_PURPOSE = { "for a small jitter buffer", "for a moderate jitter buffer",
        "before the jitter buffer adds noticeable delay", "for live audio" };
    private static final String[] UP_PURPOSE = { "for HD camera video", "for standard camera video",
        "needed for camera video", "needed to send audio" };
    private static final String[] DOWN_PURPOSE = { "for HD video plus screen sharing",
        "for the teacher's video and screen sharing", "for the teacher's video", "needed for audio and slides" };

    /** Score anchors per metric: the value scoring 100, then the EXCELLENT..POOR thresholds (80..20), then 0. */
    private static final double[] RTT_ANCHORS_MS = { 20, 100, 200, 350, 800, 1600 };
    private static final double[] LOSS_ANCHORS_PERCENT = { 0, 1, 3, 8, 20, 40 };
    private static final double[] JITTER_ANCHORS_MS = { 2, 20, 40, 60, 100, 200 };
    private static final double[] UP_ANCHORS_BPS = { 5_000_000, 1_500_000, 800_000, 600_000, 100_000, 0 };
    private static final double[] DOWN_ANCHORS_BPS = { 10_000_000, 2_500_000, 1_500_000, 1_000_000, 150_000, 0 };
    private static final double SCORE_STEP = 20.0;

    private QualityGrader()
    {
    }

    /**
     * A 0..100 score that orders paths within and across grades: each metric is mapped piecewise-linearly through
     * its anchors (ideal 100, the EXCELLENT, GOOD, FAIR and POOR thresholds 80, 60, 40, 20, twice the POOR threshold
     * 0) and the path scores its worst metric, so that a score of 80 or more goes with EXCELLENT, 60 or more with at
     * least GOOD, and so on. A metric that could not be measured scores what its grade rule allows (40 for times and
     * loss, 20 for bandwidth); no reply at all scores 0.
     *
     * @param result measurements.
     * @return the score.
     */
    static double score(final ProbeResult.Builder result)
    {
        if (result.echoesReceived == 0)
        {
            return 0.0;
        }
        final double loss = Double.isNaN(result.lossUpPercent) || Double.isNaN(result.lossDownPercent) ?
            result.lossPercent : Math.max(result.lossUpPercent, result.lossDownPercent);
        double score = metricScore(result.rttP50Ms, RTT_ANCHORS_MS, 2 * SCORE_STEP);
        score = Math.min(score, metricScore(loss, LOSS_ANCHORS_PERCENT, 2 * SCORE_STEP));
        score = Math.min(score, metricScore(Math.max(result.jitterUpMs, result.jitterDownMs), JITTER_ANCHORS_MS,
            2 * SCORE_STEP));
        score = Math.min(score, result.upBps <= 0 ? SCORE_STEP : metricScore(result.upBps, UP_ANCHORS_BPS, 0));
        score = Math.min(score, result.downBps <= 0 ? SCORE_STEP : metricScore(result.downBps, DOWN_ANCHORS_BPS, 0));
        return score;
    }

    private static double metricScore(final double value, final double[] anchors, final double unmeasured)
    {
        if (Double.isNaN(value))
        {
            return unmeasured;
        }
        final boolean increasing = anchors[1] > anchors[0];
        for (int i = 0; i < anchors.length; i++)
        {
            final boolean reached = increasing ? value <= anchors[i] : value >= anchors[i];
            if (reached)
            {
                if (i == 0)
                {
                    return 100.0;
                }
                final double fraction = (value - anchors[i - 1]) / (anchors[i] - anchors[i - 1]);
                return 100.0 - SCORE_STEP * (i - 1) - SCORE_STEP * fraction;
            }
        }
        return 0.0;
    }

    /**
     * Grade a result's measurements.
     *
     * @param result  measurements; its grade and reasons are not read.
     * @param reasons receives one line per metric that lowered the grade, worst first is not guaranteed.
     * @return the grade.
     */
    static QualityGrade grade(final ProbeResult.Builder result, final List<String> reasons)
    {
        if (result.echoesReceived == 0)
        {
            reasons.add("no reply from the peer: it is unreachable, not running a probe responder, or UDP is blocked");
            return QualityGrade.UNUSABLE;
        }
        QualityGrade grade = QualityGrade.EXCELLENT;
        grade = grade.worst(gradeUpperLimit(result.rttP50Ms, "round-trip time", "%.0f ms",
            0, RTT_PURPOSE, reasons));
        grade = grade.worst(gradeLoss(result, reasons));
        final boolean upWorse = !(result.jitterDownMs > result.jitterUpMs);
        grade = grade.worst(gradeUpperLimit(upWorse ? result.jitterUpMs : result.jitterDownMs,
            upWorse ? "uplink jitter" : "downlink jitter", "%.1f ms", 2, JITTER_PURPOSE, reasons));
        grade = grade.worst(gradeBandwidth(result.upBps, result.upLowerBound, "uplink", true, reasons));
        grade = grade.worst(gradeBandwidth(result.downBps, result.downLowerBound, "downlink", false, reasons));
        return grade;
    }

    private static QualityGrade gradeLoss(final ProbeResult.Builder result, final List<String> reasons)
    {
        if (Double.isNaN(result.lossUpPercent) || Double.isNaN(result.lossDownPercent))
        {
            return gradeUpperLimit(result.lossPercent, "round-trip loss", "%.1f %%", 1, LOSS_PURPOSE, reasons);
        }
        final boolean upWorse = result.lossUpPercent >= result.lossDownPercent;
        return gradeUpperLimit(upWorse ? result.lossUpPercent : result.lossDownPercent,
            upWorse ? "uplink loss" : "downlink loss", "%.1f %%", 1, LOSS_PURPOSE, reasons);
    }

    /** metric: 0 rtt, 1 loss, 2 jitter. */
    private static QualityGrade gradeUpperLimit(final double value, final String name, final String format,
        final int metric, final String[] purposes, final List<String> reasons)
    {
        if (Double.isNaN(value))
        {
            reasons.add(name + " could not be measured");
            return QualityGrade.FAIR;
        }
        for (int i = 0; i < GRADES.length; i++)
        {
            if (value < limit(GRADES[i], metric))
            {
                if (i > 0)
                {
                    final String unit = format.endsWith("%%") ? " %" : " ms";
                    reasons.add(name + " " + String.format(Locale.ROOT, format, value) + " is above the " +
                        String.format(Locale.ROOT, "%.0f", limit(GRADES[i - 1], metric)) + unit + " limit " +
                        purposes[i - 1]);
                }
                return GRADES[i];
            }
        }
        return QualityGrade.UNUSABLE;
    }

    private static double limit(final QualityGrade grade, final int metric)
    {
        switch (metric)
        {
            case 0: return grade.maxRttMs();
            case 1: return grade.maxLossPercent();
            default: return grade.maxJitterMs();
        }
    }

    private static QualityGrade gradeBandwidth(final long bps, final boolean lowerBound, final String name,
        final boolean up, final List<String> reasons)
    {
        if (bps <= 0)
        {
            reasons.add(name + " bandwidth could not be measured: no train " +
                (up ? "report" : "packet") + " came back");
            return QualityGrade.POOR;
        }
        final String[] purposes = up ? UP_PURPOSE : DOWN_PURPOSE;
        for (int i = 0; i < GRADES.length; i++)
        {
            final long minBps = up ? GRADES[i].minUpBps() : GRADES[i].minDownBps();
            if (bps >= minBps)
            {
                if (i > 0)
                {
                    final long missedBps = up ? GRADES[i - 1].minUpBps() : GRADES[i - 1].minDownBps();
                    reasons.add(name + " " + mbps(bps) + (lowerBound ? " (a lower bound: the time budget ended " +
                        "before the limit was found)" : "") + " is below the " + mbps(missedBps) + " " +
                        purposes[i - 1]);
                }
                return GRADES[i];
            }
        }
        return QualityGrade.UNUSABLE;
    }

    /**
     * @param bps a rate.
     * @return the rate in megabits per second with two decimals, e.g. {@code "0.40 Mbps"}.
     */
    static String mbps(final long bps)
    {
        return String.format(Locale.ROOT, "%.2f Mbps", bps / 1e6);
    }
}
