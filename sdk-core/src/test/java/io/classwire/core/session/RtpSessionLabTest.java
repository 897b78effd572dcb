package io.classwire.core.session;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.LinkStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.classwire.core.session.SessionLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two peers exchanging a paced 20 ms Opus-like stream each way in virtual time, checking the session's statistics
 * against what the simulated link really did.
 */
class RtpSessionLabTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldMeasureRttWithinTwoMillisecondsOfTwicePropagationOnCleanLink()
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(40).build();
        final SessionLab lab = new SessionLab(1, path, path, 30 * SECOND_NS);
        lab.runUntil(31 * SECOND_NS);

        for (final SendStream stream : new SendStream[]{ lab.aliceAudio(), lab.bobAudio() })
        {
            assertEquals(1500, stream.packetsSent());
            assertTrue(stream.reportsReceived() > 20, "reports " + stream.reportsReceived());
            assertEquals(80 * MS, stream.rttNs(), 2 * MS, "rtt of " + stream);
            assertEquals(80 * MS, stream.smoothedRttNs(), 2 * MS, "smoothed rtt of " + stream);
            assertEquals(0, stream.remoteCumulativeLost());
            assertEquals(0, stream.remoteFractionLost());
        }
        for (final ReceiveStream stream : new ReceiveStream[]{ lab.aliceAtBob(), lab.bobAtAlice() })
        {
            assertEquals(1500, stream.packetsReceived());
            // The first packet is on RFC 3550 A.1 probation and counts in neither expected nor received.
            assertEquals(1499, stream.expected());
            assertEquals(0, stream.cumulativeLost());
            assertEquals(0, stream.jitterNs(), "a clean paced link has no jitter");
            assertEquals("alice@classwire.test", lab.aliceAtBob().cname());
            assertTrue(stream.senderReportsReceived() > 20);
        }
        assertEquals(1500, lab.bobReceived.delivered);
        assertEquals(1, lab.bobReceived.newStreams);
    }

    @Test
    void shouldReportLossWithinTwoPointsOfTheLinkAtTenPercentBernoulliLoss()
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(20).randomLossRate(0.10).build();
        final SessionLab lab = new SessionLab(2, path, path, 60 * SECOND_NS);
        lab.runUntil(61 * SECOND_NS);

        checkLoss(lab.aliceToBob().stats(), lab.aliceAtBob(), lab.aliceAudio(), lab.aliceSource);
        checkLoss(lab.bobToAlice().stats(), lab.bobAtAlice(), lab.bobAudio(), lab.bobSource);
        assertTrue(lab.aliceAudio().rttNs() > 0, "RTT survives loss of some reports");
    }

    private static void checkLoss(
        final LinkStats link, final ReceiveStream receiver, final SendStream sender, final OpusLikeSource source)
    {
        final double linkLoss = link.lossRate();
        final double receiverLoss = (double)receiver.cumulativeLost() / receiver.expected();
        assertTrue(linkLoss > 0.08 && linkLoss < 0.12, "link loss " + linkLoss);
        assertEquals(linkLoss, receiverLoss, 0.02, "receiver's view " + receiver + " vs link " + link);
        assertEquals(receiver.packetsReceived() + receiver.cumulativeLost(), receiver.expected() + 1,
            "expected = received + lost, plus the probation packet");

        // The sender's view from the last RR: lost over what the receiver expected by then (the receiver's base is
        // one past our first sequence number because of probation, unless the first packets were lost).
        final long remoteExpected = sender.remoteExtendedHighestSeq() - source.firstSequenceNumber();
        final double senderLoss = (double)sender.remoteCumulativeLost() / remoteExpected;
        assertEquals(receiverLoss, senderLoss, 0.02, "sender's view from RR vs receiver's");
    }

    @Test
    void shouldEstimateJitterNearTheLinksMeanWhenPacketsAreReordered()
    {
        final LinkConfig path = LinkConfig.builder()
            .propagationDelayMs(30).jitterMs(30).reorderingAllowed(true).build();
        final SessionLab lab = new SessionLab(3, path, path, 60 * SECOND_NS);
        lab.runUntil(61 * SECOND_NS);

        assertTrue(lab.aliceToBob().stats().reorderedPackets() > 100, "reordering happened");
        final ReceiveStream stream = lab.aliceAtBob();
        assertTrue(stream.statistics().lateOrDuplicate() > 100, "late packets seen: " + stream.statistics());
        final double jitterMs = stream.jitterNs() / 1e6;
        // Exponential extra delay with mean m: |D| of two independent draws is again exponential with mean m, so the
        // RFC 3550 estimate hovers around 30 ms (the last 16 packets weigh most, hence the wide band).
        assertTrue(jitterMs > 15 && jitterMs < 50, "jitter " + jitterMs + " ms");
        assertEquals(lab.bobReceived.jitterMs(), jitterMs, 0.05, "independent A.8 computation in arrival order");
        final double remoteJitterMs = lab.aliceAudio().remoteJitterNs() / 1e6;
        assertTrue(remoteJitterMs > 15 && remoteJitterMs < 50, "jitter reported to the sender " + remoteJitterMs);
        assertEquals(0, stream.cumulativeLost(), "reordering is not loss");
    }

    @ParameterizedTest
    @ValueSource(longs = { 500, 1_000, 5_000 })
    void shouldSendRegularReportsAtTheRandomisedMinimumInterval(final long minIntervalMs)
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(10).build();
        final SessionLab lab = new SessionLab(4, path, path, 120 * SECOND_NS,
            (context) -> context.rtcpMinIntervalNs(minIntervalMs * MS));
        lab.runUntil(120 * SECOND_NS);

        // RFC 3550 A.7: interval = Tmin * U[0.5, 1.5] / (e - 3/2), so the mean is Tmin / 1.218; bandwidth (5% of
        // 1 Mbps) is never the limit for two members.
        final double expected = 120_000.0 / minIntervalMs * RtcpScheduler.COMPENSATION;
        for (final RtpSession session : new RtpSession[]{ lab.alice, lab.bob })
        {
            final long sent = session.counters().regularReportsSent();
            assertEquals(expected, sent, Math.max(3, expected * 0.12), "reports sent by " + session.context().cname());
            assertEquals(0, session.counters().earlyFeedbackSent());
            assertEquals(sent, session.rtcpSendChain().packetsForwarded());
        }
        assertEquals(lab.alice.counters().regularReportsSent(), lab.bob.counters().rtcpCompoundsReceived(),
            "a clean link delivers every report");
    }

    @Test
    void shouldEndTheRemoteStreamWhenThePeerClosesWithBye()
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(25).build();
        final SessionLab lab = new SessionLab(5, path, path, 30 * SECOND_NS);
        lab.runUntil(10 * SECOND_NS);
        lab.aliceAgent.close(lab.simulator.nowNs());
        final long reportsAtClose = lab.alice.counters().regularReportsSent();
        lab.runUntil(20 * SECOND_NS);

        assertTrue(lab.alice.isClosed());
        assertEquals(1, lab.alice.counters().byesSent());
        assertEquals(reportsAtClose, lab.alice.counters().regularReportsSent(), "no RTCP after BYE");
        assertEquals(SendStream.CLOSED, lab.aliceSource.lastResult);
        assertEquals(1, lab.bob.counters().byesReceived());
        final ReceiveStream ended = lab.aliceAtBob();
        assertTrue(ended.isEnded());
        assertEquals(10 * SECOND_NS + 25 * MS, ended.endedNs());
        assertEquals(1, lab.bobReceived.endedStreams);
        assertEquals(501, ended.packetsReceived(), "media stopped at close: frames at 0, 20 ms, ..., 10 s");
        assertTrue(lab.bob.stats().receiveStreams().get(0).ended());
        assertTrue(lab.alice.counters().datagramsAfterClose() > 0, "bob kept sending; alice ignores it");
    }

    @Test
    void shouldProduceIdenticalStatisticsFromTheSameSeed()
    {
        final LinkConfig path = LinkConfig.builder()
            .propagationDelayMs(20).jitterMs(5).reorderingAllowed(true).randomLossRate(0.05).build();
        final SessionStats[] first = run(11, path);
        final SessionStats[] second = run(11, path);
        final SessionStats[] other = run(12, path);

        assertEquals(first[0], second[0]);
        assertEquals(first[1], second[1]);
        assertEquals(first[0].paths(), second[0].paths(), "every stage saw the same packets");
        assertTrue(first[0].paths().contains("receive-stats"), first[0].paths());
        assertNotEquals(first[0], other[0], "a different seed gives a different run");
    }

    private static SessionStats[] run(final long seed, final LinkConfig path)
    {
        final SessionLab lab = new SessionLab(seed, path, path, 20 * SECOND_NS);
        lab.runUntil(21 * SECOND_NS);
        return new SessionStats[]{ lab.alice.stats(), lab.bob.stats() };
    }
}
