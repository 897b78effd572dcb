package io.classwire.samples.lab;

import io.classwire.core.lab.NetworkProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabRunTest
{
    @Test
    void shouldDeliverEverythingOnLanWithSubMillisecondDelay()
    {
        final LabRun run = new LabRun(NetworkProfile.LAN, 1, 160);
        run.runVirtual(10, second -> { });
        assertEquals(500, run.uplinkSent());
        assertEquals(500, run.uplink().received());
        assertEquals(500, run.downlink().received());
        assertEquals(0, run.uplink().duplicates());
        assertTrue(run.uplink().delayMs(99) < 1.0, "p99 " + run.uplink().delayMs(99));
    }

    @Test
    void shouldMeasureLossCloseToTheProfileAndAgreeWithRtcp()
    {
        final LabRun run = new LabRun(NetworkProfile.byName("lossy-30"), 7, 160);
        run.runVirtual(60, second -> { });
        final long sent = run.uplinkSent();
        final double lossRate = 1.0 - (double)run.uplink().received() / sent;
        // 3000 packets at 30% mean loss in bursts of 2: the standard error is about 1.2 points.
        assertEquals(0.30, lossRate, 0.05, "measured uplink loss");
        final long reported = run.aliceSession().sendStream(0).remoteCumulativeLost();
        assertEquals(sent - run.uplink().received(), reported, sent * 0.02,
            "bob's receiver reports agree with the meter (the last RR may predate the last losses)");
        final double rttMs = run.aliceSession().sendStream(0).smoothedRttNs() / 1e6;
        assertTrue(rttMs > 45 && rttMs < 70, "RTT " + rttMs + " ms on a 2 x 25 ms path");
    }

    @Test
    void shouldGiveIdenticalResultsForTheSameSeed()
    {
        final LabRun first = new LabRun(NetworkProfile.byName("subway"), 42, 160);
        first.runVirtual(30, second -> { });
        final LabRun second = new LabRun(NetworkProfile.byName("subway"), 42, 160);
        second.runVirtual(30, s -> { });
        assertEquals(first.uplink().received(), second.uplink().received());
        assertEquals(first.downlink().received(), second.downlink().received());
        assertEquals(first.uplink().delayMs(95), second.uplink().delayMs(95));
        final LabRun other = new LabRun(NetworkProfile.byName("subway"), 43, 160);
        other.runVirtual(30, s -> { });
        assertTrue(other.uplink().received() != first.uplink().received() ||
            other.uplink().delayMs(95) != first.uplink().delayMs(95), "a different seed gives a different run");
    }

    @Test
    void shouldRunOverRealSocketsThroughTheProxy() throws Exception
    {
        final LabRun run = new LabRun(NetworkProfile.LAN, 3, 160);
        run.runReal(2, second -> { });
        assertEquals(100, run.uplinkSent(), 5);
        // Loopback through the proxy on a busy machine may lose a datagram to a full socket buffer, never many.
        assertTrue(run.uplink().received() >= run.uplinkSent() - 5, "received " + run.uplink().received());
        assertTrue(run.downlink().received() >= run.downlinkSent() - 5, "received " + run.downlink().received());
        assertEquals(0, run.uplink().duplicates());
    }
}
