package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Static accessors for the 4-byte header shared by every RTCP packet (RFC 3550 section 6.4.1) and for the 12-byte
 * common header of feedback messages (RFC 4585 section 6.1). All multi-byte fields are big-endian.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P| RC/FMT  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |  (feedback: RFC 4585)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |  (feedback only)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :            Feedback Control Information (FCI)                 :
 * </pre>
 *
 * The length field counts 32-bit words minus one, including the header and any padding.
 */
public final class RtcpHeader
{
    /** Bytes in the fixed RTCP header. */
    public static final int HEADER_LENGTH = 4;
    /** Offset of the first SSRC after the fixed header (sender SSRC for SR, RR, feedback). */
    public static final int SENDER_SSRC_OFFSET = 4;
    /** Offset of the media source SSRC in a feedback message. */
    public static final int MEDIA_SSRC_OFFSET = 8;
    /** Offset of the FCI in a feedback message. */
    public static final int FCI_OFFSET = 12;
    /** Bytes in the common feedback header (RFC 4585). */
    public static final int FEEDBACK_HEADER_LENGTH = 12;
    /** Largest RTCP packet the 16-bit length field can describe. */
    public static final int MAX_PACKET_LENGTH = (0xFFFF + 1) * 4;

    /** Sender report, RFC 3550. */
    public static final int PT_SR = 200;
    /** Receiver report, RFC 3550. */
    public static final int PT_RR = 201;
    /** Source description, RFC 3550. */
    public static final int PT_SDES = 202;
    /** Goodbye, RFC 3550. */
    public static final int PT_BYE = 203;
    /** Application-defined, RFC 3550. */
    public static final int PT_APP = 204;
    /** Transport-layer feedback, RFC 4585. */
    public static final int PT_RTPFB = 205;
    /** Payload-specific feedback, RFC 4585. */
    public static final int PT_PSFB = 206;

    /** RTPFB FMT: generic NACK, RFC 4585. */
    public static final int FMT_NACK = 1;
    /** RTPFB FMT: transport-wide congestion control feedback, draft-holmer-rmcat-transport-wide-cc-extensions-01. */
    public static final int FMT_TWCC = 15;
    /** PSFB FMT: picture loss indication, RFC 4585. */
    public static final int FMT_PLI = 1;
    /** PSFB FMT: full intra request, RFC 5104. */
    public static final int FMT_FIR = 4;

    private RtcpHeader()
    {
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return the 2-bit version field.
     */
    public static int version(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset) >> 6) & 0x3;
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return true when the padding bit is set.
     */
    public static boolean padding(final DirectBuffer buffer, final int offset)
    {
        return (buffer.getByte(offset) & 0x20) != 0;
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return the 5-bit count field (report count, source count) or feedback message type (FMT).
     */
    public static int countOrFormat(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset) & 0x1F;
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return the 8-bit packet type.
     */
    public static int packetType(final DirectBuffer buffer, final int offset)
    {
        return buffer.getByte(offset + 1) & 0xFF;
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return the length field: 32-bit words minus one.
     */
    public static int lengthWords(final DirectBuffer buffer, final int offset)
    {
        return buffer.getShort(offset + 2, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return the packet length in bytes described by the length field, header included.
     */
    public static int packetLengthBytes(final DirectBuffer buffer, final int offset)
    {
        return (lengthWords(buffer, offset) + 1) * 4;
    }

    /**
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @return the sender SSRC (first word after the header), as the unsigned bit pattern in an int.
     */
    public static int senderSsrc(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + SENDER_SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer holding a feedback packet.
     * @param offset of the packet's first byte.
     * @return the media source SSRC of a feedback message.
     */
    public static int mediaSsrc(final DirectBuffer buffer, final int offset)
    {
        return buffer.getInt(offset + MEDIA_SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Write the fixed header.
     *
     * @param buffer        to write into.
     * @param offset        of the packet's first byte.
     * @param padding       whether the padding bit is set.
     * @param countOrFormat 5-bit count or FMT.
     * @param packetType    8-bit packet type.
     * @param lengthBytes   total packet length in bytes, a multiple of 4 and at least 4.
     */
    public static void writeHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final boolean padding,
        final int countOrFormat,
        final int packetType,
        final int lengthBytes)
    {
        buffer.putByte(offset, (byte)(0x80 | (padding ? 0x20 : 0) | (countOrFormat & 0x1F)));
        buffer.putByte(offset + 1, (byte)packetType);
        buffer.putShort(offset + 2, (short)((lengthBytes >> 2) - 1), ByteOrder.BIG_ENDIAN);
    }

    /**
     * Write the 12-byte feedback header (RFC 4585 section 6.1).
     *
     * @param buffer      to write into.
     * @param offset      of the packet's first byte.
     * @param format      FMT.
     * @param packetType  {@link #PT_RTPFB} or {@link #PT_PSFB}.
     * @param lengthBytes total packet length in bytes, a multiple of 4.
     * @param senderSsrc  SSRC of the packet sender.
     * @param mediaSsrc   SSRC of the media source.
     */
    public static void writeFeedbackHeader(
        final MutableDirectBuffer buffer,
        final int offset,
        final int format,
        final int packetType,
        final int lengthBytes,
        final int senderSsrc,
        final int mediaSsrc)
    {
        writeHeader(buffer, offset, false, format, packetType, lengthBytes);
        buffer.putInt(offset + SENDER_SSRC_OFFSET, senderSsrc, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + MEDIA_SSRC_OFFSET, mediaSsrc, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Check one packet's fixed header inside a buffer region: version 2, length within the region.
     *
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @param available bytes from {@code offset} to the end of the region.
     * @return {@link WireStatus#OK} or a failure code; never throws.
     */
    public static int validateHeader(final DirectBuffer buffer, final int offset, final int available)
    {
        if (available < HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        if (version(buffer, offset) != 2)
        {
            return WireStatus.BAD_VERSION;
        }
        if (packetLengthBytes(buffer, offset) > available)
        {
            return WireStatus.TRUNCATED;
        }
        return WireStatus.OK;
    }
}
