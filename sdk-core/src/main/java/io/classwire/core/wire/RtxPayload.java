package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the payload of an RTP retransmission packet (RFC 4588 section 4), plus writers that turn an original
 * packet into its retransmission and back. Allocation-free; single-threaded.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The retransmission keeps the original's timestamp, marker bit, CSRC list and header extension block, and takes the
 * RTX stream's SSRC, payload type and sequence number. The original's RTP padding is not carried (RFC 4588 section 4
 * requires removing it), so the original payload is restored without padding.
 */
public final class RtxPayload
{
    /** Bytes of the original sequence number prefix. */
    public static final int OSN_LENGTH = 2;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Point the flyweight at an RTX packet's payload (from {@link RtpPacket#payloadOffset()} and
     * {@link RtpPacket#payloadLength()}).
     *
     * @param buffer holding the payload.
     * @param offset absolute offset of the first payload byte.
     * @param length payload bytes, padding excluded.
     * @return this for chaining.
     */
    public RtxPayload wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * @return {@link WireStatus#OK} when the payload holds at least the 2-byte OSN, else
     * {@link WireStatus#TRUNCATED}; never throws.
     */
    public int validate()
    {
        if (null == buffer || offset < 0 || length < OSN_LENGTH || length > buffer.capacity() - offset)
        {
            return WireStatus.TRUNCATED;
        }
        return WireStatus.OK;
    }

    /** @return the sequence number of the packet being retransmitted, 0..65535. */
    public int originalSequenceNumber()
    {
        return buffer.getShort(offset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return the absolute offset of the original payload. */
    public int originalPayloadOffset()
    {
        return offset + OSN_LENGTH;
    }

    /** @return bytes of the original payload; may be 0. */
    public int originalPayloadLength()
    {
        return length - OSN_LENGTH;
    }

    /**
     * Write the retransmission of a packet.
     *
     * @param original          a packet whose {@link RtpPacket#validate()} returned OK.
     * @param rtxPayloadType    payload type of the RTX stream (its {@code apt} maps back to the original's), 0..127.
     * @param rtxSsrc           SSRC of the RTX stream.
     * @param rtxSequenceNumber next sequence number of the RTX stream.
     * @param buffer            to write into; the written region must not overlap the original.
     * @param offset            of the RTX packet's first byte.
     * @param maxLength         bytes available from {@code offset}.
     * @return bytes written, {@link WireStatus#BAD_TYPE} for a payload type outside 0..127, or
     * {@link WireStatus#OVERSIZED} when it does not fit in {@code maxLength} or {@link RtpPacket#MAX_PACKET_LENGTH}.
     */
    public static int writeRtx(
        final RtpPacket original,
        final int rtxPayloadType,
        final int rtxSsrc,
        final int rtxSequenceNumber,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxLength)
    {
        if (rtxPayloadType < 0 || rtxPayloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            return WireStatus.BAD_TYPE;
        }
        final int headerLength = original.headerLength();
        final int payloadLength = original.payloadLength();
        final int total = headerLength + OSN_LENGTH + payloadLength;
        if (total > maxLength || total > RtpPacket.MAX_PACKET_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        copyHeader(original, headerLength, rtxPayloadType, rtxSsrc, rtxSequenceNumber, buffer, offset);
        buffer.putShort(offset + headerLength, (short)original.sequenceNumber(), ByteOrder.BIG_ENDIAN);
        buffer.putBytes(
            offset + headerLength + OSN_LENGTH, original.buffer(), original.payloadOffset(), payloadLength);
        return total;
    }

    /**
     * Rebuild the original packet from its retransmission: sequence number from the OSN, SSRC and payload type of the
     * original stream, everything else from the RTX packet.
     *
     * @param rtx                 a packet whose {@link RtpPacket#validate()} returned OK.
     * @param originalPayloadType payload type of the original stream (the RTX {@code apt}), 0..127.
     * @param originalSsrc        SSRC of the original stream.
     * @param buffer              to write into; the written region must not overlap the RTX packet.
     * @param offset              of the rebuilt packet's first byte.
     * @param maxLength           bytes available from {@code offset}.
     * @return bytes written; {@link WireStatus#TRUNCATED} when the RTX payload lacks the OSN;
     * {@link WireStatus#BAD_TYPE} for a payload type outside 0..127; {@link WireStatus#OVERSIZED} when it does not
     * fit.
     */
    public static int writeOriginal(
        final RtpPacket rtx,
        final int originalPayloadType,
        final int originalSsrc,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxLength)
    {
        if (originalPayloadType < 0 || originalPayloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            return WireStatus.BAD_TYPE;
        }
        final int rtxPayloadLength = rtx.payloadLength();
        if (rtxPayloadLength < OSN_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int headerLength = rtx.headerLength();
        final int payloadOffset = rtx.payloadOffset();
        final int payloadLength = rtxPayloadLength - OSN_LENGTH;
        final int total = headerLength + payloadLength;
        if (total > maxLength)
        {
            return WireStatus.OVERSIZED;
        }
        final int osn = rtx.buffer().getShort(payloadOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        copyHeader(rtx, headerLength, originalPayloadType, originalSsrc, osn, buffer, offset);
        buffer.putBytes(offset + headerLength, rtx.buffer(), payloadOffset + OSN_LENGTH, payloadLength);
        return total;
    }

    private static void copyHeader(
        final RtpPacket source,
        final int headerLength,
        final int payloadType,
        final int ssrc,
        final int sequenceNumber,
        final MutableDirectBuffer buffer,
        final int offset)
    {
        buffer.putBytes(offset, source.buffer(), source.offset(), headerLength);
        final int flags = buffer.getByte(offset) & ~RtpPacket.PADDING_BIT;
        buffer.putByte(offset, (byte)flags);
        RtpPacketBuilder.putPayloadType(buffer, offset, payloadType);
        RtpPacketBuilder.putSequenceNumber(buffer, offset, sequenceNumber);
        RtpPacketBuilder.putSsrc(buffer, offset, ssrc);
    }
}
