package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProbeControllerTest
{
    private static final long MS = 1_000;

    private final ProbeController controller = new ProbeController(10_000_000, 5_000 * MS, 1.0, 3_000 * MS);
    private final ProbeClusterRequest request = new ProbeClusterRequest();

    @Test
    void shouldProbeExponentiallyFromTheStartRate()
    {
        controller.start(300_000, 0);
        assertTrue(controller.poll(request));
        assertEquals(900_000, request.bitrateBps());
        assertEquals(5, request.minPackets());
        assertEquals(900_000 * 15 / 8_000, request.minBytes(), "15 ms at the probe rate");
        final int firstId = request.clusterId();
        assertTrue(controller.poll(request));
        assertEquals(1_800_000, request.bitrateBps());
        assertTrue(request.clusterId() != firstId);
        assertFalse(controller.poll(request));

        controller.onEstimate(1_700_000, 300 * MS);
        assertTrue(controller.poll(request), "reached 70% of 1.8 Mbit/s: probe further");
        assertEquals(3_400_000, request.bitrateBps());
        controller.onEstimate(2_000_000, 600 * MS);
        assertFalse(controller.poll(request), "2 Mbit/s is under 70% of 3.4: the path is found");
    }

    @Test
    void shouldProbeToRecoverFromALargeDrop()
    {
        settle(2_000_000);
        controller.onEstimate(1_000_000, 10_000 * MS);
        controller.process(10_100 * MS, false, false, true);
        assertTrue(controller.poll(request));
        assertEquals(1_700_000, request.bitrateBps(), "85% of the estimate before the drop");
        controller.process(12_000 * MS, false, false, true);
        assertFalse(controller.poll(request), "at most once per 5 s");
    }

    @Test
    void shouldConfirmTheEstimateWhileApplicationLimitedAndAfterAPause()
    {
        settle(1_500_000);
        controller.process(20_000 * MS, true, false, true);
        assertTrue(controller.poll(request));
        assertEquals(1_500_000, request.bitrateBps(), "confirmation at the estimate");
        controller.process(22_000 * MS, true, false, true);
        assertFalse(controller.poll(request), "every 5 s");
        controller.process(22_100 * MS, false, true, true);
        assertTrue(controller.poll(request), "resume after a pause");
        assertEquals(1_500_000, request.bitrateBps());
    }

    @Test
    void shouldProbeToRampUpWhenNothingLimitsTheEstimate()
    {
        settle(1_000_000);
        controller.process(10_000 * MS, false, false, false);
        controller.process(12_000 * MS, false, false, false);
        assertFalse(controller.poll(request), "not yet 3 s unlimited");
        controller.process(13_100 * MS, false, false, false);
        assertTrue(controller.poll(request));
        assertEquals(2_000_000, request.bitrateBps());
    }

    @Test
    void shouldProbeAtOnceWhenTheAcknowledgedRateOutgrowsTheCongestionPoint()
    {
        settle(1_000_000);
        controller.process(10_500 * MS, false, false, true);
        assertFalse(controller.poll(request), "limited by congestion, no ramp-up");
        controller.onCapacityOutgrown(10_600 * MS);
        controller.process(10_600 * MS, false, false, false);
        assertTrue(controller.poll(request), "probe without waiting for the 3 s quiet time");
        assertEquals(2_000_000, request.bitrateBps());
        controller.process(12_000 * MS, false, false, true);
        assertFalse(controller.poll(request), "one probe per outgrowing");
    }

    @Test
    void shouldNotProbeWhileSuspendedAndProbeTheGivenRateOnResume()
    {
        settle(1_000_000);
        controller.setSuspended(true);
        assertFalse(controller.probeAt(900_000, 10_100 * MS), "suspended");
        controller.onEstimate(100_000, 10_200 * MS);
        controller.process(20_000 * MS, false, true, false);
        assertFalse(controller.poll(request), "no probe of any kind while suspended");
        controller.setSuspended(false);
        assertTrue(controller.probeAt(900_000, 20_100 * MS));
        assertTrue(controller.poll(request));
        assertEquals(900_000, request.bitrateBps());
    }

    private void settle(final long estimateBps)
    {
        controller.start(300_000, 0);
        while (controller.poll(request))
        {
            // Drain the initial probes.
        }
        controller.onEstimate(estimateBps, 500 * MS);
        while (controller.poll(request))
        {
            // Further probes, if any.
        }
        controller.onEstimate(estimateBps, 600 * MS);
        controller.process(2_000 * MS, false, false, true);
        while (controller.poll(request))
        {
            // Nothing expected.
        }
        controller.process(10_000 * MS, false, false, true);
        while (controller.poll(request))
        {
            // Nothing expected.
        }
    }
}
