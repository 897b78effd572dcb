package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes RTP packets (RFC 3550 section 5.1): fixed header, CSRC list, an optional RFC 8285 header extension block
 * from {@link #extensions()}, the payload and optional padding, into a caller-supplied buffer. Reusable and
 * allocation-free after construction; single-threaded. Layout diagram: {@link RtpPacket}.
 *
 * <p>Setters are fluent; an invalid argument is remembered and reported by {@link #build} (sticky error) so the
 * chain stays readable. Values persist across builds until {@link #reset()}, so a stream can set SSRC and payload type
 * once and change only sequence number, timestamp and marker per packet.
 *
 * <p>The static {@code put*} methods rewrite one header field of an existing packet in place, as a relay or pacer
 * does when it renumbers or re-stamps packets.
 */
public final class RtpPacketBuilder
{
    private final HeaderExtensionWriter extensions;
    private final int[] csrcs = new int[RtpPacket.MAX_CSRC_COUNT];
    private int csrcCount;
    private boolean marker;
    private int payloadType;
    private int sequenceNumber;
    private int timestamp;
    private int ssrc;
    private int paddingLength;
    private int error;

    /** Create a builder with a default {@link HeaderExtensionWriter}. */
    public RtpPacketBuilder()
    {
        this(new HeaderExtensionWriter());
    }

    /**
     * Create a builder around an extension writer of the caller's sizing.
     *
     * @param extensions writer whose elements go into each built packet; owned by this builder from now on.
     */
    public RtpPacketBuilder(final HeaderExtensionWriter extensions)
    {
        this.extensions = extensions;
    }

    /**
     * Clear every field, the CSRC list, padding, the extension elements and any remembered error.
     *
     * @return this for chaining.
     */
    public RtpPacketBuilder reset()
    {
        csrcCount = 0;
        marker = false;
        payloadType = 0;
        sequenceNumber = 0;
        timestamp = 0;
        ssrc = 0;
        paddingLength = 0;
        error = WireStatus.OK;
        extensions.reset();
        return this;
    }

    /**
     * @param marker the marker bit.
     * @return this for chaining.
     */
    public RtpPacketBuilder marker(final boolean marker)
    {
        this.marker = marker;
        return this;
    }

    /**
     * @param payloadType 0..127; anything else makes {@link #build} return {@link WireStatus#BAD_TYPE}.
     * @return this for chaining.
     */
    public RtpPacketBuilder payloadType(final int payloadType)
    {
        if (payloadType < 0 || payloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            error = WireStatus.BAD_TYPE;
        }
        this.payloadType = payloadType;
        return this;
    }

    /**
     * @param sequenceNumber the sequence number; reduced modulo 2^16.
     * @return this for chaining.
     */
    public RtpPacketBuilder sequenceNumber(final int sequenceNumber)
    {
        this.sequenceNumber = sequenceNumber & SeqNum.MASK;
        return this;
    }

    /**
     * @param timestamp the 32-bit media timestamp bit pattern.
     * @return this for chaining.
     */
    public RtpPacketBuilder timestamp(final int timestamp)
    {
        this.timestamp = timestamp;
        return this;
    }

    /**
     * @param ssrc the synchronization source bit pattern.
     * @return this for chaining.
     */
    public RtpPacketBuilder ssrc(final int ssrc)
    {
        this.ssrc = ssrc;
        return this;
    }

    /**
     * Append a contributing source; a 16th makes {@link #build} return {@link WireStatus#BAD_COUNT}.
     *
     * @param csrc the CSRC bit pattern.
     * @return this for chaining.
     */
    public RtpPacketBuilder addCsrc(final int csrc)
    {
        if (csrcCount == RtpPacket.MAX_CSRC_COUNT)
        {
            error = WireStatus.BAD_COUNT;
            return this;
        }
        csrcs[csrcCount++] = csrc;
        return this;
    }

    /** @return this for chaining, after emptying the CSRC list. */
    public RtpPacketBuilder clearCsrcs()
    {
        csrcCount = 0;
        return this;
    }

    /**
     * Pad the packet (e.g. to a cipher block size or for bandwidth probing); padding bytes are zero, the last holds
     * the count.
     *
     * @param paddingLength 0 (no padding, P bit clear) to 255; anything else makes {@link #build} return
     *                      {@link WireStatus#BAD_PADDING}.
     * @return this for chaining.
     */
    public RtpPacketBuilder paddingLength(final int paddingLength)
    {
        if (paddingLength < 0 || paddingLength > RtpPacket.MAX_PADDING_LENGTH)
        {
            error = WireStatus.BAD_PADDING;
        }
        this.paddingLength = paddingLength;
        return this;
    }

    /** @return the extension writer whose elements the next build writes; add elements to it directly. */
    public HeaderExtensionWriter extensions()
    {
        return extensions;
    }

    /** @return header bytes the next build writes: fixed header, CSRCs and extension block. */
    public int headerLength()
    {
        return RtpPacket.FIXED_HEADER_LENGTH + csrcCount * RtpPacket.CSRC_LENGTH + extensions.blockLength();
    }

    /**
     * Write a complete packet.
     *
     * @param buffer        to write into.
     * @param offset        of the packet's first byte.
     * @param maxLength     bytes available from {@code offset}.
     * @param payload       payload source (may be null when {@code payloadLength} is 0).
     * @param payloadOffset of the first payload byte in {@code payload}.
     * @param payloadLength payload bytes.
     * @return bytes written, or a negative {@link WireStatus} code: a remembered setter error, or
     * {@link WireStatus#OVERSIZED} when the packet does not fit in {@code maxLength} or exceeds
     * {@link RtpPacket#MAX_PACKET_LENGTH}. Nothing is guaranteed about the destination bytes on failure.
     */
    public int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxLength,
        final DirectBuffer payload,
        final int payloadOffset,
        final int payloadLength)
    {
        if (error != WireStatus.OK)
        {
            return error;
        }
        if (payloadLength < 0)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (payloadLength > RtpPacket.MAX_PACKET_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        final int headerLength = headerLength();
        final int total = headerLength + payloadLength + paddingLength;
        if (total > maxLength || total > RtpPacket.MAX_PACKET_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        writeHeaderUnchecked(buffer, offset, paddingLength > 0);
        if (payloadLength > 0)
        {
            buffer.putBytes(offset + headerLength, payload, payloadOffset, payloadLength);
        }
        if (paddingLength > 0)
        {
            final int paddingStart = offset + headerLength + payloadLength;
            buffer.setMemory(paddingStart, paddingLength - 1, (byte)0);
            buffer.putByte(paddingStart + paddingLength - 1, (byte)paddingLength);
        }
        return total;
    }

    /**
     * Write only the header (P bit clear, padding setting ignored), leaving the caller to write the payload in place
     * at {@code offset + result}; saves a copy when an encoder can write straight into the packet buffer.
     *
     * @param buffer    to write into.
     * @param offset    of the packet's first byte.
     * @param maxLength bytes available from {@code offset}.
     * @return header bytes written, or a negative {@link WireStatus} code as for {@link #build}.
     */
    public int writeHeader(final MutableDirectBuffer buffer, final int offset, final int maxLength)
    {
        if (error != WireStatus.OK)
        {
            return error;
        }
        final int headerLength = headerLength();
        if (headerLength > maxLength)
        {
            return WireStatus.OVERSIZED;
        }
        writeHeaderUnchecked(buffer, offset, false);
        return headerLength;
    }

    private void writeHeaderUnchecked(final MutableDirectBuffer buffer, final int offset, final boolean padding)
    {
        final boolean hasExtension = !extensions.isEmpty();
        final int flags = (RtpPacket.VERSION << 6) |
            (padding ? RtpPacket.PADDING_BIT : 0) |
            (hasExtension ? RtpPacket.EXTENSION_BIT : 0) |
            csrcCount;
        buffer.putByte(offset, (byte)flags);
        buffer.putByte(offset + RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET, (byte)((marker ? 0x80 : 0) | payloadType));
        buffer.putShort(offset + RtpPacket.SEQUENCE_NUMBER_OFFSET, (short)sequenceNumber, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + RtpPacket.TIMESTAMP_OFFSET, timestamp, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + RtpPacket.SSRC_OFFSET, ssrc, ByteOrder.BIG_ENDIAN);
        int position = offset + RtpPacket.CSRC_OFFSET;
        for (int i = 0; i < csrcCount; i++)
        {
            buffer.putInt(position, csrcs[i], ByteOrder.BIG_ENDIAN);
            position += RtpPacket.CSRC_LENGTH;
        }
        if (hasExtension)
        {
            extensions.write(buffer, position, extensions.blockLength());
        }
    }

    /**
     * Rewrite the marker bit of a packet in place.
     *
     * @param buffer       holding the packet.
     * @param packetOffset of the packet's first byte.
     * @param marker       the new marker bit.
     */
    public static void putMarker(final MutableDirectBuffer buffer, final int packetOffset, final boolean marker)
    {
        final int index = packetOffset + RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET;
        final int old = buffer.getByte(index) & RtpPacket.PAYLOAD_TYPE_MASK;
        buffer.putByte(index, (byte)(old | (marker ? RtpPacket.MARKER_BIT : 0)));
    }

    /**
     * Rewrite the payload type of a packet in place, keeping the marker bit.
     *
     * @param buffer       holding the packet.
     * @param packetOffset of the packet's first byte.
     * @param payloadType  0..127; higher bits are dropped.
     */
    public static void putPayloadType(final MutableDirectBuffer buffer, final int packetOffset, final int payloadType)
    {
        final int index = packetOffset + RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET;
        final int markerBit = buffer.getByte(index) & RtpPacket.MARKER_BIT;
        buffer.putByte(index, (byte)(markerBit | (payloadType & RtpPacket.PAYLOAD_TYPE_MASK)));
    }

    /**
     * Rewrite the sequence number of a packet in place.
     *
     * @param buffer         holding the packet.
     * @param packetOffset   of the packet's first byte.
     * @param sequenceNumber the new value, reduced modulo 2^16.
     */
    public static void putSequenceNumber(
        final MutableDirectBuffer buffer, final int packetOffset, final int sequenceNumber)
    {
        buffer.putShort(packetOffset + RtpPacket.SEQUENCE_NUMBER_OFFSET, (short)sequenceNumber, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Rewrite the timestamp of a packet in place.
     *
     * @param buffer       holding the packet.
     * @param packetOffset of the packet's first byte.
     * @param timestamp    the new 32-bit value.
     */
    public static void putTimestamp(final MutableDirectBuffer buffer, final int packetOffset, final int timestamp)
    {
        buffer.putInt(packetOffset + RtpPacket.TIMESTAMP_OFFSET, timestamp, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Rewrite the SSRC of a packet in place.
     *
     * @param buffer       holding the packet.
     * @param packetOffset of the packet's first byte.
     * @param ssrc         the new 32-bit value.
     */
    public static void putSsrc(final MutableDirectBuffer buffer, final int packetOffset, final int ssrc)
    {
        buffer.putInt(packetOffset + RtpPacket.SSRC_OFFSET, ssrc, ByteOrder.BIG_ENDIAN);
    }
}
