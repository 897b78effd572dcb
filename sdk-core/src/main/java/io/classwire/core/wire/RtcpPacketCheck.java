package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Checks shared by every single-packet RTCP flyweight: the wrapped region lies inside the buffer, version 2, the
 * expected packet type, a length field that describes exactly the wrapped bytes, and a valid padding count. Never
 * throws and never reads outside {@code [offset, offset + length)}.
 */
final class RtcpPacketCheck
{
    private RtcpPacketCheck()
    {
    }

    /**
     * Validate the common part of one RTCP packet and strip its padding.
     *
     * @param buffer     holding the packet.
     * @param offset     of the packet's first byte.
     * @param length     of the wrapped region, which must be exactly the packet.
     * @param packetType the packet type the caller parses.
     * @return the packet length without padding (header included, at least 4), or a negative {@link WireStatus}.
     */
    static int contentLength(final DirectBuffer buffer, final int offset, final int length, final int packetType)
    {
        if (!regionInside(buffer, offset, length))
        {
            return WireStatus.TRUNCATED;
        }
        final int status = RtcpHeader.validateHeader(buffer, offset, length);
        if (status != WireStatus.OK)
        {
            return status;
        }
        if (RtcpHeader.packetType(buffer, offset) != packetType)
        {
            return WireStatus.BAD_TYPE;
        }
        final int packetLength = RtcpHeader.packetLengthBytes(buffer, offset);
        if (packetLength != length)
        {
            return WireStatus.OVERSIZED;
        }
        if (!RtcpHeader.padding(buffer, offset))
        {
            return packetLength;
        }
        final int paddingLength = buffer.getByte(offset + packetLength - 1) & 0xFF;
        if (!validPadding(paddingLength, packetLength))
        {
            return WireStatus.BAD_PADDING;
        }
        return packetLength - paddingLength;
    }

    /**
     * The padding rule for one packet inside a compound: {@link #validPadding(int, int)}, except that transport-wide
     * feedback (RTPFB FMT 15) may carry 1-3 bytes of padding, because its contents are not word-aligned and libwebrtc
     * pads them that way with the P bit set.
     *
     * @param buffer        holding the packet.
     * @param offset        of the packet's first byte.
     * @param paddingLength the value of the packet's last byte.
     * @param packetLength  the packet length in bytes from its length field.
     * @return true when the padding count is acceptable.
     */
    static boolean validPadding(
        final DirectBuffer buffer, final int offset, final int paddingLength, final int packetLength)
    {
        if (RtcpHeader.packetType(buffer, offset) == RtcpHeader.PT_RTPFB &&
            RtcpHeader.countOrFormat(buffer, offset) == RtcpHeader.FMT_TWCC)
        {
            return paddingLength != 0 && paddingLength <= packetLength - RtcpHeader.HEADER_LENGTH;
        }
        return validPadding(paddingLength, packetLength);
    }

    /**
     * RTCP contents are whole 32-bit words, so a padding count must be a non-zero multiple of 4 and may not eat into
     * the 4-byte header (RFC 3550 section 6.4.1).
     *
     * @param paddingLength the value of the packet's last byte.
     * @param packetLength  the packet length in bytes from its length field.
     * @return true when the padding count is acceptable.
     */
    static boolean validPadding(final int paddingLength, final int packetLength)
    {
        return paddingLength != 0 && (paddingLength & 3) == 0 &&
            paddingLength <= packetLength - RtcpHeader.HEADER_LENGTH;
    }

    /**
     * @param buffer holding the region.
     * @param offset of the region.
     * @param length of the region.
     * @return true when the region is non-negative and lies inside the buffer's capacity.
     */
    static boolean regionInside(final DirectBuffer buffer, final int offset, final int length)
    {
        return offset >= 0 && length >= 0 && (long)offset + length <= buffer.capacity();
    }

    /**
     * Bytes a builder may write: the caller's capacity, clipped to what the buffer really has.
     *
     * @param buffer   to write into.
     * @param offset   of the first byte to write.
     * @param capacity the caller's limit.
     * @return bytes writable from {@code offset}, or -1 when the offset or capacity is negative.
     */
    static int writable(final DirectBuffer buffer, final int offset, final int capacity)
    {
        if (offset < 0 || capacity < 0 || offset > buffer.capacity())
        {
            return -1;
        }
        return Math.min(capacity, buffer.capacity() - offset);
    }
}
