package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckLab;
import io.classwire.core.congestion.lab.BottleneckSpec;
import io.classwire.core.congestion.lab.MediaFlowSpec;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Closed-loop regression bounds in virtual time: loose enough not to flap with tuning of the estimator, tight enough
 * to catch a broken one (a controller stuck at its start rate, one that never backs off, one that starves a flow, or
 * one that never recovers).
 */
class ScenarioRegressionTest
{
    private static final long S = 1_000_000_000L;
    private static final long SEED = 11;

    private static LinkConfig path(final CapacityTimeline capacity)
    {
        return ScenarioCatalog.link(capacity, 50, 300);
    }

    private static ScenarioMetrics run(final BottleneckSpec spec)
    {
        final BottleneckLab lab = new BottleneckLab(SEED, spec);
        lab.run();
        return new ScenarioMetrics(lab);
    }

    @Test
    void shouldHoldWithinAQuarterOfAFixedCapacityAndFollowASteps()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            path(ScenarioCatalog.steps(1_000_000, 30, 600_000)), ScenarioCatalog.physical(50), 50 * S)
            .flow(MediaFlowSpec.builder("f0").build()).build();
        final ScenarioMetrics m = run(spec);
        final double[] sendMean = SeriesMetrics.movingMean(m.data().sendBps(0), 5);
        assertWithin(sendMean, m.data().sampleAt(10 * S), m.data().sampleAt(30 * S), 1_000_000, 0.25);
        assertWithin(sendMean, m.data().sampleAt(40 * S), m.data().sampleAt(50 * S), 600_000, 0.25);
        assertTrue(m.utilization() > 0.75, "utilization " + m.utilization());
        final double steadyDelayMs = m.mean(m.data().queueDelayMeanMs(0), 10 * S, 30 * S);
        assertTrue(steadyDelayMs < 60, "mean queuing delay at a fixed capacity " + steadyDelayMs);
    }

    @Test
    void shouldShareBetweenTwoFlowsWithinAFactorOfTwo()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            path(CapacityTimeline.constant(2_000_000)), ScenarioCatalog.physical(50), 60 * S)
            .flow(MediaFlowSpec.builder("f0").build())
            .flow(MediaFlowSpec.builder("f1").startNs(5 * S).build())
            .build();
        final ScenarioMetrics m = run(spec);
        final double ratio = m.fairness().ratio();
        assertTrue(ratio >= 0.5 && ratio <= 2.0, "throughput ratio " + ratio);
        assertTrue(m.utilization() > 0.75, "utilization " + m.utilization());
    }

    @Test
    void shouldRecoverAfterTheSenderPauses()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            path(CapacityTimeline.constant(1_000_000)), ScenarioCatalog.physical(50), 40 * S)
            .flow(MediaFlowSpec.builder("f0").pause(10 * S, 20 * S).build()).build();
        final ScenarioMetrics m = run(spec);
        assertTrue(m.mean(m.data().goodputBps(0), 12 * S, 20 * S) < 50_000, "quiet while paused");
        final double after = m.mean(m.data().goodputBps(0), 30 * S, 40 * S);
        assertTrue(after > 700_000 && after <= 1_000_000, "goodput 10-20 s after resuming " + after);
    }

    @Test
    void shouldRecoverAfterTheLinkPauses()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(
            path(ScenarioCatalog.steps(1_000_000, 10, 0, 15, 1_000_000)), ScenarioCatalog.physical(50), 60 * S)
            .flow(MediaFlowSpec.builder("f0").build()).build();
        final ScenarioMetrics m = run(spec);
        final double after = m.mean(m.data().goodputBps(0), 50 * S, 60 * S);
        assertTrue(after > 700_000, "goodput 35-45 s after the link came back " + after);
    }

    @Test
    void shouldRunEveryCatalogCaseSpecAndWriteItsFiles(@TempDir final Path dir) throws IOException
    {
        final List<ScenarioCase> all = ScenarioCatalog.all();
        assertEquals(14, all.size());
        assertEquals("5.6-1000", ScenarioCatalog.byId("5.6-1000").id());
        final ScenarioResult result = ScenarioResult.run(ScenarioCatalog.byId("applimited"), SEED);
        assertFalse(result.goals().isEmpty());
        ScenarioCsvWriter.write(result.metrics().data(), dir.resolve("a.csv"));
        final List<String> lines = Files.readAllLines(dir.resolve("a.csv"));
        assertEquals("t_s,capacity_kbps,loss,f0_target_kbps,f0_send_kbps,f0_goodput_kbps,f0_qdelay_ms", lines.get(0));
        assertEquals(1 + result.metrics().data().samples(), lines.size());
        final String report = CongestionReport.render(List.of(result), "cmd", "machine", "date", 1.0, 2.0,
            Path.of("congestion"));
        assertTrue(report.contains("| applimited |"), report);
        assertTrue(report.contains("[chart](congestion/libwebrtc-app-limited.png)"), report);
    }

    private static void assertWithin(final double[] series, final int from, final int to, final double level,
        final double tolerance)
    {
        for (int k = from; k < to; k++)
        {
            assertTrue(series[k] >= level * (1 - tolerance) && series[k] <= level * (1 + tolerance),
                "sample " + k + ": " + series[k] + " not within " + tolerance + " of " + level);
        }
    }
}
