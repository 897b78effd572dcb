package io.classwire.core.congestion;

import io.classwire.core.congestion.lab.CongestionLab;
import io.classwire.core.congestion.lab.RateSeries;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.classwire.core.congestion.lab.CongestionLab.MS_NS;
import static io.classwire.core.congestion.lab.CongestionLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop in the lab: {@link GccController}, {@link Pacer} and a TWCC {@link FeedbackGenerator} over simulated
 * links (50 ms each way, 300 ms drop-tail queue, 10 Mbit/s feedback path). Each test prints its time series, which
 * docs/congestion.md quotes.
 */
class GccClosedLoopTest
{
    private static final LinkConfig FEEDBACK_PATH = CongestionLab.path(10_000_000, 50, 300);
    private static final long RUN_NS = 40 * SECOND_NS;

    @Test
    void shouldConvergeOnAOneMegabitLink()
    {
        final CongestionLab lab = new CongestionLab(
            1, CongestionLab.path(1_000_000, 50, 300), FEEDBACK_PATH, new CongestionConfig(), RUN_NS);
        lab.run();
        final RateSeries series = lab.series();
        report("1 Mbit/s, 50 ms, 300 ms queue", series, 0, RUN_NS, SECOND_NS);
        final long min = series.minTargetBps(20 * SECOND_NS, RUN_NS);
        final long max = series.maxTargetBps(20 * SECOND_NS, RUN_NS);
        assertTrue(min >= 750_000 && max <= 1_250_000, "target after 20 s in [" + min + ", " + max + "]");
        assertTrue(series.receivedBps(20 * SECOND_NS, RUN_NS) >= 900_000, "goodput");
        assertTrue(series.meanQueueDelayNs(20 * SECOND_NS, RUN_NS) < 50 * MS_NS, "mean queuing delay");
        assertEquals(0, lab.sender().invalidFeedbacks());
    }

    @Test
    void shouldFollowACapacityDropAndDrainTheQueue()
    {
        final LinkConfig forward = LinkConfig.builder()
            .capacity(CapacityTimeline.builder(2_000_000).change(20 * SECOND_NS, 500_000).build())
            .propagationDelayMs(50).queueLimitMs(300).build();
        final CongestionLab lab = new CongestionLab(2, forward, FEEDBACK_PATH, new CongestionConfig(), RUN_NS);
        lab.run();
        final RateSeries series = lab.series();
        report("2 Mbit/s -> 500 kbit/s at 20 s", series, 15 * SECOND_NS, 30 * SECOND_NS, 500 * MS_NS);
        final long min = series.minTargetBps(10 * SECOND_NS, 20 * SECOND_NS);
        final long max = series.maxTargetBps(10 * SECOND_NS, 20 * SECOND_NS);
        assertTrue(min >= 1_500_000 && max <= 2_500_000, "before the drop in [" + min + ", " + max + "]");
        assertTrue(series.maxTargetBps(22 * SECOND_NS, RUN_NS) <= 625_000, "followed the drop within 2 s");
        assertTrue(series.minTargetBps(22 * SECOND_NS, RUN_NS) >= 350_000, "without collapsing");
        assertTrue(series.meanQueueDelayNs(25 * SECOND_NS, RUN_NS) < 60 * MS_NS, "queue drained");
        assertTrue(series.maxQueueDelayNs(25 * SECOND_NS, RUN_NS) < 150 * MS_NS, "and stays short");
    }

    @Test
    void shouldHoldTheRateUnderTenPercentRandomLoss()
    {
        final LinkConfig forward = CongestionLab.path(1_000_000, 50, 300).toBuilder().randomLossRate(0.1).build();
        final CongestionLab lab = new CongestionLab(3, forward, FEEDBACK_PATH, new CongestionConfig(), RUN_NS);
        lab.run();
        final RateSeries series = lab.series();
        report("1 Mbit/s, 10% random loss", series, 0, RUN_NS, 2 * SECOND_NS);
        final long min = series.minTargetBps(20 * SECOND_NS, RUN_NS);
        assertTrue(min >= 600_000, "target after 20 s never under 60% of capacity: " + min);
        assertEquals(LossBasedEstimator.UNLIMITED, lab.controller().lossBasedBoundBps(), "random loss is not a limit");
    }

    @Test
    void shouldResumeFromThePrePauseEstimate()
    {
        final CongestionLab lab = new CongestionLab(
            4, CongestionLab.path(1_000_000, 50, 300), FEEDBACK_PATH, new CongestionConfig(), RUN_NS);
        lab.sender().pause(15 * SECOND_NS, 20 * SECOND_NS);
        lab.run();
        final RateSeries series = lab.series();
        report("1 Mbit/s, media paused 15-20 s", series, 12 * SECOND_NS, 26 * SECOND_NS, 500 * MS_NS);
        final long before = series.meanTargetBps(10 * SECOND_NS, 15 * SECOND_NS);
        assertTrue(series.minTargetBps(15 * SECOND_NS, 20 * SECOND_NS) >= 0.8 * before, "no collapse while idle");
        final long min = series.minTargetBps(21 * SECOND_NS, 30 * SECOND_NS);
        final long max = series.maxTargetBps(21 * SECOND_NS, 30 * SECOND_NS);
        assertTrue(min >= 750_000 && max <= 1_250_000, "within 1 s of resuming in [" + min + ", " + max + "]");
        assertTrue(series.receivedBps(21 * SECOND_NS, 30 * SECOND_NS) >= 850_000, "goodput back at once");
    }

    @Test
    void shouldNotInflateTheEstimateWhenApplicationLimited()
    {
        final CongestionLab lab = new CongestionLab(
            5, CongestionLab.path(2_000_000, 50, 300), FEEDBACK_PATH, new CongestionConfig(), 30 * SECOND_NS);
        lab.sender().appLimitBps(200_000);
        lab.run();
        final RateSeries series = lab.series();
        report("2 Mbit/s, application sends 200 kbit/s", series, 0, 30 * SECOND_NS, 3 * SECOND_NS);
        assertTrue(lab.controller().isApplicationLimited());
        // The initial probes measure the path (1.8 Mbit/s); nothing may push the estimate above a measurement.
        final long measured = series.targetBps(3 * SECOND_NS);
        assertTrue(series.maxTargetBps(3 * SECOND_NS, 30 * SECOND_NS) <= measured,
            "grew past the probe measurement " + measured);
        assertTrue(measured <= 2_000_000, "the measurement is the path, not more: " + measured);
    }

    @Test
    void shouldBeDeterministic()
    {
        final long[] first = lossyRun();
        final long[] second = lossyRun();
        assertArrayEquals(first, second, "same seed, same configuration, same targets");
    }

    private static long[] lossyRun()
    {
        final LinkConfig forward = CongestionLab.path(1_500_000, 30, 200).toBuilder()
            .randomLossRate(0.03).jitterMs(3).build();
        final CongestionLab lab = new CongestionLab(6, forward, FEEDBACK_PATH, new CongestionConfig(), 15 * SECOND_NS);
        lab.run();
        return lab.series().targetSamples();
    }

    @Test
    void shouldNotAllocateInTheSteadyState()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CongestionLab lab = new CongestionLab(
            7, CongestionLab.path(2_000_000, 50, 300), FEEDBACK_PATH, new CongestionConfig(), RUN_NS);
        lab.runUntil(10 * SECOND_NS);
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long eventsBefore = lab.simulator().eventsRun();
        lab.runUntil(RUN_NS);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        final long events = lab.simulator().eventsRun() - eventsBefore;
        System.out.println("steady state: " + allocated + " bytes allocated over " + events + " events");
        assertTrue(events > 5_000, "events " + events);
        // Sender, receiver, controller, pacer, generator and lab together: anything per packet would be megabytes.
        assertTrue(allocated < 64 * 1024, allocated + " bytes allocated for " + events + " events");
    }

    private static void report(final String name, final RateSeries series, final long fromNs, final long toNs,
        final long stepNs)
    {
        System.out.println(name + ": target mean " + series.meanTargetBps(20 * SECOND_NS, RUN_NS) / 1000 +
            " kbit/s, min " + series.minTargetBps(20 * SECOND_NS, RUN_NS) / 1000 + ", max " +
            series.maxTargetBps(20 * SECOND_NS, RUN_NS) / 1000 + "; goodput " +
            series.receivedBps(20 * SECOND_NS, RUN_NS) / 1000 + " kbit/s; queuing delay mean " +
            series.meanQueueDelayNs(20 * SECOND_NS, RUN_NS) / MS_NS + " ms, max " +
            series.maxQueueDelayNs(20 * SECOND_NS, RUN_NS) / MS_NS + " ms (20-40 s)\n" +
            series.describe(fromNs, toNs, stepNs));
    }
}
