package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Flyweight and cursor over a redundant audio payload (RFC 2198 section 3): block headers, then the redundant blocks'
 * data, then the primary data. Allocation-free; single-threaded. Build one with {@link RedPayloadWriter}.
 *
 * <pre>
 * Header of a redundant block (F = 1):
 *  0                   1                    2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |F|   block PT  |  timestamp offset         |   block length    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Header of the last (primary) block (F = 0):
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |0|   Block PT  |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The timestamp offset (14 bits, unsigned) is subtracted from the RTP header timestamp to get the block's timestamp;
 * the block length (10 bits) counts data bytes, header excluded. The primary block's length is whatever remains.
 *
 * <p>Use: {@code wrap}, {@link #validate()}, then the primary accessors or {@code while (next()) { ... }}, which
 * visits the redundant blocks in order and the primary last. Accessors are only valid after validate returned OK.
 */
public final class RedPayload
{
    /** Bytes in a redundant block header. */
    public static final int REDUNDANT_HEADER_LENGTH = 4;
    /** Bytes in the primary block header. */
    public static final int PRIMARY_HEADER_LENGTH = 1;
    /** Largest value of the 14-bit timestamp offset. */
    public static final int MAX_TIMESTAMP_OFFSET = 0x3FFF;
    /** Largest value of the 10-bit block length. */
    public static final int MAX_BLOCK_LENGTH = 0x3FF;
    /** Mask of the F bit: set when another block header follows. */
    public static final int FOLLOW_BIT = 0x80;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int redundantCount;
    private int headersLength;
    private int primaryOffset;

    private int cursorHeader;
    private int cursorData;
    private int cursorIndex;
    private int blockPayloadType;
    private int blockTimestampOffset;
    private int blockLength;
    private int blockOffset;

    /**
     * Point the flyweight at a RED payload (from {@link RtpPacket#payloadOffset()} and
     * {@link RtpPacket#payloadLength()}).
     *
     * @param buffer holding the payload.
     * @param offset absolute offset of the first payload byte.
     * @param length payload bytes, padding excluded.
     * @return this for chaining.
     */
    public RedPayload wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.redundantCount = 0;
        this.headersLength = 0;
        this.primaryOffset = offset;
        this.cursorIndex = Integer.MAX_VALUE;
        return this;
    }

    /**
     * Walk the block headers: each must fit, the chain must end with a primary header, and the redundant blocks'
     * lengths must fit in what follows the headers. Rewinds the cursor.
     *
     * @return {@link WireStatus#OK}; {@link WireStatus#TRUNCATED} when the payload is empty or ends inside the
     * headers; {@link WireStatus#BAD_LENGTH} when the block lengths exceed the payload; never throws.
     */
    public int validate()
    {
        if (null == buffer || offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return WireStatus.TRUNCATED;
        }
        int position = 0;
        int count = 0;
        long dataLength = 0;
        while (true)
        {
            if (position >= length)
            {
                return WireStatus.TRUNCATED;
            }
            if ((buffer.getByte(offset + position) & FOLLOW_BIT) == 0)
            {
                position += PRIMARY_HEADER_LENGTH;
                break;
            }
            if (length - position < REDUNDANT_HEADER_LENGTH)
            {
                return WireStatus.TRUNCATED;
            }
            dataLength += lengthField(offset + position);
            count++;
            position += REDUNDANT_HEADER_LENGTH;
        }
        if (position + dataLength > length)
        {
            return WireStatus.BAD_LENGTH;
        }
        redundantCount = count;
        headersLength = position;
        primaryOffset = offset + position + (int)dataLength;
        reset();
        return WireStatus.OK;
    }

    /** @return the number of redundant blocks, not counting the primary. */
    public int redundantCount()
    {
        return redundantCount;
    }

    /** @return bytes taken by all block headers. */
    public int headersLength()
    {
        return headersLength;
    }

    /** @return the primary block's payload type, 0..127. */
    public int primaryPayloadType()
    {
        return buffer.getByte(offset + headersLength - 1) & 0x7F;
    }

    /** @return the absolute offset of the primary block's data. */
    public int primaryOffset()
    {
        return primaryOffset;
    }

    /** @return the primary block's data bytes; may be 0. */
    public int primaryLength()
    {
        return offset + length - primaryOffset;
    }

    /**
     * Rewind the block cursor to the first block.
     *
     * @return this for chaining.
     */
    public RedPayload reset()
    {
        cursorHeader = offset;
        cursorData = offset + headersLength;
        cursorIndex = 0;
        return this;
    }

    /**
     * Advance to the next block: the redundant blocks in order, then the primary.
     *
     * @return true when positioned on a block; false after the primary.
     */
    public boolean next()
    {
        if (cursorIndex > redundantCount)
        {
            return false;
        }
        if (cursorIndex == redundantCount)
        {
            blockPayloadType = primaryPayloadType();
            blockTimestampOffset = 0;
            blockOffset = primaryOffset;
            blockLength = primaryLength();
        }
        else
        {
            final int header = cursorHeader;
            blockPayloadType = buffer.getByte(header) & 0x7F;
            blockTimestampOffset = timestampOffsetField(header);
            blockLength = lengthField(header);
            blockOffset = cursorData;
            cursorHeader += REDUNDANT_HEADER_LENGTH;
            cursorData += blockLength;
        }
        cursorIndex++;
        return true;
    }

    private int timestampOffsetField(final int header)
    {
        return ((buffer.getByte(header + 1) & 0xFF) << 6) | ((buffer.getByte(header + 2) & 0xFC) >> 2);
    }

    private int lengthField(final int header)
    {
        return ((buffer.getByte(header + 2) & 0x03) << 8) | (buffer.getByte(header + 3) & 0xFF);
    }

    /** @return true when the cursor is on the primary block. */
    public boolean isPrimary()
    {
        return cursorIndex == redundantCount + 1;
    }

    /** @return the current block's payload type, 0..127. */
    public int blockPayloadType()
    {
        return blockPayloadType;
    }

    /** @return the current block's timestamp offset, 0..16383 (0 for the primary). */
    public int timestampOffset()
    {
        return blockTimestampOffset;
    }

    /** @return the current block's data bytes. */
    public int blockLength()
    {
        return blockLength;
    }

    /** @return the absolute offset of the current block's data. */
    public int blockOffset()
    {
        return blockOffset;
    }
}
