package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpPacketTest
{
    /**
     * Header-only capture of a Chrome WebRTC video packet, as dissected by Wireshark (payload stripped by the
     * publisher), from github.com/olivermichel/webrtc-analysis test/include/data.h, {@code rtp_pkt1}. One-byte
     * extensions: id 2 (abs-send-time) f34350, id 4 (transport-wide seq) 009b, id 13 810045, one padding byte.
     */
    static final int[] CHROME_ONE_BYTE = {
        0x90, 0x2d, 0x1a, 0x5f, 0xd4, 0x09, 0x05, 0x49, 0xf7, 0xb1, 0x6e, 0x83, 0xbe, 0xde, 0x00, 0x03,
        0x22, 0xf3, 0x43, 0x50, 0x41, 0x00, 0x9b, 0xd2, 0x81, 0x00, 0x45, 0x00 };

    /** Same source, {@code rtp_pkt2}: marker set, seven one-byte elements, the longest with 13 bytes. */
    static final int[] CHROME_ONE_BYTE_MARKER = {
        0x90, 0xad, 0x19, 0xd4, 0xd4, 0x05, 0xe7, 0x97, 0xf7, 0xb1, 0x6e, 0x83, 0xbe, 0xde, 0x00, 0x08,
        0x22, 0xea, 0x43, 0x2b, 0x41, 0x00, 0x04, 0x90, 0x30, 0x30, 0x00, 0x60, 0x02,
        0x7c, 0x01, 0x00, 0x03, 0x00, 0x09, 0x00, 0x0a, 0x00, 0x23, 0x00, 0x00, 0x00, 0x00,
        0xd2, 0x40, 0x00, 0x01, 0x00 };

    /** Same source, {@code rtp_pkt3}: two-byte form (profile 0x1000), a 33-byte element (id 13). */
    static final int[] CHROME_TWO_BYTE = {
        0x90, 0x2d, 0x61, 0xc5, 0x95, 0x0a, 0x0f, 0xee, 0x8d, 0x38, 0x14, 0xe5, 0x10, 0x00, 0x00, 0x11,
        0x02, 0x03, 0x03, 0xf7, 0xae, 0x04, 0x02, 0x00, 0x02, 0x09, 0x01, 0x30, 0x03, 0x01, 0x00,
        0x06, 0x01, 0x02, 0x07, 0x0d, 0x01, 0x00, 0x01, 0x00, 0x07, 0x00, 0x07, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00,
        0x0d, 0x21, 0xc0, 0x00, 0x01, 0x80, 0x03, 0x18, 0x7a, 0xaa, 0xf1, 0x30, 0xa0, 0xa0, 0x14, 0xd1,
        0x41, 0x38, 0x23, 0x04, 0x60, 0x08, 0x64, 0x22, 0x22, 0x26, 0x50, 0x09, 0xf0, 0x07, 0x70, 0x13,
        0xf0, 0x0e, 0xf0 };

    private final RtpPacket packet = new RtpPacket();

    static UnsafeBuffer bytes(final int... values)
    {
        final byte[] array = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            array[i] = (byte)values[i];
        }
        return new UnsafeBuffer(array);
    }

    @Test
    void shouldReadChromeCaptureWithOneByteExtensions()
    {
        final UnsafeBuffer buffer = bytes(CHROME_ONE_BYTE);
        assertEquals(WireStatus.OK, packet.wrap(buffer, 0, CHROME_ONE_BYTE.length).validate());
        assertEquals(2, packet.version());
        assertFalse(packet.padding());
        assertTrue(packet.extension());
        assertEquals(0, packet.csrcCount());
        assertFalse(packet.marker());
        assertEquals(45, packet.payloadType());
        assertEquals(6751, packet.sequenceNumber());
        assertEquals(3557360969L, RtpTimestamp.unsigned(packet.timestamp()));
        assertEquals(0xf7b16e83, packet.ssrc());
        assertEquals(0xBEDE, packet.extensionProfile());
        assertEquals(16, packet.extensionDataOffset());
        assertEquals(12, packet.extensionDataLength());
        assertEquals(28, packet.headerLength());
        assertEquals(0, packet.payloadLength());
        assertEquals(0, packet.paddingLength());

        final HeaderExtensionReader reader = new HeaderExtensionReader().wrap(packet);
        assertEquals(WireStatus.OK, reader.validate());
        final long twcc = reader.find(4);
        assertEquals(2, HeaderExtensionReader.packedLength(twcc));
        assertEquals(0x9b, TransportSequenceExtension.sequenceNumber(buffer, HeaderExtensionReader.packedOffset(twcc)));
        assertEquals(HeaderExtensionReader.NOT_FOUND, reader.find(5));
        assertElements(reader, new int[] { 2, 4, 13 }, new int[] { 3, 2, 3 });
    }

    @Test
    void shouldReadChromeCaptureWithMarkerAndSevenElements()
    {
        final UnsafeBuffer buffer = bytes(CHROME_ONE_BYTE_MARKER);
        assertEquals(WireStatus.OK, packet.wrap(buffer, 0, CHROME_ONE_BYTE_MARKER.length).validate());
        assertTrue(packet.marker());
        assertEquals(45, packet.payloadType());
        assertEquals(6612, packet.sequenceNumber());
        assertEquals(3557156759L, RtpTimestamp.unsigned(packet.timestamp()));
        assertEquals(32, packet.extensionDataLength());

        final HeaderExtensionReader reader = new HeaderExtensionReader().wrap(packet);
        assertEquals(WireStatus.OK, reader.validate());
        assertElements(reader, new int[] { 2, 4, 9, 3, 6, 7, 13 }, new int[] { 3, 2, 1, 1, 1, 13, 3 });
    }

    @Test
    void shouldReadChromeCaptureWithTwoByteExtensions()
    {
        final UnsafeBuffer buffer = bytes(CHROME_TWO_BYTE);
        assertEquals(WireStatus.OK, packet.wrap(buffer, 0, CHROME_TWO_BYTE.length).validate());
        assertEquals(25029, packet.sequenceNumber());
        assertEquals(2500464622L, RtpTimestamp.unsigned(packet.timestamp()));
        assertEquals(0x8d3814e5, packet.ssrc());
        assertEquals(0x1000, packet.extensionProfile());
        assertEquals(68, packet.extensionDataLength());
        assertEquals(CHROME_TWO_BYTE.length, packet.headerLength());

        final HeaderExtensionReader reader = new HeaderExtensionReader().wrap(packet);
        assertEquals(WireStatus.OK, reader.validate());
        assertFalse(reader.isOneByteForm());
        assertEquals(0, reader.appBits());
        assertElements(reader, new int[] { 2, 4, 9, 3, 6, 7, 13 }, new int[] { 3, 2, 1, 1, 1, 13, 33 });
        final long last = reader.find(13);
        assertEquals(0xc0, buffer.getByte(HeaderExtensionReader.packedOffset(last)) & 0xFF);
        assertEquals(0xf0, buffer.getByte(HeaderExtensionReader.packedOffset(last) + 32) & 0xFF);
    }

    @Test
    void shouldReadCsrcsPayloadAndPaddingAtNonZeroOffset()
    {
        // Built by hand from RFC 3550 section 5.1: V=2 P=1 CC=2, M=1 PT=111, then 2 CSRCs, 3 payload bytes and
        // 4 padding bytes whose last holds the count.
        final UnsafeBuffer buffer = bytes(
            0xEE, 0xEE,
            0xA2, 0xEF, 0x12, 0x34, 0x00, 0x00, 0x03, 0xC0, 0xCA, 0xFE, 0xBA, 0xBE,
            0x00, 0x00, 0x00, 0x01, 0xFF, 0xFF, 0xFF, 0xFF,
            0x0A, 0x0B, 0x0C,
            0x00, 0x00, 0x00, 0x04);
        assertEquals(WireStatus.OK, packet.wrap(buffer, 2, 27).validate());
        assertTrue(packet.padding());
        assertTrue(packet.marker());
        assertEquals(111, packet.payloadType());
        assertEquals(0x1234, packet.sequenceNumber());
        assertEquals(960, packet.timestamp());
        assertEquals(0xCAFEBABE, packet.ssrc());
        assertEquals(2, packet.csrcCount());
        assertEquals(1, packet.csrc(0));
        assertEquals(-1, packet.csrc(1));
        assertEquals(20, packet.headerLength());
        assertEquals(22, packet.payloadOffset());
        assertEquals(3, packet.payloadLength());
        assertEquals(4, packet.paddingLength());
        assertEquals(-1, packet.extensionProfile());
        assertEquals(0, packet.extensionDataLength());
    }

    @Test
    void shouldRejectMalformedHeaders()
    {
        assertEquals(WireStatus.TRUNCATED, status(0x80, 0x00, 0x00));
        assertEquals(WireStatus.BAD_VERSION, status(0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(WireStatus.BAD_COUNT, status(0x81, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3));
        assertEquals(WireStatus.TRUNCATED, status(0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE));
        assertEquals(WireStatus.BAD_LENGTH, status(0x90, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xBE, 0xDE, 0, 1, 0x10));
        assertEquals(WireStatus.BAD_PADDING, status(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(WireStatus.BAD_PADDING, status(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 0));
        assertEquals(WireStatus.BAD_PADDING, status(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 3));
        assertEquals(WireStatus.OK, status(0xA0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 7, 2));

        final UnsafeBuffer huge = new UnsafeBuffer(new byte[RtpPacket.MAX_PACKET_LENGTH + 1]);
        huge.putByte(0, (byte)0x80);
        assertEquals(WireStatus.OVERSIZED, packet.wrap(huge, 0, RtpPacket.MAX_PACKET_LENGTH + 1).validate());
        assertEquals(WireStatus.OK, packet.wrap(huge, 0, RtpPacket.MAX_PACKET_LENGTH).validate());
        assertEquals(WireStatus.TRUNCATED, packet.wrap(huge, 10, RtpPacket.MAX_PACKET_LENGTH).validate());
        assertEquals(WireStatus.TRUNCATED, packet.wrap(huge, -1, 20).validate());
    }

    @Test
    void shouldDemultiplexRtpFromRtcpStunAndDtls()
    {
        final int[] rtp = { 0x80, 0x6F, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1 };
        assertTrue(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        rtp[1] = 0xE0; // marker + PT 96: still RTP
        assertTrue(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        rtp[1] = 0xC8; // RTCP SR (200) = marker + PT 72
        assertFalse(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        rtp[1] = 0xCD; // RTCP RTPFB (205)
        assertFalse(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        rtp[1] = 0x6F;
        rtp[0] = 0x00; // STUN binding request
        assertFalse(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        rtp[0] = 0x16; // DTLS handshake
        assertFalse(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        rtp[0] = 0xC0; // 192: outside 128..191
        assertFalse(RtpPacket.looksLikeRtp(bytes(rtp), 0, 12));
        assertFalse(RtpPacket.looksLikeRtp(bytes(0x80, 0x6F), 0, 2));
        assertFalse(RtpPacket.looksLikeRtp(bytes(rtp), 4, 12), "region past the buffer");
    }

    @Test
    void shouldRoundTripRandomPacketsThroughBuilder()
    {
        final long seed = 0x5EED_0001L;
        final SplittableRandom random = new SplittableRandom(seed);
        final RtpPacketBuilder builder = new RtpPacketBuilder();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1200]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        final HeaderExtensionReader reader = new HeaderExtensionReader();
        final int[] csrcs = new int[15];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final boolean marker = random.nextBoolean();
            final int pt = random.nextInt(128);
            final int seq = random.nextInt(65536);
            final int ts = random.nextInt();
            final int ssrc = random.nextInt();
            final int csrcCount = random.nextInt(4) == 0 ? random.nextInt(16) : 0;
            final int padding = random.nextInt(3) == 0 ? random.nextInt(256) : 0;
            final int payloadLength = random.nextInt(payload.capacity() + 1);
            final int extensionCount = random.nextInt(4);
            for (int i = 0; i < payloadLength; i += 8)
            {
                payload.putByte(i, (byte)random.nextInt(256));
            }

            builder.reset().marker(marker).payloadType(pt).sequenceNumber(seq).timestamp(ts).ssrc(ssrc)
                .paddingLength(padding);
            for (int i = 0; i < csrcCount; i++)
            {
                csrcs[i] = random.nextInt();
                builder.addCsrc(csrcs[i]);
            }
            for (int i = 0; i < extensionCount; i++)
            {
                assertEquals(WireStatus.OK, builder.extensions().addBigEndian(i + 1, random.nextLong(), 1 + i * 2));
            }
            final int offset = random.nextInt(4);
            final int written = builder.build(out, offset, out.capacity() - offset, payload, 0, payloadLength);
            assertEquals(builder.headerLength() + payloadLength + padding, written, context);

            assertEquals(WireStatus.OK, packet.wrap(out, offset, written).validate(), context);
            assertEquals(marker, packet.marker(), context);
            assertEquals(pt, packet.payloadType(), context);
            assertEquals(seq, packet.sequenceNumber(), context);
            assertEquals(ts, packet.timestamp(), context);
            assertEquals(ssrc, packet.ssrc(), context);
            assertEquals(csrcCount, packet.csrcCount(), context);
            for (int i = 0; i < csrcCount; i++)
            {
                assertEquals(csrcs[i], packet.csrc(i), context);
            }
            assertEquals(padding, packet.paddingLength(), context);
            assertEquals(payloadLength, packet.payloadLength(), context);
            assertTrue(regionEquals(out, packet.payloadOffset(), payload, 0, payloadLength), context);
            assertEquals(extensionCount > 0, packet.extension(), context);
            assertBuiltExtensions(reader.wrap(packet), extensionCount, context);
        }
    }

    private static void assertBuiltExtensions(
        final HeaderExtensionReader reader, final int extensionCount, final String context)
    {
        assertEquals(WireStatus.OK, reader.validate(), context);
        int seen = 0;
        while (reader.next())
        {
            assertEquals(seen + 1, reader.id(), context);
            assertEquals(1 + seen * 2, reader.dataLength(), context);
            seen++;
        }
        assertEquals(extensionCount, seen, context);
    }

    @Test
    void shouldReportBuilderArgumentErrors()
    {
        final RtpPacketBuilder builder = new RtpPacketBuilder();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        assertEquals(WireStatus.BAD_TYPE, builder.reset().payloadType(128).build(out, 0, 64, null, 0, 0));
        assertEquals(WireStatus.BAD_PADDING, builder.reset().paddingLength(256).build(out, 0, 64, null, 0, 0));
        builder.reset();
        for (int i = 0; i < 16; i++)
        {
            builder.addCsrc(i);
        }
        assertEquals(WireStatus.BAD_COUNT, builder.build(out, 0, 64, null, 0, 0));
        assertEquals(WireStatus.OVERSIZED, builder.reset().build(out, 0, 11, null, 0, 0));
        assertEquals(WireStatus.OVERSIZED, builder.reset().paddingLength(53).build(out, 0, 64, null, 0, 0));
        assertEquals(64, builder.reset().paddingLength(52).build(out, 0, 64, null, 0, 0));
        assertEquals(WireStatus.BAD_LENGTH, builder.reset().build(out, 0, 64, out, 0, -1));
        assertEquals(WireStatus.OVERSIZED, builder.reset().build(out, 0, 64, out, 0, Integer.MAX_VALUE));
        assertEquals(12, builder.reset().writeHeader(out, 0, 12));
        assertEquals(WireStatus.OVERSIZED, builder.writeHeader(out, 0, 11));
    }

    @Test
    void shouldRewriteHeaderFieldsInPlace()
    {
        final UnsafeBuffer buffer = bytes(CHROME_ONE_BYTE_MARKER);
        RtpPacketBuilder.putPayloadType(buffer, 0, 96);
        RtpPacketBuilder.putSequenceNumber(buffer, 0, 70_000);
        RtpPacketBuilder.putTimestamp(buffer, 0, -2);
        RtpPacketBuilder.putSsrc(buffer, 0, 42);
        assertEquals(WireStatus.OK, packet.wrap(buffer, 0, CHROME_ONE_BYTE_MARKER.length).validate());
        assertTrue(packet.marker(), "payload type rewrite keeps the marker");
        assertEquals(96, packet.payloadType());
        assertEquals(70_000 & 0xFFFF, packet.sequenceNumber());
        assertEquals(-2, packet.timestamp());
        assertEquals(42, packet.ssrc());
        RtpPacketBuilder.putMarker(buffer, 0, false);
        assertFalse(packet.marker());
        assertEquals(96, packet.payloadType(), "marker rewrite keeps the payload type");
    }

    static boolean regionEquals(
        final DirectBuffer a, final int aOffset, final DirectBuffer b, final int bOffset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (a.getByte(aOffset + i) != b.getByte(bOffset + i))
            {
                return false;
            }
        }
        return true;
    }

    private int status(final int... values)
    {
        return packet.wrap(bytes(values), 0, values.length).validate();
    }

    static void assertElements(final HeaderExtensionReader reader, final int[] ids, final int[] lengths)
    {
        reader.reset();
        int i = 0;
        while (reader.next())
        {
            assertEquals(ids[i], reader.id(), "id of element " + i);
            assertEquals(lengths[i], reader.dataLength(), "length of element " + i);
            i++;
        }
        assertEquals(ids.length, i, "element count");
        assertEquals(WireStatus.OK, reader.status());
    }
}
