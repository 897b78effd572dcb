package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds {@link WireFuzz#ITERATIONS} inputs to each RTP-side parser, half random bytes and half mutations of valid
 * packets from the matching builder (plus targeted edits of the format's length fields). Each parser must return a
 * status without throwing, reading only inside its region (the fuzz view ends at the input's last byte), and
 * whatever it accepts must satisfy the accessors' documented bounds. A failure names the seed, iteration and input.
 */
class RtpFuzzTest
{
    private static final int MAX_INPUT = 1600;
    private static final int CORPUS_SIZE = 256;

    /** Parses one input and checks invariants; returns the parser's status. */
    private interface Target
    {
        int parse(UnsafeBuffer buffer, int offset, int length);
    }

    /** Points at a length-like field of a valid corpus packet, or -1 for none. */
    private interface LengthFields
    {
        int fieldOffset(byte[] packet, int length, SplittableRandom random);
    }

    private final RtpPacket packet = new RtpPacket();
    private final RtpPacket restoredPacket = new RtpPacket();
    private final HeaderExtensionReader reader = new HeaderExtensionReader();
    private final RtxPayload rtx = new RtxPayload();
    private final RedPayload red = new RedPayload();
    private final OpusPayload opus = new OpusPayload();
    private final UnsafeBuffer restored = new UnsafeBuffer(new byte[RtpPacket.MAX_PACKET_LENGTH]);

    @Test
    void shouldNeverThrowOnFuzzedRtpPackets()
    {
        final long seed = 0xF022_0001L;
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final int[] lengths = new int[CORPUS_SIZE];
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            lengths[i] = buildRandomPacket(random, corpus[i] = new byte[MAX_INPUT]);
        }
        final int[] histogram = fuzz(seed, corpus, lengths, this::parseRtp, RtpFuzzTest::rtpLengthField);
        assertReachedDeep(histogram, WireStatus.BAD_VERSION, WireStatus.BAD_COUNT, WireStatus.BAD_LENGTH,
            WireStatus.BAD_PADDING, WireStatus.TRUNCATED);
    }

    @Test
    void shouldNeverThrowOnFuzzedHeaderExtensionBlocks()
    {
        final long seed = 0xF022_0002L;
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final int[] lengths = new int[CORPUS_SIZE];
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        final HeaderExtensionWriter writer = new HeaderExtensionWriter();
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            corpus[i] = new byte[MAX_INPUT];
            writer.reset().forceTwoByte(random.nextInt(4) == 0);
            addRandomElements(random, writer);
            lengths[i] = writer.write(new UnsafeBuffer(corpus[i]), 0, MAX_INPUT);
        }
        final int[] histogram = fuzz(seed, corpus, lengths, this::parseExtensionBlock, (p, l, r) -> -1);
        assertReachedDeep(histogram, WireStatus.BAD_TYPE, WireStatus.BAD_LENGTH, WireStatus.BAD_VALUE);
    }

    @Test
    void shouldNeverThrowOnFuzzedRtxPackets()
    {
        final long seed = 0xF022_0003L;
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final int[] lengths = new int[CORPUS_SIZE];
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        final byte[] original = new byte[MAX_INPUT];
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            final int originalLength = buildRandomPacket(random, original);
            packet.wrap(new UnsafeBuffer(original), 0, originalLength).validate();
            corpus[i] = new byte[MAX_INPUT];
            lengths[i] = RtxPayload.writeRtx(
                packet, 97, random.nextInt(), random.nextInt(65536), new UnsafeBuffer(corpus[i]), 0, MAX_INPUT);
        }
        final int[] histogram = fuzz(seed, corpus, lengths, this::parseRtx, RtpFuzzTest::rtpLengthField);
        assertReachedDeep(histogram, WireStatus.TRUNCATED, WireStatus.BAD_LENGTH);
    }

    @Test
    void shouldNeverThrowOnFuzzedRedPayloads()
    {
        final long seed = 0xF022_0004L;
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final int[] lengths = new int[CORPUS_SIZE];
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        final RedPayloadWriter writer = new RedPayloadWriter();
        final UnsafeBuffer source = randomSource(random);
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            corpus[i] = new byte[MAX_INPUT];
            writer.reset();
            for (int b = random.nextInt(4); b > 0; b--)
            {
                writer.addRedundant(random.nextInt(128), random.nextInt(16384), source, 0, random.nextInt(120));
            }
            lengths[i] = writer.write(
                random.nextInt(128), source, 0, random.nextInt(300), new UnsafeBuffer(corpus[i]), 0, MAX_INPUT);
        }
        final int[] histogram = fuzz(seed, corpus, lengths, this::parseRed, RtpFuzzTest::redLengthField);
        assertReachedDeep(histogram, WireStatus.TRUNCATED, WireStatus.BAD_LENGTH);
    }

    @Test
    void shouldNeverThrowOnFuzzedOpusPayloads()
    {
        final long seed = 0xF022_0005L;
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final int[] lengths = new int[CORPUS_SIZE];
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        final OpusPayloadWriter writer = new OpusPayloadWriter();
        final UnsafeBuffer source = randomSource(random);
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            corpus[i] = new byte[MAX_INPUT];
            final int config = random.nextInt(32);
            writer.reset(config, random.nextBoolean());
            writer.paddingLength(random.nextInt(4) == 0 ? random.nextInt(300) : 0);
            final int frames = 1 + random.nextInt(Math.min(6, 5760 / OpusPayload.frameSizeSamples(config)));
            final boolean equal = random.nextBoolean();
            final int first = random.nextInt(260);
            for (int f = 0; f < frames; f++)
            {
                writer.addFrame(source, 0, equal ? first : random.nextInt(260));
            }
            lengths[i] = writer.write(new UnsafeBuffer(corpus[i]), 0, MAX_INPUT);
        }
        final int[] histogram = fuzz(
            seed, corpus, lengths, this::parseOpus, (p, l, r) -> l > 1 ? 1 + r.nextInt(2) : -1);
        assertReachedDeep(histogram, WireStatus.TRUNCATED, WireStatus.BAD_LENGTH, WireStatus.BAD_COUNT,
            WireStatus.BAD_PADDING);
    }

    private int[] fuzz(
        final long seed, final byte[][] corpus, final int[] lengths, final Target target, final LengthFields fields)
    {
        final WireFuzz fuzz = new WireFuzz(seed, MAX_INPUT);
        final SplittableRandom random = fuzz.random();
        final byte[] input = new byte[MAX_INPUT];
        final int[] histogram = new int[WireStatus.CODE_COUNT];
        for (int iteration = 0; iteration < WireFuzz.ITERATIONS; iteration++)
        {
            int length;
            if ((iteration & 1) == 0)
            {
                length = fuzz.randomBytes(input, MAX_INPUT);
            }
            else
            {
                final int pick = random.nextInt(corpus.length);
                System.arraycopy(corpus[pick], 0, input, 0, lengths[pick]);
                length = lengths[pick];
                final int field = random.nextInt(3) == 0 ? fields.fieldOffset(input, length, random) : -1;
                if (field >= 0)
                {
                    fuzz.editField(input, length, field, field + 1 < length && random.nextBoolean() ? 2 : 1);
                }
                if (field < 0 || random.nextBoolean())
                {
                    length = fuzz.mutate(input, length);
                }
            }
            final UnsafeBuffer view = fuzz.view(input, length);
            final int status;
            try
            {
                status = target.parse(view, fuzz.viewOffset(), length);
            }
            catch (final RuntimeException | AssertionError ex)
            {
                throw new AssertionError("seed=" + seed + " iteration=" + iteration + " offset=" + fuzz.viewOffset() +
                    " input=" + WireFuzz.hex(input, length), ex);
            }
            histogram[-status]++;
        }
        return histogram;
    }

    private int parseRtp(final UnsafeBuffer buffer, final int offset, final int length)
    {
        RtpPacket.looksLikeRtp(buffer, offset, length);
        final int status = packet.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            checkPacket(offset, length);
            final int extensionStatus = reader.wrap(packet).validate();
            if (extensionStatus == WireStatus.OK)
            {
                checkElements(buffer);
            }
        }
        return status;
    }

    private void checkPacket(final int offset, final int length)
    {
        assertEquals(2, packet.version());
        final int headerLength = packet.headerLength();
        assertTrue(headerLength >= RtpPacket.FIXED_HEADER_LENGTH && headerLength <= length);
        assertTrue(packet.payloadLength() >= 0 && packet.paddingLength() >= 0);
        assertEquals(offset + length, packet.payloadOffset() + packet.payloadLength() + packet.paddingLength());
        assertTrue(packet.padding() == packet.paddingLength() > 0);
        for (int i = 0; i < packet.csrcCount(); i++)
        {
            packet.csrc(i);
        }
        assertTrue(packet.sequenceNumber() >= 0 && packet.sequenceNumber() <= 0xFFFF);
        assertTrue(packet.payloadType() <= RtpPacket.MAX_PAYLOAD_TYPE);
        if (packet.extension())
        {
            assertTrue(packet.extensionProfile() >= 0);
            assertEquals(packet.payloadOffset(), packet.extensionDataOffset() + packet.extensionDataLength());
        }
    }

    private int parseExtensionBlock(final UnsafeBuffer buffer, final int offset, final int length)
    {
        // Input layout: the 4-byte block header (profile, ignored length), then the element data.
        final int profile = length >= 2 ? buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF : 0xBEDE;
        final int dataOffset = offset + Math.min(length, 4);
        final int dataLength = length - Math.min(length, 4);
        final int status = reader.wrap(buffer, profile, dataOffset, dataLength).validate();
        if (status == WireStatus.OK)
        {
            checkElements(buffer);
        }
        return status;
    }

    private void checkElements(final DirectBuffer buffer)
    {
        final int start = reader.offset();
        final int end = start + reader.length();
        reader.reset();
        int elements = 0;
        while (reader.next())
        {
            elements++;
            assertTrue(reader.dataOffset() >= start && reader.dataOffset() + reader.dataLength() <= end);
            if (reader.isOneByteForm())
            {
                assertTrue(reader.id() >= 1 && reader.id() <= 14);
                assertTrue(reader.dataLength() >= 1 && reader.dataLength() <= 16);
            }
            else
            {
                assertTrue(reader.id() >= 1 && reader.id() <= 255 && reader.dataLength() <= 255);
            }
            final long found = reader.find(reader.id());
            assertTrue(HeaderExtensionReader.packedOffset(found) <= reader.dataOffset());
            if (reader.dataLength() > 0)
            {
                buffer.getByte(reader.dataOffset() + reader.dataLength() - 1);
            }
        }
        assertEquals(WireStatus.OK, reader.status());
        assertTrue(elements <= end - start);
    }

    private int parseRtx(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int status = packet.wrap(buffer, offset, length).validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        checkPacket(offset, length);
        final int rtxStatus = rtx.wrap(buffer, packet.payloadOffset(), packet.payloadLength()).validate();
        if (rtxStatus != WireStatus.OK)
        {
            assertEquals(WireStatus.TRUNCATED, RtxPayload.writeOriginal(packet, 96, 7, restored, 0, 4096));
            return rtxStatus;
        }
        assertEquals(packet.payloadOffset() + packet.payloadLength(),
            rtx.originalPayloadOffset() + rtx.originalPayloadLength());
        final int written = RtxPayload.writeOriginal(packet, 96, 7, restored, 0, restored.capacity());
        assertEquals(packet.headerLength() + rtx.originalPayloadLength(), written);
        assertEquals(WireStatus.OK, restoredPacket.wrap(restored, 0, written).validate());
        assertEquals(rtx.originalSequenceNumber(), restoredPacket.sequenceNumber());
        assertEquals(rtx.originalPayloadLength(), restoredPacket.payloadLength());
        return WireStatus.OK;
    }

    private int parseRed(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int status = red.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            int blocks = 0;
            long dataBytes = 0;
            int expectedOffset = offset + red.headersLength();
            while (red.next())
            {
                blocks++;
                assertEquals(expectedOffset, red.blockOffset());
                assertTrue(red.blockLength() >= 0 && red.blockOffset() + red.blockLength() <= offset + length);
                assertTrue(red.timestampOffset() <= RedPayload.MAX_TIMESTAMP_OFFSET);
                assertTrue(red.blockPayloadType() <= RtpPacket.MAX_PAYLOAD_TYPE);
                expectedOffset += red.blockLength();
                dataBytes += red.blockLength();
            }
            assertEquals(red.redundantCount() + 1, blocks);
            assertEquals(length, red.headersLength() + dataBytes);
            assertTrue(red.primaryLength() >= 0);
        }
        return status;
    }

    private int parseOpus(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int status = opus.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            final int count = opus.frameCount();
            assertTrue(count >= 1 && count <= OpusPayload.MAX_FRAMES);
            assertTrue(opus.durationSamples() <= OpusPayload.MAX_DURATION_SAMPLES);
            int previousEnd = offset + 1;
            for (int i = 0; i < count; i++)
            {
                final int frameLength = opus.frameLength(i);
                assertTrue(frameLength >= 0 && frameLength <= OpusPayload.MAX_FRAME_LENGTH);
                assertTrue(opus.frameOffset(i) >= previousEnd);
                previousEnd = opus.frameOffset(i) + frameLength;
            }
            assertTrue(previousEnd + opus.paddingLength() <= offset + length);
        }
        return status;
    }

    private static int rtpLengthField(final byte[] packet, final int length, final SplittableRandom random)
    {
        if (length < RtpPacket.FIXED_HEADER_LENGTH)
        {
            return -1;
        }
        final int beforeExtension = RtpPacket.FIXED_HEADER_LENGTH + (packet[0] & 0x0F) * 4;
        switch (random.nextInt(3))
        {
            case 0: return 0; // CSRC count and flags
            case 1: return (packet[0] & 0x10) != 0 ? beforeExtension + 2 : -1; // extension length in words
            default: return length - 1; // padding count
        }
    }

    private static int redLengthField(final byte[] payload, final int length, final SplittableRandom random)
    {
        int position = 0;
        final int skip = random.nextInt(3);
        for (int i = 0; i < skip && position + 4 <= length && (payload[position] & 0x80) != 0; i++)
        {
            position += 4;
        }
        return position + 4 <= length && (payload[position] & 0x80) != 0 ? position + 2 : -1;
    }

    private static int buildRandomPacket(final SplittableRandom random, final byte[] out)
    {
        final RtpPacketBuilder builder = new RtpPacketBuilder();
        builder.marker(random.nextBoolean()).payloadType(random.nextInt(128)).sequenceNumber(random.nextInt())
            .timestamp(random.nextInt()).ssrc(random.nextInt());
        for (int i = random.nextInt(4) == 0 ? random.nextInt(16) : 0; i > 0; i--)
        {
            builder.addCsrc(random.nextInt());
        }
        if (random.nextInt(4) == 0)
        {
            builder.paddingLength(1 + random.nextInt(255));
        }
        if (random.nextBoolean())
        {
            builder.extensions().forceTwoByte(random.nextInt(4) == 0);
            addRandomElements(random, builder.extensions());
        }
        final UnsafeBuffer payload = randomSource(random);
        return builder.build(new UnsafeBuffer(out), 0, out.length, payload, 0, random.nextInt(300));
    }

    private static void addRandomElements(final SplittableRandom random, final HeaderExtensionWriter writer)
    {
        final UnsafeBuffer data = randomSource(random);
        for (int i = 1 + random.nextInt(6); i > 0; i--)
        {
            final boolean oneByte = random.nextInt(3) != 0;
            final int id = oneByte ? 1 + random.nextInt(14) : 1 + random.nextInt(255);
            writer.add(id, data, 0, oneByte ? 1 + random.nextInt(16) : random.nextInt(40));
        }
    }

    private static UnsafeBuffer randomSource(final SplittableRandom random)
    {
        final byte[] bytes = new byte[1024];
        for (int i = 0; i < bytes.length; i++)
        {
            bytes[i] = (byte)random.nextInt(256);
        }
        return new UnsafeBuffer(bytes);
    }

    private static void assertReachedDeep(final int[] histogram, final int... expectedFailures)
    {
        final String counts = Arrays.toString(histogram);
        assertTrue(histogram[0] > WireFuzz.ITERATIONS / 100, "too few inputs accepted: " + counts);
        for (final int failure : expectedFailures)
        {
            assertTrue(histogram[-failure] > 0, WireStatus.describe(failure) + " never produced: " + counts);
        }
    }
}
