package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.BitSet;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtcpVectors.LIBWEBRTC_NACK;
import static io.classwire.core.wire.RtcpVectors.LIBWEBRTC_NACK_WRAP;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static io.classwire.core.wire.RtcpVectors.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class NackPacketTest
{
    private static final int SENDER_SSRC = 0x12345678;
    private static final int MEDIA_SSRC = 0x23456789;
    private static final int[] LIST = { 0, 1, 3, 8, 16 };
    private static final int[] WRAP_LIST = { 0xffdc, 0xffec, 0xfffe, 0xffff, 0x0000, 0x0001, 0x0003, 0x0014, 0x0064 };

    private final NackPacket nack = new NackPacket();
    private final SeqCollector collector = new SeqCollector();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[8192]);

    @Test
    void shouldBuildLibwebrtcVectorsByteExact()
    {
        int length = NackPacket.build(out, 0, 1500, SENDER_SSRC, MEDIA_SSRC, LIST.clone(), LIST.length, 100);
        assertArrayEquals(LIBWEBRTC_NACK, copy(out, 0, length));

        length = NackPacket.build(out, 0, 1500, SENDER_SSRC, MEDIA_SSRC, WRAP_LIST.clone(), WRAP_LIST.length, 100);
        assertArrayEquals(LIBWEBRTC_NACK_WRAP, copy(out, 0, length));

        final int[] shuffled = { 3, 0xffff, 0x64, 0xffdc, 3, 0, 0xfffe, 0x14, 0xffec, 1, 0xffdc };
        length = NackPacket.build(out, 0, 1500, SENDER_SSRC, MEDIA_SSRC, shuffled, shuffled.length, 100);
        assertArrayEquals(LIBWEBRTC_NACK_WRAP, copy(out, 0, length), "unsorted with duplicates");
        final int[] transmissionOrder = { 0xffdc, 0xffdc, 0xffec, 0xfffe, 0xffff, 0, 1, 3, 3, 0x14, 0x64 };
        assertArrayEquals(transmissionOrder, shuffled, "sorted in place, oldest first across the wrap");
    }

    @Test
    void shouldParseLibwebrtcVectors()
    {
        assertEquals(WireStatus.OK, nack.wrap(buffer(LIBWEBRTC_NACK), 0, LIBWEBRTC_NACK.length).validate());
        assertEquals(SENDER_SSRC, nack.senderSsrc());
        assertEquals(MEDIA_SSRC, nack.mediaSsrc());
        assertEquals(1, nack.itemCount());
        assertEquals(0, nack.pid(0));
        assertEquals(0x8085, nack.blp(0));
        assertArrayEquals(LIST, collect());

        assertEquals(WireStatus.OK, nack.wrap(buffer(LIBWEBRTC_NACK_WRAP), 0, LIBWEBRTC_NACK_WRAP.length).validate());
        assertEquals(4, nack.itemCount());
        assertEquals(0xfffe, nack.pid(1));
        assertEquals(0x0017, nack.blp(1));
        assertArrayEquals(WRAP_LIST, collect());
        assertEquals(WRAP_LIST.length, nack.lostCount());
    }

    @Test
    void shouldRejectNackWithoutItemsOrWithWrongFormat()
    {
        // libwebrtc rtcp_packet/nack_unittest.cc kTooSmallPacket: feedback header, no FCI.
        final byte[] noItems = bytes(0x81, 205, 0, 2, 0x12, 0x34, 0x56, 0x78, 0x23, 0x45, 0x67, 0x89);
        assertEquals(WireStatus.BAD_LENGTH, nack.wrap(buffer(noItems), 0, noItems.length).validate());

        final byte[] twcc = LIBWEBRTC_NACK.clone();
        twcc[0] = (byte)0x8F;
        assertEquals(WireStatus.BAD_TYPE, nack.wrap(buffer(twcc), 0, twcc.length).validate());

        final byte[] headerOnly = bytes(0x81, 205, 0, 1, 0, 0, 0, 1);
        assertEquals(WireStatus.TRUNCATED, nack.wrap(buffer(headerOnly), 0, headerOnly.length).validate());
    }

    @Test
    void shouldPackUnorderedListIntoFewestItems()
    {
        // libwebrtc nack_unittest.cc BadOrder list; sorted, {1, 9, 12, 13} share an item and {25, 27, 29} another.
        final int[] unordered = { 1, 25, 13, 12, 9, 27, 29 };
        final int length = NackPacket.build(out, 0, 1500, SENDER_SSRC, MEDIA_SSRC, unordered, 7, 100);
        assertEquals(12 + 2 * 4, length);
        assertEquals(WireStatus.OK, nack.wrap(out, 0, length).validate());
        assertArrayEquals(new int[]{ 1, 9, 12, 13, 25, 27, 29 }, collect());
    }

    @Test
    void shouldStopAtCapacityAndReportCoveredPrefix()
    {
        // libwebrtc nack_unittest.cc CreateFragmented: room for 3 items, so {1, 100, 200} then {300, 400}.
        final int[] lost = { 1, 100, 200, 300, 400 };
        final int length = NackPacket.build(out, 0, 12 + 3 * 4, SENDER_SSRC, MEDIA_SSRC, lost, lost.length, 100);
        assertEquals(24, length);
        final int covered = NackPacket.coveredCount(lost, lost.length, (length - 12) / 4);
        assertEquals(3, covered);

        System.arraycopy(lost, covered, lost, 0, lost.length - covered);
        final int rest = NackPacket.build(out, 0, 1500, SENDER_SSRC, MEDIA_SSRC, lost, lost.length - covered, 100);
        assertEquals(WireStatus.OK, nack.wrap(out, 0, rest).validate());
        assertArrayEquals(new int[]{ 300, 400 }, collect());

        assertEquals(12 + 4, NackPacket.build(out, 0, 1500, SENDER_SSRC, MEDIA_SSRC, new int[]{ 1, 2000 }, 2, 1));
        assertEquals(
            WireStatus.TRUNCATED, NackPacket.build(out, 0, 15, SENDER_SSRC, MEDIA_SSRC, new int[]{ 1 }, 1, 1));
    }

    @Test
    void shouldRejectBadArgumentsWithoutTouchingInput()
    {
        final int[] lost = { 5, 3, 65536 };
        assertEquals(WireStatus.BAD_VALUE, NackPacket.build(out, 0, 1500, 1, 2, lost, 3, 10));
        assertArrayEquals(new int[]{ 5, 3, 65536 }, lost);
        assertEquals(WireStatus.BAD_VALUE, NackPacket.build(out, 0, 1500, 1, 2, new int[]{ -1 }, 1, 10));
        assertEquals(WireStatus.BAD_COUNT, NackPacket.build(out, 0, 1500, 1, 2, lost, 0, 10));
        assertEquals(WireStatus.BAD_COUNT, NackPacket.build(out, 0, 1500, 1, 2, lost, 4, 10));
        assertEquals(WireStatus.BAD_COUNT, NackPacket.build(out, 0, 1500, 1, 2, lost, 2, 0));
    }

    @Test
    void shouldRoundTripRandomLossSetsWithMinimumItems()
    {
        final long seed = 0x5EED_0005L;
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] lost = new int[1200];
        for (int iteration = 0; iteration < 4_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int count = randomLossSet(random, lost);
            final BitSet expected = toSet(lost, count);
            final int length = NackPacket.build(out, 0, out.capacity(), 7, 9, lost, count, NackPacket.MAX_ITEMS);
            assertTrue(length > 12, context);
            assertSameSet(expected, toSet(lost, count), context + " build keeps the values");

            assertEquals(WireStatus.OK, nack.wrap(out, 0, length).validate(), context);
            assertSameSet(expected, toSet(collect(), collector.count), context);
            assertEquals(collector.count, nack.lostCount(), context);
            assertEquals(count, NackPacket.coveredCount(lost, count, nack.itemCount()), context);
            assertPidsPairwiseApart(context);
        }
    }

    @Test
    void shouldCoverExactlyThePrefixWhenItemsAreCapped()
    {
        final long seed = 0x5EED_0006L;
        final SplittableRandom random = new SplittableRandom(seed);
        final int[] lost = new int[1200];
        for (int iteration = 0; iteration < 4_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int count = randomLossSet(random, lost);
            final int maxItems = 1 + random.nextInt(8);
            final int length = NackPacket.build(out, 0, 1500, 7, 9, lost, count, maxItems);
            assertEquals(WireStatus.OK, nack.wrap(out, 0, length).validate(), context);
            final int covered = NackPacket.coveredCount(lost, count, nack.itemCount());
            assertSameSet(toSet(lost, covered), toSet(collect(), collector.count), context);
            assertTrue(nack.itemCount() <= maxItems, context);
            assertPidsPairwiseApart(context);
            if (covered < count)
            {
                assertEquals(maxItems, nack.itemCount(), context);
                assertTrue(!toSet(collect(), collector.count).get(lost[covered]), context + " next entry not sent");
            }
        }
    }

    // Each PID is a lost number and no item can cover two PIDs that are 17 or more apart both ways round the circle,
    // so any packing needs at least as many items as there are PIDs: the packing is minimal. Sorted around the
    // circle, the closest pair of points is always a pair of neighbours (or the last and the first).
    private void assertPidsPairwiseApart(final String context)
    {
        final int items = nack.itemCount();
        final int[] pids = new int[items];
        for (int i = 0; i < items; i++)
        {
            pids[i] = nack.pid(i);
        }
        Arrays.sort(pids);
        for (int i = 1; i < items; i++)
        {
            if (pids[i] - pids[i - 1] < NackPacket.ITEM_SPAN)
            {
                fail(context + " items with PIDs " + pids[i - 1] + " and " + pids[i] + " could merge");
            }
        }
        if (items > 1 && pids[0] + SeqNum.MODULUS - pids[items - 1] < NackPacket.ITEM_SPAN)
        {
            fail(context + " items with PIDs " + pids[items - 1] + " and " + pids[0] + " could merge across the wrap");
        }
    }

    private static int randomLossSet(final SplittableRandom random, final int[] lost)
    {
        final int base = random.nextBoolean() ? SeqNum.MODULUS - random.nextInt(64) : random.nextInt(SeqNum.MODULUS);
        final int[] spans = { 17, 64, 500, 5_000, 32_000 };
        final int span = 1 + random.nextInt(spans[random.nextInt(spans.length)]);
        final int count = 1 + random.nextInt(Math.min(span, lost.length - 1));
        for (int i = 0; i < count; i++)
        {
            final boolean duplicate = i > 0 && random.nextInt(8) == 0;
            lost[i] = duplicate ? lost[random.nextInt(i)] : (base + random.nextInt(span)) & SeqNum.MASK;
        }
        for (int i = count - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int swap = lost[i];
            lost[i] = lost[j];
            lost[j] = swap;
        }
        return count;
    }

    private static void assertSameSet(final BitSet expected, final BitSet actual, final String context)
    {
        final BitSet missing = (BitSet)expected.clone();
        missing.andNot(actual);
        final BitSet extra = (BitSet)actual.clone();
        extra.andNot(expected);
        if (!missing.isEmpty() || !extra.isEmpty())
        {
            fail(context + " missing " + missing + " extra " + extra);
        }
    }

    private static BitSet toSet(final int[] values, final int count)
    {
        final BitSet set = new BitSet(SeqNum.MODULUS);
        for (int i = 0; i < count; i++)
        {
            set.set(values[i]);
        }
        return set;
    }

    private int[] collect()
    {
        collector.count = 0;
        final int reported = nack.forEachLost(collector);
        assertEquals(collector.count, reported);
        return Arrays.copyOf(collector.seqs, collector.count);
    }

    private static final class SeqCollector implements SeqHandler
    {
        private final int[] seqs = new int[NackPacket.ITEM_SPAN * 2048];
        private int count;

        @Override
        public void onSeq(final int seq)
        {
            seqs[count++] = seq;
        }
    }
}
