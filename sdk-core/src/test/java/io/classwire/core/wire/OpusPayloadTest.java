package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static io.classwire.core.wire.RtpPacketTest.bytes;
import static io.classwire.core.wire.RtpPacketTest.regionEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Vectors here are built by hand from the field definitions of RFC 6716 sections 3.1 and 3.2; the frame bytes are
 * filler, since the framing layer does not look inside frames.
 */
class OpusPayloadTest
{
    private final OpusPayload opus = new OpusPayload();
    private final OpusPayloadWriter writer = new OpusPayloadWriter();

    @Test
    void shouldMapEveryConfigAsRfc6716Table2()
    {
        final int nb = OpusPayload.BANDWIDTH_NARROWBAND;
        final int mb = OpusPayload.BANDWIDTH_MEDIUMBAND;
        final int wb = OpusPayload.BANDWIDTH_WIDEBAND;
        final int swb = OpusPayload.BANDWIDTH_SUPERWIDEBAND;
        final int fb = OpusPayload.BANDWIDTH_FULLBAND;
        final int[] bandwidths = {
            nb, nb, nb, nb, mb, mb, mb, mb, wb, wb, wb, wb, swb, swb, fb, fb,
            nb, nb, nb, nb, wb, wb, wb, wb, swb, swb, swb, swb, fb, fb, fb, fb };
        final int[] samples = {
            480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 1920, 2880, 480, 960, 480, 960,
            120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960, 120, 240, 480, 960 };
        for (int config = 0; config < 32; config++)
        {
            final int expectedMode = config < 12 ? OpusPayload.MODE_SILK :
                config < 16 ? OpusPayload.MODE_HYBRID : OpusPayload.MODE_CELT;
            assertEquals(expectedMode, OpusPayload.mode(config), "config " + config);
            assertEquals(bandwidths[config], OpusPayload.bandwidth(config), "config " + config);
            assertEquals(samples[config], OpusPayload.frameSizeSamples(config), "config " + config);
            final int toc = OpusPayload.toc(config, (config & 1) == 0, config & 3);
            assertEquals(config, OpusPayload.config(toc));
            assertEquals((config & 1) == 0, OpusPayload.stereo(toc));
            assertEquals(config & 3, OpusPayload.frameCountCode(toc));
        }
    }

    @Test
    void shouldParseCodeZeroHybridFullbandFrame()
    {
        // TOC 0x78: config 15 (hybrid fullband 20 ms), mono, code 0 - what WebRTC voice typically sends.
        assertEquals(WireStatus.OK, opus.wrap(bytes(0x78, 0xA1, 0xA2, 0xA3), 0, 4).validate());
        assertEquals(15, opus.config());
        assertFalse(opus.stereo());
        assertEquals(OpusPayload.CODE_ONE_FRAME, opus.frameCountCode());
        assertEquals(1, opus.frameCount());
        assertEquals(1, opus.frameOffset(0));
        assertEquals(3, opus.frameLength(0));
        assertEquals(960, opus.durationSamples());

        assertEquals(WireStatus.OK, opus.wrap(bytes(0x78), 0, 1).validate(), "a TOC alone is a zero-length frame");
        assertEquals(0, opus.frameLength(0));
    }

    @Test
    void shouldParseTwoFrameCodes()
    {
        assertEquals(WireStatus.OK, opus.wrap(bytes(0x0D, 1, 2, 3, 4), 0, 5).validate());
        assertTrue(opus.stereo());
        assertEquals(2, opus.frameCount());
        assertEquals(2, opus.frameLength(1));
        assertEquals(3, opus.frameOffset(1));
        assertEquals(1920, opus.durationSamples(), "config 1 is SILK NB 20 ms");

        assertEquals(WireStatus.OK, opus.wrap(bytes(0x7A, 0x01, 0xAA, 0xBB, 0xCC), 0, 5).validate());
        assertEquals(1, opus.frameLength(0));
        assertEquals(2, opus.frameOffset(0));
        assertEquals(2, opus.frameLength(1));
        assertEquals(3, opus.frameOffset(1));

        final UnsafeBuffer twoByteLength = new UnsafeBuffer(new byte[3 + 256 + 5]);
        twoByteLength.putByte(0, (byte)0x7A);
        twoByteLength.putByte(1, (byte)252);
        twoByteLength.putByte(2, (byte)1); // 4 x 1 + 252 = 256
        assertEquals(WireStatus.OK, opus.wrap(twoByteLength, 0, twoByteLength.capacity()).validate());
        assertEquals(256, opus.frameLength(0));
        assertEquals(3, opus.frameOffset(0));
        assertEquals(5, opus.frameLength(1));
    }

    @Test
    void shouldParseCodeThreeCbrVbrAndPadding()
    {
        assertEquals(WireStatus.OK, opus.wrap(bytes(0x7B, 0x03, 1, 1, 2, 2, 3, 3), 0, 8).validate());
        assertFalse(opus.vbr());
        assertEquals(3, opus.frameCount());
        assertEquals(6, opus.frameOffset(2));
        assertEquals(2, opus.frameLength(2));

        // v=1 p=1 M=2, padding length 2, frame 1 length 1, frames 0xAA | 0xBB 0xCC, two padding bytes.
        assertEquals(WireStatus.OK, opus.wrap(bytes(0x7B, 0xC2, 0x02, 0x01, 0xAA, 0xBB, 0xCC, 0, 0), 0, 9).validate());
        assertTrue(opus.vbr());
        assertEquals(2, opus.paddingLength());
        assertEquals(4, opus.frameOffset(0));
        assertEquals(1, opus.frameLength(0));
        assertEquals(5, opus.frameOffset(1));
        assertEquals(2, opus.frameLength(1));

        // Padding length 255 means 254 and another length byte follows: 254 + 1 = 255 padding bytes.
        final UnsafeBuffer chained = new UnsafeBuffer(new byte[4 + 3 + 255]);
        chained.putByte(0, (byte)0x7B);
        chained.putByte(1, (byte)0x41);
        chained.putByte(2, (byte)0xFF);
        chained.putByte(3, (byte)0x01);
        assertEquals(WireStatus.OK, opus.wrap(chained, 0, chained.capacity()).validate());
        assertEquals(255, opus.paddingLength());
        assertEquals(3, opus.frameLength(0));
        assertEquals(4, opus.frameOffset(0));
    }

    @Test
    void shouldRejectEachRuleViolation()
    {
        assertEquals(WireStatus.TRUNCATED, opus.wrap(bytes(0x78), 0, 0).validate(), "R1");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(new UnsafeBuffer(new byte[1277]), 0, 1277).validate(), "R2");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x79, 1, 2, 3), 0, 4).validate(), "R3");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x7A), 0, 1).validate(), "R4 no length");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x7A, 0xFC), 0, 2).validate(), "R4 half length");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x7A, 0x05, 1, 2), 0, 4).validate(), "R4 too long");
        assertEquals(WireStatus.TRUNCATED, opus.wrap(bytes(0x7B), 0, 1).validate(), "R6 no count byte");
        assertEquals(WireStatus.BAD_COUNT, opus.wrap(bytes(0x7B, 0x00), 0, 2).validate(), "R5 zero frames");
        assertEquals(WireStatus.BAD_COUNT, opus.wrap(bytes(0x1B, 0x03, 0, 0, 0), 0, 5).validate(), "R5 180 ms");
        assertEquals(WireStatus.BAD_COUNT, opus.wrap(bytes(0x83, 49), 0, 2).validate(), "R5 49 frames");
        assertEquals(WireStatus.OK, opus.wrap(bytes(0x83, 48), 0, 2).validate(), "48 empty 2.5 ms frames");
        assertEquals(48, opus.frameCount());
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x7B, 0x02, 1, 2, 3), 0, 5).validate(), "R6 uneven");
        assertEquals(WireStatus.BAD_PADDING, opus.wrap(bytes(0x7B, 0x41, 0x05, 1), 0, 4).validate(), "R6 padding");
        assertEquals(WireStatus.BAD_PADDING, opus.wrap(bytes(0x7B, 0x41, 0xFF), 0, 3).validate(), "R6 chain");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x7B, 0x82, 0x05, 1, 2), 0, 5).validate(), "R7");
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(bytes(0x7B, 0x82), 0, 2).validate(), "R7 no length");

        final UnsafeBuffer cbr = new UnsafeBuffer(new byte[2 + 2 * 1276]);
        cbr.putByte(0, (byte)0x7B);
        cbr.putByte(1, (byte)0x02);
        assertEquals(WireStatus.BAD_LENGTH, opus.wrap(cbr, 0, cbr.capacity()).validate(), "R2 via CBR");
        assertEquals(WireStatus.TRUNCATED, opus.wrap(bytes(0x78), 1, 1).validate(), "region past the buffer");
    }

    @Test
    void shouldPickCompactCodesWhenWriting()
    {
        final UnsafeBuffer frames = new UnsafeBuffer(new byte[2048]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        writer.reset(15, false);
        writer.addFrame(frames, 0, 3);
        assertEquals(OpusPayload.CODE_ONE_FRAME, writer.code());
        assertEquals(4, writer.write(out, 0, 4));
        assertEquals(0x78, out.getByte(0) & 0xFF);

        writer.addFrame(frames, 0, 3);
        assertEquals(OpusPayload.CODE_TWO_EQUAL_FRAMES, writer.code());
        writer.reset(15, false);
        writer.addFrame(frames, 0, 300);
        writer.addFrame(frames, 0, 3);
        assertEquals(OpusPayload.CODE_TWO_FRAMES, writer.code());
        assertEquals(1 + 2 + 303, writer.length());
        writer.paddingLength(10);
        assertEquals(OpusPayload.CODE_ARBITRARY_FRAMES, writer.code());

        assertEquals(WireStatus.BAD_LENGTH, writer.addFrame(frames, 0, 1276));
        writer.reset(3, false); // SILK NB 60 ms: two frames fill 120 ms
        assertEquals(WireStatus.OK, writer.addFrame(frames, 0, 1));
        assertEquals(WireStatus.OK, writer.addFrame(frames, 0, 1));
        assertEquals(WireStatus.BAD_COUNT, writer.addFrame(frames, 0, 1));
        assertEquals(WireStatus.OVERSIZED, writer.write(out, 0, 2));
        assertEquals(WireStatus.BAD_COUNT, writer.reset(3, false).write(out, 0, 100));
        assertEquals(WireStatus.BAD_VALUE, writer.reset(32, false).write(out, 0, 100));
    }

    @Test
    void shouldRoundTripRandomFrameSets()
    {
        final long seed = 0x5EED_0005L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer source = new UnsafeBuffer(new byte[4096]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[70_000]);
        final int[] lengths = new int[OpusPayload.MAX_FRAMES];
        final int[] sourceOffsets = new int[OpusPayload.MAX_FRAMES];
        for (int i = 0; i < source.capacity(); i++)
        {
            source.putByte(i, (byte)random.nextInt(256));
        }
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int config = random.nextInt(32);
            final boolean stereo = random.nextBoolean();
            final int maxFrames = OpusPayload.MAX_DURATION_SAMPLES / OpusPayload.frameSizeSamples(config);
            final int count = 1 + random.nextInt(maxFrames);
            final boolean equal = random.nextInt(3) == 0;
            writer.reset(config, stereo).paddingLength(random.nextInt(4) == 0 ? random.nextInt(600) : 0);
            for (int i = 0; i < count; i++)
            {
                lengths[i] = equal && i > 0 ? lengths[0] : randomFrameLength(random);
                sourceOffsets[i] = random.nextInt(source.capacity() - lengths[i]);
                assertEquals(WireStatus.OK, writer.addFrame(source, sourceOffsets[i], lengths[i]), context);
            }
            final int offset = random.nextInt(4);
            final int written = writer.write(out, offset, out.capacity() - offset);
            assertEquals(writer.length(), written, context);

            assertEquals(WireStatus.OK, opus.wrap(out, offset, written).validate(), context);
            assertEquals(config, opus.config(), context);
            assertEquals(stereo, opus.stereo(), context);
            assertEquals(writer.code(), opus.frameCountCode(), context);
            assertEquals(count, opus.frameCount(), context);
            for (int i = 0; i < count; i++)
            {
                assertEquals(lengths[i], opus.frameLength(i), context);
                assertTrue(regionEquals(out, opus.frameOffset(i), source, sourceOffsets[i], lengths[i]), context);
            }
        }
    }

    private static int randomFrameLength(final SplittableRandom random)
    {
        switch (random.nextInt(4))
        {
            case 0: return random.nextInt(252);
            case 1: return 250 + random.nextInt(8);
            case 2: return OpusPayload.MAX_FRAME_LENGTH - random.nextInt(4);
            default: return random.nextInt(OpusPayload.MAX_FRAME_LENGTH + 1);
        }
    }
}
