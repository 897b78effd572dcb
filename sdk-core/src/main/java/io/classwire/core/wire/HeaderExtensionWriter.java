package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Collects RFC 8285 header extension elements and writes them as one extension block (profile word, length word,
 * elements, zero padding to a 32-bit boundary). Picks the one-byte form (profile 0xBEDE) when every ID is 1..14 and
 * every length 1..16, otherwise the two-byte form (profile 0x100X). Reusable and allocation-free after construction;
 * single-threaded.
 *
 * <p>Element data is copied into an internal scratch buffer when added, so sources may be reused at once. IDs must be
 * unique within a block. See {@link HeaderExtensionReader} for the wire layout.
 */
public final class HeaderExtensionWriter
{
    /** Elements a default writer holds. */
    public static final int DEFAULT_MAX_ELEMENTS = 16;
    /** Data bytes a default writer holds, across all elements. */
    public static final int DEFAULT_DATA_CAPACITY = 1024;
    /** Largest value of the 16-bit extension length field, in 32-bit words. */
    public static final int MAX_DATA_WORDS = 0xFFFF;

    private final int[] ids;
    private final int[] offsets;
    private final int[] lengths;
    private final UnsafeBuffer data;
    private int count;
    private int dataUsed;
    private boolean forceTwoByte;
    private int appBits;

    /** Create a writer with {@link #DEFAULT_MAX_ELEMENTS} and {@link #DEFAULT_DATA_CAPACITY}. */
    public HeaderExtensionWriter()
    {
        this(DEFAULT_MAX_ELEMENTS, DEFAULT_DATA_CAPACITY);
    }

    /**
     * Create a writer with its own limits.
     *
     * @param maxElements  elements per block, at least 1.
     * @param dataCapacity element data bytes per block, at least 1.
     */
    public HeaderExtensionWriter(final int maxElements, final int dataCapacity)
    {
        if (maxElements < 1 || dataCapacity < 1)
        {
            throw new IllegalArgumentException("maxElements=" + maxElements + " dataCapacity=" + dataCapacity);
        }
        ids = new int[maxElements];
        offsets = new int[maxElements];
        lengths = new int[maxElements];
        data = new UnsafeBuffer(new byte[dataCapacity]);
    }

    /**
     * Drop all elements and return to automatic form selection with appbits 0.
     *
     * @return this for chaining.
     */
    public HeaderExtensionWriter reset()
    {
        count = 0;
        dataUsed = 0;
        forceTwoByte = false;
        appBits = 0;
        return this;
    }

    /**
     * Use the two-byte form even when the one-byte form would do (for peers that negotiated extmap-allow-mixed, or
     * to set appbits).
     *
     * @param forceTwoByte true to always use the two-byte form.
     * @return this for chaining.
     */
    public HeaderExtensionWriter forceTwoByte(final boolean forceTwoByte)
    {
        this.forceTwoByte = forceTwoByte;
        return this;
    }

    /**
     * Set the 4 application bits of the two-byte profile value; they are only written in the two-byte form.
     *
     * @param appBits 0..15; other bits are ignored.
     * @return this for chaining.
     */
    public HeaderExtensionWriter appBits(final int appBits)
    {
        this.appBits = appBits & 0x0F;
        return this;
    }

    /**
     * Add an element copied from a buffer.
     *
     * @param id        local ID, 1..255 (1..14 keeps the one-byte form possible).
     * @param src       element data (may be null when {@code length} is 0).
     * @param srcOffset of the first data byte in {@code src}.
     * @param length    data bytes, 0..255 (1..16 keeps the one-byte form possible).
     * @return {@link WireStatus#OK}; {@link WireStatus#BAD_VALUE} for an ID out of range or already present;
     * {@link WireStatus#BAD_LENGTH} for a length out of range; {@link WireStatus#BAD_COUNT} when the element table
     * is full; {@link WireStatus#OVERSIZED} when the data capacity is exhausted. Nothing is added on failure.
     */
    public int add(final int id, final DirectBuffer src, final int srcOffset, final int length)
    {
        final int status = reserve(id, length);
        if (status != WireStatus.OK)
        {
            return status;
        }
        if (length > 0)
        {
            data.putBytes(dataUsed, src, srcOffset, length);
        }
        commit(id, length);
        return WireStatus.OK;
    }

    /**
     * Add a one-byte element.
     *
     * @param id    local ID, 1..255.
     * @param value the byte (low 8 bits are used).
     * @return as {@link #add(int, DirectBuffer, int, int)}.
     */
    public int addByte(final int id, final int value)
    {
        return addBigEndian(id, value, 1);
    }

    /**
     * Add an element holding the low {@code byteCount} bytes of a value, big-endian (e.g. 2 for a transport-wide
     * sequence number, 3 for abs-send-time).
     *
     * @param id        local ID, 1..255.
     * @param value     the value; higher bytes are dropped.
     * @param byteCount 1..8.
     * @return as {@link #add(int, DirectBuffer, int, int)}; {@link WireStatus#BAD_LENGTH} for a byte count outside
     * 1..8.
     */
    public int addBigEndian(final int id, final long value, final int byteCount)
    {
        if (byteCount < 1 || byteCount > 8)
        {
            return WireStatus.BAD_LENGTH;
        }
        final int status = reserve(id, byteCount);
        if (status != WireStatus.OK)
        {
            return status;
        }
        for (int i = 0; i < byteCount; i++)
        {
            data.putByte(dataUsed + i, (byte)(value >>> (8 * (byteCount - 1 - i))));
        }
        commit(id, byteCount);
        return WireStatus.OK;
    }

    private int reserve(final int id, final int length)
    {
        if (id < 1 || id > HeaderExtensionReader.TWO_BYTE_MAX_ID || contains(id))
        {
            return WireStatus.BAD_VALUE;
        }
        if (length < 0 || length > HeaderExtensionReader.TWO_BYTE_MAX_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (count == ids.length)
        {
            return WireStatus.BAD_COUNT;
        }
        if (length > data.capacity() - dataUsed)
        {
            return WireStatus.OVERSIZED;
        }
        return WireStatus.OK;
    }

    private void commit(final int id, final int length)
    {
        ids[count] = id;
        offsets[count] = dataUsed;
        lengths[count] = length;
        count++;
        dataUsed += length;
    }

    /**
     * @param id a local ID.
     * @return true when an element with this ID was added since the last reset.
     */
    public boolean contains(final int id)
    {
        for (int i = 0; i < count; i++)
        {
            if (ids[i] == id)
            {
                return true;
            }
        }
        return false;
    }

    /** @return elements added since the last reset. */
    public int count()
    {
        return count;
    }

    /** @return true when no element was added, so no extension block will be written. */
    public boolean isEmpty()
    {
        return count == 0;
    }

    /** @return true when the block will use the one-byte form. */
    public boolean isOneByteForm()
    {
        if (forceTwoByte)
        {
            return false;
        }
        for (int i = 0; i < count; i++)
        {
            final int length = lengths[i];
            if (ids[i] > HeaderExtensionReader.ONE_BYTE_MAX_ID || length < 1 ||
                length > HeaderExtensionReader.ONE_BYTE_MAX_LENGTH)
            {
                return false;
            }
        }
        return true;
    }

    /** @return the profile value that will be written: 0xBEDE or 0x1000 | appbits. */
    public int profile()
    {
        return isOneByteForm() ?
            HeaderExtensionReader.ONE_BYTE_PROFILE : HeaderExtensionReader.TWO_BYTE_PROFILE | appBits;
    }

    /** @return bytes the block will take, profile and length words and padding included; 0 when empty. */
    public int blockLength()
    {
        if (count == 0)
        {
            return 0;
        }
        final int elementHeader = isOneByteForm() ? 1 : 2;
        final int unpadded = count * elementHeader + dataUsed;
        return RtpPacket.EXTENSION_HEADER_LENGTH + ((unpadded + 3) & ~3);
    }

    /**
     * Write the block: profile, length in 32-bit words, elements in the order added, zero padding.
     *
     * @param buffer    to write into.
     * @param offset    of the profile word.
     * @param maxLength bytes available from {@code offset}.
     * @return bytes written ({@link #blockLength()}, 0 when empty) or {@link WireStatus#OVERSIZED} when the block
     * does not fit in {@code maxLength} or in the 16-bit length field; nothing is written on failure.
     */
    public int write(final MutableDirectBuffer buffer, final int offset, final int maxLength)
    {
        final int blockLength = blockLength();
        if (blockLength == 0)
        {
            return 0;
        }
        if (blockLength > maxLength || blockLength - RtpPacket.EXTENSION_HEADER_LENGTH > MAX_DATA_WORDS * 4)
        {
            return WireStatus.OVERSIZED;
        }
        final boolean oneByte = isOneByteForm();
        final int profile = oneByte ? HeaderExtensionReader.ONE_BYTE_PROFILE :
            HeaderExtensionReader.TWO_BYTE_PROFILE | appBits;
        buffer.putShort(offset, (short)profile, ByteOrder.BIG_ENDIAN);
        final int words = (blockLength - RtpPacket.EXTENSION_HEADER_LENGTH) >> 2;
        buffer.putShort(offset + 2, (short)words, ByteOrder.BIG_ENDIAN);

        int position = offset + RtpPacket.EXTENSION_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int length = lengths[i];
            if (oneByte)
            {
                buffer.putByte(position++, (byte)((ids[i] << 4) | (length - 1)));
            }
            else
            {
                buffer.putByte(position++, (byte)ids[i]);
                buffer.putByte(position++, (byte)length);
            }
            buffer.putBytes(position, data, offsets[i], length);
            position += length;
        }
        final int end = offset + blockLength;
        if (position < end)
        {
            buffer.setMemory(position, end - position, (byte)0);
        }
        return blockLength;
    }
}
