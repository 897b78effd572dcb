package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an RTCP goodbye packet (BYE, PT 203, RFC 3550 section 6.6). Not thread safe. Accessors are valid
 * only after {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The optional reason is a length-prefixed UTF-8 text, followed by null octets up to the next 32-bit boundary.
 */
public final class Bye
{
    /** Offset of the first SSRC/CSRC. */
    public static final int SSRC_LIST_OFFSET = 4;
    /** Most sources the 5-bit source count can announce. */
    public static final int MAX_SOURCES = 31;
    /** Longest reason the 8-bit length can describe. */
    public static final int MAX_REASON_LENGTH = 255;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int contentLength;

    /**
     * Wrap one BYE packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public Bye wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.contentLength = 0;
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed BYE: the common header and padding checks, room for SC sources
     * ({@link WireStatus#BAD_COUNT}), and, when bytes follow the sources, a reason whose length fits the packet with
     * at most 3 bytes of alignment after it ({@link WireStatus#BAD_LENGTH}).
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = RtcpPacketCheck.contentLength(buffer, offset, length, RtcpHeader.PT_BYE);
        if (content < 0)
        {
            return content;
        }
        final int sourcesEnd = SSRC_LIST_OFFSET + 4 * RtcpHeader.countOrFormat(buffer, offset);
        if (sourcesEnd > content)
        {
            return WireStatus.BAD_COUNT;
        }
        final int rest = content - sourcesEnd;
        if (rest > 0)
        {
            final int reasonEnd = 1 + (buffer.getByte(offset + sourcesEnd) & 0xFF);
            if (reasonEnd > rest || rest - reasonEnd > 3)
            {
                return WireStatus.BAD_LENGTH;
            }
        }
        contentLength = content;
        return WireStatus.OK;
    }

    /**
     * @return the number of sources leaving (SC), 0..31.
     */
    public int sourceCount()
    {
        return RtcpHeader.countOrFormat(buffer, offset);
    }

    /**
     * @param index of the source, in [0, {@link #sourceCount()}).
     * @return that SSRC or CSRC, as the unsigned bit pattern in an int.
     */
    public int source(final int index)
    {
        return buffer.getInt(offset + SSRC_LIST_OFFSET + 4 * index, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return true when the packet carries a reason for leaving (possibly empty).
     */
    public boolean hasReason()
    {
        return contentLength > reasonLengthOffset();
    }

    /**
     * @return the offset in the buffer of the reason text; meaningful when {@link #hasReason()}.
     */
    public int reasonOffset()
    {
        return offset + reasonLengthOffset() + 1;
    }

    /**
     * @return the length in bytes of the reason text, 0 when there is none.
     */
    public int reasonLength()
    {
        return hasReason() ? buffer.getByte(offset + reasonLengthOffset()) & 0xFF : 0;
    }

    private int reasonLengthOffset()
    {
        return SSRC_LIST_OFFSET + 4 * sourceCount();
    }

    /**
     * Write a BYE for {@code count} sources, with an optional reason.
     *
     * @param buffer       to write into.
     * @param offset       of the packet's first byte.
     * @param capacity     bytes available from {@code offset}.
     * @param sources      SSRC/CSRCs leaving; the first {@code count} are written.
     * @param count        number of sources, 0..31.
     * @param reason       buffer holding the reason text (UTF-8), or null for none.
     * @param reasonOffset offset of the text in {@code reason}.
     * @param reasonLength length of the text, 0..255.
     * @return bytes written, or {@link WireStatus#BAD_COUNT} / {@link WireStatus#BAD_VALUE} for bad arguments,
     * {@link WireStatus#TRUNCATED} when the capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int[] sources,
        final int count,
        final DirectBuffer reason,
        final int reasonOffset,
        final int reasonLength)
    {
        if (count < 0 || count > MAX_SOURCES || count > sources.length)
        {
            return WireStatus.BAD_COUNT;
        }
        if (reason != null && (reasonLength < 0 || reasonLength > MAX_REASON_LENGTH ||
            !RtcpPacketCheck.regionInside(reason, reasonOffset, reasonLength)))
        {
            return WireStatus.BAD_VALUE;
        }
        final int sourcesEnd = SSRC_LIST_OFFSET + 4 * count;
        final int packetLength = reason == null ? sourcesEnd : (sourcesEnd + 1 + reasonLength + 3) & ~3;
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < packetLength)
        {
            return WireStatus.TRUNCATED;
        }
        RtcpHeader.writeHeader(buffer, offset, false, count, RtcpHeader.PT_BYE, packetLength);
        for (int i = 0; i < count; i++)
        {
            buffer.putInt(offset + SSRC_LIST_OFFSET + 4 * i, sources[i], ByteOrder.BIG_ENDIAN);
        }
        if (reason != null)
        {
            buffer.putByte(offset + sourcesEnd, (byte)reasonLength);
            buffer.putBytes(offset + sourcesEnd + 1, reason, reasonOffset, reasonLength);
            final int textEnd = sourcesEnd + 1 + reasonLength;
            buffer.setMemory(offset + textEnd, packetLength - textEnd, (byte)0);
        }
        return packetLength;
    }
}
