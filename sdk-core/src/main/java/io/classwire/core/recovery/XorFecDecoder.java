package io.classwire.core.recovery;

/**
 * The XOR half of FEC recovery: rebuilds the single missing packet of an XOR group from the group's repair symbol and
 * the other members' {@link FecUnit}s. {@link FecDecoder} decides when a group has exactly one loss and calls this;
 * it is public so the group arithmetic can be used and tested on its own. Stateless.
 */
public final class XorFecDecoder
{
    private XorFecDecoder()
    {
    }

    /**
     * Rebuild the missing unit: {@code symbol XOR (every present member's unit)}.
     *
     * @param store        the received units; every member except {@code missingExt} must be in it.
     * @param baseExt      extended sequence number of the group's first member.
     * @param stride       steps between members.
     * @param count        members in the group.
     * @param missingExt   the missing member.
     * @param symbol       array holding the repair symbol.
     * @param symbolOffset where it starts.
     * @param symbolLength its length.
     * @param out          destination of the rebuilt unit ({@code symbolLength} bytes).
     * @param outOffset    where it starts.
     * @return true; false when a present unit is longer than the symbol, which a genuine repair never allows.
     */
    public static boolean recover(
        final ReceivedUnitStore store,
        final long baseExt,
        final int stride,
        final int count,
        final long missingExt,
        final byte[] symbol,
        final int symbolOffset,
        final int symbolLength,
        final byte[] out,
        final int outOffset)
    {
        System.arraycopy(symbol, symbolOffset, out, outOffset, symbolLength);
        final byte[] slab = store.slab();
        for (int i = 0; i < count; i++)
        {
            final long ext = baseExt + (long)i * stride;
            if (ext == missingExt)
            {
                continue;
            }
            final int unitLength = store.unitLength(ext);
            if (unitLength > symbolLength)
            {
                return false;
            }
            FecUnit.xor(slab, store.unitOffset(ext), out, outOffset, unitLength);
        }
        return true;
    }
}
