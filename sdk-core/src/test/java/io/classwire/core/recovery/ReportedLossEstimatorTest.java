package io.classwire.core.recovery;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender's loss estimate from cumulative report counters. */
class ReportedLossEstimatorTest
{
    @Test
    void shouldAccumulateReportsUntilASampleCoversEnoughPacketsThenSmooth()
    {
        final ReportedLossEstimator estimator = new ReportedLossEstimator(20, 0.5);
        assertFalse(estimator.onReport(0, 1_000), "the first report is the base");
        assertFalse(estimator.onReport(2, 1_010), "10 packets are not a sample yet");
        assertTrue(estimator.onReport(6, 1_020));
        assertEquals(0.3, estimator.lossRate(), 1e-12, "6 lost of 20 expected");
        assertTrue(estimator.onReport(6, 1_040));
        assertEquals(0.15, estimator.lossRate(), 1e-12, "half way to the clean sample");
        assertEquals(2, estimator.samples());
    }

    @Test
    void shouldRestartWhenTheReportedSequenceGoesBackwards()
    {
        final ReportedLossEstimator estimator = new ReportedLossEstimator(10, 1.0);
        estimator.onReport(0, 5_000);
        assertFalse(estimator.onReport(3, 100), "a restarted stream becomes the new base");
        assertTrue(estimator.onReport(8, 120));
        assertEquals(0.25, estimator.lossRate(), 1e-12);
    }

    @Test
    void shouldCarryReorderingCorrectionIntoTheNextSampleWhenCumulativeLossFalls()
    {
        final ReportedLossEstimator estimator = new ReportedLossEstimator(10, 1.0);
        estimator.onReport(0, 0);
        // two packets in flight behind a reordered one at the first report, arrived by the second
        assertTrue(estimator.onReport(2, 20));
        assertEquals(0.1, estimator.lossRate(), 1e-12);
        assertTrue(estimator.onReport(0, 40));
        assertEquals(0.0, estimator.lossRate(), 1e-12);
        // the -2 was carried, not clamped: it cancels the next two losses, so the counted total (2 of 60) is right
        assertTrue(estimator.onReport(2, 60));
        assertEquals(0.0, estimator.lossRate(), 1e-12);
        assertTrue(estimator.onReport(4, 80));
        assertEquals(0.1, estimator.lossRate(), 1e-12, "the correction is used up");
    }
}
