package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Valid RTCP packets of each kind, built with the project's builders from seeded random fields plus the known
 * vectors, for {@link RtcpFuzzInputs} to mutate. Some seeds carry padding or a profile-specific extension so that the
 * mutations start from every legal shape.
 */
final class RtcpFuzzSeeds
{
    private static final int SEEDS_PER_KIND = 48;

    private final SplittableRandom random;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[RtcpFuzzInputs.MAX_INPUT_LENGTH]);

    RtcpFuzzSeeds(final long seed)
    {
        random = new SplittableRandom(seed);
    }

    byte[][] senderReports()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(RtcpVectors.LIBWEBRTC_SR);
        seeds.add(Arrays.copyOf(RtcpVectors.PION_SR_SDES_COMPOUND, 28));
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int blocks = random.nextInt(5);
            final int length = SenderReport.build(
                scratch, 0, scratch.capacity(), random.nextInt(), random.nextLong(), random.nextInt(), random.nextInt(),
                random.nextInt(), blocks);
            fillBlocks(SenderReport.REPORT_BLOCKS_OFFSET, blocks);
            seeds.add(decorate(copy(length)));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] receiverReports()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(RtcpVectors.LIBWEBRTC_RR);
        seeds.add(Arrays.copyOf(RtcpVectors.PION_REAL_COMPOUND, 32));
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int blocks = random.nextInt(5);
            final int length = ReceiverReport.build(scratch, 0, scratch.capacity(), random.nextInt(), blocks);
            fillBlocks(ReceiverReport.REPORT_BLOCKS_OFFSET, blocks);
            seeds.add(decorate(copy(length)));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] sourceDescriptions()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(Arrays.copyOfRange(RtcpVectors.PION_REAL_COMPOUND, 32, 84));
        seeds.add(Arrays.copyOfRange(RtcpVectors.PION_SR_SDES_COMPOUND, 28, 56));
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int chunks = 1 + random.nextInt(4);
            final byte[][] singles = new byte[chunks][];
            for (int c = 0; c < chunks; c++)
            {
                singles[c] = copy(Sdes.buildCname(scratch, 0, scratch.capacity(), random.nextInt(), text(40)));
            }
            seeds.add(withPadding(mergeSdes(singles), random.nextInt(4) == 0 ? 4 : 0));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] goodbyes()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(Arrays.copyOfRange(RtcpVectors.PION_REAL_COMPOUND, 84, 92));
        final int[] sources = new int[8];
        final UnsafeBuffer reason = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int count = random.nextInt(sources.length + 1);
            for (int s = 0; s < count; s++)
            {
                sources[s] = random.nextInt();
            }
            final boolean withReason = random.nextBoolean();
            final int reasonLength = random.nextInt(reason.capacity() + 1);
            reason.putStringWithoutLengthAscii(0, text(reasonLength));
            seeds.add(withPadding(copy(Bye.build(
                scratch, 0, scratch.capacity(), sources, count, withReason ? reason : null, 0, reasonLength)),
                random.nextInt(4) == 0 ? 4 : 0));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] apps()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(RtcpVectors.LIBWEBRTC_APP);
        seeds.add(Arrays.copyOfRange(RtcpVectors.PION_REAL_COMPOUND, 116, 132));
        final UnsafeBuffer data = new UnsafeBuffer(new byte[64]);
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            data.putStringWithoutLengthAscii(0, text(64));
            seeds.add(decorate(copy(AppPacket.build(scratch, 0, scratch.capacity(), random.nextInt(32),
                random.nextInt(), random.nextInt(), data, 0, 4 * random.nextInt(17)))));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] lossPatterns()
    {
        final List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            seeds.add(decorate(copy(LossPatternReport.build(scratch, 0, scratch.capacity(), random.nextInt(),
                random.nextInt(), random.nextDouble() * 300))));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] nacks()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(RtcpVectors.LIBWEBRTC_NACK);
        seeds.add(RtcpVectors.LIBWEBRTC_NACK_WRAP);
        final int[] lost = new int[64];
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int count = 1 + random.nextInt(lost.length);
            final int base = random.nextInt(SeqNum.MODULUS);
            final int span = 1 + random.nextInt(300);
            for (int s = 0; s < count; s++)
            {
                lost[s] = (base + random.nextInt(span)) & SeqNum.MASK;
            }
            final int maxItems = 1 + random.nextInt(20);
            final int length = NackPacket.build(
                scratch, 0, scratch.capacity(), random.nextInt(), random.nextInt(), lost, count, maxItems);
            seeds.add(withPadding(copy(length), random.nextInt(4) == 0 ? 8 : 0));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] pictureLossIndications()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(Arrays.copyOfRange(RtcpVectors.PION_REAL_COMPOUND, 92, 104));
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int length = PictureLossIndication.build(
                scratch, 0, scratch.capacity(), random.nextInt(), random.nextInt());
            seeds.add(copy(length));
        }
        return seeds.toArray(new byte[0][]);
    }

    byte[][] fullIntraRequests()
    {
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(RtcpVectors.LIBWEBRTC_FIR);
        final int[] ssrcs = new int[6];
        final int[] seqNrs = new int[6];
        for (int i = 0; i < SEEDS_PER_KIND; i++)
        {
            final int count = 1 + random.nextInt(ssrcs.length);
            for (int s = 0; s < count; s++)
            {
                ssrcs[s] = random.nextInt();
                seqNrs[s] = random.nextInt(256);
            }
            final int length = FullIntraRequest.build(
                scratch, 0, scratch.capacity(), random.nextInt(), ssrcs, seqNrs, count);
            seeds.add(withPadding(copy(length), random.nextInt(4) == 0 ? 4 : 0));
        }
        return seeds.toArray(new byte[0][]);
    }

    /**
     * Compound packets: an SR or RR first, then 0..4 packets of any kind, the last one sometimes padded; plus the
     * packet-dump vectors and lone feedback packets (valid only in reduced-size mode).
     */
    byte[][] compounds()
    {
        final byte[][][] kinds = {
            sourceDescriptions(), goodbyes(), apps(), nacks(), pictureLossIndications(), fullIntraRequests() };
        final byte[][] reports = concat(senderReports(), receiverReports());
        final List<byte[]> seeds = new ArrayList<>();
        seeds.add(RtcpVectors.PION_REAL_COMPOUND);
        seeds.add(RtcpVectors.PION_SR_SDES_COMPOUND);
        seeds.add(RtcpVectors.LIBWEBRTC_NACK);
        for (int i = 0; i < 4 * SEEDS_PER_KIND; i++)
        {
            byte[] compound = unpadded(reports[random.nextInt(reports.length)]);
            final int others = random.nextInt(5);
            for (int p = 0; p < others; p++)
            {
                final byte[][] kind = kinds[random.nextInt(kinds.length)];
                final byte[] packet = kind[random.nextInt(kind.length)];
                compound = concat(compound, p == others - 1 ? packet : unpadded(packet));
            }
            seeds.add(compound);
        }
        return seeds.toArray(new byte[0][]);
    }

    private void fillBlocks(final int firstBlockOffset, final int blocks)
    {
        for (int b = 0; b < blocks; b++)
        {
            ReportBlock.write(
                scratch, firstBlockOffset + b * ReportBlock.LENGTH, random.nextInt(), random.nextInt(256),
                random.nextInt(), random.nextInt(), random.nextInt(), random.nextInt(), random.nextInt());
        }
    }

    // Adds, to some seeds, a profile-specific extension or padding, the optional tails of SR, RR and APP.
    private byte[] decorate(final byte[] packet)
    {
        switch (random.nextInt(4))
        {
            case 0:
                return withPadding(packet, 4 * (1 + random.nextInt(2)));
            case 1:
                final byte[] extended = Arrays.copyOf(packet, packet.length + 8);
                extended[packet.length] = (byte)random.nextInt();
                setLength(extended);
                return extended;
            default:
                return packet;
        }
    }

    private static byte[] withPadding(final byte[] packet, final int padding)
    {
        if (padding == 0)
        {
            return packet;
        }
        final byte[] padded = Arrays.copyOf(packet, packet.length + padding);
        padded[0] |= 0x20;
        padded[padded.length - 1] = (byte)padding;
        setLength(padded);
        return padded;
    }

    private static byte[] unpadded(final byte[] packet)
    {
        if ((packet[0] & 0x20) == 0)
        {
            return packet;
        }
        final byte[] stripped = Arrays.copyOf(packet, packet.length - (packet[packet.length - 1] & 0xFF));
        stripped[0] &= ~0x20;
        setLength(stripped);
        return stripped;
    }

    private static byte[] mergeSdes(final byte[][] singleChunkPackets)
    {
        byte[] merged = Arrays.copyOf(singleChunkPackets[0], 4);
        for (final byte[] single : singleChunkPackets)
        {
            merged = concat(merged, Arrays.copyOfRange(single, 4, single.length));
        }
        merged[0] = (byte)(0x80 | singleChunkPackets.length);
        setLength(merged);
        return merged;
    }

    private static void setLength(final byte[] packet)
    {
        final int words = packet.length / 4 - 1;
        packet[2] = (byte)(words >> 8);
        packet[3] = (byte)words;
    }

    private String text(final int maxLength)
    {
        final char[] chars = new char[random.nextInt(maxLength + 1)];
        for (int i = 0; i < chars.length; i++)
        {
            chars[i] = (char)random.nextInt(0x20, 0x7F);
        }
        return new String(chars);
    }

    private byte[] copy(final int length)
    {
        if (length <= 0)
        {
            throw new IllegalStateException("seed builder failed: " + WireStatus.describe(length));
        }
        return RtcpVectors.copy(scratch, 0, length);
    }

    private static byte[] concat(final byte[] a, final byte[] b)
    {
        final byte[] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }

    private static byte[][] concat(final byte[][] a, final byte[][] b)
    {
        final byte[][] result = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
