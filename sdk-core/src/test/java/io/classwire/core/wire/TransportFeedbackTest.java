package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.classwire.core.wire.TwccVectors.buffer;
import static io.classwire.core.wire.TwccVectors.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportFeedbackTest
{
    private static final long NR = TransportFeedback.NOT_RECEIVED;

    private final TransportFeedback feedback = new TransportFeedback();

    @Test
    void shouldParseChromeSinglePacketFeedback()
    {
        final UnsafeBuffer buffer = buffer(TwccVectors.CHROME_ONE_PACKET);
        assertEquals(WireStatus.OK, feedback.wrap(buffer, 0, buffer.capacity()).validate());
        assertEquals(24, feedback.packetLengthBytes());
        assertEquals(0xFA17FA17, feedback.senderSsrc());
        assertEquals(0x43032FA0, feedback.mediaSsrc());
        assertEquals(153, feedback.baseSequenceNumber());
        assertEquals(1, feedback.packetStatusCount());
        assertEquals(1, feedback.receivedCount());
        assertEquals(4057090, feedback.referenceTime());
        assertEquals(23, feedback.feedbackPacketCount());

        assertTrue(feedback.next());
        assertEquals(153, feedback.sequenceNumber());
        assertTrue(feedback.received());
        assertEquals(148, feedback.deltaTicks());
        assertEquals(4057090L * 64_000 + 37_000, feedback.arrivalTimeUs());
        assertFalse(feedback.next());
    }

    @Test
    void shouldParseChromeRunLengthFeedback()
    {
        assertPackets(TwccVectors.CHROME_RUN_OF_SEVEN, 1074030,
            new int[]{ 4, 5, 6, 7, 8, 9, 10 },
            new int[]{ 76, 36, 36, 16, 12, 12, 16 });
    }

    @Test
    void shouldParseChromeOneBitVectorWithoutPadding()
    {
        assertPackets(TwccVectors.CHROME_ONE_BIT_VECTOR, 6275825,
            new int[]{ 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51 },
            new int[]{ 16, 0, 0, 0, 0, 0, 0, -1, -1, -1, 28, 4, 0 });
        assertEquals(10, feedback.receivedCount());
        assertEquals(3, feedback.feedbackPacketCount());
    }

    @Test
    void shouldIgnoreSymbolsOfLastChunkBeyondStatusCount()
    {
        assertPackets(TwccVectors.OVERLONG_LAST_RUN, 6551830,
            new int[]{ 34108, 34109, 34110, 34111, 34112, 34113, 34114, 34115, 34116 },
            new int[]{ 155, 170, 106, 170, 123, -1, 265, -1, -1 });
        assertEquals(179, feedback.feedbackPacketCount());
        assertEquals(0x9B74F61F, feedback.senderSsrc());
    }

    @Test
    void shouldAcceptUnusedSymbolsOfOneBitVector()
    {
        assertPackets(TwccVectors.ONE_BIT_VECTOR_TRAILING_LOSSES, 1074029,
            new int[]{ 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14 },
            new int[]{ 16, 12, 12, -1, 16, -1, -1, -1, -1, -1, -1, -1, -1, -1 });
    }

    @Test
    void shouldRejectMalformedPublishedVectors()
    {
        assertStatus(WireStatus.BAD_VALUE, TwccVectors.RESERVED_SYMBOL);
        assertStatus(WireStatus.BAD_PADDING, TwccVectors.PADDING_BIT_WITHOUT_PADDING);
        assertStatus(WireStatus.BAD_LENGTH, TwccVectors.PADDING_OVER_DELTAS);
        assertStatus(WireStatus.BAD_COUNT, TwccVectors.EMPTY_STATUS_COUNT);
        assertStatus(WireStatus.BAD_LENGTH, TwccVectors.MISSING_SMALL_DELTAS);
        assertStatus(WireStatus.BAD_LENGTH, TwccVectors.MISSING_LARGE_DELTAS);
        assertStatus(WireStatus.BAD_COUNT, TwccVectors.EMPTY_WITH_NEGATIVE_REFERENCE);
    }

    @Test
    void shouldParsePaddingBitVectorOnceThePaddingBitIsCleared()
    {
        final byte[] packet = bytes(TwccVectors.PADDING_BIT_WITHOUT_PADDING);
        packet[0] &= ~0x20;
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        assertEquals(WireStatus.OK, feedback.wrap(buffer, 0, packet.length).validate());
        final int[] expectedDeltas = { 8190, 8090, 208, 0, 208, 0 };
        for (final int expected : expectedDeltas)
        {
            assertTrue(feedback.next());
            assertEquals(expected, feedback.deltaTicks());
        }
        assertFalse(feedback.next());
    }

    /** The draft's section 3.1.3 and 3.1.4 chunk examples, decoded symbol by symbol. */
    @Test
    void shouldDecodeDraftChunkExamples()
    {
        assertTrue(TransportFeedback.isRunLength(0x00DD));
        assertEquals(221, TransportFeedback.chunkSymbolCount(0x00DD));
        assertEquals(TransportFeedback.SYMBOL_NOT_RECEIVED, TransportFeedback.chunkSymbol(0x00DD, 0));

        assertTrue(TransportFeedback.isRunLength(0x6018));
        assertEquals(24, TransportFeedback.chunkSymbolCount(0x6018));
        assertEquals(TransportFeedback.SYMBOL_RESERVED, TransportFeedback.chunkSymbol(0x6018, 0));

        assertArrayEquals(new int[]{ 0, 1, 1, 1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0 }, symbols(0x9F1C));
        assertArrayEquals(new int[]{ 0, 3, 1, 1, 1, 0, 0 }, symbols(0xCD50));
    }

    /** Packets built by hand from the draft's field definitions around the draft's example chunks. */
    @Test
    void shouldValidateFeedbackBuiltAroundDraftChunks()
    {
        // 221 lost (draft run-length example 1), then one received 2 ticks later.
        assertPackets(handMade(222, "00 dd 20 01", "02", 1), 0, null, null);
        assertEquals(1, feedback.receivedCount());
        feedback.resetCursor();
        for (int i = 0; i < 221; i++)
        {
            assertTrue(feedback.next());
            assertFalse(feedback.received());
            assertEquals(NR, feedback.arrivalTimeUs());
        }
        assertTrue(feedback.next());
        assertEquals(500, feedback.arrivalTimeUs());

        // Draft status vector example 1: 8 received with small deltas.
        assertPackets(handMade(14, "9f 1c", "01 01 01 01 01 01 01 01", 2), 0,
            new int[]{ 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113 },
            new int[]{ -1, 1, 1, 1, 1, 1, -1, -1, -1, 1, 1, 1, -1, -1 });

        // The draft's examples using symbol 11 ("received without delta" in early text) are reserved now.
        assertStatus(WireStatus.BAD_VALUE, handMade(24, "60 18", "", 0));
        assertStatus(WireStatus.BAD_VALUE, handMade(7, "cd 50", "01 01 01", 3));
        // The same vector is fine when the status count stops before the reserved symbol.
        assertStatus(WireStatus.OK, handMade(1, "cd 50", "", 1));
    }

    @Test
    void shouldRejectWrongHeaders()
    {
        final byte[] valid = bytes(TwccVectors.CHROME_ONE_PACKET);
        final byte[] wrongVersion = valid.clone();
        wrongVersion[0] = (byte)0x6F;
        assertStatus(WireStatus.BAD_VERSION, wrongVersion);
        final byte[] wrongType = valid.clone();
        wrongType[1] = (byte)206;
        assertStatus(WireStatus.BAD_TYPE, wrongType);
        final byte[] wrongFormat = valid.clone();
        wrongFormat[0] = (byte)0xA1;
        assertStatus(WireStatus.BAD_TYPE, wrongFormat);
        final byte[] tooShortDeclared = valid.clone();
        tooShortDeclared[3] = 3;
        assertStatus(WireStatus.BAD_LENGTH, tooShortDeclared);
        final byte[] paddingIntoHeader = valid.clone();
        paddingIntoHeader[23] = 5;
        assertStatus(WireStatus.BAD_PADDING, paddingIntoHeader);

        final UnsafeBuffer buffer = new UnsafeBuffer(valid);
        assertEquals(WireStatus.TRUNCATED, feedback.wrap(buffer, 0, 23).validate());
        assertEquals(WireStatus.TRUNCATED, feedback.wrap(buffer, 0, 3).validate());
        assertEquals(WireStatus.TRUNCATED, feedback.wrap(buffer, 4, 24).validate());
        assertEquals(WireStatus.TRUNCATED, feedback.wrap(buffer, -1, 10).validate());
    }

    @Test
    void shouldAllowUpToThreeAlignmentBytesWithoutPaddingBit()
    {
        // libwebrtc's PaddingBackwardsCompatibility case: older senders zero-padded without the P bit.
        final byte[] packet = bytes(TwccVectors.CHROME_ONE_PACKET);
        packet[0] &= ~0x20;
        packet[23] = 0;
        assertStatus(WireStatus.OK, packet);

        // Four bytes unaccounted for: the length field says more than the content holds.
        assertStatus(WireStatus.BAD_LENGTH, handMade(1, "20 01", "01 00 00 00 00 00", 0));
    }

    @Test
    void shouldAcceptPaddingLongerThanAlignment()
    {
        // libwebrtc's TransportFeedbackPadding case: 4 more padding bytes, counted in the last byte.
        final byte[] packet = new byte[28];
        System.arraycopy(bytes(TwccVectors.CHROME_ONE_PACKET), 0, packet, 0, 24);
        packet[3] = 6;
        packet[23] = 0;
        packet[27] = 5;
        assertStatus(WireStatus.OK, packet);
        assertEquals(28, feedback.packetLengthBytes());
        assertTrue(feedback.next());
        assertEquals(148, feedback.deltaTicks());
    }

    @Test
    void shouldParseFirstPacketOfCompoundRegion()
    {
        final byte[] first = bytes(TwccVectors.CHROME_ONE_PACKET);
        final byte[] second = bytes(TwccVectors.CHROME_RUN_OF_SEVEN);
        final byte[] compound = new byte[first.length + second.length];
        System.arraycopy(first, 0, compound, 0, first.length);
        System.arraycopy(second, 0, compound, first.length, second.length);
        final UnsafeBuffer buffer = new UnsafeBuffer(compound);

        assertEquals(WireStatus.OK, feedback.wrap(buffer, 0, compound.length).validate());
        assertEquals(1, feedback.packetStatusCount());
        final int next = feedback.packetLengthBytes();
        assertEquals(WireStatus.OK, feedback.wrap(buffer, next, compound.length - next).validate());
        assertEquals(7, feedback.packetStatusCount());
    }

    @Test
    void shouldSkipZeroLengthRuns()
    {
        assertPackets(handMade(2, "00 00 20 02", "05 06", 0), 0,
            new int[]{ 100, 101 }, new int[]{ 5, 6 });
    }

    @Test
    void shouldReportSignedAndRawReferenceTime()
    {
        final byte[] packet = bytes(TwccVectors.CHROME_ONE_PACKET);
        packet[16] = (byte)0xFF;
        packet[17] = (byte)0xFF;
        packet[18] = (byte)0xFE;
        assertStatus(WireStatus.OK, packet);
        assertEquals(0xFFFFFE, feedback.referenceTime());
        assertEquals(-2, feedback.referenceTimeSigned());
        feedback.resetCursor(feedback.referenceTimeSigned());
        assertTrue(feedback.next());
        assertEquals(-2L * 64_000 + 148 * 250, feedback.arrivalTimeUs());
    }

    @Test
    void shouldUnwrapReferenceTimeAcrossTheTwentyFourBitWrap()
    {
        assertEquals(0x1000000L, TransportFeedback.unwrapReferenceTime(0xFFFFFF, 0));
        assertEquals(0x1000005L, TransportFeedback.unwrapReferenceTime(0xFFFFF0, 5));
        assertEquals(0xFFFFFFL, TransportFeedback.unwrapReferenceTime(0x1000000L, 0xFFFFFF));
        assertEquals(3L, TransportFeedback.unwrapReferenceTime(5, 3));
        assertEquals(-1L, TransportFeedback.unwrapReferenceTime(0, 0xFFFFFF));
        assertEquals(5L * 0x1000000 + 7, TransportFeedback.unwrapReferenceTime(5L * 0x1000000 + 0x7FFFFF, 7));
        assertEquals(0x800000L - 0x1000000, TransportFeedback.unwrapReferenceTime(0, 0x800000));
    }

    @Test
    void shouldHandEveryPacketToHandler()
    {
        final UnsafeBuffer buffer = buffer(TwccVectors.CHROME_ONE_BIT_VECTOR);
        assertEquals(WireStatus.OK, feedback.wrap(buffer, 0, buffer.capacity()).validate());
        final List<String> seen = new ArrayList<>();
        final int count = feedback.forEachPacket((seq, received, arrivalTimeUs) ->
            seen.add(seq + ":" + received + ":" + (received ? arrivalTimeUs - 6275825L * 64_000 : -1)));
        assertEquals(13, count);
        assertEquals("39:true:4000", seen.get(0));
        assertEquals("46:false:-1", seen.get(7));
        assertEquals("49:true:11000", seen.get(10));
        assertEquals("51:true:12000", seen.get(12));

        seen.clear();
        feedback.forEachPacket((seq, received, arrivalTimeUs) -> seen.add(Long.toString(arrivalTimeUs)), 0);
        assertEquals("4000", seen.get(0));
    }

    @Test
    void shouldNotAdvanceCursorBeforeValidation()
    {
        feedback.wrap(buffer(TwccVectors.CHROME_ONE_PACKET), 0, 24);
        assertFalse(feedback.next());
    }

    private void assertPackets(
        final String hex, final int referenceTime, final int[] sequences, final int[] deltaTicksOrLost)
    {
        assertPackets(bytes(hex), referenceTime, sequences, deltaTicksOrLost);
    }

    private void assertPackets(
        final byte[] packet, final int referenceTime, final int[] sequences, final int[] deltaTicksOrLost)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        assertEquals(WireStatus.OK, feedback.wrap(buffer, 0, packet.length).validate());
        assertEquals(referenceTime, feedback.referenceTime());
        if (null == sequences)
        {
            return;
        }
        assertEquals(sequences.length, feedback.packetStatusCount());
        long timeUs = referenceTime * 64_000L;
        for (int i = 0; i < sequences.length; i++)
        {
            assertTrue(feedback.next(), "packet " + i);
            assertEquals(sequences[i], feedback.sequenceNumber());
            final boolean received = deltaTicksOrLost[i] != -1;
            assertEquals(received, feedback.received(), "packet " + i);
            if (received)
            {
                timeUs += deltaTicksOrLost[i] * 250L;
                assertEquals(deltaTicksOrLost[i], feedback.deltaTicks());
                assertEquals(timeUs, feedback.arrivalTimeUs());
            }
            else
            {
                assertEquals(NR, feedback.arrivalTimeUs());
                assertEquals(0, feedback.deltaTicks());
            }
        }
        assertFalse(feedback.next());
    }

    private void assertStatus(final int expected, final String hex)
    {
        assertStatus(expected, bytes(hex));
    }

    private void assertStatus(final int expected, final byte[] packet)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(packet);
        final int status = feedback.wrap(buffer, 0, packet.length).validate();
        assertEquals(expected, status, () -> "got " + WireStatus.describe(status));
    }

    private static int[] symbols(final int chunk)
    {
        final int[] result = new int[TransportFeedback.chunkSymbolCount(chunk)];
        for (int i = 0; i < result.length; i++)
        {
            result[i] = TransportFeedback.chunkSymbol(chunk, i);
        }
        return result;
    }

    /**
     * A feedback packet from the draft's field definitions: sender 1, media 2, base 100, reference 0, feedback
     * count 0, the given chunks and deltas, then {@code paddingBytes} bytes (the last holding the count) under the P
     * bit, or zero bytes without it when {@code paddingBytes} is 0 and alignment is needed.
     */
    private static byte[] handMade(final int statusCount, final String chunks, final String deltas, final int padding)
    {
        final byte[] chunkBytes = chunks.isEmpty() ? new byte[0] : bytes(chunks);
        final byte[] deltaBytes = deltas.isEmpty() ? new byte[0] : bytes(deltas);
        final int content = 20 + chunkBytes.length + deltaBytes.length + padding;
        final int length = (content + 3) & ~3;
        final byte[] packet = new byte[length];
        packet[0] = (byte)(padding > 0 ? 0xAF : 0x8F);
        packet[1] = (byte)205;
        packet[3] = (byte)(length / 4 - 1);
        packet[7] = 1;
        packet[11] = 2;
        packet[13] = 100;
        packet[14] = (byte)(statusCount >> 8);
        packet[15] = (byte)statusCount;
        System.arraycopy(chunkBytes, 0, packet, 20, chunkBytes.length);
        System.arraycopy(deltaBytes, 0, packet, 20 + chunkBytes.length, deltaBytes.length);
        if (padding > 0)
        {
            packet[length - 1] = (byte)(length - 20 - chunkBytes.length - deltaBytes.length);
        }
        return packet;
    }
}
