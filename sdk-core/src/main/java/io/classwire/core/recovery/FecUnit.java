package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * The recovery unit: the bytes of a media packet that FEC protects, laid out so that packets of different lengths
 * can be XOR-ed or Reed-Solomon coded together and come back byte-exact. Static helpers, allocation-free.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |   length after fixed header   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  the packet from byte 12 on: CSRCs, header extension,         |
 * |  payload and padding                                          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The first two bytes and the timestamp are copied from the RTP header; the length field (like FlexFEC's length
 * recovery, RFC 8627 section 4.2.2.1) is the packet length minus 12, so a unit is 4 bytes shorter than its packet.
 * Sequence number and SSRC are left out: the FEC header says which sequence numbers and SSRC a repair symbol
 * protects. Units of one group are zero-padded to the longest; the code then recovers the length field along with
 * everything else, and the length field says where the recovered packet ends.
 */
public final class FecUnit
{
    /** Bytes of the unit before the packet's variable part. */
    public static final int HEADER_LENGTH = 8;
    /** Bytes of the RTP header left out of the unit: sequence number and SSRC. */
    public static final int SAVED_BYTES = 4;
    /** Offset of the 16-bit length field. */
    public static final int LENGTH_OFFSET = 2;
    /** Offset of the 32-bit timestamp. */
    public static final int TIMESTAMP_OFFSET = 4;

    private FecUnit()
    {
    }

    /**
     * @param packetLength bytes of an RTP packet, at least 12.
     * @return bytes of its unit.
     */
    public static int unitLength(final int packetLength)
    {
        return packetLength - SAVED_BYTES;
    }

    /**
     * Write a packet's unit into a byte array.
     *
     * @param packet    buffer holding a validated RTP packet.
     * @param offset    of the packet's first byte.
     * @param length    of the packet, 12..65507.
     * @param dst       destination array, with room for {@code length - 4} bytes from {@code dstOffset}.
     * @param dstOffset where the unit starts.
     * @return the unit's length.
     */
    public static int write(
        final DirectBuffer packet, final int offset, final int length, final byte[] dst, final int dstOffset)
    {
        dst[dstOffset] = packet.getByte(offset);
        dst[dstOffset + 1] = packet.getByte(offset + RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET);
        final int rest = length - RtpPacket.FIXED_HEADER_LENGTH;
        dst[dstOffset + LENGTH_OFFSET] = (byte)(rest >> 8);
        dst[dstOffset + LENGTH_OFFSET + 1] = (byte)rest;
        packet.getBytes(offset + RtpPacket.TIMESTAMP_OFFSET, dst, dstOffset + TIMESTAMP_OFFSET, 4);
        packet.getBytes(offset + RtpPacket.FIXED_HEADER_LENGTH, dst, dstOffset + HEADER_LENGTH, rest);
        return length - SAVED_BYTES;
    }

    /**
     * XOR one byte range into another.
     *
     * @param src       source.
     * @param srcOffset first source byte.
     * @param dst       destination, updated in place.
     * @param dstOffset first destination byte.
     * @param length    bytes.
     */
    public static void xor(
        final byte[] src, final int srcOffset, final byte[] dst, final int dstOffset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            dst[dstOffset + i] ^= src[srcOffset + i];
        }
    }

    /**
     * Read the length field of a (recovered) unit.
     *
     * @param unit       array holding the unit.
     * @param unitOffset where it starts.
     * @return the packet length it describes: the length field plus 12.
     */
    public static int packetLength(final byte[] unit, final int unitOffset)
    {
        return (((unit[unitOffset + LENGTH_OFFSET] & 0xFF) << 8) | (unit[unitOffset + LENGTH_OFFSET + 1] & 0xFF)) +
            RtpPacket.FIXED_HEADER_LENGTH;
    }

    /**
     * Rebuild the RTP packet a unit came from.
     *
     * @param unit        array holding the unit, zero-padded or not.
     * @param unitOffset  where it starts.
     * @param unitLength  bytes of the unit that are meaningful (the repair symbol length for a recovered unit).
     * @param seq         the packet's sequence number.
     * @param ssrc        the packet's SSRC.
     * @param dst         destination buffer.
     * @param dstOffset   where the packet starts.
     * @param dstCapacity bytes available from {@code dstOffset}.
     * @return the packet length; {@link WireStatus#BAD_LENGTH} when the length field points past the unit,
     *         {@link WireStatus#BAD_VERSION} when the first byte is not version 2, {@link WireStatus#OVERSIZED} when
     *         it does not fit {@code dstCapacity}. Never throws for {@code unitLength} inside {@code unit}.
     */
    public static int restore(
        final byte[] unit,
        final int unitOffset,
        final int unitLength,
        final int seq,
        final int ssrc,
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int dstCapacity)
    {
        if (unitLength < HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        if (((unit[unitOffset] & 0xFF) >> 6) != RtpPacket.VERSION)
        {
            return WireStatus.BAD_VERSION;
        }
        final int packetLength = packetLength(unit, unitOffset);
        if (packetLength - SAVED_BYTES > unitLength)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (packetLength > dstCapacity)
        {
            return WireStatus.OVERSIZED;
        }
        dst.putByte(dstOffset, unit[unitOffset]);
        dst.putByte(dstOffset + RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET, unit[unitOffset + 1]);
        dst.putShort(dstOffset + RtpPacket.SEQUENCE_NUMBER_OFFSET, (short)seq, ByteOrder.BIG_ENDIAN);
        dst.putBytes(dstOffset + RtpPacket.TIMESTAMP_OFFSET, unit, unitOffset + TIMESTAMP_OFFSET, 4);
        dst.putInt(dstOffset + RtpPacket.SSRC_OFFSET, ssrc, ByteOrder.BIG_ENDIAN);
        dst.putBytes(dstOffset + RtpPacket.FIXED_HEADER_LENGTH, unit, unitOffset + HEADER_LENGTH,
            packetLength - RtpPacket.FIXED_HEADER_LENGTH);
        return packetLength;
    }
}
