package io.classwire.core.congestion.lab;

import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The competing-flow regime in the lab's virtual time: a media flow against one long TCP NewReno flow (RFC 8867
 * section 5.6 setting, shortened), and delay-based flows alone, which must never enter it.
 */
class CompetingFlowClosedLoopTest
{
    private static final long S = 1_000_000_000L;

    private static LinkConfig link(final CapacityTimeline capacity, final long queueMs)
    {
        return LinkConfig.builder().capacity(capacity).propagationDelayMs(50).queueLimitMs(queueMs).build();
    }

    @Test
    void shouldHoldAFairShareAgainstALongTcpFlow()
    {
        for (final long queueMs : new long[]{300, 1000})
        {
            final BottleneckSpec spec = BottleneckSpec.builder(link(CapacityTimeline.constant(2_000_000), queueMs),
                link(CapacityTimeline.constant(4_000_000), 300), 70 * S)
                .flow(MediaFlowSpec.builder("media").startNs(5 * S).build())
                .longTcp(0, 70 * S)
                .build();
            final BottleneckLab lab = new BottleneckLab(1, spec);
            lab.run();

            final MediaFlow media = lab.flows().get(0);
            final double share = media.series().receivedBps(20 * S, 70 * S) / 2_000_000.0;
            final String trace = queueMs + " ms queue, share " + share + "\n" +
                media.series().describe(5 * S, 70 * S, 5 * S);
            // Without the regime the flow kept 13% (300 ms) and 24% (1000 ms); a fair share is 50%.
            assertTrue(share >= 0.25, "not starved: " + trace);
            assertTrue(share <= 0.75, "does not starve TCP either: " + trace);
            assertTrue(media.controller().delayBased().competing().entries() >= 1, trace);
        }
    }

    @Test
    void shouldNeverEnterTheRegimeWithoutALossBasedCompetitor()
    {
        final CapacityTimeline steps = CapacityTimeline.builder(3_000_000).change(20 * S, 1_000_000)
            .change(35 * S, 2_500_000).build();
        final BottleneckSpec spec = BottleneckSpec.builder(link(steps, 300),
            link(CapacityTimeline.constant(4_000_000), 300), 50 * S)
            .flow(MediaFlowSpec.builder("a").build())
            .flow(MediaFlowSpec.builder("b").accessDelayMs(25).build())
            .flow(MediaFlowSpec.builder("c").startNs(10 * S).build())
            .build();
        final BottleneckLab lab = new BottleneckLab(2, spec);
        lab.run();

        for (final MediaFlow flow : lab.flows())
        {
            assertEquals(0, flow.controller().delayBased().competing().entries(), flow.spec().name());
        }
    }

    @Test
    void shouldReachARaisedCapacityWithinFourSeconds()
    {
        final CapacityTimeline raise = CapacityTimeline.builder(1_000_000).change(30 * S, 2_500_000).build();
        final BottleneckSpec spec = BottleneckSpec.builder(link(raise, 300),
            link(CapacityTimeline.constant(4_000_000), 300), 40 * S)
            .flow(MediaFlowSpec.builder("a").build()).build();
        final BottleneckLab lab = new BottleneckLab(3, spec);
        lab.run();

        final RateSeries series = lab.flows().get(0).series();
        // The media maximum is 1.5 Mbit/s. A probe finds it once the acknowledged rate outgrows the old congestion
        // point (0.6 s in RFC 8867 5.1) or, when the raise lands just after a cut and the rate stays inside the
        // congestion point's bounds, after the ramp-up probe's 3 s quiet time (3.5 s here); 8%/s alone would take 7 s.
        assertTrue(series.minTargetBps(34 * S, 40 * S) >= 1_200_000, series.describe(29 * S, 40 * S, S / 2));
    }
}
