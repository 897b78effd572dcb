package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InterArrivalGrouperTest
{
    private final InterArrivalGrouper grouper = new InterArrivalGrouper();

    @Test
    void shouldGroupPacketsSentWithinFiveMilliseconds()
    {
        // Bursts of 3 packets 1 ms apart every 20 ms; the path adds 2 ms of spreading per burst.
        int completed = 0;
        for (int burst = 0; burst < 5; burst++)
        {
            for (int i = 0; i < 3; i++)
            {
                final long sendUs = burst * 20_000L + i * 1_000L;
                final boolean computed = grouper.onPacket(sendUs, 100_000 + sendUs + i * 1_000L, 0, 1000);
                if (computed)
                {
                    completed++;
                    assertEquals(0, i, "a group completes when the next one starts");
                    assertEquals(20_000, grouper.sendDeltaUs(), "last send time to last send time");
                    assertEquals(20_000, grouper.arrivalDeltaUs(), "last arrival to last arrival");
                    assertEquals(0, grouper.sizeDeltaBytes());
                }
            }
        }
        assertEquals(3, completed, "groups 0..3 complete; the first pair has no predecessor; group 4 is open");
    }

    @Test
    void shouldMergeABurstThatArrivesTogetherAfterAnOutage()
    {
        grouper.onPacket(0, 50_000, 0, 1000);
        assertFalse(grouper.onPacket(10_000, 60_000, 0, 1000), "second group starts; no previous group yet");
        // An outage holds the next packets; they then arrive back to back, 1 ms apart, though sent 10 ms apart.
        assertTrue(grouper.onPacket(20_000, 200_000, 0, 1000), "third group starts: delta of groups 1 and 2");
        assertFalse(grouper.onPacket(30_000, 201_000, 0, 1000), "arrives within 5 ms, negative delay change: burst");
        assertFalse(grouper.onPacket(40_000, 202_000, 0, 1000), "burst");
        assertTrue(grouper.onPacket(50_000, 260_000, 0, 1000), "58 ms later: a new group");
        assertEquals(30_000, grouper.sendDeltaUs(), "the burst spans sends 20..40 ms against the group at 10 ms");
        assertEquals(142_000, grouper.arrivalDeltaUs());
        assertEquals(2000, grouper.sizeDeltaBytes());
    }

    @Test
    void shouldIgnoreReorderedPacketsAndResetAfterRepeatedNegativeDeltas()
    {
        grouper.onPacket(10_000, 100_000, 0, 1000);
        grouper.onPacket(20_000, 110_000, 0, 1000);
        assertFalse(grouper.onPacket(5_000, 111_000, 0, 1000), "sent before the current group: ignored");
        assertTrue(grouper.onPacket(30_000, 120_000, 0, 1000));
        final long resetsBefore = grouper.resets();
        // Arrival clock jumps back: three groups in a row arrive "before" their predecessors.
        grouper.onPacket(40_000, 50_000, 0, 1000);
        grouper.onPacket(50_000, 60_000, 0, 1000);
        grouper.onPacket(60_000, 70_000, 0, 1000);
        grouper.onPacket(70_000, 80_000, 0, 1000);
        assertTrue(grouper.resets() > resetsBefore, "reset after consecutive reordered groups");
    }

    @Test
    void shouldResetWhenTheRemoteClockJumps()
    {
        grouper.onPacket(0, 100_000, 1_000_000, 1000);
        grouper.onPacket(10_000, 110_000, 1_000_000, 1000);
        assertTrue(grouper.onPacket(20_000, 5_110_000, 1_000_000, 1000), "deltas of the first two groups");
        assertFalse(grouper.onPacket(30_000, 5_120_000, 1_000_000, 1000), "5 s of arrival in 0 s of feedback time");
        assertEquals(1, grouper.resets());
    }
}
