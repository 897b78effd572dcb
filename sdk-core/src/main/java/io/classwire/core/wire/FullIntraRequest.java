package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a full intra request (PSFB, FMT 4, RFC 5104 section 4.3.1): a command to send a decoder refresh
 * point, one FCI entry per media sender addressed. Not thread safe. Accessors are valid only after
 * {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=4  |   PT=206      |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source (unused, 0)             |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                              SSRC                             |  FCI entry, repeated
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | Seq nr.       |    Reserved (0)                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The entry count is implied by the length. The header's media source SSRC and the reserved bits are written as 0
 * and ignored on reception, as the RFC asks; the command sequence number counts modulo 256 per addressed sender.
 */
public final class FullIntraRequest
{
    /** Bytes in one FCI entry. */
    public static final int ENTRY_LENGTH = 8;
    /** Offset of the sequence number inside an entry. */
    public static final int ENTRY_SEQ_NR_OFFSET = 4;
    /** Most entries the 16-bit length field allows. */
    public static final int MAX_ENTRIES = (RtcpHeader.MAX_PACKET_LENGTH - RtcpHeader.FCI_OFFSET) / ENTRY_LENGTH;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int entryCount;

    /**
     * Wrap one FIR packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public FullIntraRequest wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.entryCount = 0;
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed FIR: the common header and padding checks, FMT 4
     * ({@link WireStatus#BAD_TYPE}), the feedback header present ({@link WireStatus#TRUNCATED}), and at least one
     * whole 8-byte entry with no partial entry after the last ({@link WireStatus#BAD_LENGTH}).
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
        if (RtcpHeader.countOrFormat(buffer, offset) != RtcpHeader.FMT_FIR)
        {
            return WireStatus.BAD_TYPE;
        }
        if (content < RtcpHeader.FEEDBACK_HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int fciLength = content - RtcpHeader.FCI_OFFSET;
        if (fciLength == 0 || fciLength % ENTRY_LENGTH != 0)
        {
            return WireStatus.BAD_LENGTH;
        }
        entryCount = fciLength / ENTRY_LENGTH;
        return WireStatus.OK;
    }

    /**
     * @return the SSRC of the packet sender, which issues the command.
     */
    public int senderSsrc()
    {
        return RtcpHeader.senderSsrc(buffer, offset);
    }

    /**
     * @return the header's media source SSRC, which the RFC leaves unused (senders put 0).
     */
    public int mediaSsrc()
    {
        return RtcpHeader.mediaSsrc(buffer, offset);
    }

    /**
     * @return the number of FCI entries, at least 1.
     */
    public int entryCount()
    {
        return entryCount;
    }

    /**
     * @param index of the entry, in [0, {@link #entryCount()}).
     * @return the SSRC of the media sender that entry addresses.
     */
    public int entrySsrc(final int index)
    {
        return buffer.getInt(entryOffset(index), ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param index of the entry, in [0, {@link #entryCount()}).
     * @return that entry's command sequence number, 0..255.
     */
    public int entrySeqNr(final int index)
    {
        return buffer.getByte(entryOffset(index) + ENTRY_SEQ_NR_OFFSET) & 0xFF;
    }

    private int entryOffset(final int index)
    {
        return offset + RtcpHeader.FCI_OFFSET + index * ENTRY_LENGTH;
    }

    /**
     * Write a FIR addressing {@code count} media senders.
     *
     * @param buffer     to write into.
     * @param offset     of the packet's first byte.
     * @param capacity   bytes available from {@code offset}.
     * @param senderSsrc SSRC of the packet sender.
     * @param ssrcs      SSRCs of the addressed media senders.
     * @param seqNrs     command sequence numbers, one per SSRC; the low 8 bits are written.
     * @param count      number of entries, at least 1.
     * @return bytes written, or {@link WireStatus#BAD_COUNT} for a bad count, {@link WireStatus#TRUNCATED} when the
     * capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final int[] ssrcs,
        final int[] seqNrs,
        final int count)
    {
        if (count < 1 || count > MAX_ENTRIES || count > ssrcs.length || count > seqNrs.length)
        {
            return WireStatus.BAD_COUNT;
        }
        final int packetLength = RtcpHeader.FCI_OFFSET + count * ENTRY_LENGTH;
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < packetLength)
        {
            return WireStatus.TRUNCATED;
        }
        RtcpHeader.writeFeedbackHeader(
            buffer, offset, RtcpHeader.FMT_FIR, RtcpHeader.PT_PSFB, packetLength, senderSsrc, 0);
        for (int i = 0; i < count; i++)
        {
            final int entryOffset = offset + RtcpHeader.FCI_OFFSET + i * ENTRY_LENGTH;
            buffer.putInt(entryOffset, ssrcs[i], ByteOrder.BIG_ENDIAN);
            buffer.putInt(entryOffset + ENTRY_SEQ_NR_OFFSET, (seqNrs[i] & 0xFF) << 24, ByteOrder.BIG_ENDIAN);
        }
        return packetLength;
    }
}
