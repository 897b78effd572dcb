package io.classwire.core.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Statistical and exact properties of the impairment model, driven directly (no simulator) with hand-made times.
 * Statistical bounds are at least 5 standard deviations wide so a correct model fails with negligible probability;
 * every case is seeded and names its seed in failure messages.
 */
class ImpairmentTest
{
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    @ParameterizedTest
    @ValueSource(longs = { 1, 2, 3 })
    void shouldLoseBernoulliRateWithinStatisticalBounds(final long seed)
    {
        final double rate = 0.05;
        final int packets = 200_000;
        final Impairment impairment = new Impairment(LinkConfig.builder().randomLossRate(rate).build(), seed);
        final PacketFate fate = new PacketFate();
        for (int i = 0; i < packets; i++)
        {
            impairment.decide(i * MS, 1000, fate);
        }
        final long lost = impairment.stats().droppedPackets(DropCause.RANDOM_LOSS);
        final double sd = Math.sqrt(packets * rate * (1 - rate));
        assertTrue(Math.abs(lost - packets * rate) < 5 * sd, "seed " + seed + ": lost " + lost);
        assertEquals(packets - lost, impairment.stats().deliveredPackets());
        assertEquals(lost, impairment.stats().droppedPackets(), "no other cause");
    }

    @ParameterizedTest
    @ValueSource(longs = { 11, 12, 13 })
    void shouldMatchGilbertElliottLossRateAndMeanBurstLength(final long seed)
    {
        final double rate = 0.10;
        final double meanBurst = 3.0;
        final int packets = 500_000;
        final Impairment impairment = new Impairment(LinkConfig.builder().burstLoss(rate, meanBurst).build(), seed);
        final PacketFate fate = new PacketFate();
        long lost = 0;
        long bursts = 0;
        boolean previousLost = false;
        for (int i = 0; i < packets; i++)
        {
            final boolean isLost = impairment.decide(i * MS, 1000, fate).isDropped();
            if (isLost)
            {
                assertEquals(DropCause.BURST_LOSS, fate.dropCause());
                lost++;
                if (!previousLost)
                {
                    bursts++;
                }
            }
            previousLost = isLost;
        }
        final double measuredRate = (double)lost / packets;
        final double measuredBurst = (double)lost / bursts;
        // ~16,700 bursts: the burst-length mean has sd ~ sqrt(6)/sqrt(16700) ~ 0.019; the rate's sd (with bursts
        // and gaps both geometric) is ~0.0012. Bounds are over 5 sd.
        assertEquals(rate, measuredRate, 0.007, "seed " + seed + ": loss rate");
        assertEquals(meanBurst, measuredBurst, 0.12, "seed " + seed + ": mean burst");
    }

    @Test
    void shouldDeriveGilbertElliottTransitionProbabilities()
    {
        final GilbertElliottLoss model = new GilbertElliottLoss(0.2, 4.0);
        assertEquals(0.25, model.badToGoodProbability(), 1e-12);
        assertEquals(0.25 * 0.2 / 0.8, model.goodToBadProbability(), 1e-12);
        final double stationaryBad = model.goodToBadProbability() /
            (model.goodToBadProbability() + model.badToGoodProbability());
        assertEquals(0.2, stationaryBad, 1e-12);
    }

    @Test
    void shouldRejectBurstTooShortForLossRate()
    {
        final IllegalArgumentException error =
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new GilbertElliottLoss(0.8, 2.0));
        assertTrue(error.getMessage().contains("at least 4.0"), error.getMessage());
    }

    @Test
    void shouldRespectCapacityWithinTwoPercentUnderOverload()
    {
        final long capacityBps = 2_000_000;
        final Impairment impairment = new Impairment(
            LinkConfig.builder().capacityBps(capacityBps).queueLimitMs(100).build(), 5);
        final PacketFate fate = new PacketFate();
        // 4 Mbps offered: 1000-byte packets every 2 ms.
        long bytesInWindow = 0;
        for (long t = 0; t < 20 * SECOND; t += 2 * MS)
        {
            impairment.decide(t, 1000, fate);
            if (!fate.isDropped() && fate.deliveryNs() >= 5 * SECOND && fate.deliveryNs() < 15 * SECOND)
            {
                bytesInWindow += 1000;
            }
        }
        final double measuredBps = bytesInWindow * 8 / 10.0;
        assertEquals(capacityBps, measuredBps, capacityBps * 0.02, "delivered rate");
        assertTrue(impairment.stats().droppedPackets(DropCause.QUEUE_FULL) > 4000, "overload must drop");
    }

    @Test
    void shouldNeverQueueLongerThanTheTimeLimitUnderOverload()
    {
        final long limitMs = 50;
        final Impairment impairment = new Impairment(
            LinkConfig.builder().capacityBps(1_000_000).queueLimitMs(limitMs).build(), 6);
        final PacketFate fate = new PacketFate();
        // Bursts of 20 x 1200 bytes every 100 ms (1.9 Mbps) into 1 Mbps.
        for (long t = 0; t < 30 * SECOND; t += 100 * MS)
        {
            for (int i = 0; i < 20; i++)
            {
                impairment.decide(t + i * 100_000, 1200, fate);
                if (!fate.isDropped())
                {
                    assertTrue(fate.queueDelayNs() <= limitMs * MS, "queued " + fate.queueDelayNs());
                }
            }
        }
        // A packet is admitted only if it fits whole, so the longest wait is the limit minus about one packet
        // (9.6 ms at 1 Mbps).
        final long maxNs = impairment.stats().maxQueueDelayNs();
        assertTrue(maxNs <= limitMs * MS && maxNs > (limitMs - 15) * MS, "queue should fill to its limit: " + maxNs);
    }

    @Test
    void shouldLimitQueueInPackets()
    {
        final Impairment impairment = new Impairment(
            LinkConfig.builder().capacityBps(1_000_000).queueLimitPackets(5).build(), 7);
        final PacketFate fate = new PacketFate();
        int admitted = 0;
        for (int i = 0; i < 10; i++)
        {
            if (!impairment.decide(0, 1250, fate).isDropped())
            {
                admitted++;
            }
        }
        assertEquals(5, admitted);
        assertEquals(4 * 10 * MS, impairment.stats().maxQueueDelayNs(), "fifth packet waits for four 10 ms packets");
        // After one packet's serialization time (10 ms), exactly one slot frees up.
        assertFalse(impairment.decide(10 * MS, 1250, fate).isDropped());
        assertTrue(impairment.decide(10 * MS, 1250, fate).isDropped());
    }

    @Test
    void shouldAdmitOnePacketIntoEmptyQueueEvenIfLargerThanLimit()
    {
        final Impairment impairment = new Impairment(
            LinkConfig.builder().capacityBps(100_000).queueLimitMs(1).build(), 8);
        final PacketFate fate = new PacketFate();
        assertFalse(impairment.decide(0, 1500, fate).isDropped());
        assertEquals(120 * MS, fate.deliveryNs(), "1500 bytes at 100 kbps take 120 ms");
        assertTrue(impairment.decide(MS, 1500, fate).isDropped());
    }

    @Test
    void shouldKeepOrderUnderJitterWhenReorderingIsNotAllowed()
    {
        final Impairment impairment = new Impairment(
            LinkConfig.builder().propagationDelayMs(20).jitterMs(15).build(), 9);
        final PacketFate fate = new PacketFate();
        long previousNs = Long.MIN_VALUE;
        long jitterSumNs = 0;
        for (int i = 0; i < 100_000; i++)
        {
            final long sentNs = i * MS;
            impairment.decide(sentNs, 200, fate);
            assertTrue(fate.deliveryNs() >= previousNs, "packet " + i + " overtook its predecessor");
            assertTrue(fate.deliveryNs() >= sentNs + 20 * MS);
            assertFalse(fate.isReordered());
            previousNs = fate.deliveryNs();
            jitterSumNs += fate.deliveryNs() - sentNs - 20 * MS;
        }
        assertEquals(0, impairment.stats().reorderedPackets());
        // Made monotonic, the mean extra delay exceeds the 15 ms exponential mean but stays of that order.
        final double meanJitterMs = jitterSumNs / 100_000.0 / MS;
        assertTrue(meanJitterMs > 15 && meanJitterMs < 60, "mean extra delay " + meanJitterMs);
    }

    @Test
    void shouldReorderAndDrawExponentialJitterWhenAllowed()
    {
        final Impairment impairment = new Impairment(
            LinkConfig.builder().propagationDelayMs(20).jitterMs(15).reorderingAllowed(true).build(), 10);
        final PacketFate fate = new PacketFate();
        long jitterSumNs = 0;
        final int packets = 100_000;
        for (int i = 0; i < packets; i++)
        {
            impairment.decide(i * MS, 200, fate);
            jitterSumNs += fate.deliveryNs() - i * MS - 20 * MS;
        }
        // Exponential with mean 15 ms: sd of the sample mean is 15 / sqrt(1e5) ~ 0.05 ms.
        assertEquals(15.0, jitterSumNs / (double)packets / MS, 0.3, "mean jitter");
        assertTrue(impairment.stats().reorderedPackets() > packets / 2, "1 ms spacing, 15 ms jitter: most reorder");
    }

    @Test
    void shouldSpreadDelayUniformlyAroundPropagationWhenNetemStyleJitter()
    {
        final LinkConfig config = LinkConfig.builder().propagationDelayMs(50).jitterMs(30)
            .jitterDistribution(LinkConfig.JitterDistribution.UNIFORM).reorderingAllowed(true).build();
        assertEquals(LinkConfig.JitterDistribution.UNIFORM, config.toBuilder().build().jitterDistribution());
        final Impairment impairment = new Impairment(config, 11);
        final PacketFate fate = new PacketFate();
        final int packets = 100_000;
        long sumNs = 0;
        long minNs = Long.MAX_VALUE;
        long maxNs = Long.MIN_VALUE;
        for (int i = 0; i < packets; i++)
        {
            impairment.decide(i * 20 * MS, 200, fate);
            final long delayNs = fate.deliveryNs() - i * 20 * MS;
            sumNs += delayNs;
            minNs = Math.min(minNs, delayNs);
            maxNs = Math.max(maxNs, delayNs);
        }
        // netem "delay 50ms 30ms": uniform in [20, 80] ms, mean 50 ms (sd of the mean 17.3 / sqrt(1e5) ~ 0.06 ms)
        assertEquals(50.0, sumNs / (double)packets / MS, 0.3, "mean delay");
        assertTrue(minNs >= 20 * MS && minNs < 21 * MS, "min " + minNs);
        assertTrue(maxNs <= 80 * MS && maxNs > 79 * MS, "max " + maxNs);
    }

    @Test
    void shouldDrawNormalJitterNeverBelowZeroDelayWhenNormalDistribution()
    {
        final Impairment impairment = new Impairment(LinkConfig.builder().propagationDelayMs(10).jitterMs(10)
            .jitterDistribution(LinkConfig.JitterDistribution.NORMAL).reorderingAllowed(true).build(), 12);
        final PacketFate fate = new PacketFate();
        final int packets = 100_000;
        int clamped = 0;
        for (int i = 0; i < packets; i++)
        {
            impairment.decide(i * 20 * MS, 200, fate);
            final long delayNs = fate.deliveryNs() - i * 20 * MS;
            assertTrue(delayNs >= 0, "negative delay " + delayNs);
            if (delayNs == 0)
            {
                clamped++;
            }
        }
        // P(Z < -1) = 0.1587 of normal draws fall more than one sd early, here cut to exactly zero delay
        assertEquals(0.1587, clamped / (double)packets, 0.005);
    }

    @Test
    void shouldKeepExponentialJitterByDefault()
    {
        assertEquals(LinkConfig.JitterDistribution.EXPONENTIAL, LinkConfig.builder().build().jitterDistribution());
    }

    @Test
    void shouldDuplicateAtConfiguredRate()
    {
        final double probability = 0.02;
        final int packets = 200_000;
        final Impairment impairment = new Impairment(
            LinkConfig.builder().propagationDelayMs(5).jitterMs(1).duplicationProbability(probability).build(), 14);
        final PacketFate fate = new PacketFate();
        long duplicates = 0;
        for (int i = 0; i < packets; i++)
        {
            impairment.decide(i * MS, 200, fate);
            if (fate.hasDuplicate())
            {
                duplicates++;
                assertTrue(fate.duplicateDeliveryNs() >= fate.deliveryNs(), "duplicate never precedes original");
            }
        }
        final double sd = Math.sqrt(packets * probability * (1 - probability));
        assertTrue(Math.abs(duplicates - packets * probability) < 5 * sd, "duplicates " + duplicates);
        assertEquals(duplicates, impairment.stats().duplicatedPackets());
    }

    @Test
    void shouldDropEverythingInBlackoutWindowsAndNothingOutside()
    {
        final Blackouts blackouts = Blackouts.of(2 * SECOND, 3 * SECOND, 7 * SECOND, 7 * SECOND + 500 * MS);
        final Impairment impairment = new Impairment(
            LinkConfig.builder().propagationDelayMs(10).blackouts(blackouts).build(), 15);
        final PacketFate fate = new PacketFate();
        for (long t = 0; t < 10 * SECOND; t += MS)
        {
            impairment.decide(t, 500, fate);
            final boolean inWindow = (t >= 2 * SECOND && t < 3 * SECOND) || (t >= 7 * SECOND && t < 7500 * MS);
            assertEquals(inWindow, fate.isDropped(), "at " + t);
            if (inWindow)
            {
                assertEquals(DropCause.BLACKOUT, fate.dropCause());
            }
        }
        assertEquals(1500, impairment.stats().droppedPackets(DropCause.BLACKOUT));
    }

    @Test
    void shouldDropPacketsWhoseSerializationEndsInBlackout()
    {
        final Impairment impairment = new Impairment(LinkConfig.builder()
            .capacityBps(1_000_000)
            .blackouts(Blackouts.of(10 * MS, 20 * MS))
            .build(), 16);
        final PacketFate fate = new PacketFate();
        // 1250 bytes take 10 ms: the first leaves at 10 ms, inside the window.
        assertEquals(DropCause.BLACKOUT, impairment.decide(0, 1250, fate).dropCause());
        assertFalse(impairment.decide(20 * MS, 1250, fate).isDropped());
    }

    @Test
    void shouldIntegrateCapacityChangesDuringSerialization()
    {
        final CapacityTimeline timeline = CapacityTimeline.builder(1_000_000)
            .change(5 * MS, 0)
            .change(15 * MS, 2_000_000)
            .build();
        final Impairment impairment = new Impairment(LinkConfig.builder().capacity(timeline).build(), 17);
        final PacketFate fate = new PacketFate();
        // 10,000 bits: 5,000 in the first 5 ms, none during the outage, the rest at 2 Mbps in 2.5 ms.
        impairment.decide(0, 1250, fate);
        assertEquals(17_500_000L, fate.deliveryNs());
        // The next one queues behind it: 10,000 bits at 2 Mbps.
        impairment.decide(MS, 1250, fate);
        assertEquals(22_500_000L, fate.deliveryNs());
        assertEquals(16_500_000L, fate.queueDelayNs());
    }

    @Test
    void shouldRejectTimeGoingBackwards()
    {
        final Impairment impairment = new Impairment(LinkConfig.builder().build(), 18);
        final PacketFate fate = new PacketFate();
        impairment.decide(10, 100, fate);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
            () -> impairment.decide(9, 100, fate));
    }

    @Test
    void shouldKeepLossPatternWhenDuplicationIsTurnedOn()
    {
        final LinkConfig lossy = LinkConfig.builder().randomLossRate(0.1).burstLoss(0.05, 2).build();
        final Impairment plain = new Impairment(lossy, 19);
        final Impairment duplicating = new Impairment(lossy.toBuilder().duplicationProbability(0.3).build(), 19);
        final PacketFate a = new PacketFate();
        final PacketFate b = new PacketFate();
        for (int i = 0; i < 10_000; i++)
        {
            plain.decide(i * MS, 100, a);
            duplicating.decide(i * MS, 100, b);
            assertEquals(a.dropCause(), b.dropCause(), "packet " + i);
        }
    }
}
