package io.classwire.media.audio;

import java.util.Arrays;

/**
 * Decoded audio between the decoder and the playout pulls, with what each stretch of it is made of; single-threaded
 * and allocation-free after construction. Keeps {@link #HISTORY} already-played samples behind the read position so
 * that concealment can be merged against the recent past. Each appended chunk records its {@link FrameType} and the
 * RTP timestamp of its first sample (-1 for synthetic audio), so a pull can report what it played and from when.
 */
final class SyncBuffer
{
    static final int HISTORY = 1920;
    private static final int CAPACITY = 16_384;
    private static final int MAX_CHUNKS = 64;

    private final short[] samples = new short[CAPACITY];
    private final int[] chunkStarts = new int[MAX_CHUNKS];
    private final long[] chunkTimestamps = new long[MAX_CHUNKS];
    private final byte[] chunkTypes = new byte[MAX_CHUNKS];
    private final int[] readByType = new int[FrameType.COUNT];
    private int chunkCount;
    private int readPosition = HISTORY;
    private int writePosition = HISTORY;
    private long lastReadTimestamp = -1;

    /** @return samples written but not yet read. */
    int future()
    {
        return writePosition - readPosition;
    }

    /** @return the sample {@code back} places before the write position (1 = the last written). */
    short recent(final int back)
    {
        return samples[writePosition - back];
    }

    /** Append {@code length} samples made of {@code type}, the first one sent at {@code timestamp} (or -1). */
    void append(final short[] src, final int offset, final int length, final FrameType type, final long timestamp)
    {
        if (writePosition + length > CAPACITY)
        {
            compact();
        }
        System.arraycopy(src, offset, samples, writePosition, length);
        if (chunkCount == MAX_CHUNKS)
        {
            dropOldestChunks(1);
        }
        chunkStarts[chunkCount] = writePosition;
        chunkTimestamps[chunkCount] = timestamp;
        chunkTypes[chunkCount] = (byte)type.ordinal();
        chunkCount++;
        writePosition += length;
    }

    /**
     * Move {@code length} samples (no more than {@link #future()}) to {@code out}, counting how many of each type
     * they held into {@code samplesByType} (indexed by ordinal).
     *
     * @return the type covering most of them; a tie goes to the more synthetic type.
     */
    FrameType read(final short[] out, final int offset, final int length, final long[] samplesByType)
    {
        System.arraycopy(samples, readPosition, out, offset, length);
        final int end = readPosition + length;
        Arrays.fill(readByType, 0);
        lastReadTimestamp = -1;
        for (int i = 0; i < chunkCount; i++)
        {
            final int start = chunkStarts[i];
            final int chunkEnd = i + 1 < chunkCount ? chunkStarts[i + 1] : writePosition;
            if (chunkEnd > readPosition && start < end)
            {
                readByType[chunkTypes[i]] += Math.min(chunkEnd, end) - Math.max(start, readPosition);
                if (start <= readPosition && chunkTimestamps[i] >= 0)
                {
                    lastReadTimestamp = chunkTimestamps[i] + (readPosition - start);
                }
            }
        }
        int dominant = FrameType.SILENCE.ordinal();
        for (int t = 0; t < FrameType.COUNT; t++)
        {
            samplesByType[t] += readByType[t];
            if (readByType[t] >= readByType[dominant])
            {
                dominant = t;
            }
        }
        readPosition = end;
        int played = 0;
        while (played + 1 < chunkCount && chunkStarts[played + 1] <= readPosition)
        {
            played++;
        }
        if (played > 0)
        {
            dropOldestChunks(played);
        }
        return FrameType.of(dominant);
    }

    /** @return RTP timestamp of the first sample of the last read, or -1 when that sample was synthetic. */
    long lastReadTimestamp()
    {
        return lastReadTimestamp;
    }

    /** Forget everything, keeping a silent history. */
    void clear()
    {
        Arrays.fill(samples, (short)0);
        chunkCount = 0;
        readPosition = HISTORY;
        writePosition = HISTORY;
        lastReadTimestamp = -1;
    }

    private void compact()
    {
        final int from = readPosition - HISTORY;
        final int length = writePosition - from;
        System.arraycopy(samples, from, samples, 0, length);
        readPosition -= from;
        writePosition -= from;
        int kept = 0;
        for (int i = 0; i < chunkCount; i++)
        {
            final int chunkEnd = i + 1 < chunkCount ? chunkStarts[i + 1] : Integer.MAX_VALUE;
            if (chunkEnd > from)
            {
                chunkStarts[kept] = chunkStarts[i] - from;
                chunkTimestamps[kept] = chunkTimestamps[i];
                chunkTypes[kept] = chunkTypes[i];
                kept++;
            }
        }
        chunkCount = kept;
    }

    private void dropOldestChunks(final int n)
    {
        System.arraycopy(chunkStarts, n, chunkStarts, 0, chunkCount - n);
        System.arraycopy(chunkTimestamps, n, chunkTimestamps, 0, chunkCount - n);
        System.arraycopy(chunkTypes, n, chunkTypes, 0, chunkCount - n);
        chunkCount -= n;
    }
}
