package io.classwire.core.probe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Immutable outcome of one {@link NetworkProbe} run: round-trip time, jitter, loss and bandwidth in each direction,
 * and a {@link QualityGrade} with the reasons that kept it from {@link QualityGrade#EXCELLENT}. Safe to share between
 * threads. A value that could not be measured is {@link Double#NaN} (times, loss) or 0 (bandwidth).
 */
public final class ProbeResult
{
    private final long durationNs;
    private final int echoesSent;
    private final int echoesReceived;
    private final double rttMinMs;
    private final double rttP50Ms;
    private final double rttP95Ms;
    private final double jitterUpMs;
    private final double jitterDownMs;
    private final double lossPercent;
    private final double lossUpPercent;
    private final double lossDownPercent;
    private final long upBps;
    private final boolean upLowerBound;
    private final int upTrains;
    private final long downBps;
    private final boolean downLowerBound;
    private final int downTrains;
    private final QualityGrade grade;
    private final double score;
    private final List<String> reasons;

    private ProbeResult(final Builder builder)
    {
        durationNs = builder.durationNs;
        echoesSent = builder.echoesSent;
        echoesReceived = builder.echoesReceived;
        rttMinMs = builder.rttMinMs;
        rttP50Ms = builder.rttP50Ms;
        rttP95Ms = builder.rttP95Ms;
        jitterUpMs = builder.jitterUpMs;
        jitterDownMs = builder.jitterDownMs;
        lossPercent = builder.lossPercent;
        lossUpPercent = builder.lossUpPercent;
        lossDownPercent = builder.lossDownPercent;
        upBps = builder.upBps;
        upLowerBound = builder.upLowerBound;
        upTrains = builder.upTrains;
        downBps = builder.downBps;
        downLowerBound = builder.downLowerBound;
        downTrains = builder.downTrains;
        final List<String> gradeReasons = new ArrayList<>();
        grade = QualityGrader.grade(builder, gradeReasons);
        score = QualityGrader.score(builder);
        reasons = Collections.unmodifiableList(gradeReasons);
    }

    /** @return time from the run's first duty cycle to its result, never more than the time budget. */
    public long durationNs()
    {
        return durationNs;
    }

    /** @return echo requests sent. */
    public int echoesSent()
    {
        return echoesSent;
    }

    /** @return distinct echo replies received. */
    public int echoesReceived()
    {
        return echoesReceived;
    }

    /** @return the least round-trip time seen, in ms, or NaN without a reply. */
    public double rttMinMs()
    {
        return rttMinMs;
    }

    /** @return the median round-trip time in ms (nearest rank), or NaN without a reply. */
    public double rttP50Ms()
    {
        return rttP50Ms;
    }

    /** @return the 95th percentile round-trip time in ms (nearest rank), or NaN without a reply. */
    public double rttP95Ms()
    {
        return rttP95Ms;
    }

    /** @return RFC 3550 interarrival jitter of the echo requests at the responder, in ms, or NaN. */
    public double jitterUpMs()
    {
        return jitterUpMs;
    }

    /** @return RFC 3550 interarrival jitter of the echo replies at the client, in ms, or NaN. */
    public double jitterDownMs()
    {
        return jitterDownMs;
    }

    /** @return the worse direction's jitter in ms, or NaN. */
    public double jitterMs()
    {
        return Math.max(jitterUpMs, jitterDownMs);
    }

    /** @return echo requests without a reply, in percent of those sent, or NaN when none was sent. */
    public double lossPercent()
    {
        return lossPercent;
    }

    /** @return echo requests lost on the way to the responder, in percent, or NaN without a reply. */
    public double lossUpPercent()
    {
        return lossUpPercent;
    }

    /** @return echo replies lost on the way back, in percent, or NaN without a reply. */
    public double lossDownPercent()
    {
        return lossDownPercent;
    }

    /** @return the uplink bandwidth estimate in bits per second, 0 when not measured. */
    public long upBps()
    {
        return upBps;
    }

    /** @return true when {@link #upBps()} is a lower bound: no train was too fast before the cap or time ran out. */
    public boolean upLowerBound()
    {
        return upLowerBound;
    }

    /** @return uplink trains judged. */
    public int upTrains()
    {
        return upTrains;
    }

    /** @return the downlink bandwidth estimate in bits per second, 0 when not measured. */
    public long downBps()
    {
        return downBps;
    }

    /** @return true when {@link #downBps()} is a lower bound. */
    public boolean downLowerBound()
    {
        return downLowerBound;
    }

    /** @return downlink trains judged. */
    public int downTrains()
    {
        return downTrains;
    }

    /** @return the grade for a live class. */
    public QualityGrade grade()
    {
        return grade;
    }

    /**
     * @return a 0..100 score for ordering paths finer than the grade: the worst metric, each mapped linearly between
     *         its grade thresholds (80 and up goes with {@link QualityGrade#EXCELLENT}, 60 with GOOD, and so on).
     */
    public double score()
    {
        return score;
    }

    /** @return why the grade is not better, one sentence each; empty for {@link QualityGrade#EXCELLENT}. */
    public List<String> reasons()
    {
        return reasons;
    }

    /** @return a multi-line summary for people. */
    @Override
    public String toString()
    {
        final StringBuilder text = new StringBuilder(512);
        text.append("grade ").append(grade).append(String.format(Locale.ROOT, ", score %.0f (%.2f s)%n", score,
            durationNs / 1e9));
        text.append(String.format(Locale.ROOT, "rtt min/p50/p95 %.1f / %.1f / %.1f ms%n", rttMinMs, rttP50Ms,
            rttP95Ms));
        text.append(String.format(Locale.ROOT, "jitter up/down %.1f / %.1f ms%n", jitterUpMs, jitterDownMs));
        text.append(String.format(Locale.ROOT, "loss %.1f %% (up %.1f %%, down %.1f %%), %d/%d echoes%n",
            lossPercent, lossUpPercent, lossDownPercent, echoesReceived, echoesSent));
        text.append("up ").append(QualityGrader.mbps(upBps)).append(upLowerBound ? "+" : "")
            .append(" (").append(upTrains).append(" trains), down ").append(QualityGrader.mbps(downBps))
            .append(downLowerBound ? "+" : "").append(" (").append(downTrains).append(" trains)");
        for (final String reason : reasons)
        {
            text.append(System.lineSeparator()).append("- ").append(reason);
        }
        return text.toString();
    }

    /** Mutable measurements from which a result is made; the grade is computed by {@link #build()}. */
    static final class Builder
    {
        long durationNs;
        int echoesSent;
        int echoesReceived;
        double rttMinMs = Double.NaN;
        double rttP50Ms = Double.NaN;
        double rttP95Ms = Double.NaN;
        double jitterUpMs = Double.NaN;
        double jitterDownMs = Double.NaN;
        double lossPercent = Double.NaN;
        double lossUpPercent = Double.NaN;
        double lossDownPercent = Double.NaN;
        long upBps;
        boolean upLowerBound;
        int upTrains;
        long downBps;
        boolean downLowerBound;
        int downTrains;

        ProbeResult build()
        {
            return new ProbeResult(this);
        }
    }
}
