package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Flyweight over a picture loss indication (PSFB, FMT 1, RFC 4585 section 6.3.1): a request for a decoder refresh
 * point, made of the feedback header alone. Not thread safe. Accessors are valid only after {@link #validate()}
 * returned {@link WireStatus#OK}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |   PT=206      |          length=2             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The RFC requires the length field to be 2 and forbids any FCI, so a PLI is always exactly 12 bytes (and therefore
 * cannot carry padding).
 */
public final class PictureLossIndication
{
    /** Bytes in every PLI. */
    public static final int LENGTH = RtcpHeader.FEEDBACK_HEADER_LENGTH;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wrap one PLI packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public PictureLossIndication wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Check that the wrapped bytes are a PLI: the common header and padding checks, FMT 1
     * ({@link WireStatus#BAD_TYPE}), the feedback header present ({@link WireStatus#TRUNCATED}) and nothing after it
     * ({@link WireStatus#BAD_LENGTH}).
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = RtcpPacketCheck.contentLength(buffer, offset, length, RtcpHeader.PT_PSFB);
        if (content < 0)
        {
            return content;
        }
        if (RtcpHeader.countOrFormat(buffer, offset) != RtcpHeader.FMT_PLI)
        {
            return WireStatus.BAD_TYPE;
        }
        if (content < LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        if (length != LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        return WireStatus.OK;
    }

    /**
     * @return the SSRC of the packet sender, which asks for the refresh.
     */
    public int senderSsrc()
    {
        return RtcpHeader.senderSsrc(buffer, offset);
    }

    /**
     * @return the SSRC of the media source that should send a refresh point.
     */
    public int mediaSsrc()
    {
        return RtcpHeader.mediaSsrc(buffer, offset);
    }

    /**
     * Write a PLI.
     *
     * @param buffer     to write into.
     * @param offset     of the packet's first byte.
     * @param capacity   bytes available from {@code offset}.
     * @param senderSsrc SSRC of the packet sender.
     * @param mediaSsrc  SSRC of the media source.
     * @return {@link #LENGTH}, or {@link WireStatus#TRUNCATED} when the capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final int mediaSsrc)
    {
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        RtcpHeader.writeFeedbackHeader(
            buffer, offset, RtcpHeader.FMT_PLI, RtcpHeader.PT_PSFB, LENGTH, senderSsrc, mediaSsrc);
        return LENGTH;
    }
}
