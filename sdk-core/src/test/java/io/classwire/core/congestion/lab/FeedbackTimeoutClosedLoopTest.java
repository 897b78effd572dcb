package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.GccController;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feedback timeout and recovery in the lab's virtual time, on libwebrtc's link-pause regression: 1 Mbit/s, 100 ms
 * each way, the forward link carries nothing from 10 s to 20 s.
 */
class FeedbackTimeoutClosedLoopTest
{
    private static final long S = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static LinkConfig link(final CapacityTimeline capacity, final long delayMs)
    {
        return LinkConfig.builder().capacity(capacity).propagationDelayMs(delayMs).queueLimitMs(300).build();
    }

    @Test
    void shouldBackOffDuringALinkPauseAndRecoverWithinTwoSeconds()
    {
        final CapacityTimeline outage = CapacityTimeline.builder(1_000_000).change(10 * S, 0).change(20 * S, 1_000_000)
            .build();
        final BottleneckSpec spec = BottleneckSpec.builder(link(outage, 100), link(CapacityTimeline.unlimited(), 100),
            32 * S).flow(MediaFlowSpec.builder("a").bitrates(10_000, 300_000, 2_000_000).build()).build();
        final BottleneckLab lab = new BottleneckLab(7, spec);
        lab.run();

        final MediaFlow flow = lab.flows().get(0);
        final RateSeries series = flow.series();
        final GccController controller = flow.controller();
        final String trace = series.describe(9 * S, 24 * S, 500 * MS);
        assertTrue(series.meanTargetBps(8 * S, 10 * S) > 800_000, "near capacity before the pause\n" + trace);
        assertTrue(series.maxTargetBps(13 * S, 20 * S) < 100_000, "backed off 3 s into the pause\n" + trace);
        assertTrue(series.minTargetBps(13 * S, 20 * S) >= 10_000, "never below the minimum\n" + trace);
        assertTrue(series.minTargetBps(22 * S, 32 * S) > 750_000, "recovered within 2 s\n" + trace);
        assertTrue(series.maxTargetBps(22 * S, 32 * S) < 1_300_000, "and not beyond the link\n" + trace);
        assertTrue(controller.feedbackTimeout().timeouts() >= 1, "timed out");
        assertTrue(controller.lossBasedBoundBps() > 750_000, "outage losses kept away from the loss model\n" + trace);
    }

    @Test
    void shouldNotTimeOutWhileFeedbackFlowsOrTheSenderPauses()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(link(CapacityTimeline.constant(1_000_000), 50),
            link(CapacityTimeline.constant(1_000_000), 50), 30 * S)
            .flow(MediaFlowSpec.builder("paused").pause(10 * S, 20 * S).build())
            .flow(MediaFlowSpec.builder("back").direction(FlowDirection.BACKWARD).build())
            .build();
        final BottleneckLab lab = new BottleneckLab(8, spec);
        lab.run();

        for (final MediaFlow flow : lab.flows())
        {
            assertEquals(0, flow.controller().feedbackTimeout().timeouts(), flow.spec().name());
        }
    }
}
