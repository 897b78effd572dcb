package io.classwire.core.wire;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.classwire.core.wire.TwccVectors.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TransportFeedbackBuilderTest
{
    private static final int CHROME_SSRC = 0xFA17FA17;
    private static final long MS = 1000;

    private final TransportFeedbackBuilder builder = new TransportFeedbackBuilder();
    private final TransportFeedback feedback = new TransportFeedback();

    @Test
    void shouldReproduceChromeSinglePacketFeedbackByteForByte()
    {
        builder.reset(CHROME_SSRC, 0x43032FA0, 153, 23);
        assertTrue(builder.addReceived(153, 4057090L * 64_000 + 37_000));
        assertArrayEquals(bytes(TwccVectors.CHROME_ONE_PACKET), build());
    }

    @Test
    void shouldReproduceChromeRunLengthFeedbackByteForByte()
    {
        builder.reset(CHROME_SSRC, 0x193DD8BB, 4, 1);
        long timeUs = 1074030L * 64_000;
        final long[] gapsUs = { 19_000, 9_000, 9_000, 4_000, 3_000, 3_000, 4_000 };
        for (int i = 0; i < gapsUs.length; i++)
        {
            timeUs += gapsUs[i];
            assertTrue(builder.addReceived(4 + i, timeUs));
        }
        assertArrayEquals(bytes(TwccVectors.CHROME_RUN_OF_SEVEN), build());
    }

    @Test
    void shouldReproduceChromeOneBitVectorByteForByte()
    {
        builder.reset(CHROME_SSRC, 0x09FAFF67, 39, 3);
        final long referenceUs = 6275825L * 64_000;
        for (int seq = 39; seq <= 45; seq++)
        {
            // True arrivals jitter below the 125 us rounding step: the encoding must not change.
            assertTrue(builder.addReceived(seq, referenceUs + 4_000 + (seq % 3) * 40 - 40));
        }
        assertTrue(builder.addReceived(49, referenceUs + 11_000));
        assertTrue(builder.addReceived(50, referenceUs + 12_000));
        assertTrue(builder.addReceived(51, referenceUs + 12_000));
        assertArrayEquals(bytes(TwccVectors.CHROME_ONE_BIT_VECTOR), build());
    }

    /** The cases of libwebrtc's transport_feedback_unittest.cc, which assert the padded size of each packet. */
    @Test
    void shouldChooseChunksLikeLibwebrtc()
    {
        assertLibwebrtcSize(32, 1, MS, 1, 2, 7, 8, 9, 10, 13);
        assertLibwebrtcSize(32, 1, MS, 1, 2, 7, 8, 9, 10, 13, 14);
        assertLibwebrtcSize(28, 1, MS, 0xFFFD, 0xFFFE, 0xFFFF, 0, 1, 2);
        assertLibwebrtcSize(28, 1, MS, 0xFFFD, 0xFFFE, 1, 2);
        assertLibwebrtcSize(32, 1, 64 * MS, 1, 2, 6, 7);
        assertLibwebrtcSize(36, 2, 64 * MS, 1, 2, 6, 7, 8);

        assertSize(32, 2, new int[]{ 1, 2, 6, 7, 8 }, new long[]{ 2 * MS, MS, 4 * MS, 3 * MS, 67 * MS });
        assertSize(28, 3, new int[]{ 0, 8191 + 14 }, new long[]{ MS, 2 * MS });
        assertSize(28, 3, new int[]{ 0, 14 * 2 + 1 }, new long[]{ MS, 2 * MS });
        assertSize(28, 1, new int[]{ 0, 6 }, new long[]{ 0, 64 * MS });
        assertSize(28, 2, new int[]{ 0, 7 }, new long[]{ 0, 64 * MS });

        final int[] sequences = new int[22];
        final long[] times = new long[22];
        times[0] = MS;
        for (int i = 1; i < sequences.length; i++)
        {
            sequences[i] = i;
            times[i] = times[i - 1] + (8 == i ? 64 * MS : MS);
        }
        assertSize(52, 3, sequences, times);
    }

    @Test
    void shouldSplitVectorChunksAroundLargeDeltaLikeLibwebrtc()
    {
        for (int smallDeltas = 0; smallDeltas <= 15; smallDeltas++)
        {
            final int[] sequences = new int[smallDeltas + 1];
            final long[] times = new long[smallDeltas + 1];
            for (int i = 0; i <= smallDeltas; i++)
            {
                sequences[i] = i;
                times[i] = i * MS + (i == smallDeltas ? 64 * MS : 0);
            }
            builder.reset(1, 2, 0, 0L, 0);
            for (int i = 0; i <= smallDeltas; i++)
            {
                assertTrue(builder.addReceived(sequences[i], times[i]));
            }
            assertRoundTrip(sequences, times);
        }
    }

    @Test
    void shouldEnforceLibwebrtcLimits()
    {
        builder.reset(1, 2, 0, 0L, 0);
        assertTrue(builder.addReceived(0, 0));
        assertTrue(builder.addReceived(0x8000, MS));

        builder.reset(1, 2, 0, 0L, 0);
        assertTrue(builder.addReceived(0, 0));
        assertFalse(builder.addReceived(0x8001, MS), "more than half the sequence space ahead");

        builder.reset(1, 2, 0, 0L, 0);
        assertTrue(builder.addReceived(0, 0));
        assertTrue(builder.addReceived(0x8000, MS));
        assertTrue(builder.addReceived(0xFFFE, 2 * MS));
        assertFalse(builder.addReceived(0xFFFF, 3 * MS), "status count would be 65536");
        assertEquals(0xFFFF, builder.statusCount());
        assertRoundTripStatusCount(0xFFFF, 3);

        builder.reset(1, 2, 0, 0L, 0);
        assertFalse(builder.addReceived(1, 32_768 * 250L));
        assertTrue(builder.addReceived(1, 32_767 * 250L));

        final long baseUs = 1_000_000L * 1_000_000;
        builder.reset(1, 2, 0, baseUs, 0);
        assertFalse(builder.addReceived(1, baseUs - 32_769 * 250L));
        assertTrue(builder.addReceived(1, baseUs - 32_768 * 250L));
    }

    @Test
    void shouldRoundDeltasFromQuantizedTimeSoPacketsTwoHundredMicrosApartAreNotAllZero()
    {
        final int packets = 1000;
        builder.reset(1, 2, 0, 0);
        for (int i = 0; i < packets; i++)
        {
            assertTrue(builder.addReceived(i, i * 200L));
            assertTrue(Math.abs(builder.lastArrivalTimeUs() - i * 200L) <= 125, "packet " + i);
        }
        final byte[] packet = build();
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        int zeroDeltas = 0;
        long deltaSumTicks = 0;
        for (int i = 0; i < packets; i++)
        {
            assertTrue(feedback.next());
            final long errorUs = feedback.arrivalTimeUs() - i * 200L;
            assertTrue(Math.abs(errorUs) <= 125, "packet " + i + " off by " + errorUs);
            zeroDeltas += 0 == feedback.deltaTicks() ? 1 : 0;
            deltaSumTicks += feedback.deltaTicks();
        }
        assertEquals(201, zeroDeltas, "the first delta, then one in five, is 0; the others are 1 tick");
        assertTrue(Math.abs(deltaSumTicks * 250 - (packets - 1) * 200L) <= 125);
    }

    @Test
    void shouldSplitWhenDeltaDoesNotFit()
    {
        final long startUs = 5_000_000;
        builder.reset(1, 2, 100, 0);
        assertTrue(builder.addReceived(100, startUs));
        assertTrue(builder.addReceived(101, startUs + 1_000));
        final byte[] before = build();
        assertFalse(builder.addReceived(103, startUs + 9_000_000), "+9 s exceeds +8191.75 ms");
        assertFalse(builder.addReceived(103, startUs - 9_000_000), "-9 s exceeds -8192 ms");
        assertArrayEquals(before, build(), "a refused packet leaves the feedback unchanged");

        builder.reset(1, 2, 103, 1);
        assertTrue(builder.addReceived(103, startUs + 9_000_000));
        final byte[] after = build();
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(after), 0, after.length).validate());
        assertEquals(103, feedback.baseSequenceNumber());
        assertEquals((startUs + 9_000_000) / 64_000, feedback.referenceTime());
        assertTrue(feedback.next());
        assertEquals(startUs + 9_000_000, feedback.arrivalTimeUs());
    }

    @Test
    void shouldSplitWhenPacketWouldExceedSizeLimit()
    {
        final TransportFeedbackBuilder small = new TransportFeedbackBuilder(64);
        small.reset(1, 2, 0, 0);
        int seq = 0;
        while (small.addReceived(seq, seq * 100_000L))
        {
            seq++;
        }
        final byte[] packet = new byte[small.lengthBytes()];
        assertEquals(packet.length, small.build(new UnsafeBuffer(packet), 0));
        assertTrue(packet.length <= 64);
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        assertEquals(seq, feedback.packetStatusCount());
        assertEquals(20, seq, "1 small and 19 large deltas in a 2-bit vector and a run: 20 + 4 + 39 = 63 bytes");
        for (int i = 0; i < seq; i++)
        {
            assertTrue(feedback.next());
            assertEquals(i * 100_000L, feedback.arrivalTimeUs());
        }
        small.reset(1, 2, seq, 1);
        assertTrue(small.addReceived(seq, seq * 100_000L));
    }

    @Test
    void shouldRefuseOldOrDuplicateSequenceNumbers()
    {
        builder.reset(1, 2, 10, 0);
        assertFalse(builder.addReceived(9, 0), "before the base");
        assertTrue(builder.addReceived(12, 0));
        assertFalse(builder.addReceived(12, 0), "duplicate");
        assertFalse(builder.addReceived(11, 0), "reordered");
        assertEquals(3, builder.statusCount());
        assertEquals(1, builder.receivedCount());
    }

    @Test
    void shouldFloorReferenceTimeAndKeepItsLowTwentyFourBits()
    {
        builder.reset(1, 2, 0, 0);
        assertTrue(builder.addReceived(0, -1));
        assertEquals(-1, builder.referenceTicks());
        byte[] packet = build();
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        assertEquals(0xFFFFFF, feedback.referenceTime());
        assertEquals(-1, feedback.referenceTimeSigned());
        assertTrue(feedback.next());
        assertEquals(256, feedback.deltaTicks(), "63.999 ms after the reference rounds to 64 ms");

        final long wrapTicks = 1L << 24;
        builder.reset(1, 2, 0, 0);
        assertTrue(builder.addReceived(0, (wrapTicks + 3) * 64_000 + 63_000));
        packet = build();
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        assertEquals(3, feedback.referenceTime());
        assertEquals(wrapTicks + 3, builder.referenceTicks());
        feedback.resetCursor(TransportFeedback.unwrapReferenceTime(wrapTicks - 1, feedback.referenceTime()));
        assertTrue(feedback.next());
        assertEquals((wrapTicks + 3) * 64_000 + 63_000, feedback.arrivalTimeUs());
    }

    @Test
    void shouldKeepBaseTimeConsistentAcrossReferenceWrapLikeLibwebrtc()
    {
        final long maxBaseUs = ((1L << 24) - 1) * 64_000;
        builder.reset(1, 2, 0, maxBaseUs, 0);
        assertTrue(builder.addReceived(0, maxBaseUs));
        byte[] packet = build();
        feedback.wrap(new UnsafeBuffer(packet), 0, packet.length);
        assertEquals(WireStatus.OK, feedback.validate());
        final long first = feedback.referenceTime();

        builder.reset(1, 2, 1, maxBaseUs + 64_000, 1);
        assertTrue(builder.addReceived(1, maxBaseUs + 64_000));
        packet = build();
        feedback.wrap(new UnsafeBuffer(packet), 0, packet.length);
        assertEquals(WireStatus.OK, feedback.validate());
        assertEquals(0, feedback.referenceTime());
        assertEquals(first + 1, TransportFeedback.unwrapReferenceTime(first, feedback.referenceTime()));
    }

    @Test
    void shouldReportManyMaximalNegativeDeltas()
    {
        final TransportFeedbackBuilder large = new TransportFeedbackBuilder(RtcpHeader.MAX_PACKET_LENGTH);
        long timeUs = 1_000L * (1L << 24) * 64_000;
        large.reset(1, 2, 0, timeUs, 0);
        int seq = 0;
        timeUs -= 32_768 * 250L;
        while (large.addReceived(++seq, timeUs))
        {
            timeUs -= 32_768 * 250L;
        }
        assertEquals(0xFFFF, large.statusCount());
        final byte[] packet = new byte[large.lengthBytes()];
        assertEquals(packet.length, large.build(new UnsafeBuffer(packet), 0));
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        assertEquals(0xFFFE, feedback.receivedCount());
        assertTrue(feedback.next());
        assertFalse(feedback.received());
        while (feedback.next())
        {
            assertEquals(Short.MIN_VALUE, feedback.deltaTicks());
        }
    }

    @Test
    void shouldReportErrorsInsteadOfWritingBadPackets()
    {
        builder.reset(1, 2, 0, 0);
        assertEquals(WireStatus.BAD_COUNT, builder.build(new UnsafeBuffer(new byte[64]), 0));
        assertEquals(0, builder.lengthBytes());
        assertTrue(builder.addReceived(0, 0));
        assertEquals(24, builder.lengthBytes());
        assertEquals(WireStatus.TRUNCATED, builder.build(new UnsafeBuffer(new byte[23]), 0));
        assertEquals(WireStatus.TRUNCATED, builder.build(new UnsafeBuffer(new byte[64]), 41));
        assertEquals(WireStatus.TRUNCATED, builder.build(new UnsafeBuffer(new byte[64]), -1));
        assertEquals(24, builder.build(new UnsafeBuffer(new byte[64]), 40));

        final ExpandableArrayBuffer expandable = new ExpandableArrayBuffer(8);
        assertEquals(24, builder.build(expandable, 100));
        assertEquals(WireStatus.OK, feedback.wrap(expandable, 100, 24).validate());

        assertThrows(IllegalArgumentException.class, () -> new TransportFeedbackBuilder(23));
        assertThrows(
            IllegalArgumentException.class, () -> new TransportFeedbackBuilder(RtcpHeader.MAX_PACKET_LENGTH + 4));
    }

    @Test
    void shouldForgetEverythingOnReset()
    {
        builder.reset(7, 8, 500, 9);
        assertTrue(builder.addReceived(510, 123_456_789));
        builder.reset(1, 2, 0, 0);
        assertTrue(builder.addReceived(0, 4_000));
        final byte[] packet = build();
        // Built by hand from the draft's fields: base 0, 1 status, reference 0, run of 1 small delta (16), 1 pad byte.
        assertArrayEquals(bytes("af cd 00 05 00 00 00 01 00 00 00 02 00 00 00 01 00 00 00 00 20 01 10 01"), packet);
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        assertEquals(1, feedback.packetStatusCount());
        assertEquals(0, feedback.referenceTime());
        assertEquals(1, feedback.senderSsrc());
    }

    private byte[] build()
    {
        final byte[] packet = new byte[builder.lengthBytes()];
        assertEquals(packet.length, builder.build(new UnsafeBuffer(packet), 0));
        return packet;
    }

    /** libwebrtc's FeedbackTester timing: each packet arrives at sequence x spacing, sequences unwrapped. */
    private void assertLibwebrtcSize(final int expectedBytes, final int expectedChunks, final long spacingUs,
        final int... sequences)
    {
        final long[] times = new long[sequences.length];
        long wraps = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            if (i > 0 && sequences[i] < sequences[i - 1])
            {
                wraps++;
            }
            times[i] = (wraps * 0x10000 + sequences[i]) * spacingUs;
        }
        assertSize(expectedBytes, expectedChunks, sequences, times);
    }

    private void assertSize(final int expectedBytes, final int expectedChunks, final int[] sequences,
        final long[] timesUs)
    {
        builder.reset(1, 2, sequences[0], timesUs[0], 0);
        for (int i = 0; i < sequences.length; i++)
        {
            assertTrue(builder.addReceived(sequences[i], timesUs[i]), "packet " + i);
        }
        assertEquals(expectedBytes, builder.lengthBytes());
        assertEquals(expectedChunks, assertRoundTrip(sequences, timesUs));
    }

    /** Build, parse, compare every reported packet with the input; return the number of chunks. */
    private int assertRoundTrip(final int[] sequences, final long[] timesUs)
    {
        final byte[] packet = build();
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        feedback.resetCursor(builder.referenceTicks());
        int index = 0;
        while (feedback.next())
        {
            if (feedback.received())
            {
                assertEquals(sequences[index], feedback.sequenceNumber());
                assertTrue(Math.abs(feedback.arrivalTimeUs() - timesUs[index]) <= 125);
                index++;
            }
        }
        assertEquals(sequences.length, index);
        int deltaBytes = 0;
        feedback.resetCursor();
        while (feedback.next())
        {
            deltaBytes += feedback.symbol();
        }
        final int padding = 0 != (packet[0] & 0x20) ? packet[packet.length - 1] & 0xFF : 0;
        return (packet.length - padding - TransportFeedback.CHUNKS_OFFSET - deltaBytes) / 2;
    }

    private void assertRoundTripStatusCount(final int statusCount, final int receivedCount)
    {
        final byte[] packet = build();
        assertEquals(WireStatus.OK, feedback.wrap(new UnsafeBuffer(packet), 0, packet.length).validate());
        assertEquals(statusCount, feedback.packetStatusCount());
        assertEquals(receivedCount, feedback.receivedCount());
    }
}
