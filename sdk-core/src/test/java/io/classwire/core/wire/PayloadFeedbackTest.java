package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtcpVectors.LIBWEBRTC_FIR;
import static io.classwire.core.wire.RtcpVectors.PION_REAL_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static io.classwire.core.wire.RtcpVectors.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Picture loss indication and full intra request: the two payload-specific feedback messages.
 */
class PayloadFeedbackTest
{
    private final PictureLossIndication pli = new PictureLossIndication();
    private final FullIntraRequest fir = new FullIntraRequest();

    @Test
    void shouldParseAndBuildPliFromPacketDump()
    {
        final UnsafeBuffer buffer = buffer(PION_REAL_COMPOUND);
        assertEquals(WireStatus.OK, pli.wrap(buffer, 92, 12).validate());
        assertEquals(0x902f9e2e, pli.senderSsrc());
        assertEquals(0x902f9e2e, pli.mediaSsrc());

        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertEquals(12, PictureLossIndication.build(out, 0, 16, 0x902f9e2e, 0x902f9e2e));
        assertArrayEquals(Arrays.copyOfRange(PION_REAL_COMPOUND, 92, 104), copy(out, 0, 12));
        assertEquals(WireStatus.TRUNCATED, PictureLossIndication.build(out, 5, 16, 1, 2), "clipped to the buffer");
    }

    @Test
    void shouldRejectPliWithFciPaddingOrOtherFormat()
    {
        // RFC 4585 section 6.3.1: the length field MUST be 2 and there MUST NOT be any FCI.
        assertEquals(WireStatus.BAD_LENGTH, validatePli(bytes(0x81, 206, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 0)));
        assertEquals(WireStatus.BAD_LENGTH, validatePli(bytes(0xA1, 206, 0, 3, 0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 4)));
        assertEquals(WireStatus.TRUNCATED, validatePli(bytes(0x81, 206, 0, 1, 0, 0, 0, 1)));
        // The RRR (RTPFB FMT 5) of the packet dump has a PLI's shape but not its type.
        assertEquals(WireStatus.BAD_TYPE, pli.wrap(buffer(PION_REAL_COMPOUND), 104, 12).validate());
        final byte[] firHeader = Arrays.copyOf(LIBWEBRTC_FIR, 12);
        firHeader[3] = 2;
        assertEquals(WireStatus.BAD_TYPE, validatePli(firHeader));
    }

    @Test
    void shouldParseAndBuildFirByteExact()
    {
        assertEquals(WireStatus.OK, fir.wrap(buffer(LIBWEBRTC_FIR), 0, LIBWEBRTC_FIR.length).validate());
        assertEquals(0x12345678, fir.senderSsrc());
        assertEquals(0, fir.mediaSsrc());
        assertEquals(1, fir.entryCount());
        assertEquals(0x23456789, fir.entrySsrc(0));
        assertEquals(13, fir.entrySeqNr(0));

        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = FullIntraRequest.build(out, 0, 64, 0x12345678, new int[]{ 0x23456789 }, new int[]{ 13 }, 1);
        assertArrayEquals(LIBWEBRTC_FIR, copy(out, 0, length));
    }

    @Test
    void shouldRejectFirWithoutWholeEntries()
    {
        // libwebrtc rtcp_packet/fir_unittest.cc: no FCI entry, and one and a half entries.
        assertEquals(WireStatus.BAD_LENGTH, validateFir(Arrays.copyOf(LIBWEBRTC_FIR, 12), 2));
        final byte[] oneAndHalf = Arrays.copyOf(LIBWEBRTC_FIR, 24);
        oneAndHalf[3] = 5;
        assertEquals(WireStatus.BAD_LENGTH, validateFir(oneAndHalf, 5));
        final byte[] pliFormat = LIBWEBRTC_FIR.clone();
        pliFormat[0] = (byte)0x81;
        assertEquals(WireStatus.BAD_TYPE, fir.wrap(buffer(pliFormat), 0, pliFormat.length).validate());
    }

    @Test
    void shouldRejectBadFirBuilderArguments()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        assertEquals(WireStatus.BAD_COUNT, FullIntraRequest.build(out, 0, 64, 1, new int[1], new int[1], 0));
        assertEquals(WireStatus.BAD_COUNT, FullIntraRequest.build(out, 0, 64, 1, new int[2], new int[1], 2));
        assertEquals(WireStatus.TRUNCATED, FullIntraRequest.build(out, 0, 27, 1, new int[2], new int[2], 2));
    }

    @Test
    void shouldRoundTripRandomFirsAndPlis()
    {
        final long seed = 0x5EED_0007L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        final int[] ssrcs = new int[64];
        final int[] seqNrs = new int[64];
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int offset = random.nextInt(16);
            final int sender = random.nextInt();
            final int count = 1 + random.nextInt(64);
            for (int i = 0; i < count; i++)
            {
                ssrcs[i] = random.nextInt();
                seqNrs[i] = random.nextInt();
            }
            final int length = FullIntraRequest.build(out, offset, 1024 - offset, sender, ssrcs, seqNrs, count);
            assertEquals(12 + 8 * count, length, context);
            assertEquals(WireStatus.OK, fir.wrap(out, offset, length).validate(), context);
            assertEquals(sender, fir.senderSsrc(), context);
            assertEquals(count, fir.entryCount(), context);
            for (int i = 0; i < count; i++)
            {
                assertEquals(ssrcs[i], fir.entrySsrc(i), context);
                assertEquals(seqNrs[i] & 0xFF, fir.entrySeqNr(i), context);
            }

            final int media = random.nextInt();
            assertEquals(12, PictureLossIndication.build(out, offset, 12, sender, media), context);
            assertEquals(WireStatus.OK, pli.wrap(out, offset, 12).validate(), context);
            assertEquals(sender, pli.senderSsrc(), context);
            assertEquals(media, pli.mediaSsrc(), context);
        }
    }

    private int validatePli(final byte[] packet)
    {
        return pli.wrap(buffer(packet), 0, packet.length).validate();
    }

    private int validateFir(final byte[] packet, final int lengthWords)
    {
        packet[3] = (byte)lengthWords;
        return fir.wrap(buffer(packet), 0, packet.length).validate();
    }
}
