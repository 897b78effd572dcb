package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtcpVectors.PION_REAL_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.PION_SR_SDES_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static io.classwire.core.wire.RtcpVectors.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SdesTest
{
    private static final String DUMP_CNAME = "{9c00eb92-1afb-9d49-a47d-91f64eee69f5}";

    private final Sdes sdes = new Sdes();

    @Test
    void shouldReadCnameFromPacketDump()
    {
        final UnsafeBuffer buffer = buffer(PION_REAL_COMPOUND);
        assertEquals(WireStatus.OK, sdes.wrap(buffer, 32, 52).validate());
        assertEquals(1, sdes.chunkCount());
        assertTrue(sdes.nextChunk());
        assertEquals(0x902f9e2e, sdes.chunkSsrc());
        assertTrue(sdes.nextItem());
        assertEquals(Sdes.CNAME, sdes.itemType());
        assertEquals(38, sdes.itemLength());
        assertEquals(DUMP_CNAME, buffer.getStringWithoutLengthAscii(sdes.itemTextOffset(), sdes.itemLength()));
        assertFalse(sdes.nextItem());
        assertFalse(sdes.nextChunk());

        assertTrue(sdes.findCname(0x902f9e2e));
        assertEquals(32 + 10, sdes.itemTextOffset());
        assertFalse(sdes.findCname(0x12345678));
    }

    @Test
    void shouldBuildCnameChunksByteExact()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[128]);
        int length = Sdes.buildCname(out, 0, 128, 0x902f9e2e, DUMP_CNAME);
        assertArrayEquals(Arrays.copyOfRange(PION_REAL_COMPOUND, 32, 84), copy(out, 0, length));

        final UnsafeBuffer text = new UnsafeBuffer(
            bytes('x', 'L', 'c', 'I', 'f', 'z', 'X', 'o', 'n', 'D', 'o', 'r', 'd', 'S', 'e', 'W', '6'));
        length = Sdes.buildCname(out, 0, 128, 0x2b7ec0c5, text, 1, 16);
        assertArrayEquals(Arrays.copyOfRange(PION_SR_SDES_COMPOUND, 28, 56), copy(out, 0, length));
    }

    @Test
    void shouldSkipOtherItemsAndChunksWhenFindingCname()
    {
        // libwebrtc rtcp_packet/sdes_unittest.cc ParseSkipsChunksWithoutCName: chunk 1 has NAME and EMAIL, chunk 2
        // (SSRC 0x23456789) has CNAME "def".
        final byte[] packet = bytes(
            0x82, 202, 0x00, 0x07, 0x12, 0x34, 0x56, 0x78, 2, 3, 'a', 'b', 0, 3, 2, 'd', 'e', 0, 0, 0,
            0x23, 0x45, 0x67, 0x89, 1, 3, 'd', 'e', 'f', 0, 0, 0);
        final UnsafeBuffer buffer = buffer(packet);
        assertEquals(WireStatus.OK, sdes.wrap(buffer, 0, packet.length).validate());
        assertFalse(sdes.findCname(0x12345678));
        assertTrue(sdes.findCname(0x23456789));
        assertEquals("def", buffer.getStringWithoutLengthAscii(sdes.itemTextOffset(), sdes.itemLength()));

        sdes.rewind();
        assertTrue(sdes.nextChunk());
        assertTrue(sdes.nextItem());
        assertEquals(Sdes.NAME, sdes.itemType());
        assertTrue(sdes.nextItem());
        assertEquals(3, sdes.itemType());
        assertFalse(sdes.nextItem());
        assertTrue(sdes.nextChunk(), "skips to chunk 2 without reading its items first");
        assertEquals(0x23456789, sdes.chunkSsrc());
    }

    @Test
    void shouldAcceptEmptyPacketEmptyChunkAndRepeatedCname()
    {
        assertEquals(WireStatus.OK, sdes.wrap(buffer(bytes(0x80, 202, 0, 0)), 0, 4).validate());
        assertFalse(sdes.nextChunk());

        // RFC 3550 section 6.5: "A chunk with zero items (four null octets) is valid but useless."
        final byte[] emptyChunk = bytes(0x81, 202, 0, 2, 0, 0, 0, 7, 0, 0, 0, 0);
        assertEquals(WireStatus.OK, sdes.wrap(buffer(emptyChunk), 0, emptyChunk.length).validate());
        assertTrue(sdes.nextChunk());
        assertFalse(sdes.nextItem());

        // libwebrtc rejects a second CNAME in a chunk; RFC 3550 does not forbid it, so the first one is reported.
        final byte[] twoCnames = bytes(0x81, 202, 0, 3, 0x12, 0x34, 0x56, 0x78, 1, 1, 'a', 1, 2, 'd', 'e', 0);
        final UnsafeBuffer buffer = buffer(twoCnames);
        assertEquals(WireStatus.OK, sdes.wrap(buffer, 0, twoCnames.length).validate());
        assertTrue(sdes.findCname(0x12345678));
        assertEquals(1, sdes.itemLength());
    }

    @Test
    void shouldRejectChunksWithoutTerminatorOrOverrunningItems()
    {
        // The three invalid packets of libwebrtc rtcp_packet/sdes_unittest.cc: no terminator, an item type without
        // its length octet, an item longer than the packet; then two chunks promised but the second unterminated.
        assertEquals(WireStatus.BAD_LENGTH, validate(bytes(
            0x81, 202, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78, 2, 3, 'a', 'b', 'c', 1, 1, 'd')));
        assertEquals(WireStatus.BAD_LENGTH, validate(bytes(
            0x81, 202, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78, 2, 2, 'a', 'b', 1, 1, 'd', 3)));
        assertEquals(WireStatus.BAD_LENGTH, validate(bytes(
            0x81, 202, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78, 2, 3, 'a', 'b', 'c', 1, 2, 'd')));
        assertEquals(WireStatus.BAD_LENGTH, validate(bytes(
            0x82, 202, 0x00, 0x04, 0x12, 0x34, 0x56, 0x78, 1, 1, 'a', 3, 2, 'd', 'e', 0, 0x23, 0x45, 0x67, 0x89)));
    }

    @Test
    void shouldRejectSourceCountThatDisagreesWithChunks()
    {
        assertEquals(WireStatus.BAD_COUNT, validate(bytes(0x82, 202, 0, 2, 0, 0, 0, 7, 0, 0, 0, 0)));
        assertEquals(WireStatus.BAD_COUNT, validate(bytes(0x81, 202, 0, 4, 0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0,
            0)));
        assertEquals(WireStatus.BAD_COUNT, validate(bytes(0x80, 202, 0, 2, 0, 0, 0, 7, 0, 0, 0, 0)));
    }

    @Test
    void shouldRejectBadCnameArguments()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
        assertEquals(WireStatus.BAD_VALUE, Sdes.buildCname(out, 0, 512, 1, "x".repeat(256)));
        assertEquals(WireStatus.BAD_VALUE, Sdes.buildCname(out, 0, 512, 1, "caf\u00e9"));
        assertEquals(WireStatus.BAD_VALUE, Sdes.buildCname(out, 0, 512, 1, out, 500, 20));
        assertEquals(WireStatus.TRUNCATED, Sdes.buildCname(out, 0, 15, 1, "abcd"));
        assertEquals(16, Sdes.buildCname(out, 0, 16, 1, "abcd"));
    }

    @Test
    void shouldRoundTripRandomCnames()
    {
        final long seed = 0x5EED_0002L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
        final StringBuilder cname = new StringBuilder();
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            cname.setLength(0);
            final int cnameLength = random.nextInt(256);
            for (int i = 0; i < cnameLength; i++)
            {
                cname.append((char)random.nextInt(1, 128));
            }
            final int offset = random.nextInt(16);
            final int ssrc = random.nextInt();
            final int length = Sdes.buildCname(out, offset, 512 - offset, ssrc, cname);
            assertEquals((4 + 4 + 2 + cnameLength + 1 + 3) & ~3, length, context);

            assertEquals(WireStatus.OK, sdes.wrap(out, offset, length).validate(), context);
            assertTrue(sdes.findCname(ssrc), context);
            assertEquals(cnameLength, sdes.itemLength(), context);
            final String text = out.getStringWithoutLengthAscii(sdes.itemTextOffset(), cnameLength);
            assertEquals(cname.toString(), text, context);
            assertFalse(sdes.nextItem(), context);
        }
    }

    private int validate(final byte[] packet)
    {
        return sdes.wrap(buffer(packet), 0, packet.length).validate();
    }
}
