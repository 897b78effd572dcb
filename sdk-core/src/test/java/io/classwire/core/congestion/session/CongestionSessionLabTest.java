package io.classwire.core.congestion.session;

import io.classwire.core.congestion.FeedbackGenerator;
import io.classwire.core.congestion.session.SessionCongestionRig.Padding;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.classwire.core.congestion.session.SessionCongestionRig.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Congestion control carried by two {@link RtpSession}s in the lab's virtual time ({@link SessionCongestionRig}: 30
 * fps video following the target, 50 ms one-way delay, 300 ms drop-tail queue): start-up with probe padding from
 * each padding source, holding a fixed capacity, following capacity steps, and the feedback cadence. Bounds are
 * loose regression bounds (reach 90% within 1 s, hold within 25%); the measured figures are in docs/congestion.md.
 */
class CongestionSessionLabTest
{
    @ParameterizedTest(name = "{0} bit/s, {1} padding")
    @CsvSource({
        "1000000, RTX", "2500000, RTX", "1000000, RTX_PADDING_ONLY", "2500000, RTX_PADDING_ONLY",
        "1000000, MEDIA", "2500000, MEDIA"})
    void shouldReachNinetyPercentOfTheLinkWithinASecondAndHoldIt(final long capacityBps, final Padding padding)
    {
        final SessionCongestionRig rig =
            new SessionCongestionRig(CapacityTimeline.constant(capacityBps), padding, 11).run(30 * S);

        final String state = rig.describe();
        final long reachNs = rig.firstReachNs(0, capacityBps * 9 / 10);
        System.out.printf("session lab %d bit/s %s: 90%% at %.1f s, target %d-%d kbit/s from 5 s%n", capacityBps,
            padding, reachNs / 1e9, rig.source.minTargetBps(5 * S, 30 * S) / 1000,
            rig.source.maxTargetBps(5 * S, 30 * S) / 1000);
        assertTrue(reachNs >= 0 && reachNs <= S, "90% of the link within 1 s: " + reachNs + " ns; " + state);
        assertTrue(rig.source.minTargetBps(5 * S, 30 * S) > capacityBps * 3 / 4, "within 25% from 5 s: " + state);
        assertTrue(rig.source.maxTargetBps(5 * S, 30 * S) < capacityBps * 5 / 4, "within 25% from 5 s: " + state);
        assertTrue(rig.sendStage.paddingPackets() > 0, "probes used padding: " + state);
        assertEquals(0, rig.sendStage.unnumberedPackets(), state);
        assertEquals(0, rig.sendStage.invalidFeedbacks(), state);
        assertEquals(0, rig.sendStage.pacer().droppedPackets(), state);
        assertEquals(0, rig.emptyPayloadsDelivered, "padding never reaches the application: " + state);
    }

    @Test
    void shouldProbeWithRetransmittedMediaWhenTheHistoryHoldsSome()
    {
        final SessionCongestionRig rig =
            new SessionCongestionRig(CapacityTimeline.constant(1_000_000), Padding.RTX, 11).run(20 * S);

        final String state = rig.describe();
        assertTrue(rig.sendStage.payloadPaddingPackets() > 0, state);
        assertTrue(rig.rtxReceive.packetsRestored() > 0, "RTX probes restored as media at bob: " + state);
    }

    @Test
    void shouldDropPaddingOnlyPacketsAtTheReceiverWithoutLossOrDelivery()
    {
        final SessionCongestionRig rtx =
            new SessionCongestionRig(CapacityTimeline.constant(1_000_000), Padding.RTX_PADDING_ONLY, 11).run(10 * S);
        final SessionCongestionRig media =
            new SessionCongestionRig(CapacityTimeline.constant(1_000_000), Padding.MEDIA, 11).run(10 * S);

        assertTrue(rtx.rtxReceive.paddingPackets() > 0, rtx.describe());
        assertEquals(0, rtx.paddingDrop.paddingPackets(), "RTX padding stops at the rtx stage: " + rtx.describe());
        assertTrue(media.paddingDrop.paddingPackets() > 0, media.describe());
        assertEquals(0, rtx.emptyPayloadsDelivered + media.emptyPayloadsDelivered);
        // Padding-only packets on the media SSRC count in the reception statistics: no gap, so no loss reported.
        final ReceiveStream stream = media.bob.receiveStreamBySsrc(media.video.ssrc());
        assertEquals(0, stream.cumulativeLost(), media.describe());
        assertTrue(stream.expected() <= stream.packetsReceived(), stream.expected() + " expected, " +
            stream.packetsReceived() + " received: " + media.describe());
    }

    @Test
    void shouldFollowCapacityStepsUpAndDown()
    {
        final CapacityTimeline capacity = CapacityTimeline.builder(1_000_000)
            .change(20 * S, 2_500_000).change(40 * S, 600_000).change(60 * S, 1_000_000).build();
        final SessionCongestionRig rig = new SessionCongestionRig(capacity, Padding.RTX, 11).run(80 * S);

        final String state = rig.describe();
        final long upNs = rig.firstReachNs(20 * S, 2_250_000) - 20 * S;
        final long raisedAgainNs = rig.firstReachNs(60 * S, 900_000) - 60 * S;
        long cutNs = -1;
        for (long t = 40 * S; t < 50 * S && cutNs < 0; t += SessionCongestionRig.SAMPLE_NS)
        {
            cutNs = rig.source.targetAt(t) < 750_000 ? t - 40 * S : -1;
        }
        System.out.printf("session lab steps: 90%% of 2.5 Mbit/s in %.1f s, below 125%% of 0.6 Mbit/s in %.1f s, " +
            "90%% of 1 Mbit/s in %.1f s%n", upNs / 1e9, cutNs / 1e9, raisedAgainNs / 1e9);
        assertTrue(upNs >= 0 && upNs <= 3 * S, "90% of a raised capacity within 3 s: " + state);
        assertTrue(cutNs >= 0 && cutNs <= S, "react to a cut within 1 s: " + state);
        assertTrue(raisedAgainNs >= 0 && raisedAgainNs <= 5 * S, "90% of 1 Mbit/s again within 5 s: " + state);
        assertTrue(rig.source.minTargetBps(45 * S, 60 * S) > 450_000, "within 25% of 0.6 Mbit/s: " + state);
        assertTrue(rig.source.maxTargetBps(45 * S, 60 * S) < 750_000, "within 25% of 0.6 Mbit/s: " + state);
    }

    @Test
    void shouldSendFeedbackAtTheGeneratorsIntervalNotTheRtcpSchedule()
    {
        final SessionCongestionRig rig =
            new SessionCongestionRig(CapacityTimeline.constant(1_000_000), Padding.RTX, 11).run(20 * S);

        final long intervalNs = 20 * S / rig.twcc.feedbackPackets();
        System.out.printf("session lab feedback: %d packets in 20 s (every %.1f ms), %d bytes%n",
            rig.twcc.feedbackPackets(), intervalNs / 1e6, rig.twcc.feedbackBytes());
        assertTrue(intervalNs >= FeedbackGenerator.MIN_INTERVAL_NS * 9 / 10 &&
            intervalNs <= FeedbackGenerator.MIN_INTERVAL_NS * 11 / 10,
            "1 Mbit/s of 1 kB packets: 5% allows the 50 ms floor; " + intervalNs + " ns");
        assertEquals(0, rig.twcc.sendFailures());
        assertTrue(rig.sendStage.feedbacks() >= rig.twcc.feedbackPackets() * 95 / 100, rig.describe());
        assertEquals(0, rig.alice.receiveChain().packetsDropped("rtcp"), "reduced-size TWCC accepted");
    }

    @Test
    void shouldSendFeedbackAsACompoundWhenReducedSizeRtcpIsOff()
    {
        final SessionCongestionRig rig =
            new SessionCongestionRig(CapacityTimeline.constant(1_000_000), Padding.RTX, 11, false).run(20 * S);

        final String state = rig.describe();
        assertTrue(rig.twcc.feedbackPackets() > 300, state);
        assertEquals(0, rig.alice.receiveChain().packetsDropped("rtcp"), "RR + SDES + TWCC accepted: " + state);
        assertTrue(rig.sendStage.feedbacks() >= rig.twcc.feedbackPackets() * 95 / 100, state);
        assertTrue(rig.firstReachNs(0, 900_000) <= S, state);
    }
}
