package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtcpVectors.LIBWEBRTC_RR;
import static io.classwire.core.wire.RtcpVectors.LIBWEBRTC_SR;
import static io.classwire.core.wire.RtcpVectors.PION_REAL_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.PION_SR_LENGTH_TOO_SHORT;
import static io.classwire.core.wire.RtcpVectors.PION_SR_SDES_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static io.classwire.core.wire.RtcpVectors.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class RtcpReportTest
{
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();

    @Test
    void shouldParseSenderReportFromPionIssueVector()
    {
        final UnsafeBuffer buffer = buffer(PION_SR_SDES_COMPOUND);
        assertEquals(WireStatus.OK, sr.wrap(buffer, 0, 28).validate());
        assertEquals(0x2b7ec0c5, sr.senderSsrc());
        assertEquals(0xe020a2a952a53fc0L, sr.ntpTimestamp());
        assertEquals(0xa2a952a5L, sr.ntpMiddle32());
        assertEquals(0x2e48a552, sr.rtpTimestamp());
        assertEquals(70, sr.packetCount());
        assertEquals(4637, sr.octetCount());
        assertEquals(0, sr.reportCount());
        assertEquals(28, sr.extensionOffset());
        assertEquals(0, sr.extensionLength());
    }

    @Test
    void shouldBuildSenderReportsByteExact()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        int length = SenderReport.build(
            out, 0, 64, 0x12345678, 0x1112141822242628L, 0x33343536, 0x44454647L, 0x55565758L, 0);
        assertArrayEquals(LIBWEBRTC_SR, copy(out, 0, length));

        length = SenderReport.build(out, 0, 64, 0x2b7ec0c5, 0xe020a2a952a53fc0L, 0x2e48a552, 70, 4637, 0);
        assertArrayEquals(Arrays.copyOf(PION_SR_SDES_COMPOUND, 28), copy(out, 0, length));
    }

    @Test
    void shouldParseAndBuildReceiverReportFromPacketDump()
    {
        final UnsafeBuffer buffer = buffer(PION_REAL_COMPOUND);
        assertEquals(WireStatus.OK, rr.wrap(buffer, 0, 32).validate());
        assertEquals(0x902f9e2e, rr.senderSsrc());
        assertEquals(1, rr.reportCount());
        final int block = rr.reportBlockOffset(0);
        assertEquals(8, block);
        assertEquals(0xbc5e9a40, ReportBlock.ssrc(buffer, block));
        assertEquals(0, ReportBlock.fractionLost(buffer, block));
        assertEquals(0, ReportBlock.cumulativeLost(buffer, block));
        assertEquals(0x46e1, ReportBlock.extendedHighestSeq(buffer, block));
        assertEquals(273, ReportBlock.jitter(buffer, block));
        assertEquals(0x9f36432, ReportBlock.lastSr(buffer, block));
        assertEquals(150137, ReportBlock.delaySinceLastSr(buffer, block));
        assertEquals(0, rr.extensionLength());

        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = ReceiverReport.build(out, 0, 64, 0x902f9e2e, 1);
        ReportBlock.write(out, ReceiverReport.blockOffset(0, 0), 0xbc5e9a40, 0, 0, 0x46e1, 273, 0x9f36432, 150137);
        assertArrayEquals(Arrays.copyOf(PION_REAL_COMPOUND, 32), copy(out, 0, length));
    }

    @Test
    void shouldParseAndBuildReceiverReportByteExact()
    {
        final UnsafeBuffer buffer = buffer(LIBWEBRTC_RR);
        assertEquals(WireStatus.OK, rr.wrap(buffer, 0, LIBWEBRTC_RR.length).validate());
        assertEquals(0x12345678, rr.senderSsrc());
        assertEquals(1, rr.reportCount());
        final int block = rr.reportBlockOffset(0);
        assertEquals(0x23456789, ReportBlock.ssrc(buffer, block));
        assertEquals(55, ReportBlock.fractionLost(buffer, block));
        assertEquals(0x111213, ReportBlock.cumulativeLost(buffer, block));
        assertEquals(0x22232425L, ReportBlock.extendedHighestSeq(buffer, block));
        assertEquals(0x33343536L, ReportBlock.jitter(buffer, block));
        assertEquals(0x44454647L, ReportBlock.lastSr(buffer, block));
        assertEquals(0x55565758L, ReportBlock.delaySinceLastSr(buffer, block));

        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = ReceiverReport.build(out, 0, 64, 0x12345678, 1);
        ReportBlock.write(
            out, ReceiverReport.blockOffset(0, 0), 0x23456789, 55, 0x111213, 0x22232425L, 0x33343536L, 0x44454647L,
            0x55565758L);
        assertArrayEquals(LIBWEBRTC_RR, copy(out, 0, length));
    }

    @Test
    void shouldSignExtendCumulativeLostAndClampOnWrite()
    {
        // Hand-made from RFC 3550 section 6.4.1: fraction 0xFF, cumulative lost 0xFFFFFF (-1 in 24-bit two's
        // complement), then 0x800000 and 0x7FFFFF, the extremes.
        final UnsafeBuffer block = new UnsafeBuffer(bytes(
            0, 0, 0, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        assertEquals(255, ReportBlock.fractionLost(block, 0));
        assertEquals(-1, ReportBlock.cumulativeLost(block, 0));
        block.putInt(4, 0x0080_0000, ByteOrder.BIG_ENDIAN);
        assertEquals(-8_388_608, ReportBlock.cumulativeLost(block, 0));
        block.putInt(4, 0x007F_FFFF, ByteOrder.BIG_ENDIAN);
        assertEquals(8_388_607, ReportBlock.cumulativeLost(block, 0));

        ReportBlock.write(block, 0, 1, 300, -9_000_000, 0, 0, 0, 0);
        assertEquals(255, ReportBlock.fractionLost(block, 0));
        assertEquals(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.cumulativeLost(block, 0));
        ReportBlock.write(block, 0, 1, -5, 9_000_000, 0, 0, 0, 0);
        assertEquals(0, ReportBlock.fractionLost(block, 0));
        assertEquals(ReportBlock.MAX_CUMULATIVE_LOST, ReportBlock.cumulativeLost(block, 0));
    }

    @Test
    void shouldRejectCountThatOverrunsLength()
    {
        final byte[] damaged = LIBWEBRTC_RR.clone();
        damaged[0]++;
        assertEquals(WireStatus.BAD_COUNT, rr.wrap(buffer(damaged), 0, damaged.length).validate());

        final UnsafeBuffer pion = buffer(PION_SR_LENGTH_TOO_SHORT);
        assertEquals(WireStatus.BAD_COUNT, sr.wrap(pion, 0, 32).validate());
        assertEquals(WireStatus.OVERSIZED, sr.wrap(pion, 0, PION_SR_LENGTH_TOO_SHORT.length).validate());
    }

    @Test
    void shouldExposeProfileExtensionWithoutPadding()
    {
        // Hand-made from RFC 3550 sections 6.4.1-6.4.2: RR, no blocks, an 8-byte extension, 4 bytes of padding.
        final byte[] packet = bytes(
            0xA0, 201, 0x00, 0x04, 0, 0, 0, 9, 0xE1, 0xE2, 0xE3, 0xE4, 0xE5, 0xE6, 0xE7, 0xE8, 0, 0, 0, 4);
        final UnsafeBuffer buffer = buffer(packet);
        assertEquals(WireStatus.OK, rr.wrap(buffer, 0, packet.length).validate());
        assertEquals(8, rr.extensionOffset());
        assertEquals(8, rr.extensionLength());

        packet[19] = 8;
        assertEquals(WireStatus.OK, rr.wrap(buffer(packet), 0, packet.length).validate());
        assertEquals(4, rr.extensionLength(), "padding is stripped before the extension is measured");
        packet[19] = 16;
        assertEquals(WireStatus.TRUNCATED, rr.wrap(buffer(packet), 0, packet.length).validate(),
            "padding leaves no room for the sender SSRC");
    }

    @Test
    void shouldRejectMalformedReports()
    {
        assertEquals(WireStatus.BAD_TYPE, sr.wrap(buffer(LIBWEBRTC_RR), 0, LIBWEBRTC_RR.length).validate());
        assertEquals(WireStatus.TRUNCATED, sr.wrap(buffer(LIBWEBRTC_SR), 0, LIBWEBRTC_SR.length - 4).validate());
        final byte[] longer = Arrays.copyOf(LIBWEBRTC_SR, LIBWEBRTC_SR.length + 4);
        assertEquals(WireStatus.OVERSIZED, sr.wrap(buffer(longer), 0, longer.length).validate());

        final byte[] shortSr = bytes(0x80, 200, 0x00, 0x05, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        assertEquals(WireStatus.TRUNCATED, sr.wrap(buffer(shortSr), 0, shortSr.length).validate());
        final byte[] headerOnlyRr = bytes(0x80, 201, 0x00, 0x00);
        assertEquals(WireStatus.TRUNCATED, rr.wrap(buffer(headerOnlyRr), 0, 4).validate());
    }

    @Test
    void shouldRejectBadBuilderArguments()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        assertEquals(WireStatus.BAD_COUNT, ReceiverReport.build(out, 0, 64, 1, 32));
        assertEquals(WireStatus.TRUNCATED, ReceiverReport.build(out, 0, 64, 1, 3));
        assertEquals(WireStatus.TRUNCATED, ReceiverReport.build(out, 60, 1000, 1, 0), "clipped to the buffer");
        assertEquals(WireStatus.BAD_COUNT, SenderReport.build(out, 0, 64, 1, 0, 0, 0, 0, -1));
        assertEquals(WireStatus.TRUNCATED, SenderReport.build(out, 0, 27, 1, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldRoundTripRandomReports()
    {
        final long seed = 0x5EED_0001L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int offset = random.nextInt(16);
            final int blocks = random.nextInt(32);
            final int ssrc = random.nextInt();
            final boolean sender = random.nextBoolean();
            final long ntp = random.nextLong();
            final int rtp = random.nextInt();
            final long packets = random.nextInt() & 0xFFFF_FFFFL;
            final long octets = random.nextInt() & 0xFFFF_FFFFL;
            final int length = sender ?
                SenderReport.build(out, offset, 1024 - offset, ssrc, ntp, rtp, packets, octets, blocks) :
                ReceiverReport.build(out, offset, 1024 - offset, ssrc, blocks);
            assertEquals((sender ? 28 : 8) + 24 * blocks, length, context);

            final long blockSeed = random.nextLong();
            final SplittableRandom fields = new SplittableRandom(blockSeed);
            for (int i = 0; i < blocks; i++)
            {
                final int blockOffset = sender ?
                    SenderReport.blockOffset(offset, i) : ReceiverReport.blockOffset(offset, i);
                ReportBlock.write(out, blockOffset, fields.nextInt(), fields.nextInt(256),
                    fields.nextInt(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.MAX_CUMULATIVE_LOST + 1),
                    fields.nextInt() & 0xFFFF_FFFFL, fields.nextInt() & 0xFFFF_FFFFL, fields.nextInt() & 0xFFFF_FFFFL,
                    fields.nextInt() & 0xFFFF_FFFFL);
            }

            final SplittableRandom expected = new SplittableRandom(blockSeed);
            if (sender)
            {
                assertEquals(WireStatus.OK, sr.wrap(out, offset, length).validate(), context);
                assertEquals(ssrc, sr.senderSsrc(), context);
                assertEquals(ntp, sr.ntpTimestamp(), context);
                assertEquals(rtp, sr.rtpTimestamp(), context);
                assertEquals(packets, sr.packetCount(), context);
                assertEquals(octets, sr.octetCount(), context);
                assertEquals(blocks, sr.reportCount(), context);
                assertEquals(0, sr.extensionLength(), context);
                for (int i = 0; i < blocks; i++)
                {
                    assertBlock(out, sr.reportBlockOffset(i), expected, context);
                }
            }
            else
            {
                assertEquals(WireStatus.OK, rr.wrap(out, offset, length).validate(), context);
                assertEquals(ssrc, rr.senderSsrc(), context);
                assertEquals(blocks, rr.reportCount(), context);
                assertEquals(0, rr.extensionLength(), context);
                for (int i = 0; i < blocks; i++)
                {
                    assertBlock(out, rr.reportBlockOffset(i), expected, context);
                }
            }
        }
    }

    private static void assertBlock(
        final UnsafeBuffer buffer, final int blockOffset, final SplittableRandom expected, final String context)
    {
        assertEquals(expected.nextInt(), ReportBlock.ssrc(buffer, blockOffset), context);
        assertEquals(expected.nextInt(256), ReportBlock.fractionLost(buffer, blockOffset), context);
        assertEquals(expected.nextInt(ReportBlock.MIN_CUMULATIVE_LOST, ReportBlock.MAX_CUMULATIVE_LOST + 1),
            ReportBlock.cumulativeLost(buffer, blockOffset), context);
        assertEquals(expected.nextInt() & 0xFFFF_FFFFL, ReportBlock.extendedHighestSeq(buffer, blockOffset), context);
        assertEquals(expected.nextInt() & 0xFFFF_FFFFL, ReportBlock.jitter(buffer, blockOffset), context);
        assertEquals(expected.nextInt() & 0xFFFF_FFFFL, ReportBlock.lastSr(buffer, blockOffset), context);
        assertEquals(expected.nextInt() & 0xFFFF_FFFFL, ReportBlock.delaySinceLastSr(buffer, blockOffset), context);
    }
}
