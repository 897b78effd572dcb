package io.classwire.core.wire;

import java.util.SplittableRandom;

/**
 * Deterministic generator of hostile RTCP inputs for fuzz tests: pure random bytes, random bodies behind plausible
 * headers, and mutations of valid seed packets (bit flips, byte overwrites with boundary values, truncation,
 * extension, word insertion and removal, and edits of the length, count/FMT and padding fields of the RTCP headers
 * found by walking the length chain). One instance reuses one array for every input it generates.
 *
 * <p>Each input is written at a random offset 0..3 of {@link #array()}, preceded by leftover bytes, so parsers are
 * also exercised at unaligned, non-zero offsets. Wrap exactly {@code [0, offset() + length())} so that any read past
 * the input throws.
 */
final class RtcpFuzzInputs
{
    /** Longest input generated. */
    static final int MAX_INPUT_LENGTH = 2048;

    private static final int MAX_OFFSET = 3;
    private static final int MAX_HEADERS = 32;
    private static final int[] INTERESTING_BYTES = { 0x00, 0x01, 0x03, 0x04, 0x1F, 0x20, 0x7F, 0x80, 0x81, 0xA0, 0xFF };
    private static final int[] PACKET_TYPES = { 200, 201, 202, 203, 204, 205, 206, 207, 0, 255 };

    private final long seed;
    private final SplittableRandom random;
    private final byte[][] seeds;
    private final byte[] array = new byte[MAX_OFFSET + MAX_INPUT_LENGTH];
    private final int[] headerOffsets = new int[MAX_HEADERS];
    private int offset;
    private int length;

    /**
     * @param seed  for the random choices; the same seed and seeds give the same sequence of inputs.
     * @param seeds valid packets to mutate, each at most {@link #MAX_INPUT_LENGTH} bytes.
     */
    RtcpFuzzInputs(final long seed, final byte[][] seeds)
    {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.seeds = seeds.clone();
    }

    /**
     * Generate the next input.
     *
     * @return its length in bytes.
     */
    int next()
    {
        offset = random.nextInt(MAX_OFFSET + 1);
        final int mode = random.nextInt(10);
        if (mode == 0)
        {
            length = random.nextInt(8) == 0 ? random.nextInt(257) : random.nextInt(33);
            fillRandom(offset, length);
        }
        else if (mode == 1)
        {
            plausibleHeader();
        }
        else
        {
            copySeeds();
            final int mutations = 1 + random.nextInt(4);
            for (int i = 0; i < mutations; i++)
            {
                mutate();
            }
        }
        return length;
    }

    byte[] array()
    {
        return array;
    }

    int offset()
    {
        return offset;
    }

    int length()
    {
        return length;
    }

    /**
     * @param iteration the caller's iteration number.
     * @return the seed, iteration and the current input in hex, for a failure message.
     */
    String describe(final long iteration)
    {
        final StringBuilder builder = new StringBuilder();
        builder.append("seed=").append(seed).append(" iteration=").append(iteration)
            .append(" offset=").append(offset).append(" length=").append(length).append(" bytes=");
        for (int i = 0; i < length; i++)
        {
            builder.append(String.format("%02x", array[offset + i] & 0xFF));
        }
        return builder.toString();
    }

    private void plausibleHeader()
    {
        length = 4 * random.nextInt(1 + 64);
        fillRandom(offset, length);
        if (length >= 4)
        {
            array[offset] = (byte)(0x80 | random.nextInt(0x40));
            array[offset + 1] = (byte)PACKET_TYPES[random.nextInt(PACKET_TYPES.length)];
            writeLengthWords(offset, length / 4 - 1);
        }
    }

    private void copySeeds()
    {
        length = 0;
        final int parts = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        for (int part = 0; part < parts; part++)
        {
            final byte[] source = seeds[random.nextInt(seeds.length)];
            final int copyLength = Math.min(source.length, MAX_INPUT_LENGTH - length);
            System.arraycopy(source, 0, array, offset + length, copyLength);
            length += copyLength;
        }
    }

    private void mutate()
    {
        switch (random.nextInt(9))
        {
            case 0:
                if (length > 0)
                {
                    array[offset + random.nextInt(length)] ^= (byte)(1 << random.nextInt(8));
                }
                break;
            case 1:
                if (length > 0)
                {
                    final int interesting = INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                    array[offset + random.nextInt(length)] = (byte)interesting;
                }
                break;
            case 2:
                length = random.nextInt(length + 1);
                break;
            case 3:
                extend(1 + random.nextInt(random.nextBoolean() ? 4 : 64));
                break;
            case 4:
                insertOrRemoveWord();
                break;
            case 5:
                editLengthField();
                break;
            case 6:
                editCountField();
                break;
            case 7:
                editPadding();
                break;
            default:
                if (length > 0)
                {
                    array[offset + random.nextInt(length)] = (byte)random.nextInt();
                }
                break;
        }
    }

    private void extend(final int extraBytes)
    {
        final int extra = Math.min(extraBytes, MAX_INPUT_LENGTH - length);
        fillRandom(offset + length, extra);
        length += extra;
    }

    private void insertOrRemoveWord()
    {
        final int position = 4 * random.nextInt(length / 4 + 1);
        if (random.nextBoolean() && position + 4 <= length)
        {
            System.arraycopy(array, offset + position + 4, array, offset + position, length - position - 4);
            length -= 4;
        }
        else if (length + 4 <= MAX_INPUT_LENGTH)
        {
            System.arraycopy(array, offset + position, array, offset + position + 4, length - position);
            fillRandom(offset + position, 4);
            length += 4;
        }
    }

    private void editLengthField()
    {
        final int header = randomHeader();
        if (header < 0)
        {
            return;
        }
        final int current = ((array[header + 2] & 0xFF) << 8) | (array[header + 3] & 0xFF);
        final int remainingWords = (offset + length - header) / 4 - 1;
        final int[] choices = { current + 1, current - 1, 0, 0xFFFF, remainingWords, remainingWords + 1,
            random.nextInt(0x10000), current + 2, current - 2 };
        writeLengthWords(header, choices[random.nextInt(choices.length)] & 0xFFFF);
    }

    private void editCountField()
    {
        final int header = randomHeader();
        if (header >= 0)
        {
            final int nudged = (array[header] & 0x1F) + random.nextInt(3) - 1;
            final int count = random.nextBoolean() ? random.nextInt(32) : nudged;
            array[header] = (byte)((array[header] & 0xE0) | (count & 0x1F));
        }
    }

    private void editPadding()
    {
        final int header = randomHeader();
        if (header < 0)
        {
            return;
        }
        array[header] ^= 0x20;
        if (random.nextBoolean() && length > 0)
        {
            final int[] counts = { 0, 1, 3, 4, 8, 12, 16, 255, random.nextInt(256) };
            array[offset + length - 1] = (byte)counts[random.nextInt(counts.length)];
        }
    }

    // Headers found by following length fields from the start, so edits land on real headers of a compound.
    private int randomHeader()
    {
        int found = 0;
        int position = offset;
        final int end = offset + length;
        while (position + 4 <= end && found < MAX_HEADERS)
        {
            headerOffsets[found++] = position;
            position += 4 * ((((array[position + 2] & 0xFF) << 8) | (array[position + 3] & 0xFF)) + 1);
        }
        return found == 0 ? -1 : headerOffsets[random.nextInt(found)];
    }

    private void writeLengthWords(final int header, final int words)
    {
        array[header + 2] = (byte)(words >> 8);
        array[header + 3] = (byte)words;
    }

    private void fillRandom(final int from, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            array[from + i] = (byte)random.nextInt();
        }
    }
}
