package io.classwire.core.wire;

/**
 * In-place, allocation-free ordering of 16-bit sequence numbers around the wrap: sorted ascending, then rotated so
 * that the list starts right after the largest gap between neighbours on the 2^16 circle. For any set that leaves a
 * gap wider than half the space (every loss list in practice) this is oldest-first in {@link SeqNum} order, and a
 * list such as {65534, 65535, 0, 1} keeps its wrap-around neighbours together.
 */
final class SeqOrder
{
    private SeqOrder()
    {
    }

    /**
     * Reorder {@code seqs[0, count)} into circular order, duplicates kept next to each other.
     *
     * @param seqs  values in 0..65535.
     * @param count how many leading entries to order.
     */
    static void sortCircular(final int[] seqs, final int count)
    {
        if (count < 2)
        {
            return;
        }
        heapSort(seqs, count);
        int start = 0;
        int largestGap = seqs[0] + SeqNum.MODULUS - seqs[count - 1];
        for (int i = 1; i < count; i++)
        {
            final int gap = seqs[i] - seqs[i - 1];
            if (gap > largestGap)
            {
                largestGap = gap;
                start = i;
            }
        }
        if (start != 0)
        {
            reverse(seqs, 0, start);
            reverse(seqs, start, count);
            reverse(seqs, 0, count);
        }
    }

    // Heapsort rather than Arrays.sort: the JDK's int sort may allocate a merge buffer for inputs made of runs.
    private static void heapSort(final int[] values, final int count)
    {
        for (int root = count / 2 - 1; root >= 0; root--)
        {
            siftDown(values, root, count);
        }
        for (int end = count - 1; end > 0; end--)
        {
            final int largest = values[0];
            values[0] = values[end];
            values[end] = largest;
            siftDown(values, 0, end);
        }
    }

    private static void siftDown(final int[] values, final int start, final int count)
    {
        final int value = values[start];
        int root = start;
        while (true)
        {
            int child = 2 * root + 1;
            if (child >= count)
            {
                break;
            }
            if (child + 1 < count && values[child + 1] > values[child])
            {
                child++;
            }
            if (values[child] <= value)
            {
                break;
            }
            values[root] = values[child];
            root = child;
        }
        values[root] = value;
    }

    private static void reverse(final int[] values, final int from, final int to)
    {
        for (int i = from, j = to - 1; i < j; i++, j--)
        {
            final int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
