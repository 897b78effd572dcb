package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.classwire.core.wire.RtpPacketTest.bytes;
import static io.classwire.core.wire.RtpPacketTest.regionEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtxPayloadTest
{
    /** {@link RtpPacketTest#CHROME_ONE_BYTE} (a real capture's header) with a 4-byte payload appended by hand. */
    private static final int[] ORIGINAL = {
        0x90, 0x2d, 0x1a, 0x5f, 0xd4, 0x09, 0x05, 0x49, 0xf7, 0xb1, 0x6e, 0x83, 0xbe, 0xde, 0x00, 0x03,
        0x22, 0xf3, 0x43, 0x50, 0x41, 0x00, 0x9b, 0xd2, 0x81, 0x00, 0x45, 0x00,
        0xde, 0xad, 0xbe, 0xef };

    /**
     * Its retransmission, built by hand from RFC 4588 section 4: PT 46, sequence number 1000, SSRC 0x11223344, same
     * timestamp, marker and extension block, then the OSN 0x1a5f (6751) before the original payload.
     */
    private static final int[] RETRANSMISSION = {
        0x90, 0x2e, 0x03, 0xe8, 0xd4, 0x09, 0x05, 0x49, 0x11, 0x22, 0x33, 0x44, 0xbe, 0xde, 0x00, 0x03,
        0x22, 0xf3, 0x43, 0x50, 0x41, 0x00, 0x9b, 0xd2, 0x81, 0x00, 0x45, 0x00,
        0x1a, 0x5f, 0xde, 0xad, 0xbe, 0xef };

    private final RtpPacket packet = new RtpPacket();
    private final RtpPacket rtxPacket = new RtpPacket();
    private final RtxPayload rtx = new RtxPayload();

    @Test
    void shouldWriteRetransmissionOfKnownPacket()
    {
        assertEquals(WireStatus.OK, packet.wrap(bytes(ORIGINAL), 0, ORIGINAL.length).validate());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int written = RtxPayload.writeRtx(packet, 46, 0x11223344, 1000, out, 0, 64);
        assertEquals(RETRANSMISSION.length, written);
        assertTrue(regionEquals(out, 0, bytes(RETRANSMISSION), 0, written));

        assertEquals(WireStatus.OK, rtxPacket.wrap(out, 0, written).validate());
        assertEquals(WireStatus.OK, rtx.wrap(out, rtxPacket.payloadOffset(), rtxPacket.payloadLength()).validate());
        assertEquals(6751, rtx.originalSequenceNumber());
        assertEquals(4, rtx.originalPayloadLength());
        assertEquals(0xde, out.getByte(rtx.originalPayloadOffset()) & 0xFF);
    }

    @Test
    void shouldRestoreKnownOriginalFromRetransmission()
    {
        assertEquals(WireStatus.OK, rtxPacket.wrap(bytes(RETRANSMISSION), 0, RETRANSMISSION.length).validate());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int written = RtxPayload.writeOriginal(rtxPacket, 45, 0xf7b16e83, out, 0, 64);
        assertEquals(ORIGINAL.length, written);
        assertTrue(regionEquals(out, 0, bytes(ORIGINAL), 0, written));
    }

    @Test
    void shouldDropOriginalPaddingAndRejectBadArguments()
    {
        // Hand-built: V=2 P=1, PT 96, one payload byte 0x77, then 3 padding bytes.
        final UnsafeBuffer padded = bytes(0xA0, 0x60, 0, 7, 0, 0, 0, 9, 0, 0, 0, 1, 0x77, 0, 0, 3);
        assertEquals(WireStatus.OK, packet.wrap(padded, 0, 16).validate());
        final UnsafeBuffer out = new UnsafeBuffer(new byte[32]);
        assertEquals(15, RtxPayload.writeRtx(packet, 97, 2, 0, out, 0, 32));
        assertEquals(WireStatus.OK, rtxPacket.wrap(out, 0, 15).validate());
        assertFalse(rtxPacket.padding());
        assertEquals(3, rtxPacket.payloadLength());

        assertEquals(WireStatus.BAD_TYPE, RtxPayload.writeRtx(packet, 128, 2, 0, out, 0, 32));
        assertEquals(WireStatus.OVERSIZED, RtxPayload.writeRtx(packet, 97, 2, 0, out, 0, 14));
        assertEquals(WireStatus.BAD_TYPE, RtxPayload.writeOriginal(rtxPacket, -1, 1, out, 16, 16));
        assertEquals(WireStatus.OVERSIZED, RtxPayload.writeOriginal(rtxPacket, 96, 1, out, 16, 12));

        // A padding-only RTX packet (as bandwidth probes are sent) has no OSN.
        padded.putByte(15, (byte)4);
        assertEquals(WireStatus.OK, rtxPacket.wrap(padded, 0, 16).validate());
        assertEquals(WireStatus.TRUNCATED, RtxPayload.writeOriginal(rtxPacket, 96, 1, out, 0, 32));
        assertEquals(WireStatus.TRUNCATED, rtx.wrap(padded, 12, 0).validate());
        assertEquals(WireStatus.TRUNCATED, rtx.wrap(padded, 12, 1).validate());
        assertEquals(WireStatus.TRUNCATED, rtx.wrap(padded, 15, 2).validate());
        assertEquals(WireStatus.OK, rtx.wrap(padded, 14, 2).validate());
        assertEquals(0, rtx.originalPayloadLength());
    }

    @Test
    void shouldRoundTripRandomPacketsThroughRetransmission()
    {
        final long seed = 0x5EED_0003L;
        final SplittableRandom random = new SplittableRandom(seed);
        final RtpPacketBuilder builder = new RtpPacketBuilder();
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[1200]);
        final UnsafeBuffer original = new UnsafeBuffer(new byte[1600]);
        final UnsafeBuffer unpadded = new UnsafeBuffer(new byte[1600]);
        final UnsafeBuffer retransmission = new UnsafeBuffer(new byte[1600]);
        final UnsafeBuffer restored = new UnsafeBuffer(new byte[1600]);
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int payloadLength = random.nextInt(payload.capacity() + 1);
            for (int i = 0; i < payloadLength; i += 7)
            {
                payload.putByte(i, (byte)random.nextInt(256));
            }
            builder.reset().marker(random.nextBoolean()).payloadType(random.nextInt(128))
                .sequenceNumber(random.nextInt(65536)).timestamp(random.nextInt()).ssrc(random.nextInt());
            for (int i = random.nextInt(3); i > 0; i--)
            {
                builder.addCsrc(random.nextInt());
            }
            if (random.nextBoolean())
            {
                TransportSequenceExtension.add(builder.extensions(), 3, random.nextInt(65536));
                AudioLevelExtension.add(builder.extensions(), 1, random.nextBoolean(), random.nextInt(128));
            }
            final int unpaddedLength = builder.build(unpadded, 0, 1600, payload, 0, payloadLength);
            final int originalLength = builder.paddingLength(random.nextInt(3) == 0 ? 1 + random.nextInt(255) : 0)
                .build(original, 0, 1600, payload, 0, payloadLength);
            assertEquals(WireStatus.OK, packet.wrap(original, 0, originalLength).validate(), context);

            final int rtxSeq = random.nextInt(65536);
            final int rtxLength = RtxPayload.writeRtx(packet, 99, 0xABCD, rtxSeq, retransmission, 0, 1600);
            assertEquals(unpaddedLength + RtxPayload.OSN_LENGTH, rtxLength, context);
            assertEquals(WireStatus.OK, rtxPacket.wrap(retransmission, 0, rtxLength).validate(), context);
            assertEquals(rtxSeq, rtxPacket.sequenceNumber(), context);
            assertEquals(99, rtxPacket.payloadType(), context);
            assertEquals(packet.marker(), rtxPacket.marker(), context);
            assertEquals(packet.timestamp(), rtxPacket.timestamp(), context);
            rtx.wrap(retransmission, rtxPacket.payloadOffset(), rtxPacket.payloadLength());
            assertEquals(WireStatus.OK, rtx.validate(), context);
            assertEquals(packet.sequenceNumber(), rtx.originalSequenceNumber(), context);

            final int restoredLength = RtxPayload.writeOriginal(
                rtxPacket, packet.payloadType(), packet.ssrc(), restored, 0, 1600);
            assertEquals(unpaddedLength, restoredLength, context);
            assertTrue(regionEquals(restored, 0, unpadded, 0, unpaddedLength), context);
        }
    }
}
