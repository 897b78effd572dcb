package io.classwire.core.recovery;

/**
 * The Reed-Solomon half of FEC recovery: rebuilds the missing members of a block from the received members'
 * {@link FecUnit}s and the received repair symbols, with {@link ReedSolomonFec}. {@link FecDecoder} decides when a
 * block has enough symbols and calls this; it is public so block decoding can be used and tested on its own.
 * Single-threaded; its work arrays are allocated once.
 */
public final class RsFecDecoder
{
    private final ReedSolomonFec code;
    private final int slotLength;
    private final byte[][] data = new byte[ReedSolomonFec.MAX_SYMBOLS][];
    private final int[] dataOffsets = new int[ReedSolomonFec.MAX_SYMBOLS];
    private final boolean[] dataPresent = new boolean[ReedSolomonFec.MAX_SYMBOLS];
    private final byte[][] repair;
    private final boolean[] repairPresent;

    /**
     * @param maxRepair  largest m to decode.
     * @param slotLength the output slot length: recovered unit c is written at {@code c * slotLength}.
     */
    public RsFecDecoder(final int maxRepair, final int slotLength)
    {
        this.code = new ReedSolomonFec(maxRepair, slotLength);
        this.slotLength = slotLength;
        this.repair = new byte[maxRepair][];
        this.repairPresent = new boolean[maxRepair];
    }

    /**
     * Rebuild the missing members of a block.
     *
     * @param store         the received units; members not listed in {@code missing} must be in it.
     * @param baseExt       extended sequence number of the first member.
     * @param stride        steps between members.
     * @param k             members (data symbols).
     * @param m             repair symbols of the block.
     * @param missing       extended sequence numbers of the missing members, ascending.
     * @param missingCount  how many, at most the number of present repairs.
     * @param repairs       array holding the repair symbols.
     * @param repairOffsets per repair index, the offset in {@code repairs}, or -1 when that repair did not arrive.
     * @param length        the block's symbol length.
     * @param out           destination: missing member c goes to {@code out} at {@code c * slotLength}.
     * @return true when all missing members were rebuilt; false when the symbols do not fit the code (a present
     *         unit longer than the symbols, too few repairs).
     */
    public boolean recover(
        final ReceivedUnitStore store,
        final long baseExt,
        final int stride,
        final int k,
        final int m,
        final long[] missing,
        final int missingCount,
        final byte[] repairs,
        final int[] repairOffsets,
        final int length,
        final byte[] out)
    {
        if (m > repair.length || length > slotLength)
        {
            return false;
        }
        int c = 0;
        for (int i = 0; i < k; i++)
        {
            final long ext = baseExt + (long)i * stride;
            if (c < missingCount && missing[c] == ext)
            {
                data[i] = out;
                dataOffsets[i] = c * slotLength;
                dataPresent[i] = false;
                c++;
            }
            else
            {
                if (store.unitLength(ext) > length)
                {
                    return false;
                }
                data[i] = store.slab();
                dataOffsets[i] = store.unitOffset(ext);
                dataPresent[i] = true;
            }
        }
        for (int j = 0; j < m; j++)
        {
            repairPresent[j] = repairOffsets[j] >= 0;
            repair[j] = repairs;
        }
        return code.decode(k, m, data, dataOffsets, dataPresent, repair, repairOffsets, repairPresent, length) ==
            missingCount;
    }
}
