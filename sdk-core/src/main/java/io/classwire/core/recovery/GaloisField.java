package io.classwire.core.recovery;

/**
 * Arithmetic in GF(2^8) with the primitive polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D) and generator 2, from tables
 * built once at class load: log and exp tables for inverses, and a full 64 KiB product table so the inner loops of
 * {@link ReedSolomonFec} are one lookup and one XOR per byte. Addition is XOR. Stateless and thread-safe.
 */
public final class GaloisField
{
    /** Number of field elements. */
    public static final int SIZE = 256;
    /** The reduction polynomial, with its x^8 term. */
    public static final int POLYNOMIAL = 0x11D;

    private static final int[] EXP = new int[2 * SIZE];
    private static final int[] LOG = new int[SIZE];
    private static final byte[] PRODUCT = new byte[SIZE * SIZE];

    static
    {
        int x = 1;
        for (int i = 0; i < SIZE - 1; i++)
        {
            EXP[i] = x;
            LOG[x] = i;
            x <<= 1;
            if ((x & SIZE) != 0)
            {
                x ^= POLYNOMIAL;
            }
        }
        // Doubling the exp table lets multiply() skip the modulo on log(a) + log(b) <= 508.
        for (int i = SIZE - 1; i < EXP.length; i++)
        {
            EXP[i] = EXP[i - (SIZE - 1)];
        }
        for (int a = 0; a < SIZE; a++)
        {
            for (int b = 0; b < SIZE; b++)
            {
                PRODUCT[(a << 8) | b] = (byte)multiplySlow(a, b);
            }
        }
    }

    private GaloisField()
    {
    }

    private static int multiplySlow(final int a, final int b)
    {
        if (a == 0 || b == 0)
        {
            return 0;
        }
        return EXP[LOG[a] + LOG[b]];
    }

    /**
     * Product of two field elements.
     *
     * @param a element, 0..255.
     * @param b element, 0..255.
     * @return a * b.
     */
    public static int multiply(final int a, final int b)
    {
        return PRODUCT[((a & 0xFF) << 8) | (b & 0xFF)] & 0xFF;
    }

    /**
     * Multiplicative inverse.
     *
     * @param a non-zero element, 1..255.
     * @return the b with a * b = 1; 0 for a = 0, which has none (callers never ask for it).
     */
    public static int inverse(final int a)
    {
        final int v = a & 0xFF;
        return v == 0 ? 0 : EXP[(SIZE - 1) - LOG[v]];
    }

    /**
     * Quotient of two field elements.
     *
     * @param a dividend.
     * @param b non-zero divisor.
     * @return a / b; 0 when either is 0.
     */
    public static int divide(final int a, final int b)
    {
        return multiply(a, inverse(b));
    }

    /**
     * 2 raised to a power: the field's generator, for tests of the tables.
     *
     * @param n exponent, 0..509.
     * @return 2^n in the field.
     */
    public static int exp(final int n)
    {
        return EXP[n];
    }

    /**
     * Add {@code coefficient * src} into {@code dst}, byte by byte: the one loop that encoding and decoding spend
     * their time in.
     *
     * @param coefficient field element multiplying the source.
     * @param src         source bytes.
     * @param srcOffset   first source byte.
     * @param dst         destination bytes, updated in place.
     * @param dstOffset   first destination byte.
     * @param length      bytes to process.
     */
    public static void multiplyAdd(
        final int coefficient, final byte[] src, final int srcOffset, final byte[] dst, final int dstOffset,
        final int length)
    {
        final int c = coefficient & 0xFF;
        if (c == 0)
        {
            return;
        }
        if (c == 1)
        {
            for (int i = 0; i < length; i++)
            {
                dst[dstOffset + i] ^= src[srcOffset + i];
            }
            return;
        }
        final int row = c << 8;
        final byte[] product = PRODUCT;
        for (int i = 0; i < length; i++)
        {
            dst[dstOffset + i] ^= product[row | (src[srcOffset + i] & 0xFF)];
        }
    }

    /**
     * Multiply bytes in place by a field element.
     *
     * @param coefficient field element.
     * @param data        bytes, updated in place.
     * @param offset      first byte.
     * @param length      bytes to process.
     */
    public static void scale(final int coefficient, final byte[] data, final int offset, final int length)
    {
        final int row = (coefficient & 0xFF) << 8;
        final byte[] product = PRODUCT;
        for (int i = 0; i < length; i++)
        {
            data[offset + i] = product[row | (data[offset + i] & 0xFF)];
        }
    }
}
