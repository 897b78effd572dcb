package io.classwire.core.recovery;

import java.util.Arrays;

/**
 * Systematic Reed-Solomon erasure code over {@link GaloisField GF(2^8)}: k data symbols are sent as they are, plus m
 * repair symbols, and any k of the k + m symbols give back all k data symbols (the code is MDS). Symbols are byte
 * strings of one length; a shorter packet is zero-padded to it (the padding is not sent, see {@link FecUnit}).
 *
 * <p>The repair rows form a Cauchy matrix: repair symbol j is {@code sum_i C[j][i] * d_i} with
 * {@code C[j][i] = 1 / (x_j + y_i)}, {@code x_j = k + j}, {@code y_i = i}. The x and y values are distinct field
 * elements, so every square sub-matrix of C is invertible, which is what makes the systematic generator
 * {@code [I; C]} MDS. That needs {@code k + m <= 256}.
 *
 * <p>Decoding with e missing data symbols takes e received repair rows: subtract the known data from them (the
 * syndromes), invert the e x e Cauchy sub-matrix by Gauss-Jordan elimination, and multiply. All matrices and
 * syndrome buffers are allocated once, for the largest m and symbol length, so encode and decode allocate nothing.
 * Single-threaded: one instance per encoder or decoder.
 */
public final class ReedSolomonFec
{
    /** Most symbols (data plus repair) in one block: the field's size. */
    public static final int MAX_SYMBOLS = GaloisField.SIZE;
    /** Decode result: fewer than k symbols of the block were given. */
    public static final int NOT_ENOUGH_SYMBOLS = -1;
    /** Decode result: more data symbols are missing than this instance was sized for. */
    public static final int TOO_MANY_MISSING = -2;
    /** Decode result: the block shape is not one this code supports. */
    public static final int BAD_SHAPE = -3;

    private final int maxRepair;
    private final int maxSymbolLength;
    private final int[] missing;
    private final int[] rows;
    private final int[] matrix;
    private final int[] inverse;
    private final byte[] syndromes;

    /**
     * Allocate the decoding work space.
     *
     * @param maxRepair       largest m (repair symbols per block) to decode, 1..255.
     * @param maxSymbolLength longest symbol, in bytes.
     */
    public ReedSolomonFec(final int maxRepair, final int maxSymbolLength)
    {
        if (maxRepair < 1 || maxRepair >= MAX_SYMBOLS || maxSymbolLength < 1)
        {
            throw new IllegalArgumentException("maxRepair " + maxRepair + ", maxSymbolLength " + maxSymbolLength);
        }
        this.maxRepair = maxRepair;
        this.maxSymbolLength = maxSymbolLength;
        this.missing = new int[maxRepair];
        this.rows = new int[maxRepair];
        this.matrix = new int[maxRepair * maxRepair];
        this.inverse = new int[maxRepair * maxRepair];
        this.syndromes = new byte[maxRepair * maxSymbolLength];
    }

    /**
     * Whether a block shape is one the code supports.
     *
     * @param k data symbols.
     * @param m repair symbols.
     * @return true for {@code k >= 1, m >= 1, k + m <= 256}.
     */
    public static boolean isValidShape(final int k, final int m)
    {
        return k >= 1 && m >= 1 && k + m <= MAX_SYMBOLS;
    }

    /**
     * The generator coefficient of data symbol i in repair symbol j.
     *
     * @param k           data symbols in the block.
     * @param repairIndex j, 0..m-1.
     * @param dataIndex   i, 0..k-1.
     * @return {@code 1 / ((k + j) XOR i)} in GF(2^8).
     */
    public static int coefficient(final int k, final int repairIndex, final int dataIndex)
    {
        return GaloisField.inverse((k + repairIndex) ^ dataIndex);
    }

    /**
     * Compute one repair symbol.
     *
     * @param k           data symbols, with {@code k + repairIndex < 256}.
     * @param repairIndex which repair symbol, 0-based.
     * @param data        arrays holding the k data symbols (each at least {@code length} bytes from its offset).
     * @param dataOffsets where each data symbol starts.
     * @param length      symbol length in bytes.
     * @param out         destination of the repair symbol.
     * @param outOffset   where it starts.
     */
    public void encode(
        final int k,
        final int repairIndex,
        final byte[][] data,
        final int[] dataOffsets,
        final int length,
        final byte[] out,
        final int outOffset)
    {
        Arrays.fill(out, outOffset, outOffset + length, (byte)0);
        for (int i = 0; i < k; i++)
        {
            GaloisField.multiplyAdd(coefficient(k, repairIndex, i), data[i], dataOffsets[i], out, outOffset, length);
        }
    }

    /**
     * Recover the missing data symbols of a block in place.
     *
     * @param k             data symbols in the block.
     * @param m             repair symbols in the block.
     * @param data          per data index: the symbol when present, else where to write the recovered one.
     * @param dataOffsets   per data index, the start in {@code data[i]}.
     * @param dataPresent   per data index, whether it was received.
     * @param repair        per repair index: the symbol when present (ignored otherwise).
     * @param repairOffsets per repair index, the start in {@code repair[j]}.
     * @param repairPresent per repair index, whether it was received.
     * @param length        symbol length, at most the length this instance was sized for.
     * @return data symbols recovered (0 when none was missing), or {@link #NOT_ENOUGH_SYMBOLS},
     *         {@link #TOO_MANY_MISSING}, {@link #BAD_SHAPE}.
     */
    public int decode(
        final int k,
        final int m,
        final byte[][] data,
        final int[] dataOffsets,
        final boolean[] dataPresent,
        final byte[][] repair,
        final int[] repairOffsets,
        final boolean[] repairPresent,
        final int length)
    {
        if (!isValidShape(k, m) || length < 0 || length > maxSymbolLength)
        {
            return BAD_SHAPE;
        }
        final int e = collectMissing(k, dataPresent);
        if (e == 0)
        {
            return 0;
        }
        if (e > m || !collectRows(m, e, repairPresent))
        {
            return NOT_ENOUGH_SYMBOLS;
        }
        if (e > maxRepair)
        {
            return TOO_MANY_MISSING;
        }
        computeSyndromes(k, e, data, dataOffsets, dataPresent, repair, repairOffsets, length);
        if (!invert(k, e))
        {
            return BAD_SHAPE;
        }
        for (int c = 0; c < e; c++)
        {
            final int i = missing[c];
            Arrays.fill(data[i], dataOffsets[i], dataOffsets[i] + length, (byte)0);
            for (int s = 0; s < e; s++)
            {
                GaloisField.multiplyAdd(
                    inverse[c * e + s], syndromes, s * maxSymbolLength, data[i], dataOffsets[i], length);
            }
        }
        return e;
    }

    // Counts the missing data symbols; the first maxRepair of them are listed in missing.
    private int collectMissing(final int k, final boolean[] dataPresent)
    {
        int e = 0;
        for (int i = 0; i < k; i++)
        {
            if (!dataPresent[i])
            {
                if (e < maxRepair)
                {
                    missing[e] = i;
                }
                e++;
            }
        }
        return e;
    }

    // Lists the first e received repair rows; false when fewer arrived.
    private boolean collectRows(final int m, final int e, final boolean[] repairPresent)
    {
        int r = 0;
        for (int j = 0; j < m && r < e && r < maxRepair; j++)
        {
            if (repairPresent[j])
            {
                rows[r++] = j;
            }
        }
        return r == Math.min(e, maxRepair);
    }

    // s_r = repair[rows[r]] - sum over present i of C[rows[r]][i] * d_i, which equals sum over missing c of
    // C[rows[r]][missing[c]] * d_missing[c].
    private void computeSyndromes(
        final int k,
        final int e,
        final byte[][] data,
        final int[] dataOffsets,
        final boolean[] dataPresent,
        final byte[][] repair,
        final int[] repairOffsets,
        final int length)
    {
        for (int r = 0; r < e; r++)
        {
            final int j = rows[r];
            final int base = r * maxSymbolLength;
            System.arraycopy(repair[j], repairOffsets[j], syndromes, base, length);
            for (int i = 0; i < k; i++)
            {
                if (dataPresent[i])
                {
                    GaloisField.multiplyAdd(coefficient(k, j, i), data[i], dataOffsets[i], syndromes, base, length);
                }
            }
        }
    }

    // Gauss-Jordan on [A | I] with A[r][c] = C[rows[r]][missing[c]]; leaves A^-1 in inverse. The solution is
    // d = A^-1 s, so inverse is laid out row c = missing symbol, column s = syndrome.
    private boolean invert(final int k, final int e)
    {
        for (int r = 0; r < e; r++)
        {
            for (int c = 0; c < e; c++)
            {
                matrix[r * e + c] = coefficient(k, rows[r], missing[c]);
                inverse[r * e + c] = r == c ? 1 : 0;
            }
        }
        for (int col = 0; col < e; col++)
        {
            int pivot = col;
            while (pivot < e && matrix[pivot * e + col] == 0)
            {
                pivot++;
            }
            if (pivot == e)
            {
                return false;
            }
            swapRows(pivot, col, e);
            final int scale = GaloisField.inverse(matrix[col * e + col]);
            for (int c = 0; c < e; c++)
            {
                matrix[col * e + c] = GaloisField.multiply(matrix[col * e + c], scale);
                inverse[col * e + c] = GaloisField.multiply(inverse[col * e + c], scale);
            }
            for (int row = 0; row < e; row++)
            {
                final int factor = matrix[row * e + col];
                if (row != col && factor != 0)
                {
                    for (int c = 0; c < e; c++)
                    {
                        matrix[row * e + c] ^= GaloisField.multiply(factor, matrix[col * e + c]);
                        inverse[row * e + c] ^= GaloisField.multiply(factor, inverse[col * e + c]);
                    }
                }
            }
        }
        return true;
    }

    private void swapRows(final int a, final int b, final int e)
    {
        if (a == b)
        {
            return;
        }
        for (int c = 0; c < e; c++)
        {
            final int t = matrix[a * e + c];
            matrix[a * e + c] = matrix[b * e + c];
            matrix[b * e + c] = t;
            final int u = inverse[a * e + c];
            inverse[a * e + c] = inverse[b * e + c];
            inverse[b * e + c] = u;
        }
    }

    /** @return the largest m this instance decodes. */
    public int maxRepair()
    {
        return maxRepair;
    }

    /** @return the longest symbol this instance decodes. */
    public int maxSymbolLength()
    {
        return maxSymbolLength;
    }
}
