package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtcpVectors.PION_REAL_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static io.classwire.core.wire.RtcpVectors.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ByeTest
{
    // Hand-made from RFC 3550 section 6.6: BYE for SSRC 0x12345678 and CSRC 0x22232425, reason "Some Reason"
    // (11 octets), so 1 length octet + 11 = 12 bytes and no alignment.
    private static final byte[] BYE_WITH_REASON = bytes(
        0x82, 203, 0x00, 0x05, 0x12, 0x34, 0x56, 0x78, 0x22, 0x23, 0x24, 0x25,
        11, 'S', 'o', 'm', 'e', ' ', 'R', 'e', 'a', 's', 'o', 'n');

    private final Bye bye = new Bye();

    @Test
    void shouldParseAndBuildByeFromPacketDump()
    {
        final UnsafeBuffer buffer = buffer(PION_REAL_COMPOUND);
        assertEquals(WireStatus.OK, bye.wrap(buffer, 84, 8).validate());
        assertEquals(1, bye.sourceCount());
        assertEquals(0x902f9e2e, bye.source(0));
        assertFalse(bye.hasReason());
        assertEquals(0, bye.reasonLength());

        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = Bye.build(out, 0, 64, new int[]{ 0x902f9e2e }, 1, null, 0, 0);
        assertArrayEquals(Arrays.copyOfRange(PION_REAL_COMPOUND, 84, 92), copy(out, 0, length));
    }

    @Test
    void shouldParseAndBuildReasonByteExact()
    {
        final UnsafeBuffer buffer = buffer(BYE_WITH_REASON);
        assertEquals(WireStatus.OK, bye.wrap(buffer, 0, BYE_WITH_REASON.length).validate());
        assertEquals(2, bye.sourceCount());
        assertEquals(0x22232425, bye.source(1));
        assertTrue(bye.hasReason());
        assertEquals(11, bye.reasonLength());
        assertEquals("Some Reason", buffer.getStringWithoutLengthAscii(bye.reasonOffset(), bye.reasonLength()));

        final UnsafeBuffer reason = new UnsafeBuffer(bytes('S', 'o', 'm', 'e', ' ', 'R', 'e', 'a', 's', 'o', 'n'));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = Bye.build(out, 0, 64, new int[]{ 0x12345678, 0x22232425, 7 }, 2, reason, 0, 11);
        assertArrayEquals(BYE_WITH_REASON, copy(out, 0, length));
    }

    @Test
    void shouldAcceptEmptyByeAndEmptyReason()
    {
        // libwebrtc rtcp_packet/bye_unittest.cc ParseEmptyPacket: header only, no sources.
        assertEquals(WireStatus.OK, validate(bytes(0x80, 203, 0, 0)));
        assertEquals(0, bye.sourceCount());
        assertFalse(bye.hasReason());

        assertEquals(WireStatus.OK, validate(bytes(0x81, 203, 0, 2, 0, 0, 0, 1, 0, 0, 0, 0)));
        assertTrue(bye.hasReason());
        assertEquals(0, bye.reasonLength());
    }

    @Test
    void shouldRejectCountOrReasonThatDoesNotFit()
    {
        final byte[] countTooHigh = BYE_WITH_REASON.clone();
        countTooHigh[0] = (byte)(0x80 | 6);
        assertEquals(WireStatus.BAD_COUNT, validate(countTooHigh));

        final byte[] reasonTooLong = BYE_WITH_REASON.clone();
        reasonTooLong[12] = 12;
        assertEquals(WireStatus.BAD_LENGTH, validate(reasonTooLong));

        // libwebrtc ParseFailOnInvalidReasonLength: the packet shortened by one word under its reason.
        final byte[] shortened = Arrays.copyOf(BYE_WITH_REASON, BYE_WITH_REASON.length - 4);
        shortened[3]--;
        assertEquals(WireStatus.BAD_LENGTH, validate(shortened));

        final byte[] trailingWord = bytes(0x81, 203, 0, 3, 0, 0, 0, 1, 1, 'x', 0, 0, 0, 0, 0, 0);
        assertEquals(WireStatus.BAD_LENGTH, validate(trailingWord));
    }

    @Test
    void shouldRejectBadBuilderArguments()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
        final int[] sources = new int[32];
        assertEquals(WireStatus.BAD_COUNT, Bye.build(out, 0, 512, sources, 32, null, 0, 0));
        assertEquals(WireStatus.BAD_COUNT, Bye.build(out, 0, 512, new int[1], 2, null, 0, 0));
        assertEquals(WireStatus.BAD_VALUE, Bye.build(out, 0, 512, sources, 1, out, 0, 256));
        assertEquals(WireStatus.BAD_VALUE, Bye.build(out, 0, 512, sources, 1, out, 500, 20));
        assertEquals(WireStatus.TRUNCATED, Bye.build(out, 0, 11, sources, 2, null, 0, 0));
    }

    @Test
    void shouldRoundTripRandomByes()
    {
        final long seed = 0x5EED_0003L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer reason = new UnsafeBuffer(new byte[255]);
        final int[] sources = new int[31];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int count = random.nextInt(32);
            for (int i = 0; i < count; i++)
            {
                sources[i] = random.nextInt();
            }
            final boolean withReason = random.nextBoolean();
            final int reasonLength = random.nextInt(256);
            for (int i = 0; i < reasonLength; i++)
            {
                reason.putByte(i, (byte)random.nextInt());
            }
            final int offset = random.nextInt(16);
            final int length = Bye.build(
                out, offset, 512 - offset, sources, count, withReason ? reason : null, 0, reasonLength);
            final int expectedLength = withReason ? (4 + 4 * count + 1 + reasonLength + 3) & ~3 : 4 + 4 * count;
            assertEquals(expectedLength, length, context);

            assertEquals(WireStatus.OK, bye.wrap(out, offset, length).validate(), context);
            assertEquals(count, bye.sourceCount(), context);
            for (int i = 0; i < count; i++)
            {
                assertEquals(sources[i], bye.source(i), context);
            }
            assertEquals(withReason, bye.hasReason(), context);
            if (withReason)
            {
                assertEquals(reasonLength, bye.reasonLength(), context);
                for (int i = 0; i < reasonLength; i++)
                {
                    assertEquals(reason.getByte(i), out.getByte(bye.reasonOffset() + i), context);
                }
            }
        }
    }

    private int validate(final byte[] packet)
    {
        return bye.wrap(buffer(packet), 0, packet.length).validate();
    }
}
