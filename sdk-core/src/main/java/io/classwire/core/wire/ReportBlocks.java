package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * What SR and RR share (RFC 3550 sections 6.4.1 and 6.4.2): a sender SSRC, a type-specific prefix, RC report blocks of
 * 24 bytes, then profile-specific extensions. Stateless; used by {@link SenderReport} and {@link ReceiverReport}.
 */
final class ReportBlocks
{
    /** Most report blocks the 5-bit count can announce. */
    static final int MAX_REPORT_BLOCKS = 31;

    private ReportBlocks()
    {
    }

    /**
     * Validate a report packet: the common header and padding checks, room for everything before the blocks
     * ({@link WireStatus#TRUNCATED}), and room for the RC blocks ({@link WireStatus#BAD_COUNT}).
     *
     * @param buffer       holding the packet.
     * @param offset       of its first byte.
     * @param length       of the packet as its length field says.
     * @param packetType   {@link RtcpHeader#PT_SR} or {@link RtcpHeader#PT_RR}.
     * @param blocksOffset offset of the first report block from the packet start.
     * @return the content length without padding, or a negative {@link WireStatus}; never throws.
     */
    static int validate(
        final DirectBuffer buffer, final int offset, final int length, final int packetType, final int blocksOffset)
    {
        final int content = RtcpPacketCheck.contentLength(buffer, offset, length, packetType);
        if (content < 0)
        {
            return content;
        }
        if (content < blocksOffset)
        {
            return WireStatus.TRUNCATED;
        }
        if (blocksOffset + RtcpHeader.countOrFormat(buffer, offset) * ReportBlock.LENGTH > content)
        {
            return WireStatus.BAD_COUNT;
        }
        return content;
    }

    /**
     * Write the header and sender SSRC and zero the report blocks; the caller writes its own prefix fields.
     *
     * @param buffer       to write into.
     * @param offset       of the packet's first byte.
     * @param capacity     bytes available from {@code offset}.
     * @param senderSsrc   SSRC of the packet sender.
     * @param reportCount  number of report blocks to reserve, 0..31.
     * @param packetType   {@link RtcpHeader#PT_SR} or {@link RtcpHeader#PT_RR}.
     * @param blocksOffset offset of the first report block from the packet start.
     * @return the packet length, or {@link WireStatus#BAD_COUNT} / {@link WireStatus#TRUNCATED}.
     */
    static int writeSkeleton(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final int reportCount,
        final int packetType,
        final int blocksOffset)
    {
        if (reportCount < 0 || reportCount > MAX_REPORT_BLOCKS)
        {
            return WireStatus.BAD_COUNT;
        }
        final int packetLength = blocksOffset + reportCount * ReportBlock.LENGTH;
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < packetLength)
        {
            return WireStatus.TRUNCATED;
        }
        RtcpHeader.writeHeader(buffer, offset, false, reportCount, packetType, packetLength);
        buffer.putInt(offset + RtcpHeader.SENDER_SSRC_OFFSET, senderSsrc, ByteOrder.BIG_ENDIAN);
        buffer.setMemory(offset + blocksOffset, reportCount * ReportBlock.LENGTH, (byte)0);
        return packetLength;
    }
}
