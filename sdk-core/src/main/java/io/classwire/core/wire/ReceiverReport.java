package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an RTCP receiver report (RR, PT 201, RFC 3550 section 6.4.2). Not thread safe. Accessors are valid
 * only after {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     SSRC of packet sender                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * report |            RC report blocks of 24 bytes ({@link ReportBlock})  |
 * blocks +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class ReceiverReport
{
    /** Offset of the first report block, also the length of an RR without blocks. */
    public static final int REPORT_BLOCKS_OFFSET = 8;
    /** Most report blocks the 5-bit count can announce. */
    public static final int MAX_REPORT_BLOCKS = ReportBlocks.MAX_REPORT_BLOCKS;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int contentLength;

    /**
     * Wrap one RR packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public ReceiverReport wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.contentLength = 0;
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed RR: the common checks of the header and padding, room for the
     * sender SSRC ({@link WireStatus#TRUNCATED}), and room for the RC report blocks ({@link WireStatus#BAD_COUNT}).
     * Bytes after the blocks are profile-specific extensions and are allowed.
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = ReportBlocks.validate(buffer, offset, length, RtcpHeader.PT_RR, REPORT_BLOCKS_OFFSET);
        if (content < 0)
        {
            return content;
        }
        contentLength = content;
        return WireStatus.OK;
    }

    /**
     * @return the SSRC of the packet sender, as the unsigned bit pattern in an int.
     */
    public int senderSsrc()
    {
        return RtcpHeader.senderSsrc(buffer, offset);
    }

    /**
     * @return the number of report blocks (RC), 0..31.
     */
    public int reportCount()
    {
        return RtcpHeader.countOrFormat(buffer, offset);
    }

    /**
     * @param index of the block, in [0, {@link #reportCount()}).
     * @return the offset in the buffer of that block, for the {@link ReportBlock} accessors.
     */
    public int reportBlockOffset(final int index)
    {
        return blockOffset(offset, index);
    }

    /**
     * @return the offset in the buffer of the profile-specific extension after the report blocks.
     */
    public int extensionOffset()
    {
        return blockOffset(offset, reportCount());
    }

    /**
     * @return the length in bytes of the profile-specific extension (0 when absent), padding excluded.
     */
    public int extensionLength()
    {
        return offset + contentLength - extensionOffset();
    }

    /**
     * @param packetOffset offset of an RR's first byte.
     * @param index        of a report block.
     * @return the offset of that block, for filling blocks reserved by {@link #build}.
     */
    public static int blockOffset(final int packetOffset, final int index)
    {
        return packetOffset + REPORT_BLOCKS_OFFSET + index * ReportBlock.LENGTH;
    }

    /**
     * Write an RR with {@code reportCount} zero-filled report blocks and no extension; fill each block afterwards
     * with {@link ReportBlock#write} at {@link #blockOffset(int, int)}.
     *
     * @param buffer      to write into.
     * @param offset      of the packet's first byte.
     * @param capacity    bytes available from {@code offset}.
     * @param senderSsrc  SSRC of the packet sender.
     * @param reportCount number of report blocks to reserve, 0..31.
     * @return bytes written, or {@link WireStatus#BAD_COUNT} for a bad count, {@link WireStatus#TRUNCATED} when the
     * capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final int reportCount)
    {
        final int packetLength = ReportBlocks.writeSkeleton(
            buffer, offset, capacity, senderSsrc, reportCount, RtcpHeader.PT_RR, REPORT_BLOCKS_OFFSET);
        if (packetLength < 0)
        {
            return packetLength;
        }
        return packetLength;
    }
}
