package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.classwire.core.wire.RtcpVectors.PION_REAL_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.PION_REAL_OFFSETS;
import static io.classwire.core.wire.RtcpVectors.PION_SR_SDES_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtcpCompoundValidatorTest
{
    // Hand-made from RFC 3550 section 6.4.2: an empty RR (sender SSRC 1).
    private static final byte[] EMPTY_RR = bytes(0x80, 201, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01);
    // Hand-made from RFC 3550 section 6.6: BYE for SSRC 1.
    private static final byte[] BYE = bytes(0x81, 203, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01);
    // Hand-made from RFC 4585 section 6.3.1: PLI from SSRC 1 about SSRC 2.
    private static final byte[] PLI = bytes(0x81, 206, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 2);

    @Test
    void shouldAcceptRealCompoundAndIterateEveryPacket()
    {
        final UnsafeBuffer buffer = buffer(PION_REAL_COMPOUND);
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(buffer, 0, PION_REAL_COMPOUND.length));

        final int[] types = { 201, 202, 203, 206, 205, 204 };
        final int[] counts = { 1, 1, 1, 1, 5, 0 };
        final RtcpCompoundReader reader = new RtcpCompoundReader().wrap(buffer, 0, PION_REAL_COMPOUND.length);
        for (int i = 0; i < types.length; i++)
        {
            assertTrue(reader.next(), "packet " + i);
            assertEquals(types[i], reader.packetType());
            assertEquals(counts[i], reader.countOrFormat());
            assertEquals(PION_REAL_OFFSETS[i], reader.offset());
            final int end = i + 1 < types.length ? PION_REAL_OFFSETS[i + 1] : PION_REAL_COMPOUND.length;
            assertEquals(end - PION_REAL_OFFSETS[i], reader.length());
            assertFalse(reader.padding());
        }
        assertFalse(reader.next());
        assertFalse(reader.next());
    }

    @Test
    void shouldAcceptSenderReportCompoundAtNonZeroOffset()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[PION_SR_SDES_COMPOUND.length + 7]);
        buffer.putBytes(3, PION_SR_SDES_COMPOUND);
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(buffer, 3, PION_SR_SDES_COMPOUND.length));

        final RtcpCompoundReader reader = new RtcpCompoundReader().wrap(buffer, 3, PION_SR_SDES_COMPOUND.length);
        assertTrue(reader.next());
        assertEquals(RtcpHeader.PT_SR, reader.packetType());
        assertEquals(28, reader.length());
        assertTrue(reader.next());
        assertEquals(RtcpHeader.PT_SDES, reader.packetType());
        assertEquals(3 + 28, reader.offset());
        assertFalse(reader.next());
    }

    @Test
    void shouldRejectEmptyOrShortRegionAsTruncated()
    {
        final UnsafeBuffer buffer = buffer(EMPTY_RR);
        assertEquals(WireStatus.TRUNCATED, RtcpCompoundValidator.validate(buffer, 0, 0));
        assertEquals(WireStatus.TRUNCATED, RtcpCompoundValidator.validate(buffer, 0, 3));
        assertEquals(WireStatus.TRUNCATED, RtcpCompoundValidator.validate(buffer, 4, 8), "region past capacity");
        assertEquals(WireStatus.TRUNCATED, RtcpCompoundValidator.validate(buffer, -1, 8));
    }

    @Test
    void shouldRejectVersionOtherThanTwoOnAnyPacket()
    {
        final byte[] first = EMPTY_RR.clone();
        first[0] = (byte)0x40;
        assertEquals(WireStatus.BAD_VERSION, validate(first));

        final byte[] second = concat(EMPTY_RR, BYE);
        second[EMPTY_RR.length] = (byte)(0xC0 | 1);
        assertEquals(WireStatus.BAD_VERSION, validate(second));
    }

    @Test
    void shouldRequireSenderOrReceiverReportFirst()
    {
        assertEquals(WireStatus.BAD_TYPE, validate(concat(BYE, EMPTY_RR)));
        assertEquals(WireStatus.BAD_TYPE, validate(PLI));
        assertEquals(WireStatus.OK, validate(concat(EMPTY_RR, PLI)));
    }

    @Test
    void shouldAcceptLoneFeedbackOnlyInReducedSizeMode()
    {
        final UnsafeBuffer pli = buffer(PLI);
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validateReducedSize(pli, 0, PLI.length));
        final byte[] twoFeedback = concat(PLI, RtcpVectors.LIBWEBRTC_NACK);
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(buffer(twoFeedback), 0, twoFeedback.length, true));
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validateReducedSize(
            buffer(PION_REAL_COMPOUND), 0, PION_REAL_COMPOUND.length), "full compound stays valid");

        final UnsafeBuffer bye = buffer(BYE);
        assertEquals(WireStatus.BAD_TYPE, RtcpCompoundValidator.validateReducedSize(bye, 0, BYE.length));
    }

    @Test
    void shouldAllowPaddingOnlyOnLastPacket()
    {
        final byte[] paddedBye = bytes(0xA1, 203, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 4);
        assertEquals(WireStatus.OK, validate(concat(EMPTY_RR, paddedBye)));
        assertEquals(WireStatus.BAD_PADDING, validate(concat(concat(EMPTY_RR, paddedBye), BYE)), "middle packet");

        final byte[] paddedRr = bytes(0xA0, 201, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 4);
        assertEquals(WireStatus.BAD_PADDING, validate(concat(paddedRr, BYE)), "first packet");
        assertEquals(WireStatus.BAD_PADDING, validate(paddedRr), "A.2: never on the first packet of a compound");
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validateReducedSize(buffer(paddedRr), 0, 12),
            "reduced-size: a lone packet is also the last");
    }

    @Test
    void shouldRejectInvalidPaddingCount()
    {
        for (final int count : new int[]{ 0, 1, 3, 9, 12, 255 })
        {
            final byte[] paddedBye = bytes(0xA1, 203, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, count);
            assertEquals(WireStatus.BAD_PADDING, validate(concat(EMPTY_RR, paddedBye)), "count " + count);
        }
        final byte[] allPadding = bytes(0xA1, 203, 0x00, 0x02, 0, 0, 0, 1, 0, 0, 0, 8);
        assertEquals(WireStatus.OK, validate(concat(EMPTY_RR, allPadding)), "padding may fill all after header");
    }

    @Test
    void shouldAcceptUnalignedPaddingOnlyOnTransportFeedback()
    {
        // Built by TransportFeedbackBuilder: 23 bytes of content (one chunk, one small delta) padded with 1 byte and the
        // P bit set, as libwebrtc does.
        final TransportFeedbackBuilder builder = new TransportFeedbackBuilder();
        builder.reset(1, 2, 100, 0);
        builder.addReceived(100, 1_000);
        final UnsafeBuffer twcc = new UnsafeBuffer(new byte[64]);
        final int length = builder.build(twcc, 0);
        final byte[] feedback = new byte[length];
        twcc.getBytes(0, feedback);
        assertEquals(0x20, feedback[0] & 0x20, "padding bit set");
        assertEquals(1, feedback[length - 1], "unaligned padding count");
        assertEquals(WireStatus.OK, validate(concat(EMPTY_RR, feedback)));

        final byte[] nack = feedback.clone();
        nack[0] = (byte)((nack[0] & 0xE0) | RtcpHeader.FMT_NACK);
        assertEquals(WireStatus.BAD_PADDING, validate(concat(EMPTY_RR, nack)), "other feedback keeps RFC 3550's rule");
    }

    @Test
    void shouldRequireLengthsToSumToCompoundLength()
    {
        final byte[] overrun = concat(EMPTY_RR, BYE);
        overrun[EMPTY_RR.length + 3] = 2;
        assertEquals(WireStatus.TRUNCATED, validate(overrun));

        final byte[] tail = concat(concat(EMPTY_RR, BYE), bytes(0x81, 203));
        assertEquals(WireStatus.BAD_LENGTH, validate(tail));

        final byte[] shortFirst = EMPTY_RR.clone();
        shortFirst[3] = 0;
        assertEquals(WireStatus.BAD_VERSION, validate(shortFirst), "the SSRC word is read as the next header");

        final byte[] zeroWord = concat(EMPTY_RR, bytes(0, 0, 0, 0));
        assertEquals(WireStatus.BAD_VERSION, validate(zeroWord));
    }

    @Test
    void shouldStopReaderAtHeaderThatDoesNotFit()
    {
        final byte[] overrun = concat(EMPTY_RR, BYE);
        overrun[EMPTY_RR.length + 3] = 9;
        final RtcpCompoundReader reader = new RtcpCompoundReader().wrap(buffer(overrun), 0, overrun.length);
        assertTrue(reader.next());
        assertFalse(reader.next());
        assertFalse(reader.next());

        final RtcpCompoundReader outside = new RtcpCompoundReader().wrap(buffer(EMPTY_RR), 4, 100);
        assertFalse(outside.next());
    }

    private static int validate(final byte[] packet)
    {
        return RtcpCompoundValidator.validate(buffer(packet), 0, packet.length);
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
