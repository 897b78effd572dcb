package io.classwire.core.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.classwire.core.wire.TransportFeedback.MAX_RUN_LENGTH;
import static io.classwire.core.wire.TransportFeedback.ONE_BIT_CAPACITY;
import static io.classwire.core.wire.TransportFeedback.SYMBOL_LARGE_DELTA;
import static io.classwire.core.wire.TransportFeedback.SYMBOL_NOT_RECEIVED;
import static io.classwire.core.wire.TransportFeedback.TWO_BIT_CAPACITY;

/**
 * Incremental packet status chunk encoder for {@link TransportFeedbackBuilder}; single-threaded, allocation-free after
 * construction.
 *
 * <p>Symbols collect in a pending group that stays open while some chunk kind can still hold it: any 7 symbols fit a
 * two-bit vector, 14 symbols without a large delta fit a one-bit vector, and identical symbols fit a run of up to
 * 8191. When the next symbol fits none of them, the group is closed: a run if all symbols agree, else a full
 * one-bit vector, else a two-bit vector of the first 7 with the rest carried over. The open group is encoded only
 * at build time (a run, a two-bit vector when 7 or fewer, else a one-bit vector). This yields the same chunks as
 * libwebrtc's transport feedback writer, so our packets match Chrome's byte for byte.
 *
 * <p>Closed chunks past the array's capacity are counted but not stored: such a packet is over the size limit, and
 * the builder rolls back to its {@link #mark()} before anything is written.
 */
final class StatusChunkEncoder
{
    private final short[] chunks;
    private int chunkCount;

    private final byte[] pending = new byte[ONE_BIT_CAPACITY];
    private int pendingCount;
    private boolean allSame = true;
    private boolean hasLarge;

    private final byte[] markPending = new byte[ONE_BIT_CAPACITY];
    private int markPendingCount;
    private boolean markAllSame = true;
    private boolean markHasLarge;
    private int markChunkCount;

    /**
     * @param maxChunks most closed chunks that can be stored.
     */
    StatusChunkEncoder(final int maxChunks)
    {
        chunks = new short[maxChunks];
    }

    /** Drop all chunks and the open group. */
    void reset()
    {
        chunkCount = 0;
        pendingCount = 0;
        allSame = true;
        hasLarge = false;
    }

    /** Remember the state so that {@link #rollback()} can undo later additions. */
    void mark()
    {
        System.arraycopy(pending, 0, markPending, 0, ONE_BIT_CAPACITY);
        markPendingCount = pendingCount;
        markAllSame = allSame;
        markHasLarge = hasLarge;
        markChunkCount = chunkCount;
    }

    /** Return to the state saved by the last {@link #mark()}. */
    void rollback()
    {
        System.arraycopy(markPending, 0, pending, 0, ONE_BIT_CAPACITY);
        pendingCount = markPendingCount;
        allSame = markAllSame;
        hasLarge = markHasLarge;
        chunkCount = markChunkCount;
    }

    /** @return bytes the chunks take if the packet were built now, the open group included. */
    int encodedLength()
    {
        return 2 * (chunkCount + (pendingCount > 0 ? 1 : 0));
    }

    /**
     * Append one status symbol.
     *
     * @param symbol {@link TransportFeedback#SYMBOL_NOT_RECEIVED} to {@link TransportFeedback#SYMBOL_LARGE_DELTA}.
     */
    void add(final int symbol)
    {
        if (!canAdd(symbol))
        {
            closeGroup();
        }
        if (0 == pendingCount)
        {
            allSame = true;
            hasLarge = false;
        }
        else
        {
            allSame = allSame && pending[0] == symbol;
        }
        if (pendingCount < ONE_BIT_CAPACITY)
        {
            pending[pendingCount] = (byte)symbol;
        }
        pendingCount++;
        hasLarge = hasLarge || SYMBOL_LARGE_DELTA == symbol;
    }

    /**
     * Append {@code count} not-received symbols, in runs where possible.
     *
     * @param count number of lost packets, at least 0.
     */
    void addLosses(final int count)
    {
        int remaining = count;
        while (remaining > 0)
        {
            if (0 == pendingCount || (allSame && SYMBOL_NOT_RECEIVED == pending[0]))
            {
                if (MAX_RUN_LENGTH == pendingCount)
                {
                    closeGroup();
                }
                final int added = Math.min(remaining, MAX_RUN_LENGTH - pendingCount);
                for (int i = pendingCount, end = Math.min(ONE_BIT_CAPACITY, pendingCount + added); i < end; i++)
                {
                    pending[i] = SYMBOL_NOT_RECEIVED;
                }
                if (0 == pendingCount)
                {
                    allSame = true;
                    hasLarge = false;
                }
                pendingCount += added;
                remaining -= added;
            }
            else
            {
                add(SYMBOL_NOT_RECEIVED);
                remaining--;
            }
        }
    }

    /**
     * Write the closed chunks and the open group.
     *
     * @param buffer to write into.
     * @param index  where the first chunk goes.
     * @return bytes written.
     */
    int write(final MutableDirectBuffer buffer, final int index)
    {
        int position = index;
        for (int i = 0; i < chunkCount; i++)
        {
            buffer.putShort(position, chunks[i], ByteOrder.BIG_ENDIAN);
            position += 2;
        }
        if (pendingCount > 0)
        {
            buffer.putShort(position, (short)encodeOpenGroup(), ByteOrder.BIG_ENDIAN);
            position += 2;
        }
        return position - index;
    }

    private boolean canAdd(final int symbol)
    {
        if (pendingCount < TWO_BIT_CAPACITY)
        {
            return true;
        }
        if (pendingCount < ONE_BIT_CAPACITY && !hasLarge && SYMBOL_LARGE_DELTA != symbol)
        {
            return true;
        }
        return pendingCount < MAX_RUN_LENGTH && allSame && pending[0] == symbol;
    }

    private void closeGroup()
    {
        if (allSame)
        {
            appendChunk(runLength(pending[0], pendingCount));
            pendingCount = 0;
        }
        else if (ONE_BIT_CAPACITY == pendingCount)
        {
            appendChunk(oneBitVector(pendingCount));
            pendingCount = 0;
        }
        else
        {
            appendChunk(twoBitVector(TWO_BIT_CAPACITY));
            final int carried = pendingCount - TWO_BIT_CAPACITY;
            System.arraycopy(pending, TWO_BIT_CAPACITY, pending, 0, carried);
            pendingCount = carried;
            allSame = true;
            hasLarge = false;
            for (int i = 0; i < carried; i++)
            {
                allSame = allSame && pending[i] == pending[0];
                hasLarge = hasLarge || SYMBOL_LARGE_DELTA == pending[i];
            }
        }
    }

    private int encodeOpenGroup()
    {
        if (allSame)
        {
            return runLength(pending[0], pendingCount);
        }
        return pendingCount <= TWO_BIT_CAPACITY ? twoBitVector(pendingCount) : oneBitVector(pendingCount);
    }

    private void appendChunk(final int chunk)
    {
        if (chunkCount < chunks.length)
        {
            chunks[chunkCount] = (short)chunk;
        }
        chunkCount++;
    }

    private static int runLength(final int symbol, final int count)
    {
        return (symbol << 13) | count;
    }

    private int oneBitVector(final int count)
    {
        int chunk = 0x8000;
        for (int i = 0; i < count; i++)
        {
            chunk |= pending[i] << (ONE_BIT_CAPACITY - 1 - i);
        }
        return chunk;
    }

    private int twoBitVector(final int count)
    {
        int chunk = 0xC000;
        for (int i = 0; i < count; i++)
        {
            chunk |= pending[i] << (2 * (TWO_BIT_CAPACITY - 1 - i));
        }
        return chunk;
    }
}
