package io.classwire.core.lab;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacityTimelineTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldSerializeAtConstantRateRoundingUp()
    {
        final CapacityTimeline timeline = CapacityTimeline.constant(3_000_000);
        assertEquals(3_000_000, timeline.bpsAt(-5));
        assertEquals(3_333_334, timeline.finishNs(0, 10_000), "10 kbit at 3 Mbps is 3.333... ms, rounded up");
        assertEquals(3_000, timeline.bitsBetween(0, MS));
    }

    @Test
    void shouldLookUpSegmentsAroundChanges()
    {
        final CapacityTimeline timeline = CapacityTimeline.builder(1_000_000)
            .change(10 * MS, 2_000_000)
            .change(20 * MS, CapacityTimeline.UNLIMITED_BPS)
            .change(30 * MS, 500_000)
            .build();
        assertEquals(1_000_000, timeline.bpsAt(10 * MS - 1));
        assertEquals(2_000_000, timeline.bpsAt(10 * MS));
        assertEquals(CapacityTimeline.UNLIMITED_BPS, timeline.bpsAt(25 * MS));
        assertEquals(500_000, timeline.bpsAt(Long.MAX_VALUE));
        assertEquals(3, timeline.changeCount());
        assertEquals(20 * MS, timeline.changeAtNs(1));
        assertEquals(500_000, timeline.changeBps(2));
        // 5,000 bits before the change, 5,000 more at 2 Mbps in 2.5 ms.
        assertEquals(12_500_000, timeline.finishNs(5 * MS, 10_000));
        // Reaching the unlimited segment finishes instantly.
        assertEquals(20 * MS, timeline.finishNs(15 * MS, 1_000_000));
        assertEquals(10_000 + 20_000, timeline.bitsBetween(0, 20 * MS));
        assertEquals(Long.MAX_VALUE, timeline.bitsBetween(0, 25 * MS));
        assertFalse(timeline.isUnlimited());
        assertTrue(CapacityTimeline.unlimited().isUnlimited());
        assertEquals(7 * MS, CapacityTimeline.unlimited().finishNs(7 * MS, 123_456));
    }

    @Test
    void shouldHandleProductsBeyondLongRange()
    {
        final CapacityTimeline fast = CapacityTimeline.constant(40_000_000_000L);
        final long tenHoursNs = 36_000_000_000_000L;
        assertEquals(1_440_000_000_000_000L, fast.bitsBetween(0, tenHoursNs));
        assertEquals(Long.MAX_VALUE, CapacityTimeline.mulDiv(Long.MAX_VALUE, Long.MAX_VALUE, 1));
    }

    @Test
    void shouldValidateChanges()
    {
        assertThrows(IllegalArgumentException.class, () -> CapacityTimeline.builder(-1));
        assertThrows(IllegalArgumentException.class, () -> CapacityTimeline.builder(0).build(), "never leaves");
        assertThrows(IllegalArgumentException.class,
            () -> CapacityTimeline.builder(1).change(5, 2).change(5, 3), "times must increase");
        assertEquals(CapacityTimeline.constant(1_000_000).toString(), "1Mbps");
    }

    @Test
    void shouldMergeAndQueryBlackouts()
    {
        final Blackouts blackouts = Blackouts.of(50, 60, 10, 20, 15, 30);
        assertEquals(2, blackouts.count());
        assertEquals(10, blackouts.startNs(0));
        assertEquals(30, blackouts.endNs(0));
        assertFalse(blackouts.contains(9));
        assertTrue(blackouts.contains(10));
        assertTrue(blackouts.contains(29));
        assertFalse(blackouts.contains(30));
        assertTrue(blackouts.contains(55));
        assertFalse(blackouts.contains(60));
        assertFalse(Blackouts.NONE.contains(0));
        assertThrows(IllegalArgumentException.class, () -> Blackouts.of(5, 5));
        assertThrows(IllegalArgumentException.class, () -> Blackouts.of(1, 2, 3));

        final Blackouts periodic = Blackouts.periodic(100, 10, 50, 300);
        assertEquals(4, periodic.count(), "starts at 100, 150, 200, 250");
        assertTrue(periodic.contains(259));
        assertFalse(periodic.contains(260));
    }
}
