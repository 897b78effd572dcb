package io.classwire.core.probe;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Receive-side train arithmetic on trains computed by hand: a fluid bottleneck of known capacity, no simulator. */
class TrainReceiverTest
{
    private static final int SIZE = 1000;

    @Test
    void shouldSeeSentRateAndNoGrowthBelowCapacity()
    {
        final TrainReceiver receiver = feed(40, 4_000_000, 8_000_000, 0);
        assertEquals(4_000_000, receiver.receivedRateBps(), 1_000);
        assertEquals(4_000_000, receiver.dispersionRateBps(), 1_000);
        assertEquals(4_000_000, receiver.sentRateBps(), 1_000);
        assertEquals(0, receiver.delayGrowthNs());
        assertTrue(receiver.isComplete());
    }

    @Test
    void shouldSeeCapacityAndLinearGrowthAboveIt()
    {
        // 40 packets of 8000 bits sent every 1 ms (8 Mbps) through 4 Mbps: each waits 1 ms more than the one before.
        final TrainReceiver receiver = feed(40, 8_000_000, 4_000_000, 0);
        assertEquals(4_000_000, receiver.receivedRateBps(), 1_000);
        assertEquals(4_000_000, receiver.dispersionRateBps(), 1_000);
        assertEquals(39_000_000L, receiver.delayGrowthNs(), 10_000);
    }

    @Test
    void shouldIgnoreAnInitialDelayRiseThatLevelsOff()
    {
        // Below capacity, but the first packets arrive up to 10 ms earlier than the rest, as on an in-order link
        // whose stalls only catch packets that queue behind one another.
        final TrainReceiver receiver = new TrainReceiver(100);
        receiver.begin(1, 40);
        for (int i = 0; i < 40; i++)
        {
            final long sendNs = i * 2_000_000L;
            final long extraNs = i < 10 ? i * 1_000_000L : 10_000_000L;
            receiver.onPacket(i, SIZE, sendNs, sendNs + 30_000_000L + extraNs);
        }
        assertEquals(0, receiver.delayGrowthNs(), "quarters two and four see the same floor");
        assertEquals(4_000_000, receiver.receivedRateBps(), 1_000);
        assertTrue(receiver.dispersionRateBps() < 3_700_000, "first-to-last dispersion is fooled");
    }

    @Test
    void shouldIgnoreDuplicatesAndForeignIndexes()
    {
        final TrainReceiver receiver = new TrainReceiver(10);
        receiver.begin(7, 4);
        assertTrue(receiver.onPacket(0, SIZE, 0, 10));
        assertFalse(receiver.onPacket(0, SIZE, 0, 11));
        assertFalse(receiver.onPacket(4, SIZE, 0, 12));
        assertFalse(receiver.onPacket(-1, SIZE, 0, 12));
        assertEquals(1, receiver.received());
        assertEquals(SIZE, receiver.bytes());
        assertEquals(0, receiver.receivedRateBps(), "one packet has no rate");
        receiver.end();
        assertFalse(receiver.onPacket(1, SIZE, 0, 13), "an ended train takes nothing");
    }

    /** A train of {@code count} packets at {@code sentBps} through a fluid bottleneck of {@code capacityBps}. */
    private static TrainReceiver feed(final int count, final long sentBps, final long capacityBps, final long baseNs)
    {
        final TrainReceiver receiver = new TrainReceiver(1000);
        receiver.begin(1, count);
        final long sendIntervalNs = SIZE * 8L * 1_000_000_000L / sentBps;
        final long serviceNs = SIZE * 8L * 1_000_000_000L / capacityBps;
        long departNs = 0;
        for (int i = 0; i < count; i++)
        {
            final long sendNs = i * sendIntervalNs;
            departNs = Math.max(departNs, sendNs) + serviceNs;
            receiver.onPacket(i, SIZE, sendNs, baseNs + departNs + 20_000_000L);
        }
        return receiver;
    }
}
