package io.classwire.core.recovery;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GF(2^8) tables and the Reed-Solomon erasure code at symbol level. */
class ReedSolomonFecTest
{
    @Test
    void shouldGenerateEveryNonZeroElementFromTwo()
    {
        final boolean[] seen = new boolean[256];
        for (int n = 0; n < 255; n++)
        {
            final int value = GaloisField.exp(n);
            assertTrue(value > 0 && value < 256 && !seen[value], "2^" + n + " = " + value);
            seen[value] = true;
        }
        assertEquals(1, GaloisField.exp(255), "the multiplicative group has order 255");
    }

    @Test
    void shouldInvertMultiplyAndDistributeLikeAField()
    {
        for (int a = 1; a < 256; a++)
        {
            assertEquals(1, GaloisField.multiply(a, GaloisField.inverse(a)), "a * 1/a for a=" + a);
            assertEquals(a, GaloisField.divide(GaloisField.multiply(a, 7), 7));
        }
        final SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < 10_000; i++)
        {
            final int a = random.nextInt(256);
            final int b = random.nextInt(256);
            final int c = random.nextInt(256);
            assertEquals(GaloisField.multiply(a, b ^ c), GaloisField.multiply(a, b) ^ GaloisField.multiply(a, c));
            assertEquals(GaloisField.multiply(a, b), GaloisField.multiply(b, a));
        }
        // Known product under 0x11D, worked by hand: 0x80 * 2 = 0x100 -> reduced by 0x11D to 0x1D.
        assertEquals(0x1D, GaloisField.multiply(0x80, 2));
    }

    @Test
    void shouldRecoverEveryErasurePatternOfASmallBlock()
    {
        final int k = 5;
        final int m = 3;
        final int length = 17;
        final SplittableRandom random = new SplittableRandom(21);
        final byte[][] original = randomSymbols(random, k, length);
        final ReedSolomonFec code = new ReedSolomonFec(m, length);
        final byte[][] repair = encode(code, original, m, length);
        for (int pattern = 0; pattern < 1 << (k + m); pattern++)
        {
            final int lost = Integer.bitCount(pattern);
            final int result = decode(code, original, repair, pattern, length);
            if (lost <= m)
            {
                assertEquals(Integer.bitCount(pattern & ((1 << k) - 1)), result, "pattern " + pattern);
            }
            else
            {
                assertEquals(ReedSolomonFec.NOT_ENOUGH_SYMBOLS, result, "pattern " + pattern);
            }
        }
    }

    @Test
    void shouldRecoverAnyErasuresUpToMOnRandomShapes()
    {
        final long seed = 0x5EED_0042L;
        final SplittableRandom random = new SplittableRandom(seed);
        final ReedSolomonFec code = new ReedSolomonFec(40, 300);
        for (int trial = 0; trial < 3_000; trial++)
        {
            final int k = random.nextInt(1, 60);
            final int m = random.nextInt(1, 41);
            final int length = random.nextInt(1, 301);
            final byte[][] original = randomSymbols(random, k, length);
            final byte[][] repair = encode(code, original, m, length);
            final int lost = random.nextInt(k + m + 1);
            final int[] order = shuffled(random, k + m);
            final boolean[] missing = new boolean[k + m];
            for (int i = 0; i < lost; i++)
            {
                missing[order[i]] = true;
            }
            final int result = decode(code, original, repair, missing, length);
            int lostData = 0;
            for (int i = 0; i < k; i++)
            {
                lostData += missing[i] ? 1 : 0;
            }
            final String context = "seed=" + seed + " trial=" + trial + " k=" + k + " m=" + m + " lost=" + lost;
            assertEquals(lost <= m ? lostData : ReedSolomonFec.NOT_ENOUGH_SYMBOLS, result, context);
        }
    }

    private static byte[][] randomSymbols(final SplittableRandom random, final int count, final int length)
    {
        final byte[][] symbols = new byte[count][length];
        for (final byte[] symbol : symbols)
        {
            for (int i = 0; i < length; i++)
            {
                symbol[i] = (byte)random.nextInt(256);
            }
        }
        return symbols;
    }

    private static byte[][] encode(final ReedSolomonFec code, final byte[][] data, final int m, final int length)
    {
        final int[] offsets = new int[data.length];
        final byte[][] repair = new byte[m][length];
        for (int j = 0; j < m; j++)
        {
            code.encode(data.length, j, data, offsets, length, repair[j], 0);
        }
        return repair;
    }

    private static int decode(
        final ReedSolomonFec code, final byte[][] original, final byte[][] repair, final int pattern, final int length)
    {
        final boolean[] missing = new boolean[original.length + repair.length];
        for (int i = 0; i < missing.length; i++)
        {
            missing[i] = (pattern & (1 << i)) != 0;
        }
        return decode(code, original, repair, missing, length);
    }

    // Decodes into fresh arrays (garbage where missing) and checks the recovered data against the original.
    private static int decode(
        final ReedSolomonFec code, final byte[][] original, final byte[][] repair, final boolean[] missing,
        final int length)
    {
        final int k = original.length;
        final int m = repair.length;
        final byte[][] data = new byte[k][];
        final boolean[] dataPresent = new boolean[k];
        for (int i = 0; i < k; i++)
        {
            dataPresent[i] = !missing[i];
            data[i] = dataPresent[i] ? original[i].clone() : filled(length + 3, (byte)0x5A);
        }
        final boolean[] repairPresent = new boolean[m];
        final byte[][] repairs = new byte[m][];
        for (int j = 0; j < m; j++)
        {
            repairPresent[j] = !missing[k + j];
            repairs[j] = repairPresent[j] ? repair[j] : filled(length, (byte)0x33);
        }
        final int result = code.decode(k, m, data, new int[k], dataPresent, repairs, new int[m], repairPresent,
            length);
        if (result >= 0)
        {
            for (int i = 0; i < k; i++)
            {
                assertArrayEquals(original[i], Arrays.copyOf(data[i], length), "symbol " + i);
            }
        }
        return result;
    }

    private static byte[] filled(final int length, final byte value)
    {
        final byte[] bytes = new byte[length];
        Arrays.fill(bytes, value);
        return bytes;
    }

    static int[] shuffled(final SplittableRandom random, final int n)
    {
        final int[] order = new int[n];
        for (int i = 0; i < n; i++)
        {
            order[i] = i;
        }
        for (int i = n - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }
}
