package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Header validity checks for a compound RTCP packet as received in one datagram (RFC 3550 appendix A.2), with an
 * optional relaxation for reduced-size RTCP (RFC 5506). Stateless; never throws and never reads outside the region.
 *
 * <p>The checks, in the order they are applied while walking the packets:
 * <ol>
 *     <li>the region holds at least one 4-byte header ({@link WireStatus#TRUNCATED} otherwise);</li>
 *     <li>every packet has version 2 ({@link WireStatus#BAD_VERSION});</li>
 *     <li>the first packet is an SR or RR ({@link WireStatus#BAD_TYPE}); in reduced-size mode it may instead be a
 *     transport-layer (RTPFB) or payload-specific (PSFB) feedback packet, so a lone NACK or PLI passes;</li>
 *     <li>the padding bit is set only on the last packet, never on the first of a full compound packet, and its count
 *     (the last byte) is a non-zero multiple of 4 no larger than the packet after its header (transport-wide feedback
 *     may use 1-3 bytes, as libwebrtc pads its unaligned contents)
 *     ({@link WireStatus#BAD_PADDING});</li>
 *     <li>no packet's length field runs past the region ({@link WireStatus#TRUNCATED}) and the lengths add up to the
 *     region exactly, leaving no 1-3 byte tail ({@link WireStatus#BAD_LENGTH}). Every packet is at least its 4-byte
 *     header by construction of the length field.</li>
 * </ol>
 * The contents of each packet are not checked here: wrap each one (see {@link RtcpCompoundReader}) in its flyweight
 * and call that flyweight's {@code validate()}.
 */
public final class RtcpCompoundValidator
{
    private RtcpCompoundValidator()
    {
    }

    /**
     * Validate a full compound packet: the first packet must be an SR or RR (RFC 3550 appendix A.2).
     *
     * @param buffer holding the datagram payload.
     * @param offset of the first byte.
     * @param length of the compound packet in bytes.
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length)
    {
        return validate(buffer, offset, length, false);
    }

    /**
     * Validate a packet that may be reduced-size (RFC 5506): the first packet may also be RTPFB or PSFB feedback,
     * and padding is allowed on it when it is also the last. A full compound packet passes as well.
     *
     * @param buffer holding the datagram payload.
     * @param offset of the first byte.
     * @param length of the packet in bytes.
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public static int validateReducedSize(final DirectBuffer buffer, final int offset, final int length)
    {
        return validate(buffer, offset, length, true);
    }

    /**
     * Validate a compound or, when {@code reducedSize}, a reduced-size RTCP packet.
     *
     * @param buffer      holding the datagram payload.
     * @param offset      of the first byte.
     * @param length      of the packet in bytes.
     * @param reducedSize whether RFC 5506 reduced-size packets are accepted.
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public static int validate(final DirectBuffer buffer, final int offset, final int length, final boolean reducedSize)
    {
        if (!RtcpPacketCheck.regionInside(buffer, offset, length) || length < RtcpHeader.HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int end = offset + length;
        int position = offset;
        while (position < end)
        {
            final int remaining = end - position;
            if (remaining < RtcpHeader.HEADER_LENGTH)
            {
                return WireStatus.BAD_LENGTH;
            }
            if (RtcpHeader.version(buffer, position) != 2)
            {
                return WireStatus.BAD_VERSION;
            }
            final boolean first = position == offset;
            if (first && !validFirstType(RtcpHeader.packetType(buffer, position), reducedSize))
            {
                return WireStatus.BAD_TYPE;
            }
            final int packetLength = RtcpHeader.packetLengthBytes(buffer, position);
            if (packetLength > remaining)
            {
                return WireStatus.TRUNCATED;
            }
            if (RtcpHeader.padding(buffer, position))
            {
                final boolean last = packetLength == remaining;
                if (!last || (first && !reducedSize) ||
                    !RtcpPacketCheck.validPadding(buffer, position, buffer.getByte(end - 1) & 0xFF, packetLength))
                {
                    return WireStatus.BAD_PADDING;
                }
            }
            position += packetLength;
        }
        return WireStatus.OK;
    }

    private static boolean validFirstType(final int packetType, final boolean reducedSize)
    {
        if (packetType == RtcpHeader.PT_SR || packetType == RtcpHeader.PT_RR)
        {
            return true;
        }
        return reducedSize && (packetType == RtcpHeader.PT_RTPFB || packetType == RtcpHeader.PT_PSFB);
    }
}
