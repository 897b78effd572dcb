package io.classwire.core.lab;

import java.util.concurrent.TimeUnit;

/** The link configurations behind {@link NetworkProfile}; the reasoning for each value is in the profile docs. */
final class ProfileLinks
{
    static final long PATTERN_DURATION_NS = TimeUnit.HOURS.toNanos(2);

    private static final long MBPS = 1_000_000L;
    private static final long CAPACITY_STEP_NS = TimeUnit.SECONDS.toNanos(10);
    private static final long[] CONGESTED_DOWN_BPS = { 3 * MBPS, 1_500_000L, 2_500_000L, MBPS, 2 * MBPS };
    private static final long[] CONGESTED_UP_BPS = { 800_000L, 500_000L, MBPS, 400_000L, 700_000L };

    private ProfileLinks()
    {
    }

    static LinkConfig lan()
    {
        return LinkConfig.builder()
            .capacityBps(1_000 * MBPS)
            .propagationDelayNs(250_000L)
            .jitterNs(50_000L)
            .queueLimitMs(10)
            .build();
    }

    static LinkConfig homeWifiUp()
    {
        return homeWifi(10 * MBPS);
    }

    static LinkConfig homeWifiDown()
    {
        return homeWifi(50 * MBPS);
    }

    static LinkConfig fourGUp()
    {
        return fourG(6 * MBPS);
    }

    static LinkConfig fourGDown()
    {
        return fourG(20 * MBPS);
    }

    static LinkConfig congested4gUp()
    {
        return congested4g(CONGESTED_UP_BPS);
    }

    static LinkConfig congested4gDown()
    {
        return congested4g(CONGESTED_DOWN_BPS);
    }

    static LinkConfig subwayUp()
    {
        return subway(2 * MBPS);
    }

    static LinkConfig subwayDown()
    {
        return subway(8 * MBPS);
    }

    static LinkConfig satelliteUp()
    {
        return satellite(3 * MBPS);
    }

    static LinkConfig satelliteDown()
    {
        return satellite(20 * MBPS);
    }

    static LinkConfig lossy(final double meanLossRate, final double meanBurstPackets)
    {
        return LinkConfig.builder()
            .capacityBps(10 * MBPS)
            .propagationDelayMs(25)
            .jitterMs(2)
            .queueLimitMs(200)
            .burstLoss(meanLossRate, meanBurstPackets)
            .build();
    }

    private static LinkConfig homeWifi(final long bps)
    {
        return LinkConfig.builder()
            .capacityBps(bps)
            .propagationDelayMs(15)
            .jitterMs(3)
            .queueLimitMs(100)
            .burstLoss(0.005, 2.0)
            .build();
    }

    private static LinkConfig fourG(final long bps)
    {
        return LinkConfig.builder()
            .capacityBps(bps)
            .propagationDelayMs(30)
            .jitterMs(6)
            .queueLimitMs(200)
            .burstLoss(0.005, 2.0)
            .build();
    }

    private static LinkConfig congested4g(final long[] pattern)
    {
        final CapacityTimeline.Builder timeline = CapacityTimeline.builder(pattern[0]);
        int step = 1;
        for (long atNs = CAPACITY_STEP_NS; atNs < PATTERN_DURATION_NS; atNs += CAPACITY_STEP_NS)
        {
            timeline.change(atNs, pattern[step++ % pattern.length]);
        }
        return LinkConfig.builder()
            .capacity(timeline.build())
            .propagationDelayMs(50)
            .jitterMs(15)
            .queueLimitMs(400)
            .burstLoss(0.02, 3.0)
            .build();
    }

    private static LinkConfig subway(final long bps)
    {
        return LinkConfig.builder()
            .capacityBps(bps)
            .propagationDelayMs(45)
            .jitterMs(20)
            .queueLimitMs(300)
            .burstLoss(0.03, 4.0)
            .blackouts(Blackouts.periodic(
                TimeUnit.SECONDS.toNanos(20), TimeUnit.SECONDS.toNanos(5), TimeUnit.SECONDS.toNanos(60),
                PATTERN_DURATION_NS))
            .build();
    }

    private static LinkConfig satellite(final long bps)
    {
        return LinkConfig.builder()
            .capacityBps(bps)
            .propagationDelayMs(300)
            .jitterMs(5)
            .queueLimitMs(600)
            .burstLoss(0.005, 2.0)
            .build();
    }
}
