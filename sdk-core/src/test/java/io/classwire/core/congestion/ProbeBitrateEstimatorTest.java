package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ProbeBitrateEstimatorTest
{
    private final ProbeBitrateEstimator estimator = new ProbeBitrateEstimator();
    private final PacketResults results = new PacketResults(256);
    private final ProbeClusterRequest request = new ProbeClusterRequest();

    @Test
    void shouldMeasureTheBottleneckRateOfASaturatingProbe()
    {
        estimator.register(request.set(7, 2_000_000, 5, 3750), 0);
        // 10 packets of 1000 bytes sent at 2 Mbit/s (4 ms apart) through a 1 Mbit/s bottleneck (8 ms apart).
        results.reset(200_000, 0);
        for (int i = 0; i < 10; i++)
        {
            results.add(i, i * 4_000L, 50_000 + i * 8_000L, 1000, PacketKind.PADDING, 7, false);
        }
        results.complete();
        final long result = estimator.onPacketResults(results);
        assertEquals(950_000, result, 1_000, "95% of the 1 Mbit/s receive rate");
        assertEquals(950_000, estimator.pollResultBps(), 1_000);
        assertEquals(ProbeBitrateEstimator.NO_RESULT, estimator.pollResultBps(), "taken once");
        assertEquals(2_000_000, estimator.lastResultTargetBps());
    }

    @Test
    void shouldReportTheSendRateWhenThePathCarriesIt()
    {
        estimator.register(request.set(3, 1_000_000, 5, 1875), 0);
        results.reset(100_000, 0);
        for (int i = 0; i < 6; i++)
        {
            results.add(i, i * 8_000L, 30_000 + i * 8_000L, 1000, PacketKind.VIDEO, 3, false);
        }
        results.complete();
        assertEquals(1_000_000, estimator.onPacketResults(results), 1_000);
    }

    @Test
    void shouldWaitForEnoughPacketsAndRejectImplausibleRatios()
    {
        estimator.register(request.set(1, 1_000_000, 10, 10_000), 0);
        results.reset(100_000, 0);
        for (int i = 0; i < 7; i++)
        {
            results.add(i, i * 8_000L, 30_000 + i * 8_000L, 1000, PacketKind.PADDING, 1, false);
        }
        results.complete();
        assertEquals(ProbeBitrateEstimator.NO_RESULT, estimator.onPacketResults(results), "7 of 10 packets");

        estimator.register(request.set(2, 1_000_000, 5, 1000), 0);
        results.reset(100_000, 0);
        for (int i = 0; i < 6; i++)
        {
            results.add(100 + i, i * 8_000L, 30_000 + i * 2_000L, 1000, PacketKind.PADDING, 2, false);
        }
        results.complete();
        assertEquals(ProbeBitrateEstimator.NO_RESULT, estimator.onPacketResults(results), "arrived 4x faster");

        results.reset(100_000, 0);
        results.add(200, 0, 30_000, 1000, PacketKind.PADDING, 99, false);
        results.complete();
        assertEquals(ProbeBitrateEstimator.NO_RESULT, estimator.onPacketResults(results), "unregistered cluster");
    }
}
