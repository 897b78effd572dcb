package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Cursor over the elements of an RFC 8285 header extension block, in the one-byte (profile 0xBEDE) or two-byte
 * (profile 0x100X, X = "appbits") form. Allocation-free and reusable; single-threaded.
 *
 * <pre>
 * One-byte form (RFC 8285 section 4.2):        Two-byte form (RFC 8285 section 4.3):
 *  0                   1                        0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 ...              0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   |  L    |  data ...  |               |      ID       |    length     |   data ...   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  ID 1..14, data = L + 1 bytes (1..16)          ID 1..255, data = length bytes (0..255)
 * </pre>
 *
 * <p>Parsing rules: a zero byte between or after elements is padding and is skipped in both forms; in the one-byte
 * form ID 15 ends parsing, and only the elements before it count (RFC 8285 section 4.2); a one-byte header with
 * ID 0 and a non-zero length is neither padding nor an element and makes the block {@link WireStatus#BAD_VALUE}; an
 * element whose header or data runs past the block makes it {@link WireStatus#BAD_LENGTH}.
 *
 * <p>Use: {@code wrap}, {@link #validate()}, then either {@link #find(int)} or {@code while (next()) { id(),
 * dataOffset(), dataLength() }}. The cursor never reads outside the wrapped block even without validation, but only
 * a validated block guarantees that iteration saw every element.
 */
public final class HeaderExtensionReader
{
    /** Profile value of the one-byte form. */
    public static final int ONE_BYTE_PROFILE = 0xBEDE;
    /** Profile value of the two-byte form with appbits 0; the low 4 bits carry the appbits. */
    public static final int TWO_BYTE_PROFILE = 0x1000;
    /** Mask selecting the fixed part of a two-byte profile value. */
    public static final int TWO_BYTE_PROFILE_MASK = 0xFFF0;
    /** Reserved one-byte ID that terminates parsing. */
    public static final int ONE_BYTE_TERMINATOR_ID = 15;
    /** Largest ID in the one-byte form. */
    public static final int ONE_BYTE_MAX_ID = 14;
    /** Largest data length in the one-byte form. */
    public static final int ONE_BYTE_MAX_LENGTH = 16;
    /** Largest ID in the two-byte form. */
    public static final int TWO_BYTE_MAX_ID = 255;
    /** Largest data length in the two-byte form. */
    public static final int TWO_BYTE_MAX_LENGTH = 255;
    /** Returned by {@link #find(int)} when no element has the ID. */
    public static final long NOT_FOUND = -1L;

    private DirectBuffer buffer;
    private int profile;
    private int start;
    private int end;
    private int position;
    private int status;
    private int id;
    private int dataOffset;
    private int dataLength;

    /**
     * Point the reader at an extension block's data (the bytes after the profile and length words) and rewind.
     *
     * @param buffer  holding the block.
     * @param profile the 16-bit "defined by profile" value.
     * @param offset  absolute offset of the first data byte.
     * @param length  data bytes (the RTP length field times 4).
     * @return this for chaining.
     */
    public HeaderExtensionReader wrap(final DirectBuffer buffer, final int profile, final int offset, final int length)
    {
        this.buffer = buffer;
        this.profile = profile & 0xFFFF;
        this.start = offset;
        this.end = offset + length;
        if (null == buffer || offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            this.end = offset;
            this.status = WireStatus.TRUNCATED;
        }
        else
        {
            this.status = isRfc8285Profile(this.profile) ? WireStatus.OK : WireStatus.BAD_TYPE;
        }
        return reset();
    }

    /**
     * Point the reader at the extension block of a validated packet; a packet without one reads as an empty block.
     *
     * @param packet a packet whose {@link RtpPacket#validate()} returned OK.
     * @return this for chaining.
     */
    public HeaderExtensionReader wrap(final RtpPacket packet)
    {
        if (!packet.extension())
        {
            return wrap(packet.buffer(), ONE_BYTE_PROFILE, packet.offset(), 0);
        }
        return wrap(
            packet.buffer(), packet.extensionProfile(), packet.extensionDataOffset(), packet.extensionDataLength());
    }

    /**
     * @param profile a 16-bit "defined by profile" value.
     * @return true for the one-byte or any two-byte RFC 8285 profile.
     */
    public static boolean isRfc8285Profile(final int profile)
    {
        return profile == ONE_BYTE_PROFILE || (profile & TWO_BYTE_PROFILE_MASK) == TWO_BYTE_PROFILE;
    }

    /**
     * Walk every element and report the first problem, then rewind the cursor.
     *
     * @return {@link WireStatus#OK}, {@link WireStatus#BAD_TYPE} for a non-RFC 8285 profile,
     * {@link WireStatus#BAD_LENGTH} for an overrun, {@link WireStatus#BAD_VALUE} for a one-byte ID 0 with data,
     * {@link WireStatus#TRUNCATED} for a region outside the buffer; never throws.
     */
    public int validate()
    {
        reset();
        while (next())
        {
            // Walking is the check: next() records the first malformed element in status.
        }
        final int result = status;
        reset();
        return result;
    }

    /**
     * Rewind the cursor to the first element; a failure found by {@code wrap} (region or profile) is kept.
     *
     * @return this for chaining.
     */
    public HeaderExtensionReader reset()
    {
        position = start;
        id = 0;
        dataOffset = start;
        dataLength = 0;
        if (status != WireStatus.TRUNCATED && status != WireStatus.BAD_TYPE)
        {
            status = WireStatus.OK;
        }
        return this;
    }

    /**
     * Advance to the next element, skipping padding.
     *
     * @return true when positioned on an element; false at the end, at a one-byte ID 15, or on a malformed element
     * (then {@link #status()} says why).
     */
    public boolean next()
    {
        if (status != WireStatus.OK)
        {
            return false;
        }
        final boolean oneByte = profile == ONE_BYTE_PROFILE;
        while (position < end)
        {
            final int first = buffer.getByte(position) & 0xFF;
            if (first == 0)
            {
                position++;
                continue;
            }
            return oneByte ? nextOneByte(first) : nextTwoByte(first);
        }
        return false;
    }

    private boolean nextOneByte(final int first)
    {
        final int elementId = first >> 4;
        if (elementId == ONE_BYTE_TERMINATOR_ID)
        {
            position = end;
            return false;
        }
        if (elementId == 0)
        {
            return fail(WireStatus.BAD_VALUE);
        }
        final int elementLength = (first & 0x0F) + 1;
        if (elementLength > end - position - 1)
        {
            return fail(WireStatus.BAD_LENGTH);
        }
        return accept(elementId, position + 1, elementLength);
    }

    private boolean nextTwoByte(final int first)
    {
        if (end - position < 2)
        {
            return fail(WireStatus.BAD_LENGTH);
        }
        final int elementLength = buffer.getByte(position + 1) & 0xFF;
        if (elementLength > end - position - 2)
        {
            return fail(WireStatus.BAD_LENGTH);
        }
        return accept(first, position + 2, elementLength);
    }

    private boolean accept(final int elementId, final int elementOffset, final int elementLength)
    {
        id = elementId;
        dataOffset = elementOffset;
        dataLength = elementLength;
        position = elementOffset + elementLength;
        return true;
    }

    private boolean fail(final int failure)
    {
        status = failure;
        position = end;
        return false;
    }

    /**
     * Find the first element with an ID, without moving the iteration cursor.
     *
     * @param elementId the local ID to look for.
     * @return the element's absolute data offset in the high 32 bits and its data length in the low 32 bits (see
     * {@link #packedOffset(long)}, {@link #packedLength(long)}), or {@link #NOT_FOUND}.
     */
    public long find(final int elementId)
    {
        final int savedPosition = position;
        final int savedStatus = status;
        final int savedId = id;
        final int savedOffset = dataOffset;
        final int savedLength = dataLength;

        reset();
        long result = NOT_FOUND;
        while (next())
        {
            if (id == elementId)
            {
                result = ((long)dataOffset << 32) | (dataLength & 0xFFFF_FFFFL);
                break;
            }
        }

        position = savedPosition;
        status = savedStatus;
        id = savedId;
        dataOffset = savedOffset;
        dataLength = savedLength;
        return result;
    }

    /**
     * @param packed a found value from {@link #find(int)}.
     * @return the absolute data offset.
     */
    public static int packedOffset(final long packed)
    {
        return (int)(packed >>> 32);
    }

    /**
     * @param packed a found value from {@link #find(int)}.
     * @return the data length in bytes.
     */
    public static int packedLength(final long packed)
    {
        return (int)packed;
    }

    /** @return {@link WireStatus#OK} or the problem that stopped the cursor. */
    public int status()
    {
        return status;
    }

    /** @return true for the one-byte form. */
    public boolean isOneByteForm()
    {
        return profile == ONE_BYTE_PROFILE;
    }

    /** @return the profile value given to {@code wrap}. */
    public int profile()
    {
        return profile;
    }

    /** @return the 4 "appbits" of a two-byte profile, 0 for the one-byte form. */
    public int appBits()
    {
        return profile == ONE_BYTE_PROFILE ? 0 : profile & 0x0F;
    }

    /** @return the current element's local ID; valid after {@link #next()} returned true. */
    public int id()
    {
        return id;
    }

    /** @return the absolute offset of the current element's data; valid after {@link #next()} returned true. */
    public int dataOffset()
    {
        return dataOffset;
    }

    /** @return the current element's data length in bytes; valid after {@link #next()} returned true. */
    public int dataLength()
    {
        return dataLength;
    }

    /** @return the absolute offset of the wrapped data region. */
    public int offset()
    {
        return start;
    }

    /** @return bytes in the wrapped data region (0 when the region given to {@code wrap} was outside the buffer). */
    public int length()
    {
        return end - start;
    }

    /** @return the buffer being read. */
    public DirectBuffer buffer()
    {
        return buffer;
    }
}
