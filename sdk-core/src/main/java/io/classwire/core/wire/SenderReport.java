package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over an RTCP sender report (SR, PT 200, RFC 3550 section 6.4.1). Not thread safe. Accessors are valid
 * only after {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * report |            RC report blocks of 24 bytes ({@link ReportBlock})  |
 * blocks +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class SenderReport
{
    /** Offset of the 64-bit NTP timestamp. */
    public static final int NTP_TIMESTAMP_OFFSET = 8;
    /** Offset of the RTP timestamp that corresponds to the NTP timestamp. */
    public static final int RTP_TIMESTAMP_OFFSET = 16;
    /** Offset of the sender's packet count. */
    public static final int PACKET_COUNT_OFFSET = 20;
    /** Offset of the sender's octet count. */
    public static final int OCTET_COUNT_OFFSET = 24;
    /** Offset of the first report block, also the length of an SR without blocks. */
    public static final int REPORT_BLOCKS_OFFSET = 28;
    /** Most report blocks the 5-bit count can announce. */
    public static final int MAX_REPORT_BLOCKS = ReportBlocks.MAX_REPORT_BLOCKS;

    private static final long UNSIGNED_INT_MASK = 0xFFFF_FFFFL;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int contentLength;

    /**
     * Wrap one SR packet; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, exactly as its length field says (e.g. {@link RtcpCompoundReader#length()}).
     * @return this, for chaining.
     */
    public SenderReport wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.contentLength = 0;
        return this;
    }

    /**
     * Check that the wrapped bytes are a well-formed SR: the common checks of the header and padding, room for the
     * sender info ({@link WireStatus#TRUNCATED}), and room for the RC report blocks ({@link WireStatus#BAD_COUNT}).
     * Bytes after the blocks are profile-specific extensions and are allowed.
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int content = ReportBlocks.validate(buffer, offset, length, RtcpHeader.PT_SR, REPORT_BLOCKS_OFFSET);
        if (content < 0)
        {
            return content;
        }
        contentLength = content;
        return WireStatus.OK;
    }

    /**
     * @return the SSRC of the sender, as the unsigned bit pattern in an int.
     */
    public int senderSsrc()
    {
        return RtcpHeader.senderSsrc(buffer, offset);
    }

    /**
     * @return the 64-bit NTP timestamp (seconds in the high word, fraction in the low), as an unsigned bit pattern.
     */
    public long ntpTimestamp()
    {
        return buffer.getLong(offset + NTP_TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the middle 32 bits of the NTP timestamp, the value receivers echo as LSR, unsigned.
     */
    public long ntpMiddle32()
    {
        return (ntpTimestamp() >>> 16) & UNSIGNED_INT_MASK;
    }

    /**
     * @return the RTP timestamp matching the NTP timestamp, as the unsigned bit pattern in an int.
     */
    public int rtpTimestamp()
    {
        return buffer.getInt(offset + RTP_TIMESTAMP_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the sender's packet count, unsigned.
     */
    public long packetCount()
    {
        return buffer.getInt(offset + PACKET_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & UNSIGNED_INT_MASK;
    }

    /**
     * @return the sender's payload octet count, unsigned.
     */
    public long octetCount()
    {
        return buffer.getInt(offset + OCTET_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & UNSIGNED_INT_MASK;
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
     * @param packetOffset offset of an SR's first byte.
     * @param index        of a report block.
     * @return the offset of that block, for filling blocks reserved by {@link #build}.
     */
    public static int blockOffset(final int packetOffset, final int index)
    {
        return packetOffset + REPORT_BLOCKS_OFFSET + index * ReportBlock.LENGTH;
    }

    /**
     * Write an SR with {@code reportCount} zero-filled report blocks and no extension; fill each block afterwards
     * with {@link ReportBlock#write} at {@link #blockOffset(int, int)}.
     *
     * @param buffer       to write into.
     * @param offset       of the packet's first byte.
     * @param capacity     bytes available from {@code offset}.
     * @param senderSsrc   SSRC of the sender.
     * @param ntpTimestamp 64-bit NTP timestamp.
     * @param rtpTimestamp RTP timestamp matching the NTP timestamp.
     * @param packetCount  sender's packet count (low 32 bits are written).
     * @param octetCount   sender's octet count (low 32 bits are written).
     * @param reportCount  number of report blocks to reserve, 0..31.
     * @return bytes written, or {@link WireStatus#BAD_COUNT} for a bad count, {@link WireStatus#TRUNCATED} when the
     * capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final long ntpTimestamp,
        final int rtpTimestamp,
        final long packetCount,
        final long octetCount,
        final int reportCount)
    {
        final int packetLength = ReportBlocks.writeSkeleton(
            buffer, offset, capacity, senderSsrc, reportCount, RtcpHeader.PT_SR, REPORT_BLOCKS_OFFSET);
        if (packetLength < 0)
        {
            return packetLength;
        }
        buffer.putLong(offset + NTP_TIMESTAMP_OFFSET, ntpTimestamp, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + RTP_TIMESTAMP_OFFSET, rtpTimestamp, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + PACKET_COUNT_OFFSET, (int)packetCount, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + OCTET_COUNT_OFFSET, (int)octetCount, ByteOrder.BIG_ENDIAN);
        return packetLength;
    }
}
