package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtpPacketTest.assertElements;
import static io.classwire.core.wire.RtpPacketTest.bytes;
import static io.classwire.core.wire.RtpPacketTest.regionEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HeaderExtensionTest
{
    /**
     * The one-byte example block of RFC 8285 section 4.2 (profile, length 3, an element with L=0, one with L=1, two
     * padding bytes, one with L=3). The RFC leaves IDs and data open; IDs 1, 2, 3 and the data bytes are ours.
     */
    static final int[] RFC8285_ONE_BYTE = {
        0xBE, 0xDE, 0x00, 0x03, 0x10, 0xAA, 0x21, 0xBB, 0xCC, 0x00, 0x00, 0x33, 0x01, 0x02, 0x03, 0x04 };

    /**
     * The two-byte example block of RFC 8285 section 4.3 (profile 0x1000, length 3, an element with L=0, one with
     * L=1, one padding byte, one with L=4). IDs 1, 2, 3 and the data bytes are ours.
     */
    static final int[] RFC8285_TWO_BYTE = {
        0x10, 0x00, 0x00, 0x03, 0x01, 0x00, 0x02, 0x01, 0xBB, 0x00, 0x03, 0x04, 0x01, 0x02, 0x03, 0x04 };

    private final HeaderExtensionReader reader = new HeaderExtensionReader();
    private final HeaderExtensionWriter writer = new HeaderExtensionWriter();

    @Test
    void shouldParseRfc8285OneByteExampleSkippingPadding()
    {
        final UnsafeBuffer block = bytes(RFC8285_ONE_BYTE);
        reader.wrap(block, 0xBEDE, 4, 12);
        assertEquals(WireStatus.OK, reader.validate());
        assertTrue(reader.isOneByteForm());
        assertElements(reader, new int[] { 1, 2, 3 }, new int[] { 1, 2, 4 });
        final long third = reader.find(3);
        assertEquals(12, HeaderExtensionReader.packedOffset(third));
        assertEquals(4, HeaderExtensionReader.packedLength(third));
        assertEquals(0x01020304, block.getInt(12, ByteOrder.BIG_ENDIAN));
    }

    @Test
    void shouldParseRfc8285TwoByteExampleWithEmptyElement()
    {
        final UnsafeBuffer block = bytes(RFC8285_TWO_BYTE);
        reader.wrap(block, 0x1000, 4, 12);
        assertEquals(WireStatus.OK, reader.validate());
        assertFalse(reader.isOneByteForm());
        assertElements(reader, new int[] { 1, 2, 3 }, new int[] { 0, 1, 4 });
        assertEquals(6, HeaderExtensionReader.packedOffset(reader.find(1)));
        assertEquals(0, HeaderExtensionReader.packedLength(reader.find(1)));
        assertEquals(0xBB, block.getByte(HeaderExtensionReader.packedOffset(reader.find(2))) & 0xFF);
    }

    @Test
    void shouldWriteSameElementsAsRfc8285Examples()
    {
        final UnsafeBuffer data = bytes(0xAA, 0xBB, 0xCC, 0x01, 0x02, 0x03, 0x04);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);

        writer.reset();
        writer.add(1, data, 0, 1);
        writer.add(2, data, 1, 2);
        writer.add(3, data, 3, 4);
        assertEquals(16, writer.write(out, 0, 16));
        // Same elements as RFC 8285 section 4.2, packed without inner padding and zero-padded at the end.
        assertTrue(regionEquals(out, 0, bytes(
            0xBE, 0xDE, 0x00, 0x03, 0x10, 0xAA, 0x21, 0xBB, 0xCC, 0x33, 0x01, 0x02, 0x03, 0x04, 0x00, 0x00), 0, 16));

        writer.reset();
        writer.add(1, data, 0, 0);
        writer.add(2, data, 1, 1);
        writer.add(3, data, 3, 4);
        assertFalse(writer.isOneByteForm(), "an empty element needs the two-byte form");
        assertEquals(16, writer.write(out, 0, 16));
        assertTrue(regionEquals(out, 0, bytes(
            0x10, 0x00, 0x00, 0x03, 0x01, 0x00, 0x02, 0x01, 0xBB, 0x03, 0x04, 0x01, 0x02, 0x03, 0x04, 0x00), 0, 16));
    }

    @Test
    void shouldStopAtOneByteIdFifteen()
    {
        final UnsafeBuffer block = bytes(0x10, 0xAA, 0xF5, 0x21, 0xBB, 0xCC, 0x00, 0x00);
        reader.wrap(block, 0xBEDE, 0, 8);
        assertEquals(WireStatus.OK, reader.validate());
        assertElements(reader, new int[] { 1 }, new int[] { 1 });
        assertEquals(HeaderExtensionReader.NOT_FOUND, reader.find(2), "elements after ID 15 are ignored");
    }

    @Test
    void shouldRejectMalformedBlocks()
    {
        assertEquals(WireStatus.BAD_VALUE, reader.wrap(bytes(0x10, 0xAA, 0x05, 0x00), 0xBEDE, 0, 4).validate());
        assertEquals(WireStatus.BAD_LENGTH, reader.wrap(bytes(0x1F, 0xAA, 0x00, 0x00), 0xBEDE, 0, 4).validate());
        assertEquals(WireStatus.BAD_LENGTH, reader.wrap(bytes(0x01, 0x01, 0xAA, 0x05), 0x1000, 0, 4).validate());
        assertEquals(WireStatus.BAD_LENGTH, reader.wrap(bytes(0x01, 0x05, 0xAA, 0x00), 0x1000, 0, 4).validate());
        assertEquals(WireStatus.BAD_TYPE, reader.wrap(bytes(0x10, 0xAA, 0x00, 0x00), 0x1234, 0, 4).validate());
        assertFalse(reader.next());
        assertEquals(WireStatus.TRUNCATED, reader.wrap(bytes(0x10, 0xAA, 0x00, 0x00), 0xBEDE, 2, 4).validate());
        assertEquals(HeaderExtensionReader.NOT_FOUND, reader.find(1));

        reader.wrap(bytes(0x10, 0xAA, 0x2F, 0x00), 0xBEDE, 0, 4);
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertEquals(WireStatus.BAD_LENGTH, reader.status(), "the cursor reports why it stopped");
    }

    @Test
    void shouldKeepAppBitsAndEmptyBlocks()
    {
        reader.wrap(bytes(RFC8285_TWO_BYTE), 0x100A, 4, 12);
        assertEquals(WireStatus.OK, reader.validate());
        assertEquals(10, reader.appBits());
        assertEquals(WireStatus.OK, reader.wrap(bytes(0, 0, 0, 0), 0xBEDE, 0, 4).validate());
        assertFalse(reader.next());
        assertEquals(WireStatus.OK, reader.wrap(bytes(1), 0xBEDE, 0, 0).validate());

        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        writer.reset().appBits(10).forceTwoByte(true);
        writer.addByte(1, 0x55);
        assertEquals(0x100A, writer.profile());
        assertEquals(8, writer.write(out, 0, 16));
        assertEquals(WireStatus.OK, reader.wrap(out, 0x100A, 4, 4).validate());
        assertElements(reader, new int[] { 1 }, new int[] { 1 });
        assertEquals(0, writer.reset().blockLength());
        assertEquals(0, writer.write(out, 0, 0), "an empty writer writes no block");
    }

    @Test
    void shouldRejectBadWriterArguments()
    {
        final HeaderExtensionWriter small = new HeaderExtensionWriter(2, 4);
        final UnsafeBuffer data = new UnsafeBuffer(new byte[300]);
        assertEquals(WireStatus.BAD_VALUE, small.add(0, data, 0, 1));
        assertEquals(WireStatus.BAD_VALUE, small.add(256, data, 0, 1));
        assertEquals(WireStatus.BAD_LENGTH, small.add(1, data, 0, 256));
        assertEquals(WireStatus.BAD_LENGTH, small.addBigEndian(1, 0, 9));
        assertEquals(WireStatus.OVERSIZED, small.add(1, data, 0, 5));
        assertEquals(WireStatus.OK, small.add(1, data, 0, 2));
        assertEquals(WireStatus.BAD_VALUE, small.add(1, data, 0, 1), "duplicate id");
        assertEquals(WireStatus.OK, small.add(2, data, 0, 2));
        assertEquals(WireStatus.BAD_COUNT, small.add(3, data, 0, 1));
        assertEquals(12, small.blockLength());
        assertEquals(WireStatus.OVERSIZED, small.write(new UnsafeBuffer(new byte[12]), 0, 11));
    }

    @Test
    void shouldRoundTripRandomElementSets()
    {
        final long seed = 0x5EED_0002L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer data = new UnsafeBuffer(new byte[256]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        final int[] ids = new int[16];
        final int[] lengths = new int[16];
        final long[] firstBytes = new long[16];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final boolean oneByteRanges = random.nextBoolean();
            final int count = 1 + random.nextInt(oneByteRanges ? 14 : 16);
            final boolean forceTwoByte = random.nextInt(8) == 0;
            writer.reset().forceTwoByte(forceTwoByte);
            boolean expectOneByte = !forceTwoByte;
            for (int i = 0; i < count; i++)
            {
                int id;
                do
                {
                    id = oneByteRanges ? 1 + random.nextInt(14) : 1 + random.nextInt(255);
                }
                while (writer.contains(id));
                final int length = oneByteRanges ? 1 + random.nextInt(16) : random.nextInt(64);
                data.setMemory(0, length, (byte)random.nextInt(256));
                ids[i] = id;
                lengths[i] = length;
                firstBytes[i] = length > 0 ? data.getByte(0) : 0;
                if (WireStatus.OK != writer.add(id, data, 0, length))
                {
                    throw new AssertionError(context + " add failed");
                }
                expectOneByte &= id <= 14 && length >= 1 && length <= 16;
            }
            assertEquals(expectOneByte, writer.isOneByteForm(), context);
            final int written = writer.write(out, 8, out.capacity() - 8);
            assertEquals(writer.blockLength(), written, context);
            assertEquals(0, written % 4, context);
            final int profile = out.getShort(8, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            assertEquals(writer.profile(), profile, context);

            reader.wrap(out, profile, 12, written - 4);
            assertReadBack(out, count, ids, lengths, firstBytes, context);
        }
    }

    private void assertReadBack(
        final UnsafeBuffer out,
        final int count,
        final int[] ids,
        final int[] lengths,
        final long[] firstBytes,
        final String context)
    {
        assertEquals(WireStatus.OK, reader.validate(), context);
        for (int i = 0; i < count; i++)
        {
            final long found = reader.find(ids[i]);
            assertEquals(lengths[i], HeaderExtensionReader.packedLength(found), context);
            if (lengths[i] > 0)
            {
                assertEquals(firstBytes[i], out.getByte(HeaderExtensionReader.packedOffset(found)), context);
            }
        }
        int seen = 0;
        while (reader.next())
        {
            assertEquals(ids[seen], reader.id(), context);
            seen++;
        }
        assertEquals(count, seen, context);
    }
}
