package io.classwire.core.probe;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QualityGraderTest
{
    @Test
    void shouldGradeExcellentPathWithoutReasons()
    {
        final ProbeResult result = excellent().build();
        assertEquals(QualityGrade.EXCELLENT, result.grade());
        assertEquals(List.of(), result.reasons());
        assertTrue(result.score() >= 80, "score " + result.score());
    }

    @Test
    void shouldExplainLowUplinkForVideo()
    {
        final ProbeResult.Builder builder = excellent();
        builder.upBps = 400_000;
        final ProbeResult result = builder.build();
        assertEquals(QualityGrade.POOR, result.grade());
        assertEquals(List.of("uplink 0.40 Mbps is below the 0.60 Mbps needed for camera video"), result.reasons());
        assertTrue(result.score() >= 20 && result.score() < 40, "score " + result.score());
    }

    @Test
    void shouldTakeTheWorstMetricAndListEveryShortfall()
    {
        final ProbeResult.Builder builder = excellent();
        builder.rttP50Ms = 250;
        builder.lossUpPercent = 5;
        builder.downBps = 2_000_000;
        builder.downLowerBound = true;
        final ProbeResult result = builder.build();
        assertEquals(QualityGrade.FAIR, result.grade());
        assertEquals(List.of(
            "round-trip time 250 ms is above the 200 ms limit for comfortable conversation",
            "uplink loss 5.0 % is above the 3 % limit that retransmission and FEC hide well",
            "downlink 2.00 Mbps (a lower bound: the time budget ended before the limit was found) is below the " +
                "2.50 Mbps for HD video plus screen sharing"), result.reasons());
    }

    @Test
    void shouldGradeEachThresholdAtItsBoundary()
    {
        for (final QualityGrade grade : QualityGrade.values())
        {
            if (grade == QualityGrade.UNUSABLE)
            {
                continue;
            }
            final ProbeResult.Builder atLimit = excellent();
            atLimit.upBps = grade.minUpBps();
            atLimit.downBps = grade.minDownBps();
            atLimit.rttP50Ms = grade.maxRttMs() - 0.01;
            assertEquals(grade, atLimit.build().grade(), "thresholds of " + grade + " are inclusive/exclusive");
            atLimit.rttP50Ms = grade.maxRttMs();
            assertTrue(atLimit.build().grade().ordinal() > grade.ordinal(), "RTT limit of " + grade + " is strict");
        }
    }

    @Test
    void shouldGradeSilenceAndUnmeasuredBandwidth()
    {
        final ProbeResult silent = new ProbeResult.Builder().build();
        assertEquals(QualityGrade.UNUSABLE, silent.grade());
        assertEquals(0.0, silent.score());

        final ProbeResult.Builder noTrains = excellent();
        noTrains.upBps = 0;
        final ProbeResult result = noTrains.build();
        assertEquals(QualityGrade.POOR, result.grade());
        assertEquals(List.of("uplink bandwidth could not be measured: no train report came back"), result.reasons());
    }

    @Test
    void shouldScoreMonotonicallyInEachMetric()
    {
        double previous = 101;
        for (int rttMs = 0; rttMs <= 2_000; rttMs += 10)
        {
            final ProbeResult.Builder builder = excellent();
            builder.rttP50Ms = rttMs;
            final double score = builder.build().score();
            assertTrue(score <= previous, "rtt " + rttMs + " scored " + score + " after " + previous);
            previous = score;
        }
        assertEquals(0.0, previous);
    }

    private static ProbeResult.Builder excellent()
    {
        final ProbeResult.Builder builder = new ProbeResult.Builder();
        builder.durationNs = 4_000_000_000L;
        builder.echoesSent = 50;
        builder.echoesReceived = 50;
        builder.rttMinMs = 20;
        builder.rttP50Ms = 22;
        builder.rttP95Ms = 30;
        builder.jitterUpMs = 1;
        builder.jitterDownMs = 1;
        builder.lossPercent = 0;
        builder.lossUpPercent = 0;
        builder.lossDownPercent = 0;
        builder.upBps = 5_000_000;
        builder.downBps = 10_000_000;
        return builder;
    }
}
