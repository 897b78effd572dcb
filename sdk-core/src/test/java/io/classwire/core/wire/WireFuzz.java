package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * Seeded input generator for wire-format fuzz tests: random byte strings and mutations of valid packets (bit flips,
 * byte edits, truncation, extension, insertion, deletion, chunk copies and big-endian length-field edits).
 * Deterministic for a given seed, so a failure report with the seed and iteration reproduces. Not thread-safe.
 *
 * <p>Inputs live in byte arrays starting at index 0. {@link #view(byte[], int)} places an input in a buffer whose
 * capacity ends exactly at the input's last byte, after a random 0..3 byte prefix, so any read past the end of the
 * region (and, with no prefix, before it) makes Agrona's bounds checks throw.
 */
final class WireFuzz
{
    /** Inputs per parser that the project's fuzz tests run. */
    static final int ITERATIONS = 1_000_000;
    /** Largest prefix {@link #view(byte[], int)} puts before an input. */
    static final int MAX_PREFIX = 3;

    private static final int[] INTERESTING_BYTES = { 0x00, 0x01, 0x02, 0x0F, 0x10, 0x3F, 0x40, 0x7F, 0x80, 0x81, 0xBE,
        0xC0, 0xDE, 0xF0, 0xFB, 0xFC, 0xFE, 0xFF };

    private final long seed;
    private final SplittableRandom random;
    private final byte[] frame;
    private final UnsafeBuffer view = new UnsafeBuffer(new byte[1]);
    private int viewOffset;

    /**
     * @param seed           seeds every random choice.
     * @param maxInputLength capacity of the arrays callers pass in and of the view's backing array.
     */
    WireFuzz(final long seed, final int maxInputLength)
    {
        this.seed = seed;
        this.random = new SplittableRandom(seed);
        this.frame = new byte[maxInputLength + MAX_PREFIX];
    }

    /** @return the seed, for failure messages. */
    long seed()
    {
        return seed;
    }

    /** @return the generator, for callers that build structured inputs. */
    SplittableRandom random()
    {
        return random;
    }

    /**
     * Fill the start of {@code input} with random bytes; lengths favour small packets, where parsers' edge cases are.
     *
     * @param input     destination.
     * @param maxLength longest input to produce, at most {@code input.length}.
     * @return the length produced, 0..maxLength.
     */
    int randomBytes(final byte[] input, final int maxLength)
    {
        final int bound = random.nextInt(4) == 0 ? maxLength : Math.min(maxLength, 64);
        final int length = random.nextInt(bound + 1);
        fill(input, 0, length);
        return length;
    }

    /**
     * Apply one to four random mutations in place.
     *
     * @param input  holding a valid packet at index 0; its length is the room for growth.
     * @param length of the valid packet.
     * @return the mutated length.
     */
    int mutate(final byte[] input, final int length)
    {
        int result = length;
        final int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++)
        {
            result = mutateOnce(input, result);
        }
        return result;
    }

    /**
     * Overwrite a big-endian field with a value likely to break length arithmetic: 0, 1, all ones, the top bit, the
     * input length (in bytes and in 32-bit words, off by one each way), or random.
     *
     * @param input       holding the packet.
     * @param length      of the packet.
     * @param fieldOffset of the field's first byte.
     * @param byteCount   field width, 1..4; bytes past {@code length} are skipped.
     */
    void editField(final byte[] input, final int length, final int fieldOffset, final int byteCount)
    {
        final long value;
        switch (random.nextInt(8))
        {
            case 0: value = 0; break;
            case 1: value = 1; break;
            case 2: value = -1L; break;
            case 3: value = 1L << (8 * byteCount - 1); break;
            case 4: value = length + random.nextInt(3) - 1; break;
            case 5: value = length / 4 + random.nextInt(3) - 1; break;
            case 6: value = random.nextInt(64); break;
            default: value = random.nextLong(); break;
        }
        for (int i = 0; i < byteCount; i++)
        {
            final int index = fieldOffset + i;
            if (index >= 0 && index < length)
            {
                input[index] = (byte)(value >>> (8 * (byteCount - 1 - i)));
            }
        }
    }

    /**
     * Place an input in a tightly sized buffer for parsing.
     *
     * @param input  holding the bytes at index 0.
     * @param length of the input.
     * @return a buffer ending at the input's last byte; the input starts at {@link #viewOffset()}.
     */
    UnsafeBuffer view(final byte[] input, final int length)
    {
        viewOffset = random.nextInt(MAX_PREFIX + 1);
        System.arraycopy(input, 0, frame, viewOffset, length);
        view.wrap(frame, 0, viewOffset + length);
        return view;
    }

    /** @return where the last {@link #view(byte[], int)} put the input's first byte. */
    int viewOffset()
    {
        return viewOffset;
    }

    /**
     * @param input  bytes.
     * @param length how many to show.
     * @return the bytes as hex, for failure messages.
     */
    static String hex(final byte[] input, final int length)
    {
        final StringBuilder builder = new StringBuilder(length * 2);
        for (int i = 0; i < length; i++)
        {
            builder.append(Character.forDigit((input[i] >> 4) & 0xF, 16));
            builder.append(Character.forDigit(input[i] & 0xF, 16));
        }
        return builder.toString();
    }

    private int mutateOnce(final byte[] input, final int length)
    {
        final int room = input.length;
        switch (random.nextInt(9))
        {
            case 0:
                if (length > 0)
                {
                    input[random.nextInt(length)] ^= (byte)(1 << random.nextInt(8));
                }
                return length;
            case 1:
                if (length > 0)
                {
                    input[random.nextInt(length)] = (byte)random.nextInt(256);
                }
                return length;
            case 2:
                if (length > 0)
                {
                    input[random.nextInt(length)] = (byte)INTERESTING_BYTES[random.nextInt(INTERESTING_BYTES.length)];
                }
                return length;
            case 3:
                return length == 0 ? 0 : random.nextInt(length);
            case 4:
                return extend(input, length, room);
            case 5:
                if (length > 0)
                {
                    editField(input, length, random.nextInt(length), 1 + random.nextInt(2));
                }
                return length;
            case 6:
                return delete(input, length);
            case 7:
                return insert(input, length, room);
            default:
                copyChunk(input, length);
                return length;
        }
    }

    private int extend(final byte[] input, final int length, final int room)
    {
        final int added = Math.min(room - length, 1 + random.nextInt(16));
        fill(input, length, added);
        return length + added;
    }

    private int delete(final byte[] input, final int length)
    {
        if (length == 0)
        {
            return 0;
        }
        final int at = random.nextInt(length);
        System.arraycopy(input, at + 1, input, at, length - at - 1);
        return length - 1;
    }

    private int insert(final byte[] input, final int length, final int room)
    {
        if (length == room)
        {
            return length;
        }
        final int at = random.nextInt(length + 1);
        System.arraycopy(input, at, input, at + 1, length - at);
        input[at] = (byte)random.nextInt(256);
        return length + 1;
    }

    private void copyChunk(final byte[] input, final int length)
    {
        if (length < 2)
        {
            return;
        }
        final int from = random.nextInt(length);
        final int to = random.nextInt(length);
        final int count = random.nextInt(Math.min(length - from, length - to) + 1);
        System.arraycopy(input, from, input, to, count);
    }

    private void fill(final byte[] input, final int from, final int count)
    {
        int i = 0;
        while (i < count)
        {
            long bits = random.nextLong();
            for (int b = 0; b < 8 && i < count; b++, i++)
            {
                input[from + i] = (byte)bits;
                bits >>>= 8;
            }
        }
    }
}
