package io.classwire.core.lab;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The proxy's bounded deadline queue, driven by hand-made times. */
class DelayLineTest
{
    @Test
    void shouldHandOutInDeadlineOrderAndInInsertionOrderOnTies()
    {
        final long seed = 20_240_601L;
        final SplittableRandom random = new SplittableRandom(seed);
        final int count = 500;
        final DelayLine line = new DelayLine(count);
        final long[] deadlines = new long[count];
        for (int i = 0; i < count; i++)
        {
            deadlines[i] = random.nextInt(50);
            line.add(payload(i), ProxyDirection.UPLINK, deadlines[i], PacketFate.NO_DUPLICATE);
        }
        assertTrue(line.isFull());

        long previousDeadline = Long.MIN_VALUE;
        int previousIndex = -1;
        for (int i = 0; i < count; i++)
        {
            final int slot = line.pollDue(Long.MAX_VALUE - 1);
            final ByteBuf copy = line.takeCopy(slot);
            final int index = copy.getInt(0);
            copy.release();
            final long deadline = deadlines[index];
            assertTrue(deadline > previousDeadline || (deadline == previousDeadline && index > previousIndex),
                "seed " + seed + ": " + index + " after " + previousIndex);
            previousDeadline = deadline;
            previousIndex = index;
        }
        assertEquals(DelayLine.NONE, line.pollDue(Long.MAX_VALUE - 1));
        assertEquals(0, line.inFlight());
    }

    @Test
    void shouldHoldUntilDueAndReportTheNextDeadline()
    {
        final DelayLine line = new DelayLine(4);
        assertEquals(Long.MAX_VALUE, line.nextDeadlineNs());
        line.add(payload(1), ProxyDirection.DOWNLINK, 100, PacketFate.NO_DUPLICATE);
        assertEquals(100, line.nextDeadlineNs());
        assertEquals(DelayLine.NONE, line.pollDue(99));
        final int slot = line.pollDue(100);
        assertEquals(ProxyDirection.DOWNLINK, line.direction(slot));
        line.takeCopy(slot).release();
        assertEquals(Long.MAX_VALUE, line.nextDeadlineNs());
    }

    @Test
    void shouldHandOutADuplicateThenTheOriginalAndFreeTheSlotAfterTheLastCopy()
    {
        final DelayLine line = new DelayLine(1);
        final ByteBuf original = payload(7);
        line.add(original, ProxyDirection.UPLINK, 10, 20);
        assertTrue(line.isFull());

        final ByteBuf first = line.takeCopy(line.pollDue(10));
        assertNotSame(original, first);
        assertEquals(7, first.getInt(0));
        assertEquals(2, original.refCnt(), "the first copy shares the payload");
        assertTrue(line.isFull(), "one copy still due");
        assertEquals(DelayLine.NONE, line.pollDue(19));
        first.release();

        final ByteBuf second = line.takeCopy(line.pollDue(20));
        assertSame(original, second);
        assertFalse(line.isFull());
        second.release();
        assertEquals(0, original.refCnt());
    }

    @Test
    void shouldReleaseEverythingHeldAndBeReusable()
    {
        final DelayLine line = new DelayLine(3);
        final List<ByteBuf> held = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            final ByteBuf buffer = payload(i);
            held.add(buffer);
            line.add(buffer, ProxyDirection.UPLINK, 50 + i, 60 + i);
        }
        final ByteBuf handedOut = line.takeCopy(line.pollDue(50));
        line.releaseAll();
        assertEquals(0, line.inFlight());
        assertEquals(DelayLine.NONE, line.pollDue(Long.MAX_VALUE - 1));
        assertEquals(1, held.get(0).refCnt(), "the copy handed out keeps its own reference");
        handedOut.release();
        for (final ByteBuf buffer : held)
        {
            assertEquals(0, buffer.refCnt());
        }

        line.add(payload(9), ProxyDirection.UPLINK, 1, PacketFate.NO_DUPLICATE);
        final ByteBuf again = line.takeCopy(line.pollDue(1));
        assertEquals(9, again.getInt(0));
        again.release();
    }

    private static ByteBuf payload(final int value)
    {
        return Unpooled.buffer(4).writeInt(value);
    }
}
