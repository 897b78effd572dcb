package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an RTCP application-defined packet (APP, PT 204, RFC 3550 section 6.7). Not thread safe. Accessors
 * are valid only after {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| subtype |   PT=APP=204  |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           SSRC/CSRC                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          name (ASCII)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   application-dependent data                ...
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The name is four ASCII characters, case-sensitive, handled here as one big-endian int (see {@link #name(char,
 * char, char, char)}). The data is a whole number of 32-bit words.
 */
public final class AppPacket
{
    /** Offset of the SSRC/CSRC. */
    public static final int SSRC_OFFSET = 4;
    /** Offset of the 4-character name. */
    public static final int NAME_OFFSET = 8;
    /** Offset of the application data, also the length of an APP packet without data. */
    public static final int DATA_OFFSET = 12;
    /** Largest subtype the 5-bit field can carry. */
    public static final int MAX_SUBTYPE = 31;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int contentLength;

    /**
     * Wrap one APP packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public AppPacket wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.contentLength = 0;
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed APP packet: the common header and padding checks and room for
     * the SSRC and name ({@link WireStatus#TRUNCATED}).
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = RtcpPacketCheck.contentLength(buffer, offset, length, RtcpHeader.PT_APP);
        if (content < 0)
        {
            return content;
        }
        if (content < DATA_OFFSET)
        {
            return WireStatus.TRUNCATED;
        }
        contentLength = content;
        return WireStatus.OK;
    }

    /**
     * @return the 5-bit subtype.
     */
    public int subtype()
    {
        return RtcpHeader.countOrFormat(buffer, offset);
    }

    /**
     * @return the SSRC/CSRC of the sender, as the unsigned bit pattern in an int.
     */
    public int ssrc()
    {
        return buffer.getInt(offset + SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the 4-character name as a big-endian int, first character in the high byte.
     */
    public int name()
    {
        return buffer.getInt(offset + NAME_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the offset in the buffer of the application data.
     */
    public int dataOffset()
    {
        return offset + DATA_OFFSET;
    }

    /**
     * @return the length in bytes of the application data, padding excluded; a multiple of 4.
     */
    public int dataLength()
    {
        return contentLength - DATA_OFFSET;
    }

    /**
     * @param c0 first character.
     * @param c1 second character.
     * @param c2 third character.
     * @param c3 fourth character.
     * @return the name as the int {@link #name()} returns; each character's low 8 bits are used.
     */
    public static int name(final char c0, final char c1, final char c2, final char c3)
    {
        return ((c0 & 0xFF) << 24) | ((c1 & 0xFF) << 16) | ((c2 & 0xFF) << 8) | (c3 & 0xFF);
    }

    /**
     * Write an APP packet.
     *
     * @param buffer     to write into.
     * @param offset     of the packet's first byte.
     * @param capacity   bytes available from {@code offset}.
     * @param subtype    5-bit subtype, 0..31.
     * @param ssrc       SSRC/CSRC of the sender.
     * @param name       4-character name, see {@link #name(char, char, char, char)}.
     * @param data       buffer holding the application data, or null when {@code dataLength} is 0.
     * @param dataOffset offset of the data in {@code data}.
     * @param dataLength length of the data, a multiple of 4.
     * @return bytes written, or {@link WireStatus#BAD_VALUE} / {@link WireStatus#BAD_LENGTH} /
     * {@link WireStatus#OVERSIZED} for bad arguments, {@link WireStatus#TRUNCATED} when the capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int subtype,
        final int ssrc,
        final int name,
        final DirectBuffer data,
        final int dataOffset,
        final int dataLength)
    {
        if (subtype < 0 || subtype > MAX_SUBTYPE)
        {
            return WireStatus.BAD_VALUE;
        }
        if (dataLength < 0 || (dataLength & 3) != 0 ||
            (dataLength > 0 && (data == null || !RtcpPacketCheck.regionInside(data, dataOffset, dataLength))))
        {
            return WireStatus.BAD_LENGTH;
        }
        if (dataLength > RtcpHeader.MAX_PACKET_LENGTH - DATA_OFFSET)
        {
            return WireStatus.OVERSIZED;
        }
        final int packetLength = DATA_OFFSET + dataLength;
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < packetLength)
        {
            return WireStatus.TRUNCATED;
        }
        RtcpHeader.writeHeader(buffer, offset, false, subtype, RtcpHeader.PT_APP, packetLength);
        buffer.putInt(offset + SSRC_OFFSET, ssrc, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + NAME_OFFSET, name, ByteOrder.BIG_ENDIAN);
        if (dataLength > 0)
        {
            buffer.putBytes(offset + DATA_OFFSET, data, dataOffset, dataLength);
        }
        return packetLength;
    }
}
