package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Our FEC header and the recovery unit: byte layout, validation codes, round trips. */
class FecHeaderTest
{
    @Test
    void shouldWriteAndReadTheDocumentedLayout()
    {
        // Hand-built from the diagram in FecHeader: V=1, Sch=1 (Reed-Solomon), k=10, m=4, index 2, base 0xFFFE,
        // stride 1, reserved 0, protected SSRC 0xCAFEBABE, then an 8-byte symbol.
        final byte[] expected = {
            0x50, 10, 4, 2, (byte)0xFF, (byte)0xFE, 1, 0, (byte)0xCA, (byte)0xFE, (byte)0xBA, (byte)0xBE,
            1, 2, 3, 4, 5, 6, 7, 8 };
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[20]);
        assertEquals(12, FecHeader.write(buffer, 0, FecHeader.SCHEME_REED_SOLOMON, 10, 4, 2, 0xFFFE, 1, 0xCAFEBABE));
        buffer.putBytes(12, new byte[]{ 1, 2, 3, 4, 5, 6, 7, 8 });
        assertArrayEquals(expected, buffer.byteArray());

        final FecHeader header = new FecHeader().wrap(buffer, 0, 20);
        assertEquals(WireStatus.OK, header.validate());
        assertEquals(FecHeader.SCHEME_REED_SOLOMON, header.scheme());
        assertEquals(10, header.mediaCount());
        assertEquals(4, header.repairCount());
        assertEquals(2, header.repairIndex());
        assertEquals(0xFFFE, header.baseSequenceNumber());
        assertEquals(7, header.protectedSequenceNumber(9), "base + 9 wraps past 65535");
        assertEquals(0xCAFEBABE, header.protectedSsrc());
        assertEquals(12, header.symbolOffset());
        assertEquals(8, header.symbolLength());
    }

    @Test
    void shouldRejectEachKindOfBadHeaderWithItsCode()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[40]);
        final FecHeader header = new FecHeader();
        FecHeader.write(buffer, 0, FecHeader.SCHEME_XOR, 4, 1, 0, 100, 1, 5);
        assertEquals(WireStatus.OK, header.wrap(buffer, 0, 20).validate());
        assertEquals(WireStatus.TRUNCATED, header.wrap(buffer, 0, 19).validate(), "symbol shorter than 8");
        assertEquals(WireStatus.TRUNCATED, header.wrap(buffer, 30, 20).validate(), "past the buffer");
        check(buffer, 0, (byte)0x90, WireStatus.BAD_VERSION);
        check(buffer, 0, (byte)0x60, WireStatus.BAD_TYPE);
        check(buffer, 0, (byte)0x41, WireStatus.BAD_VALUE);
        check(buffer, 7, (byte)1, WireStatus.BAD_VALUE);
        check(buffer, 1, (byte)0, WireStatus.BAD_COUNT);
        check(buffer, 2, (byte)2, WireStatus.BAD_COUNT);
        check(buffer, 3, (byte)1, WireStatus.BAD_COUNT);
        check(buffer, 6, (byte)0, WireStatus.BAD_VALUE);
        FecHeader.write(buffer, 0, FecHeader.SCHEME_XOR, 200, 1, 0, 100, 6, 5);
        assertEquals(WireStatus.BAD_VALUE, header.wrap(buffer, 0, 20).validate(), "span 199 x 6 is past 1024");
        FecHeader.write(buffer, 0, FecHeader.SCHEME_REED_SOLOMON, 200, 57, 0, 100, 1, 5);
        assertEquals(WireStatus.BAD_COUNT, header.wrap(buffer, 0, 20).validate(), "k + m > 256");
    }

    private static void check(final UnsafeBuffer buffer, final int index, final byte value, final int status)
    {
        FecHeader.write(buffer, 0, FecHeader.SCHEME_XOR, 4, 1, 0, 100, 1, 5);
        buffer.putByte(index, value);
        assertEquals(status, new FecHeader().wrap(buffer, 0, 20).validate(), "byte " + index + " = " + value);
    }

    @Test
    void shouldRoundTripRandomHeadersAndUnits()
    {
        final long seed = 0xFEC_4EADL;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        final FecHeader header = new FecHeader();
        final byte[] unit = new byte[2048];
        final UnsafeBuffer restored = new UnsafeBuffer(new byte[2048]);
        for (int i = 0; i < 10_000; i++)
        {
            final boolean xor = random.nextBoolean();
            final int k = 1 + random.nextInt(xor ? 255 : 200);
            final int m = xor ? 1 : 1 + random.nextInt(256 - k);
            final int stride = 1 + random.nextInt(Math.max(1, Math.min(255, 1023 / Math.max(1, k - 1))));
            final int base = random.nextInt(65536);
            final int ssrc = random.nextInt();
            final int index = random.nextInt(m);
            FecHeader.write(buffer, 3, xor ? 0 : 1, k, m, index, base, stride, ssrc);
            final String context = "seed=" + seed + " i=" + i;
            assertEquals(WireStatus.OK, header.wrap(buffer, 3, 12 + 8).validate(), context);
            assertEquals(k, header.mediaCount(), context);
            assertEquals(m, header.repairCount(), context);
            assertEquals(index, header.repairIndex(), context);
            assertEquals(base, header.baseSequenceNumber(), context);
            assertEquals(stride, header.stride(), context);
            assertEquals(ssrc, header.protectedSsrc(), context);

            final byte[] packet = TestPackets.random(random, base, random.nextInt(), ssrc, 300);
            final int unitLength = FecUnit.write(new UnsafeBuffer(packet), 0, packet.length, unit, 5);
            assertEquals(packet.length - 4, unitLength, context);
            final int restoredLength = FecUnit.restore(unit, 5, unitLength + random.nextInt(50), base, ssrc,
                restored, 0, 2048);
            assertEquals(packet.length, restoredLength, context);
            assertArrayEquals(packet, Arrays.copyOf(restored.byteArray(), restoredLength), context);
            assertEquals(WireStatus.OK, new RtpPacket().wrap(restored, 0, restoredLength).validate());
        }
    }
}
