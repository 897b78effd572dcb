package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight and cursor over an RTCP source description packet (SDES, PT 202, RFC 3550 section 6.5). Not thread
 * safe. Accessors and the chunk/item cursor are valid only after {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                           SDES items                          |
 *        |                              ...                              |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_2                          |
 *   2    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                           SDES items                          |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * item:  |     type      |    length     | text (length octets, UTF-8) ...
 * end:   |   type = 0    | 0..3 more null octets up to the next 32-bit boundary
 * </pre>
 *
 * Each chunk's item list ends with a null item type, padded with null octets to a 32-bit boundary; a chunk with no
 * items is the SSRC followed by four null octets. The values of the padding octets after the terminating null are
 * not checked. Unknown item types are skipped by their length.
 */
public final class Sdes
{
    /** Item type that ends a chunk's item list. */
    public static final int END = 0;
    /** Canonical end-point identifier item. */
    public static final int CNAME = 1;
    /** User name item. */
    public static final int NAME = 2;
    /** Most chunks the 5-bit source count can announce. */
    public static final int MAX_CHUNKS = 31;
    /** Longest item text the 8-bit length can describe. */
    public static final int MAX_ITEM_LENGTH = 255;

    private static final int ITEM_HEADER_LENGTH = 2;
    private static final int SSRC_LENGTH = 4;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int contentEnd;
    private int chunkIndex;
    private int chunkOffset;
    private int nextItemOffset;
    private int itemOffset;

    /**
     * Wrap one SDES packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public Sdes wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.contentEnd = offset;
        rewind();
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed SDES packet: the common header and padding checks, every item
     * inside the packet and every chunk ended by a null item within the packet ({@link WireStatus#BAD_LENGTH}), and
     * exactly SC chunks filling the packet ({@link WireStatus#BAD_COUNT}).
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = RtcpPacketCheck.contentLength(buffer, offset, length, RtcpHeader.PT_SDES);
        if (content < 0)
        {
            return content;
        }
        final int end = offset + content;
        final int chunkCount = RtcpHeader.countOrFormat(buffer, offset);
        int position = offset + RtcpHeader.HEADER_LENGTH;
        for (int i = 0; i < chunkCount; i++)
        {
            if (position == end)
            {
                return WireStatus.BAD_COUNT;
            }
            position = validChunkEnd(position, end);
            if (position < 0)
            {
                return position;
            }
        }
        if (position != end)
        {
            return WireStatus.BAD_COUNT;
        }
        contentEnd = end;
        rewind();
        return WireStatus.OK;
    }

    private int validChunkEnd(final int chunkStart, final int end)
    {
        int position = chunkStart + SSRC_LENGTH;
        while (position < end)
        {
            if ((buffer.getByte(position) & 0xFF) == END)
            {
                final int chunkEnd = align4(position + 1);
                return chunkEnd <= end ? chunkEnd : WireStatus.BAD_LENGTH;
            }
            if (position + ITEM_HEADER_LENGTH > end)
            {
                return WireStatus.BAD_LENGTH;
            }
            position += ITEM_HEADER_LENGTH + (buffer.getByte(position + 1) & 0xFF);
        }
        return WireStatus.BAD_LENGTH;
    }

    private int align4(final int position)
    {
        return offset + ((position - offset + 3) & ~3);
    }

    /**
     * @return the number of chunks (SC), 0..31.
     */
    public int chunkCount()
    {
        return RtcpHeader.countOrFormat(buffer, offset);
    }

    /**
     * Move the chunk cursor back before the first chunk.
     */
    public void rewind()
    {
        chunkIndex = -1;
        chunkOffset = offset;
        nextItemOffset = offset;
        itemOffset = offset;
    }

    /**
     * Advance to the next chunk and put the item cursor before its first item.
     *
     * @return true when there is another chunk; always false until {@link #validate()} has returned OK.
     */
    public boolean nextChunk()
    {
        if (contentEnd == offset || chunkIndex + 1 >= chunkCount())
        {
            return false;
        }
        final int next = chunkIndex < 0 ? offset + RtcpHeader.HEADER_LENGTH : chunkEnd(chunkOffset);
        chunkIndex++;
        chunkOffset = next;
        nextItemOffset = next + SSRC_LENGTH;
        itemOffset = nextItemOffset;
        return true;
    }

    private int chunkEnd(final int chunkStart)
    {
        int position = chunkStart + SSRC_LENGTH;
        while ((buffer.getByte(position) & 0xFF) != END)
        {
            position += ITEM_HEADER_LENGTH + (buffer.getByte(position + 1) & 0xFF);
        }
        return align4(position + 1);
    }

    /**
     * @return the SSRC or CSRC of the current chunk, as the unsigned bit pattern in an int.
     */
    public int chunkSsrc()
    {
        return buffer.getInt(chunkOffset, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Advance to the next item of the current chunk.
     *
     * @return true when there is another item; false at the chunk's null terminator.
     */
    public boolean nextItem()
    {
        if (chunkIndex < 0 || nextItemOffset >= contentEnd || (buffer.getByte(nextItemOffset) & 0xFF) == END)
        {
            return false;
        }
        itemOffset = nextItemOffset;
        nextItemOffset += ITEM_HEADER_LENGTH + itemLength();
        return true;
    }

    /**
     * @return the type of the current item ({@link #CNAME}, {@link #NAME}, ...).
     */
    public int itemType()
    {
        return buffer.getByte(itemOffset) & 0xFF;
    }

    /**
     * @return the length in bytes of the current item's text, 0..255.
     */
    public int itemLength()
    {
        return buffer.getByte(itemOffset + 1) & 0xFF;
    }

    /**
     * @return the offset in the buffer of the current item's text (UTF-8, not null-terminated).
     */
    public int itemTextOffset()
    {
        return itemOffset + ITEM_HEADER_LENGTH;
    }

    /**
     * Find the first CNAME item of the chunk for {@code ssrc} and make it the current item, so that
     * {@link #itemTextOffset()} and {@link #itemLength()} describe it.
     *
     * @param ssrc of the source whose CNAME is wanted.
     * @return true when found; false leaves the cursor exhausted (call {@link #rewind()} to iterate again).
     */
    public boolean findCname(final int ssrc)
    {
        rewind();
        while (nextChunk())
        {
            if (chunkSsrc() == ssrc)
            {
                while (nextItem())
                {
                    if (itemType() == CNAME)
                    {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Write an SDES packet with one chunk holding one CNAME item.
     *
     * @param buffer      to write into.
     * @param offset      of the packet's first byte.
     * @param capacity    bytes available from {@code offset}.
     * @param ssrc        of the described source.
     * @param cname       buffer holding the CNAME text (UTF-8).
     * @param cnameOffset offset of the text in {@code cname}.
     * @param cnameLength length of the text, 0..255.
     * @return bytes written, or {@link WireStatus#BAD_VALUE} for a bad length, {@link WireStatus#TRUNCATED} when the
     * capacity is too small.
     */
    public static int buildCname(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int ssrc,
        final DirectBuffer cname,
        final int cnameOffset,
        final int cnameLength)
    {
        if (cnameLength < 0 || cnameLength > MAX_ITEM_LENGTH ||
            !RtcpPacketCheck.regionInside(cname, cnameOffset, cnameLength))
        {
            return WireStatus.BAD_VALUE;
        }
        final int textOffset = writeCnameChunk(buffer, offset, capacity, ssrc, cnameLength);
        if (textOffset < 0)
        {
            return textOffset;
        }
        buffer.putBytes(textOffset, cname, cnameOffset, cnameLength);
        return RtcpHeader.packetLengthBytes(buffer, offset);
    }

    /**
     * Write an SDES packet with one chunk holding one CNAME item given as US-ASCII characters.
     *
     * @param buffer   to write into.
     * @param offset   of the packet's first byte.
     * @param capacity bytes available from {@code offset}.
     * @param ssrc     of the described source.
     * @param cname    CNAME text, at most 255 characters, each below 128.
     * @return bytes written, or {@link WireStatus#BAD_VALUE} for a bad text, {@link WireStatus#TRUNCATED} when the
     * capacity is too small.
     */
    public static int buildCname(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int ssrc,
        final CharSequence cname)
    {
        final int cnameLength = cname.length();
        if (cnameLength > MAX_ITEM_LENGTH)
        {
            return WireStatus.BAD_VALUE;
        }
        for (int i = 0; i < cnameLength; i++)
        {
            if (cname.charAt(i) >= 0x80)
            {
                return WireStatus.BAD_VALUE;
            }
        }
        final int textOffset = writeCnameChunk(buffer, offset, capacity, ssrc, cnameLength);
        if (textOffset < 0)
        {
            return textOffset;
        }
        for (int i = 0; i < cnameLength; i++)
        {
            buffer.putByte(textOffset + i, (byte)cname.charAt(i));
        }
        return RtcpHeader.packetLengthBytes(buffer, offset);
    }

    private static int writeCnameChunk(
        final MutableDirectBuffer buffer, final int offset, final int capacity, final int ssrc, final int cnameLength)
    {
        final int itemsEnd = RtcpHeader.HEADER_LENGTH + SSRC_LENGTH + ITEM_HEADER_LENGTH + cnameLength;
        final int packetLength = (itemsEnd + 1 + 3) & ~3;
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < packetLength)
        {
            return WireStatus.TRUNCATED;
        }
        RtcpHeader.writeHeader(buffer, offset, false, 1, RtcpHeader.PT_SDES, packetLength);
        buffer.putInt(offset + RtcpHeader.HEADER_LENGTH, ssrc, ByteOrder.BIG_ENDIAN);
        final int itemOffset = offset + RtcpHeader.HEADER_LENGTH + SSRC_LENGTH;
        buffer.putByte(itemOffset, (byte)CNAME);
        buffer.putByte(itemOffset + 1, (byte)cnameLength);
        buffer.setMemory(offset + itemsEnd, packetLength - itemsEnd, (byte)0);
        return itemOffset + ITEM_HEADER_LENGTH;
    }
}
