package io.classwire.core.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over one RTP packet (RFC 3550 section 5.1) held in a {@link DirectBuffer}; reads fields in place and
 * allocates nothing. Single-threaded: wrap, validate and read from one thread.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |  CC x 4 bytes
 * |                             ....                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |      defined by profile       |           length              |  only when X = 1 (RFC 3550 section 5.3.1)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |  length x 4 bytes
 * |                             ....                              |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                            payload                            |
 * |                               +-------------------------------+
 * |                               |  padding ...  | padding count |  only when P = 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>All accessors read the wrapped bytes directly and are only meaningful after {@link #validate()} returned
 * {@link WireStatus#OK}; before that they may read outside the packet (and throw). Methods whose names end in
 * {@code Offset} return absolute indexes into {@link #buffer()}. Multi-byte fields are big-endian; 32-bit fields are
 * returned as the unsigned bit pattern in an {@code int}.
 */
public final class RtpPacket
{
    /** The only RTP version this parser accepts. */
    public static final int VERSION = 2;
    /** Bytes in the fixed header, before any CSRC. */
    public static final int FIXED_HEADER_LENGTH = 12;
    /** Offset of the byte holding version, padding bit, extension bit and CSRC count. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of the byte holding the marker bit and payload type. */
    public static final int MARKER_PAYLOAD_TYPE_OFFSET = 1;
    /** Offset of the 16-bit sequence number. */
    public static final int SEQUENCE_NUMBER_OFFSET = 2;
    /** Offset of the 32-bit timestamp. */
    public static final int TIMESTAMP_OFFSET = 4;
    /** Offset of the 32-bit SSRC. */
    public static final int SSRC_OFFSET = 8;
    /** Offset of the first CSRC. */
    public static final int CSRC_OFFSET = 12;
    /** Bytes per CSRC entry. */
    public static final int CSRC_LENGTH = 4;
    /** Largest CSRC count the 4-bit field can hold. */
    public static final int MAX_CSRC_COUNT = 15;
    /** Bytes in the header extension's own header (profile and length words). */
    public static final int EXTENSION_HEADER_LENGTH = 4;
    /** Largest payload type the 7-bit field can hold. */
    public static final int MAX_PAYLOAD_TYPE = 127;
    /** Largest padding count the last byte can hold. */
    public static final int MAX_PADDING_LENGTH = 255;
    /**
     * Largest packet accepted: the biggest UDP payload over IPv4 (65535 - 20 IP - 8 UDP). Anything larger cannot have
     * arrived in one datagram, so it points to a framing bug rather than a packet.
     */
    public static final int MAX_PACKET_LENGTH = 65_507;

    /** Mask of the padding bit in the first byte. */
    public static final int PADDING_BIT = 0x20;
    /** Mask of the extension bit in the first byte. */
    public static final int EXTENSION_BIT = 0x10;
    /** Mask of the CSRC count in the first byte. */
    public static final int CSRC_COUNT_MASK = 0x0F;
    /** Mask of the marker bit in the second byte. */
    public static final int MARKER_BIT = 0x80;
    /** Mask of the payload type in the second byte. */
    public static final int PAYLOAD_TYPE_MASK = 0x7F;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Point this flyweight at a packet; nothing is checked until {@link #validate()}.
     *
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @param length of the packet in bytes (the whole datagram).
     * @return this for chaining.
     */
    public RtpPacket wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Check that the wrapped bytes form a well-formed RTP packet: region inside the buffer, 12 to
     * {@link #MAX_PACKET_LENGTH} bytes, version 2, CSRC list and extension block inside the packet, and a padding count
     * of at least 1 that fits after the header. Header extension elements are not inspected (see
     * {@link HeaderExtensionReader}).
     *
     * @return {@link WireStatus#OK} or a failure code; never throws and never reads outside the region.
     */
    public int validate()
    {
        if (null == buffer || offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return WireStatus.TRUNCATED;
        }
        if (length > MAX_PACKET_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        if (length < FIXED_HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int flags = buffer.getByte(offset) & 0xFF;
        if ((flags >> 6) != VERSION)
        {
            return WireStatus.BAD_VERSION;
        }

        int headerLength = FIXED_HEADER_LENGTH + (flags & CSRC_COUNT_MASK) * CSRC_LENGTH;
        if (headerLength > length)
        {
            return WireStatus.BAD_COUNT;
        }
        if ((flags & EXTENSION_BIT) != 0)
        {
            if (headerLength + EXTENSION_HEADER_LENGTH > length)
            {
                return WireStatus.TRUNCATED;
            }
            final int words = buffer.getShort(offset + headerLength + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            headerLength += EXTENSION_HEADER_LENGTH + words * 4;
            if (headerLength > length)
            {
                return WireStatus.BAD_LENGTH;
            }
        }
        if ((flags & PADDING_BIT) != 0)
        {
            final int afterHeader = length - headerLength;
            if (afterHeader == 0)
            {
                return WireStatus.BAD_PADDING;
            }
            final int padding = buffer.getByte(offset + length - 1) & 0xFF;
            if (padding == 0 || padding > afterHeader)
            {
                return WireStatus.BAD_PADDING;
            }
        }
        return WireStatus.OK;
    }

    /**
     * Cheap demultiplexing test for a datagram arriving on a port shared with STUN, DTLS and RTCP: the first byte is in
     * 128..191 (RFC 7983 section 7) and the payload type, with the marker bit masked off, is outside 64..95, the range
     * RFC 5761 section 4 reserves so that RTCP packet types 192..223 never look like RTP.
     *
     * @param buffer holding the datagram.
     * @param offset of the datagram's first byte.
     * @param length of the datagram.
     * @return true when the datagram should be handed to the RTP parser; never throws for a region inside the buffer.
     */
    public static boolean looksLikeRtp(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length < FIXED_HEADER_LENGTH || offset < 0 || length > buffer.capacity() - offset)
        {
            return false;
        }
        final int first = buffer.getByte(offset) & 0xFF;
        if (first < 128 || first > 191)
        {
            return false;
        }
        final int payloadType = buffer.getByte(offset + 1) & PAYLOAD_TYPE_MASK;
        return payloadType < 64 || payloadType > 95;
    }

    /** @return the buffer last wrapped. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /** @return the absolute offset of the packet's first byte. */
    public int offset()
    {
        return offset;
    }

    /** @return the packet length in bytes, padding included. */
    public int length()
    {
        return length;
    }

    /** @return the 2-bit version field (2 for a validated packet). */
    public int version()
    {
        return (buffer.getByte(offset) >> 6) & 0x3;
    }

    /** @return true when the padding bit is set. */
    public boolean padding()
    {
        return (buffer.getByte(offset) & PADDING_BIT) != 0;
    }

    /** @return true when the extension bit is set and a header extension block follows the CSRC list. */
    public boolean extension()
    {
        return (buffer.getByte(offset) & EXTENSION_BIT) != 0;
    }

    /** @return the number of CSRC entries, 0..15. */
    public int csrcCount()
    {
        return buffer.getByte(offset) & CSRC_COUNT_MASK;
    }

    /** @return true when the marker bit is set. */
    public boolean marker()
    {
        return (buffer.getByte(offset + MARKER_PAYLOAD_TYPE_OFFSET) & MARKER_BIT) != 0;
    }

    /** @return the 7-bit payload type, 0..127. */
    public int payloadType()
    {
        return buffer.getByte(offset + MARKER_PAYLOAD_TYPE_OFFSET) & PAYLOAD_TYPE_MASK;
    }

    /** @return the sequence number, 0..65535. */
    public int sequenceNumber()
    {
        return buffer.getShort(offset + SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return the 32-bit media timestamp as its bit pattern (see {@link RtpTimestamp}). */
    public int timestamp()
    {
        return buffer.getInt(offset + TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return the synchronization source identifier as its bit pattern. */
    public int ssrc()
    {
        return buffer.getInt(offset + SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param index of the CSRC, 0 to {@link #csrcCount()} - 1; other values read unrelated bytes or throw.
     * @return the contributing source identifier as its bit pattern.
     */
    public int csrc(final int index)
    {
        return buffer.getInt(offset + CSRC_OFFSET + index * CSRC_LENGTH, ByteOrder.BIG_ENDIAN);
    }

    /** @return bytes from the packet start to the payload: fixed header, CSRCs and the whole extension block. */
    public int headerLength()
    {
        final int flags = buffer.getByte(offset);
        final int beforeExtension = FIXED_HEADER_LENGTH + (flags & CSRC_COUNT_MASK) * CSRC_LENGTH;
        if ((flags & EXTENSION_BIT) == 0)
        {
            return beforeExtension;
        }
        final int words = buffer.getShort(offset + beforeExtension + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        return beforeExtension + EXTENSION_HEADER_LENGTH + words * 4;
    }

    /** @return the absolute offset of the first payload byte. */
    public int payloadOffset()
    {
        return offset + headerLength();
    }

    /** @return payload bytes, excluding padding; may be 0 (e.g. a padding-only probe). */
    public int payloadLength()
    {
        return length - headerLength() - paddingLength();
    }

    /** @return padding bytes at the end of the packet, count byte included; 0 when the padding bit is clear. */
    public int paddingLength()
    {
        return padding() ? buffer.getByte(offset + length - 1) & 0xFF : 0;
    }

    /** @return the absolute offset of the extension block's profile word; meaningful only when {@link #extension()}. */
    public int extensionHeaderOffset()
    {
        return offset + FIXED_HEADER_LENGTH + csrcCount() * CSRC_LENGTH;
    }

    /**
     * @return the 16-bit "defined by profile" value of the extension block (0xBEDE or 0x100X for RFC 8285), or -1 when
     * the extension bit is clear.
     */
    public int extensionProfile()
    {
        if (!extension())
        {
            return -1;
        }
        return buffer.getShort(extensionHeaderOffset(), ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return the absolute offset of the first extension data byte (after profile and length); when present. */
    public int extensionDataOffset()
    {
        return extensionHeaderOffset() + EXTENSION_HEADER_LENGTH;
    }

    /** @return extension data bytes (the length field times 4), or 0 when the extension bit is clear. */
    public int extensionDataLength()
    {
        if (!extension())
        {
            return 0;
        }
        return (buffer.getShort(extensionHeaderOffset() + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF) * 4;
    }
}
