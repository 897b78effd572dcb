package io.classwire.core.congestion.lab;

import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.LinkStats;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BottleneckLabTest
{
    private static final long S = 1_000_000_000L;
    private static final LinkConfig FEEDBACK = path(4_000_000, 50);

    private static LinkConfig path(final long bps, final long delayMs)
    {
        return LinkConfig.builder().capacity(CapacityTimeline.constant(bps)).propagationDelayMs(delayMs)
            .queueLimitMs(300).build();
    }

    @Test
    void shouldCarryEveryFlowAndItsFeedbackThroughTheSharedBottleneck()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(path(2_000_000, 50), FEEDBACK, 10 * S)
            .flow(MediaFlowSpec.builder("a").build())
            .flow(MediaFlowSpec.builder("b").accessDelayMs(20).build())
            .flow(MediaFlowSpec.builder("c").direction(FlowDirection.BACKWARD).build())
            .build();
        final BottleneckLab lab = new BottleneckLab(1, spec);
        lab.run();

        assertEquals(0, lab.leftRouter().unroutable());
        assertEquals(0, lab.rightRouter().unroutable());
        final LinkStats forward = lab.bottleneck(FlowDirection.FORWARD).stats();
        final LinkStats backward = lab.bottleneck(FlowDirection.BACKWARD).stats();
        assertEquals(lab.leftRouter().forwardedAcross(), forward.offeredPackets(), "everything left>right crosses it");
        assertEquals(lab.rightRouter().forwardedAcross(), backward.offeredPackets(), "everything right>left too");
        for (final MediaFlow flow : lab.flows())
        {
            final String name = flow.spec().name();
            assertTrue(flow.receiver().mediaPackets() > 100, name + " media arrived");
            assertEquals(0, flow.receiver().malformedPackets(), name + " router tags stripped");
            assertTrue(flow.sender().feedbacksReceived() > 20, name + " feedback came back");
            assertEquals(0, flow.sender().invalidFeedbacks(), name + " feedback valid");
            assertEquals(flow.receiver().mediaPackets(), flow.recorder().packetCount(), name + " every packet logged");
        }
    }

    @Test
    void shouldMeasureQueuingDelayLikeTheBottleneckQueue()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(path(1_000_000, 50), FEEDBACK, 30 * S)
            .flow(MediaFlowSpec.builder("a").build()).build();
        final BottleneckLab lab = new BottleneckLab(2, spec);
        lab.run();

        final RecordingTransport recorder = lab.flows().get(0).recorder();
        double sumNs = 0;
        for (int i = 0; i < recorder.packetCount(); i++)
        {
            sumNs += recorder.queueDelayNs(i);
        }
        final double recordedMs = sumNs / recorder.packetCount() / 1e6;
        final double bottleneckMs =
            lab.bottleneck(FlowDirection.FORWARD).stats().queueDelayHistogramNs().getMean() / 1e6;
        // The receiver-side figure also holds the sender's access-link queue (pacer bursts at 4 Mbit/s).
        assertTrue(recordedMs >= bottleneckMs - 1 && recordedMs <= bottleneckMs + 3,
            "receiver " + recordedMs + " ms vs bottleneck " + bottleneckMs + " ms");
    }

    @Test
    void shouldSubtractPropagationAndSerializationOfEachHop()
    {
        final RecordingTransport recorder = new BottleneckLab(3, BottleneckSpec.builder(
            path(1_000_000, 50), FEEDBACK, S).flow(MediaFlowSpec.builder("a").accessDelayMs(10).build()).build())
            .flows().get(0).recorder();
        // 1000 bytes: 2 ms on each 4 Mbit/s access link, 1001 bytes (router tag) for 8.008 ms at 1 Mbit/s.
        final long expectedNs = 10_000_000L + 2_000_000L + 50_000_000L + 8_008_000L + 2_000_000L;
        assertEquals(expectedNs, recorder.emptyPathDelayNs(S / 2, 1000));
    }

    @Test
    void shouldSendNothingBeforeAFlowStartsAndNoBacklogAfter()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(path(2_000_000, 50), FEEDBACK, 12 * S)
            .flow(MediaFlowSpec.builder("early").build())
            .flow(MediaFlowSpec.builder("late").startNs(6 * S).build())
            .build();
        final BottleneckLab lab = new BottleneckLab(4, spec);
        lab.run();

        final MediaFlow late = lab.flows().get(1);
        assertEquals(0, late.series().sentBps(0, 6 * S), "nothing before the start");
        assertEquals(0, late.targetBps(29), "no target reported before the start");
        assertTrue(late.series().sentBps(6 * S, 12 * S) > 200_000, "sends after the start");
        assertEquals(0, late.sender().pacer().droppedPackets(), "no frames produced for the time before its start");
        assertTrue(late.recorder().arrivalNs(0) >= 6 * S, "first arrival after the start");
    }

    @Test
    void shouldFollowPauseAndApplicationLimit()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(path(2_000_000, 50), FEEDBACK, 20 * S)
            .flow(MediaFlowSpec.builder("paused").pause(5 * S, 10 * S).build())
            .flow(MediaFlowSpec.builder("limited").appLimit(0, 200_000).appLimit(10 * S, MediaFlowSpec.UNLIMITED_BPS)
                .build())
            .build();
        final BottleneckLab lab = new BottleneckLab(5, spec);
        lab.run();

        final MediaFlow paused = lab.flows().get(0);
        assertTrue(paused.series().receivedBps(6 * S, 10 * S) < 100_000, "(almost) nothing while paused");
        assertTrue(paused.isActive(24) && !paused.isActive(25) && !paused.isActive(49) && paused.isActive(50));
        final MediaFlow limited = lab.flows().get(1);
        final long limitedBps = limited.series().sentBps(2 * S, 10 * S);
        assertTrue(limitedBps >= 150_000 && limitedBps <= 300_000, "limited to about 200 kbit/s: " + limitedBps);
        assertTrue(limited.series().sentBps(15 * S, 20 * S) > 500_000, "follows the target once the limit is lifted");
    }

    @Test
    void shouldSampleLossAndTcpGoodput()
    {
        final BottleneckSpec spec = BottleneckSpec.builder(path(2_000_000, 50), FEEDBACK, 20 * S)
            .flow(MediaFlowSpec.builder("a").build())
            .longTcp(0, 20 * S)
            .build();
        final BottleneckLab lab = new BottleneckLab(6, spec);
        lab.run();

        long tcpBits = 0;
        double maxLoss = 0;
        for (int k = 0; k < lab.sampleCount(); k++)
        {
            tcpBits += lab.sampler().tcpGoodputBps(k) / 5;
            maxLoss = Math.max(maxLoss, lab.sampler().lossRate(FlowDirection.FORWARD, k));
        }
        final double tcpDeliveredBits = lab.longTcpFlows().get(0).deliveredBytes() * 8.0 *
            (1448 + 52) / 1448;
        assertTrue(Math.abs(tcpBits - tcpDeliveredBits) < 0.01 * tcpDeliveredBits,
            "sampled " + tcpBits + " vs delivered " + tcpDeliveredBits);
        assertTrue(maxLoss > 0, "a NewReno flow fills the 300 ms queue until it overflows");
        assertEquals(2_000_000, lab.capacityBps(FlowDirection.FORWARD, 10));
    }

    @Test
    void shouldRejectInvalidSpecs()
    {
        assertThrows(IllegalArgumentException.class, () -> MediaFlowSpec.builder("a b").build());
        assertThrows(IllegalArgumentException.class, () -> MediaFlowSpec.builder("a").startNs(5 * S)
            .pause(S, 2 * S).build());
        assertThrows(IllegalArgumentException.class, () -> MediaFlowSpec.builder("a")
            .bitrates(500_000, 100_000, 1_000_000).build());
        assertThrows(IllegalArgumentException.class, () -> BottleneckSpec.builder(FEEDBACK, FEEDBACK, S).build());
        assertThrows(IllegalArgumentException.class, () -> BottleneckSpec.builder(FEEDBACK, FEEDBACK, S)
            .flow(MediaFlowSpec.builder("a").build()).flow(MediaFlowSpec.builder("a").build()).build());
        assertThrows(IllegalArgumentException.class, () -> BottleneckSpec.builder(FEEDBACK, FEEDBACK, S)
            .flow(MediaFlowSpec.builder("a").build()).samplePeriodNs(150_000_000L).build());
    }
}
