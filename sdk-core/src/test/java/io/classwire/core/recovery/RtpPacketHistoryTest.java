package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sender's packet history: exact bytes back, and the count, byte and age bounds. */
class RtpPacketHistoryTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldReturnExactBytesOfEveryHeldPacketAndKeepTheNewestUnderAllBounds()
    {
        final long seed = 0x4157_0001L;
        final SplittableRandom random = new SplittableRandom(seed);
        final RtpPacketHistory history = new RtpPacketHistory(64, 8_000, 10_000 * MS);
        final List<byte[]> sent = new ArrayList<>();
        int seq = 65_400;
        for (int i = 0; i < 2_000; i++)
        {
            seq = (seq + (random.nextInt(10) == 0 ? 2 : 1)) & 0xFFFF;
            final byte[] packet = TestPackets.random(random, seq, i * 960, 7, random.nextInt(10) == 0 ? 1100 : 200);
            assertEquals(WireStatus.OK, history.store(new UnsafeBuffer(packet), 0, packet.length, i * 20 * MS));
            sent.add(packet);
            assertTrue(history.size() <= 64, "count bound");
            checkHeld(history, sent, i * 20 * MS, "seed=" + seed + " i=" + i);
        }
        assertTrue(history.evictedForBytes() > 0 && history.evictedForCount() > 0,
            "both bounds were exercised: " + history.evictedForBytes() + " / " + history.evictedForCount());
    }

    // The held packets are exactly the newest ones, their bytes fit the slab, and each is found with its bytes.
    private static void checkHeld(
        final RtpPacketHistory history, final List<byte[]> sent, final long nowNs, final String context)
    {
        final RtpPacket view = new RtpPacket();
        int bytes = 0;
        for (int back = 0; back < sent.size(); back++)
        {
            final byte[] packet = sent.get(sent.size() - 1 - back);
            final int handle = history.find(TestPackets.seqOf(packet), nowNs);
            if (back < history.size())
            {
                assertTrue(handle >= 0, context + " back=" + back);
                history.wrap(handle, view);
                final byte[] held = new byte[view.length()];
                view.buffer().getBytes(view.offset(), held);
                assertArrayEquals(packet, held, context);
                bytes += packet.length;
            }
            else
            {
                assertEquals(RtpPacketHistory.NOT_FOUND, handle, context + " evicted back=" + back);
                if (back > history.size() + 3)
                {
                    break;
                }
            }
        }
        assertTrue(bytes <= history.maxBytes(), context);
    }

    @Test
    void shouldForgetPacketsOlderThanTheAgeBound()
    {
        final RtpPacketHistory history = new RtpPacketHistory(100, 100_000, 1_000 * MS);
        final SplittableRandom random = new SplittableRandom(2);
        for (int i = 0; i < 10; i++)
        {
            final byte[] packet = TestPackets.random(random, i, 0, 1, 50);
            history.store(new UnsafeBuffer(packet), 0, packet.length, i * 100 * MS);
        }
        assertTrue(history.find(0, 1_000 * MS) >= 0, "exactly 1 s old is still held");
        assertEquals(RtpPacketHistory.NOT_FOUND, history.find(0, 1_001 * MS));
        assertEquals(RtpPacketHistory.NOT_FOUND, history.find(4, 1_500 * MS));
        assertTrue(history.find(5, 1_500 * MS) >= 0);
        assertEquals(5, history.evictedForAge());
    }

    @Test
    void shouldRefuseOutOfOrderAndOversizedPackets()
    {
        final RtpPacketHistory history = new RtpPacketHistory(10, 500, 1_000 * MS);
        final SplittableRandom random = new SplittableRandom(3);
        final byte[] first = TestPackets.random(random, 10, 0, 1, 50);
        final byte[] older = TestPackets.random(random, 9, 0, 1, 50);
        final byte[] big = Arrays.copyOf(TestPackets.random(random, 11, 0, 1, 50), 600);
        assertEquals(WireStatus.OK, history.store(new UnsafeBuffer(first), 0, first.length, 0));
        assertEquals(WireStatus.BAD_VALUE, history.store(new UnsafeBuffer(first), 0, first.length, 0));
        assertEquals(WireStatus.BAD_VALUE, history.store(new UnsafeBuffer(older), 0, older.length, 0));
        assertEquals(WireStatus.OVERSIZED, history.store(new UnsafeBuffer(big), 0, big.length, 0));
        assertEquals(3, history.refused());
        assertEquals(RtpPacketHistory.NOT_FOUND, history.find(11, 0));
    }
}
