package io.classwire.core.recovery;

import io.classwire.core.wire.SeqNum;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The FEC groups (XOR groups, Reed-Solomon blocks) a receiver is waiting on: shape, which repair symbols arrived,
 * and the symbols themselves in slots drawn from one preallocated pool. Package-private bookkeeping for
 * {@link FecDecoder}; single-threaded.
 */
final class FecGroupTable
{
    private final int maxGroups;
    private final int maxRepair;
    private final int slotLength;
    private final byte[] pool;
    private final int[] freeSlots;
    private int freeCount;
    private final boolean[] active;
    private final int[] scheme;
    private final long[] baseExt;
    private final int[] stride;
    private final int[] mediaCount;
    private final int[] repairCount;
    private final int[] symbolLength;
    private final int[] repairsPresent;
    private final long[] createdOrder;
    private final int[] symbolSlots;
    private long nextOrder;
    private int activeCount;

    FecGroupTable(final int maxGroups, final int maxRepair, final int poolSymbols, final int slotLength)
    {
        this.maxGroups = maxGroups;
        this.maxRepair = maxRepair;
        this.slotLength = slotLength;
        this.pool = new byte[poolSymbols * slotLength];
        this.freeSlots = new int[poolSymbols];
        for (int i = 0; i < poolSymbols; i++)
        {
            freeSlots[i] = poolSymbols - 1 - i;
        }
        this.freeCount = poolSymbols;
        this.active = new boolean[maxGroups];
        this.scheme = new int[maxGroups];
        this.baseExt = new long[maxGroups];
        this.stride = new int[maxGroups];
        this.mediaCount = new int[maxGroups];
        this.repairCount = new int[maxGroups];
        this.symbolLength = new int[maxGroups];
        this.repairsPresent = new int[maxGroups];
        this.createdOrder = new long[maxGroups];
        this.symbolSlots = new int[maxGroups * maxRepair];
        Arrays.fill(symbolSlots, -1);
    }

    int maxGroups()
    {
        return maxGroups;
    }

    int maxRepair()
    {
        return maxRepair;
    }

    int activeCount()
    {
        return activeCount;
    }

    int find(final int groupScheme, final long base, final int groupStride, final int k, final int m)
    {
        for (int g = 0; g < maxGroups; g++)
        {
            if (active[g] && scheme[g] == groupScheme && baseExt[g] == base && stride[g] == groupStride &&
                mediaCount[g] == k && repairCount[g] == m)
            {
                return g;
            }
        }
        return -1;
    }

    /** @return a free group index, or -1 when all are active. */
    int allocate(final int groupScheme, final long base, final int groupStride, final int k, final int m,
        final int length)
    {
        for (int g = 0; g < maxGroups; g++)
        {
            if (!active[g])
            {
                active[g] = true;
                scheme[g] = groupScheme;
                baseExt[g] = base;
                stride[g] = groupStride;
                mediaCount[g] = k;
                repairCount[g] = m;
                symbolLength[g] = length;
                repairsPresent[g] = 0;
                createdOrder[g] = nextOrder++;
                activeCount++;
                return g;
            }
        }
        return -1;
    }

    /** @return the active group created first, or -1 when none is active. */
    int oldest()
    {
        int oldest = -1;
        for (int g = 0; g < maxGroups; g++)
        {
            if (active[g] && (oldest < 0 || createdOrder[g] < createdOrder[oldest]))
            {
                oldest = g;
            }
        }
        return oldest;
    }

    /** @return the active group other than {@code keep} whose last member is oldest, or -1. */
    int oldestEndingExcept(final int keep)
    {
        int oldest = -1;
        for (int g = 0; g < maxGroups; g++)
        {
            if (g != keep && active[g] && (oldest < 0 || lastExt(g) < lastExt(oldest)))
            {
                oldest = g;
            }
        }
        return oldest;
    }

    /** @return true when an active group other than {@code except} has {@code ext} as a member. */
    boolean coveredElsewhere(final int except, final long ext)
    {
        for (int g = 0; g < maxGroups; g++)
        {
            if (g != except && active[g] && contains(g, ext))
            {
                return true;
            }
        }
        return false;
    }

    boolean hasSymbol(final int g, final int repairIndex)
    {
        return symbolSlots[g * maxRepair + repairIndex] >= 0;
    }

    /** @return false when the pool has no free slot. */
    boolean addSymbol(final int g, final int repairIndex, final DirectBuffer src, final int srcOffset)
    {
        if (freeCount == 0)
        {
            return false;
        }
        final int slot = freeSlots[--freeCount];
        symbolSlots[g * maxRepair + repairIndex] = slot;
        src.getBytes(srcOffset, pool, slot * slotLength, symbolLength[g]);
        repairsPresent[g]++;
        return true;
    }

    void release(final int g)
    {
        if (!active[g])
        {
            return;
        }
        for (int j = 0; j < maxRepair; j++)
        {
            final int index = g * maxRepair + j;
            if (symbolSlots[index] >= 0)
            {
                freeSlots[freeCount++] = symbolSlots[index];
                symbolSlots[index] = -1;
            }
        }
        active[g] = false;
        activeCount--;
    }

    boolean isActive(final int g)
    {
        return active[g];
    }

    int scheme(final int g)
    {
        return scheme[g];
    }

    long baseExt(final int g)
    {
        return baseExt[g];
    }

    long lastExt(final int g)
    {
        return baseExt[g] + (long)(mediaCount[g] - 1) * stride[g];
    }

    long memberExt(final int g, final int index)
    {
        return baseExt[g] + (long)index * stride[g];
    }

    int memberSeq(final int g, final int index)
    {
        return SeqNum.add((int)baseExt[g], index * stride[g]);
    }

    boolean contains(final int g, final long ext)
    {
        final long distance = ext - baseExt[g];
        return distance >= 0 && distance % stride[g] == 0 && distance / stride[g] < mediaCount[g];
    }

    int stride(final int g)
    {
        return stride[g];
    }

    int mediaCount(final int g)
    {
        return mediaCount[g];
    }

    int repairCount(final int g)
    {
        return repairCount[g];
    }

    int symbolLength(final int g)
    {
        return symbolLength[g];
    }

    int repairsPresent(final int g)
    {
        return repairsPresent[g];
    }

    byte[] pool()
    {
        return pool;
    }

    /** @return offset in {@link #pool()} of a present symbol. */
    int symbolOffset(final int g, final int repairIndex)
    {
        return symbolSlots[g * maxRepair + repairIndex] * slotLength;
    }
}
