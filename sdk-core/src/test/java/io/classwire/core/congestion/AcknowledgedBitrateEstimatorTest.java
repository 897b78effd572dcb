package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcknowledgedBitrateEstimatorTest
{
    private final AcknowledgedBitrateEstimator estimator = new AcknowledgedBitrateEstimator();
    private long arrivalUs;

    @Test
    void shouldConvergeToAConstantRate()
    {
        assertEquals(AcknowledgedBitrateEstimator.NO_ESTIMATE, estimator.bitrateBps());
        feed(1_000_000, 1250, 5_000_000);
        assertEquals(1_000_000, estimator.bitrateBps(), 20_000, "within 2% after 5 s");
        assertEquals(1_000_000, estimator.recentDeliveryRateBps(), 20_000);
    }

    @Test
    void shouldFollowAStepWithinAFewSeconds()
    {
        feed(2_000_000, 1200, 5_000_000);
        feed(500_000, 1200, 3_000_000);
        assertEquals(500_000, estimator.bitrateBps(), 50_000, "within 10% three seconds after a 4x drop");
        assertEquals(500_000, estimator.recentDeliveryRateBps(), 25_000, "the recent rate knows at once");
    }

    @Test
    void shouldNotDropToZeroOverAPause()
    {
        feed(1_000_000, 1250, 3_000_000);
        arrivalUs += 5_000_000;
        feed(1_000_000, 1250, 300_000);
        assertTrue(estimator.bitrateBps() > 800_000, "after a 5 s gap: " + estimator.bitrateBps());
    }

    @Test
    void shouldDistrustLowSamplesWhileApplicationLimited()
    {
        feed(1_000_000, 1250, 3_000_000);
        final AcknowledgedBitrateEstimator limited = new AcknowledgedBitrateEstimator();
        final long start = arrivalUs;
        arrivalUs = 0;
        feedInto(limited, 1_000_000, 1250, 3_000_000, false);
        feedInto(limited, 300_000, 1250, 1_000_000, true);
        arrivalUs = start;
        feed(300_000, 1250, 1_000_000);
        assertTrue(limited.bitrateBps() > estimator.bitrateBps(),
            "limited " + limited.bitrateBps() + " vs plain " + estimator.bitrateBps());
    }

    private void feed(final long rateBps, final int packetBytes, final long durationUs)
    {
        feedInto(estimator, rateBps, packetBytes, durationUs, false);
    }

    private void feedInto(final AcknowledgedBitrateEstimator target, final long rateBps, final int packetBytes,
        final long durationUs, final boolean limited)
    {
        final long gapUs = packetBytes * 8_000_000L / rateBps;
        final long endUs = arrivalUs + durationUs;
        while (arrivalUs < endUs)
        {
            target.onAcked(arrivalUs, packetBytes, limited);
            arrivalUs += gapUs;
        }
    }
}
