package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.classwire.core.wire.RtpPacketTest.bytes;
import static io.classwire.core.wire.RtpPacketTest.regionEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RedPayloadTest
{
    private final RedPayload red = new RedPayload();
    private final RedPayloadWriter writer = new RedPayloadWriter();

    /**
     * The example payload of RFC 2198 section 3: one redundant LPC block (PT 7, 14 bytes) and a DVI4 primary (PT 5,
     * 84 bytes). The figure gives no timestamp offset; 160 (one 20 ms packet at 8 kHz) is our choice. The data bytes
     * are filler (0x11 for LPC, 0x22 for DVI4).
     */
    static UnsafeBuffer rfc2198Example()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[5 + 14 + 84]);
        buffer.putByte(0, (byte)0x87); // F=1, block PT=7
        buffer.putByte(1, (byte)0x02); // timestamp offset 160 = 0b00000010100000, block length 14 = 0b0000001110
        buffer.putByte(2, (byte)0x80);
        buffer.putByte(3, (byte)0x0E);
        buffer.putByte(4, (byte)0x05); // F=0, block PT=5
        buffer.setMemory(5, 14, (byte)0x11);
        buffer.setMemory(19, 84, (byte)0x22);
        return buffer;
    }

    @Test
    void shouldParseRfc2198Example()
    {
        final UnsafeBuffer buffer = rfc2198Example();
        assertEquals(WireStatus.OK, red.wrap(buffer, 0, buffer.capacity()).validate());
        assertEquals(1, red.redundantCount());
        assertEquals(5, red.headersLength());
        assertEquals(5, red.primaryPayloadType());
        assertEquals(19, red.primaryOffset());
        assertEquals(84, red.primaryLength());

        assertTrue(red.next());
        assertFalse(red.isPrimary());
        assertEquals(7, red.blockPayloadType());
        assertEquals(160, red.timestampOffset());
        assertEquals(14, red.blockLength());
        assertEquals(5, red.blockOffset());
        assertTrue(red.next());
        assertTrue(red.isPrimary());
        assertEquals(5, red.blockPayloadType());
        assertEquals(0, red.timestampOffset());
        assertEquals(84, red.blockLength());
        assertEquals(19, red.blockOffset());
        assertFalse(red.next());
    }

    @Test
    void shouldWriteRfc2198Example()
    {
        final UnsafeBuffer expected = rfc2198Example();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[expected.capacity()]);
        writer.reset();
        assertEquals(WireStatus.OK, writer.addRedundant(7, 160, expected, 5, 14));
        assertEquals(103, writer.length(84));
        assertEquals(103, writer.write(5, expected, 19, 84, out, 0, 103));
        assertTrue(regionEquals(out, 0, expected, 0, 103));
    }

    @Test
    void shouldParsePrimaryOnlyAndEmptyBlocks()
    {
        assertEquals(WireStatus.OK, red.wrap(bytes(0x6F), 0, 1).validate());
        assertEquals(0, red.redundantCount());
        assertEquals(111, red.primaryPayloadType());
        assertEquals(0, red.primaryLength());
        assertTrue(red.next());
        assertTrue(red.isPrimary());
        assertFalse(red.next());

        assertEquals(WireStatus.OK, red.wrap(bytes(0xEF, 0xFF, 0xFC, 0x00, 0x6F, 0xAB), 0, 6).validate());
        assertTrue(red.next());
        assertEquals(0x3FFF, red.timestampOffset());
        assertEquals(0, red.blockLength());
        assertTrue(red.next());
        assertEquals(1, red.blockLength());
    }

    @Test
    void shouldRejectMalformedPayloads()
    {
        assertEquals(WireStatus.TRUNCATED, red.wrap(bytes(0x6F), 0, 0).validate());
        assertEquals(WireStatus.TRUNCATED, red.wrap(bytes(0x87, 0x02, 0x80), 0, 3).validate());
        assertEquals(WireStatus.TRUNCATED, red.wrap(bytes(0x87, 0x02, 0x80, 0x01), 0, 4).validate());
        assertEquals(WireStatus.BAD_LENGTH, red.wrap(bytes(0x87, 0x02, 0x80, 0x02, 0x05, 0x11), 0, 6).validate());
        assertEquals(WireStatus.OK, red.wrap(bytes(0x87, 0x02, 0x80, 0x01, 0x05, 0x11), 0, 6).validate());
        assertEquals(WireStatus.TRUNCATED, red.wrap(bytes(0x05), 1, 1).validate());
        assertFalse(red.wrap(bytes(0x05), 0, 1).next(), "no cursor before validation");
    }

    @Test
    void shouldRejectBadWriterArguments()
    {
        final UnsafeBuffer data = new UnsafeBuffer(new byte[2048]);
        writer.reset();
        assertEquals(WireStatus.BAD_TYPE, writer.addRedundant(128, 0, data, 0, 1));
        assertEquals(WireStatus.BAD_VALUE, writer.addRedundant(1, 16384, data, 0, 1));
        assertEquals(WireStatus.BAD_VALUE, writer.addRedundant(1, -1, data, 0, 1));
        assertEquals(WireStatus.BAD_LENGTH, writer.addRedundant(1, 0, data, 0, 1024));
        for (int i = 0; i < RedPayloadWriter.MAX_REDUNDANT_BLOCKS; i++)
        {
            assertEquals(WireStatus.OK, writer.addRedundant(1, i, data, 0, 1));
        }
        assertEquals(WireStatus.BAD_COUNT, writer.addRedundant(1, 0, data, 0, 1));
        assertEquals(WireStatus.BAD_TYPE, writer.write(-1, data, 0, 0, data, 0, 100));
        assertEquals(WireStatus.BAD_LENGTH, writer.write(1, data, 0, -1, data, 0, 100));
        assertEquals(WireStatus.OVERSIZED, writer.write(1, data, 0, 10, data, 100, 50));
        assertEquals(51, writer.write(1, data, 0, 10, data, 100, 51));
    }

    @Test
    void shouldRoundTripRandomBlockSets()
    {
        final long seed = 0x5EED_0004L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16384]);
        final int[] types = new int[RedPayloadWriter.MAX_REDUNDANT_BLOCKS];
        final int[] offsets = new int[RedPayloadWriter.MAX_REDUNDANT_BLOCKS];
        final int[] lengths = new int[RedPayloadWriter.MAX_REDUNDANT_BLOCKS];
        final int[] sourceOffsets = new int[RedPayloadWriter.MAX_REDUNDANT_BLOCKS];
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)random.nextInt(256));
        }
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int count = random.nextInt(RedPayloadWriter.MAX_REDUNDANT_BLOCKS + 1);
            writer.reset();
            for (int i = 0; i < count; i++)
            {
                types[i] = random.nextInt(128);
                offsets[i] = random.nextInt(RedPayload.MAX_TIMESTAMP_OFFSET + 1);
                lengths[i] = random.nextInt(4) == 0 ? RedPayload.MAX_BLOCK_LENGTH : random.nextInt(200);
                sourceOffsets[i] = random.nextInt(source.capacity() - lengths[i]);
                assertEquals(WireStatus.OK, writer.addRedundant(
                    types[i], offsets[i], source, sourceOffsets[i], lengths[i]), context);
            }
            final int primaryType = random.nextInt(128);
            final int primaryLength = random.nextInt(1500);
            final int primarySource = random.nextInt(source.capacity() - primaryLength);
            final int offset = random.nextInt(8);
            final int written = writer.write(
                primaryType, source, primarySource, primaryLength, out, offset, out.capacity() - offset);
            assertEquals(writer.length(primaryLength), written, context);

            assertEquals(WireStatus.OK, red.wrap(out, offset, written).validate(), context);
            assertEquals(count, red.redundantCount(), context);
            for (int i = 0; i < count; i++)
            {
                assertTrue(red.next(), context);
                assertEquals(types[i], red.blockPayloadType(), context);
                assertEquals(offsets[i], red.timestampOffset(), context);
                assertEquals(lengths[i], red.blockLength(), context);
                assertTrue(regionEquals(out, red.blockOffset(), source, sourceOffsets[i], lengths[i]), context);
            }
            assertTrue(red.next(), context);
            assertTrue(red.isPrimary(), context);
            assertEquals(primaryType, red.blockPayloadType(), context);
            assertEquals(primaryLength, red.primaryLength(), context);
            assertTrue(regionEquals(out, red.primaryOffset(), source, primarySource, primaryLength), context);
            assertFalse(red.next(), context);
        }
    }
}
