package io.classwire.core.wire;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SeqArithmeticTest
{
    @Test
    void shouldTreatWrappedSequenceAsNewer()
    {
        assertTrue(SeqNum.isNewer(0, 65535));
        assertTrue(SeqNum.isNewer(5, 65530));
        assertFalse(SeqNum.isNewer(65535, 0));
        assertFalse(SeqNum.isNewer(7, 7));
        assertEquals(1, SeqNum.distance(65535, 0));
        assertEquals(-1, SeqNum.distance(0, 65535));
        assertEquals(0, SeqNum.add(65535, 1));
        assertEquals(65535, SeqNum.add(0, -1));
        assertEquals(2, SeqNum.latest(65534, 2));
    }

    @Test
    void shouldBeAntisymmetricEvenAtHalfSpace()
    {
        final SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++)
        {
            final int a = random.nextInt(65536);
            final int b = random.nextInt(65536);
            if (a != b)
            {
                assertTrue(SeqNum.isNewer(a, b) ^ SeqNum.isNewer(b, a), () -> a + " vs " + b);
            }
        }
        assertTrue(SeqNum.isNewer(0x8000, 0) ^ SeqNum.isNewer(0, 0x8000));
    }

    @Test
    void shouldCompareTimestampsAcrossWrap()
    {
        assertTrue(RtpTimestamp.isNewer(10, 0xFFFF_FFF0));
        assertFalse(RtpTimestamp.isNewer(0xFFFF_FFF0, 10));
        assertEquals(26, RtpTimestamp.distance(0xFFFF_FFF0, 10));
        assertEquals(0xFFFF_FFF0L, RtpTimestamp.unsigned(0xFFFF_FFF0));
        assertTrue(RtpTimestamp.isNewer(0x8000_0000, 0) ^ RtpTimestamp.isNewer(0, 0x8000_0000));
    }

    @Test
    void shouldUnwrapAcrossManyCyclesWithReordering()
    {
        final SeqUnwrapper unwrapper = new SeqUnwrapper();
        assertEquals(65530, unwrapper.unwrap(65530));
        assertEquals(65536 + 2, unwrapper.unwrap(2));
        assertEquals(65534, unwrapper.unwrap(65534), "reordered packet maps below the highest");
        assertEquals(65536 + 2, unwrapper.highest());
        long expected = 65536 + 2;
        for (int i = 0; i < 300_000; i++)
        {
            expected++;
            assertEquals(expected, unwrapper.unwrap((int)(expected & 0xFFFF)));
        }
    }

    @Test
    void shouldNotGoNegativeForEarlyReorderedPacket()
    {
        final SeqUnwrapper unwrapper = new SeqUnwrapper();
        assertEquals(1, unwrapper.unwrap(1));
        assertEquals(65535, unwrapper.unwrap(65535), "clamped into the first cycle");
        assertEquals(65535, unwrapper.peek(65535));
    }
}
