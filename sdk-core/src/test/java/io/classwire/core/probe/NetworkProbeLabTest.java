package io.classwire.core.probe;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.NetworkProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe against the responder in the lab's virtual time, on named profiles and on links built for one property
 * at a time. Every tolerance is stated next to its assertion; the runs are seeded, so a failure reproduces.
 */
class NetworkProbeLabTest
{
    private static final long MBPS = 1_000_000L;

    @ParameterizedTest(name = "one-way {0} ms")
    @CsvSource({ "1", "5", "20", "50", "150", "300" })
    void shouldMeasureRttWithinTenPercentOfTwiceTheOneWayDelay(final long oneWayMs)
    {
        final LinkConfig path = ProbeLab.path(10 * MBPS, oneWayMs, 0, 200);
        final ProbeResult result = new ProbeLab(11, path, path, new ProbeConfig()).run();
        final double expectedMs = 2.0 * oneWayMs;
        // Tolerance: 10 % of the configured RTT plus 1 ms (serializing a 100-byte echo at 10 Mbps each way takes
        // 0.16 ms; a train that is still draining when an echo straggles in adds the rest).
        final double toleranceMs = 0.1 * expectedMs + 1.0;
        assertEquals(expectedMs, result.rttP50Ms(), toleranceMs, result.toString());
        assertEquals(expectedMs, result.rttMinMs(), toleranceMs, result.toString());
        assertEquals(expectedMs, result.rttP95Ms(), toleranceMs, result.toString());
        assertEquals(0.0, result.jitterMs(), 0.5, "no jitter configured: " + result);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NetworkProfile.class, names = { "LAN", "HOME_WIFI", "FOUR_G", "SATELLITE" })
    void shouldMeasureProfileRttAboveTwiceDelayAndWithinJitterOfIt(final NetworkProfile profile)
    {
        final ProbeResult result = new ProbeLab(12, profile).run();
        final double baseMs = (profile.uplink().propagationDelayNs() + profile.downlink().propagationDelayNs()) / 1e6;
        final double jitterMeanMs = (profile.uplink().jitterNs() + profile.downlink().jitterNs()) / 2e6;
        // Exponential jitter only adds delay: the least RTT lies within 10 % + 1 ms above the propagation delay, and
        // the median within 10 % + 1 ms + three times the mean jitter (the median of a sum of two exponentials with
        // mean J is 1.7 J; in-order delivery adds some on top).
        assertTrue(result.rttMinMs() >= baseMs, result.toString());
        assertTrue(result.rttMinMs() <= 1.1 * baseMs + 1.0, result.toString());
        assertTrue(result.rttP50Ms() <= 1.1 * baseMs + 1.0 + 3 * jitterMeanMs, result.toString());
        assertTrue(result.rttP95Ms() >= result.rttP50Ms() && result.rttP50Ms() >= result.rttMinMs());
        // RFC 3550 jitter of exponential jitter with mean J comes out a little under J (in-order delivery smooths).
        assertTrue(result.jitterMs() <= 1.5 * jitterMeanMs + 0.5, result.toString());
    }

    @ParameterizedTest(name = "loss up {0} down {1}")
    @CsvSource({ "0.0, 0.0", "0.05, 0.0", "0.0, 0.10", "0.05, 0.10", "0.20, 0.20" })
    void shouldMeasureLossPerDirectionWithinStatisticalBounds(final double upLoss, final double downLoss)
    {
        final LinkConfig up = ProbeLab.path(10 * MBPS, 20, 1, 200).toBuilder().randomLossRate(upLoss).build();
        final LinkConfig down = ProbeLab.path(10 * MBPS, 20, 1, 200).toBuilder().randomLossRate(downLoss).build();
        // A 4 s echo phase at 20 ms: 200 requests; the responder receives about 200 (1 - up) of them.
        final ProbeConfig config = new ProbeConfig().timeBudgetNs(6_000 * 1_000_000L).echoPhaseNs(4_000 * 1_000_000L);
        final ProbeResult result = new ProbeLab(13, up, down, config).run();
        final int sent = result.echoesSent();
        assertEquals(200, sent);
        // Bounds: 4 binomial standard deviations (plus 1 % for the last requests, whose fate is split less exactly).
        final double upBound = 400 * Math.sqrt(upLoss * (1 - upLoss) / sent) + 1;
        final double downBound = 400 * Math.sqrt(downLoss * (1 - downLoss) / (sent * (1 - upLoss))) + 1;
        assertEquals(100 * upLoss, result.lossUpPercent(), upBound, result.toString());
        assertEquals(100 * downLoss, result.lossDownPercent(), downBound, result.toString());
        final double roundTrip = 1 - (1 - upLoss) * (1 - downLoss);
        assertEquals(100 * roundTrip, result.lossPercent(), 400 * Math.sqrt(roundTrip * (1 - roundTrip) / sent) + 1,
            result.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NetworkProfile.class, names = { "LOSSY_30", "LOSSY_50" })
    void shouldMeasureBurstyLossOfStressProfilesWithinWideBounds(final NetworkProfile profile)
    {
        final double meanLoss = profile.uplink().burstLoss().meanLossRate();
        for (long seed = 1; seed <= 5; seed++)
        {
            final ProbeResult result = new ProbeLab(seed, profile).run();
            // Bursty loss over 50 echoes is noisy: each direction within 25 points of the mean, round trip within 25
            // points of 1 - (1 - p)^2.
            final String context = "seed " + seed + ": " + result;
            if (result.echoesReceived() > 0)
            {
                assertEquals(100 * meanLoss, result.lossUpPercent(), 25, context);
                assertEquals(100 * meanLoss, result.lossDownPercent(), 25, context);
            }
            assertEquals(100 * (1 - (1 - meanLoss) * (1 - meanLoss)), result.lossPercent(), 25, context);
            assertEquals(QualityGrade.UNUSABLE, result.grade(), context);
        }
    }

    @ParameterizedTest(name = "up {0} Mbps, down {1} Mbps")
    @CsvSource({ "1, 4", "4, 10", "10, 1", "4, 1", "1, 10" })
    void shouldMeasureAsymmetricBandwidthWithinTwentyPercent(final long upMbps, final long downMbps)
    {
        for (long seed = 1; seed <= 4; seed++)
        {
            final LinkConfig up = ProbeLab.path(upMbps * MBPS, 20, 2, 200);
            final LinkConfig down = ProbeLab.path(downMbps * MBPS, 20, 2, 200);
            final ProbeResult result = new ProbeLab(seed, up, down, new ProbeConfig()).run();
            final String context = "seed " + seed + ": " + result;
            // Tolerance: +-20 % of the configured capacity (the lab counts datagram bytes, as the probe does).
            assertEquals(upMbps * MBPS, result.upBps(), 0.2 * upMbps * MBPS, context);
            assertEquals(downMbps * MBPS, result.downBps(), 0.2 * downMbps * MBPS, context);
            assertFalse(result.upLowerBound() || result.downLowerBound(), "the limits were found: " + context);
        }
    }

    @Test
    void shouldReportCapAsLowerBoundWhenLinkIsFasterThanMaxRate()
    {
        final LinkConfig path = ProbeLab.path(100 * MBPS, 10, 0, 50);
        final ProbeResult result = new ProbeLab(14, path, path, new ProbeConfig().maxRateBps(8 * MBPS)).run();
        assertEquals(8 * MBPS, result.upBps(), 0.05 * 8 * MBPS, result.toString());
        assertEquals(8 * MBPS, result.downBps(), 0.05 * 8 * MBPS, result.toString());
        assertTrue(result.upLowerBound() && result.downLowerBound(), result.toString());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(NetworkProfile.class)
    void shouldAlwaysFinishWithinTheTimeBudget(final NetworkProfile profile)
    {
        for (final long budgetMs : new long[] { 2_000, 5_000 })
        {
            for (long seed = 1; seed <= 3; seed++)
            {
                final ProbeConfig config = new ProbeConfig().timeBudgetNs(budgetMs * 1_000_000L)
                    .echoPhaseNs(Math.min(1_000, budgetMs / 4) * 1_000_000L);
                final ProbeLab lab = new ProbeLab(seed, profile.uplink(), profile.downlink(), config);
                final ProbeResult result = lab.run();
                final String context = profile.profileName() + " budget " + budgetMs + " ms seed " + seed;
                assertNotNull(result, context + ": not done after " + lab.simulator.nowNs() / 1e6 + " ms");
                assertTrue(result.durationNs() <= budgetMs * 1_000_000L, context + ": " + result);
                assertTrue(lab.finishedAtNs <= budgetMs * 1_000_000L, context + " finished at " + lab.finishedAtNs);
                assertEquals(0, lab.probe.malformedMessages() + lab.responder.counters().malformedMessages(), context);
            }
        }
    }

    @Test
    void shouldOrderGradesLanThenFourGThenLossy()
    {
        for (long seed = 1; seed <= 5; seed++)
        {
            final ProbeResult lan = new ProbeLab(seed, NetworkProfile.LAN).run();
            final ProbeResult fourG = new ProbeLab(seed, NetworkProfile.FOUR_G).run();
            final ProbeResult congested = new ProbeLab(seed, NetworkProfile.CONGESTED_4G).run();
            final ProbeResult lossy = new ProbeLab(seed, NetworkProfile.LOSSY_50).run();
            final String context = "seed " + seed + "\nlan " + lan + "\n4g " + fourG + "\ncongested-4g " + congested +
                "\nlossy-50 " + lossy;
            assertEquals(QualityGrade.EXCELLENT, lan.grade(), context);
            assertTrue(lan.reasons().isEmpty(), context);
            assertFalse(fourG.grade().isBetterThan(lan.grade()), context);
            assertTrue(lan.score() > fourG.score(), context);
            assertTrue(fourG.grade().isBetterThan(congested.grade()), context);
            assertTrue(congested.grade().isBetterThan(lossy.grade()), context);
            assertTrue(fourG.score() > congested.score() && congested.score() > lossy.score(), context);
            assertEquals(QualityGrade.UNUSABLE, lossy.grade(), context);
            assertFalse(lossy.reasons().isEmpty(), context);
        }
    }

    @Test
    void shouldGradeUnusableWhenNobodyAnswers()
    {
        final ProbeLab lab = new ProbeLab(15, NetworkProfile.LAN, false);
        final ProbeResult result = lab.run();
        assertNotNull(result);
        assertEquals(QualityGrade.UNUSABLE, result.grade());
        assertEquals(0, result.echoesReceived());
        assertEquals(100.0, result.lossPercent());
        assertTrue(Double.isNaN(result.rttP50Ms()));
        assertTrue(result.reasons().get(0).startsWith("no reply from the peer"), result.reasons().toString());
        assertTrue(result.durationNs() <= new ProbeConfig().timeBudgetNs());
    }

    @Test
    void shouldCountGarbageFromAThirdPartyAndStillMeasure()
    {
        final ProbeLab lab = new ProbeLab(16, ProbeLab.path(4 * MBPS, 20, 2, 200), ProbeLab.path(4 * MBPS, 20, 2,
            200), new ProbeConfig());
        final GarbageAgent garbage = lab.addGarbageSource(17);
        final ProbeResult result = lab.run();
        assertTrue(garbage.sent() > 1000, "garbage sent: " + garbage.sent());
        assertTrue(lab.probe.malformedMessages() + lab.probe.ignoredDatagrams() + lab.probe.foreignMessages() > 0);
        assertTrue(lab.responder.counters().malformedMessages() + lab.responder.counters().ignoredDatagrams() > 0);
        assertEquals(4 * MBPS, result.upBps(), 0.2 * 4 * MBPS, result.toString());
        assertEquals(4 * MBPS, result.downBps(), 0.2 * 4 * MBPS, result.toString());
        assertEquals(0.0, result.lossPercent(), 0.0, result.toString());
    }
}
