package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ApplicationLimitedDetectorTest
{
    private static final long MS = 1_000;

    private final ApplicationLimitedDetector detector = new ApplicationLimitedDetector(30_000);
    private long nowUs;

    @Test
    void shouldEnterAndLeaveWithHysteresis()
    {
        send(1_000_000, 2_000 * MS, 1_000_000);
        assertFalse(detector.isApplicationLimited(), "sending at the target");
        assertEquals(Long.MAX_VALUE, detector.increaseCapBps());

        send(700_000, 1_000 * MS, 1_000_000);
        assertFalse(detector.isApplicationLimited(), "70% is above the 65% entry");
        send(500_000, 1_000 * MS, 1_000_000);
        assertTrue(detector.isApplicationLimited(), "50% is below it");
        assertEquals(1_000_000, detector.increaseCapBps(), 40_000, "twice the send rate");

        send(750_000, 1_000 * MS, 1_000_000);
        assertTrue(detector.isApplicationLimited(), "75% is not above the 80% exit");
        send(900_000, 1_000 * MS, 1_000_000);
        assertFalse(detector.isApplicationLimited());
    }

    @Test
    void shouldIgnorePaddingAndReportAResumeAfterAPause()
    {
        send(1_000_000, 1_000 * MS, 1_000_000);
        for (int i = 0; i < 40; i++)
        {
            nowUs += 25 * MS;
            detector.onPacketSent(1200, PacketKind.PADDING, nowUs);
            detector.update(1_000_000, nowUs);
        }
        assertTrue(detector.isPaused(), "padding alone is a pause");
        assertTrue(detector.isApplicationLimited());
        assertEquals(30_000, detector.increaseCapBps(), "the floor while silent");
        assertFalse(detector.pollResumed());
        send(1_000_000, 100 * MS, 1_000_000);
        assertTrue(detector.pollResumed(), "media after a pause");
        assertFalse(detector.pollResumed(), "reported once");
        assertFalse(detector.isPaused());
        assertEquals(1, detector.pauses());
    }

    @Test
    void shouldNotLetTheEstimateInflateWhileApplicationLimited()
    {
        // A sender using 200 kbit/s of a 300 kbit/s estimate on a fast path gets "normal" feedback for 30 s.
        final AimdRateControl aimd = new AimdRateControl(300_000, 30_000, 10_000_000, 0.85, 1.08, 0.95);
        long maxEstimate = 0;
        for (int i = 0; i < 1_200; i++)
        {
            send(200_000, 25 * MS, aimd.estimateBps());
            aimd.setIncreaseCap(detector.increaseCapBps());
            maxEstimate = Math.max(maxEstimate, aimd.update(BandwidthUsage.NORMAL, 10_000_000, nowUs));
        }
        assertTrue(detector.isApplicationLimited());
        assertTrue(maxEstimate <= 410_000, "estimate grew to " + maxEstimate + " while sending 200 kbit/s");

        // A pause does not lower it either.
        for (int i = 0; i < 200; i++)
        {
            nowUs += 25 * MS;
            detector.update(aimd.estimateBps(), nowUs);
            aimd.setIncreaseCap(detector.increaseCapBps());
            aimd.update(BandwidthUsage.NORMAL, 10_000_000, nowUs);
        }
        assertEquals(maxEstimate, aimd.estimateBps(), 1, "held through a 5 s pause");
    }

    private void send(final long rateBps, final long durationUs, final long targetBps)
    {
        final int packetBytes = 1000;
        final long gapUs = packetBytes * 8_000_000L / rateBps;
        final long endUs = nowUs + durationUs;
        while (nowUs < endUs)
        {
            detector.onPacketSent(packetBytes, PacketKind.VIDEO, nowUs);
            nowUs += gapUs;
            detector.update(targetBps, nowUs);
        }
    }
}
