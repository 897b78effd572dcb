package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Static accessors for one 24-byte reception report block inside an SR or RR (RFC 3550 section 6.4.1). The caller
 * passes the offset of the block itself, e.g. from {@link SenderReport#reportBlockOffset(int)}; the block must lie
 * inside a packet that has passed {@code validate()}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |                 SSRC_1 (SSRC of first source)                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | fraction lost |       cumulative number of packets lost       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           extended highest sequence number received           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      interarrival jitter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         last SR (LSR)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   delay since last SR (DLSR)                  |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * </pre>
 *
 * The cumulative number of packets lost is a signed 24-bit value: duplicates can make it negative.
 */
public final class ReportBlock
{
    /** Bytes in one report block. */
    public static final int LENGTH = 24;
    /** Offset of the SSRC of the reported source. */
    public static final int SSRC_OFFSET = 0;
    /** Offset of the 8-bit fraction lost; the 24-bit cumulative loss follows in the same word. */
    public static final int FRACTION_LOST_OFFSET = 4;
    /** Offset of the extended highest sequence number received. */
    public static final int EXTENDED_HIGHEST_SEQ_OFFSET = 8;
    /** Offset of the interarrival jitter. */
    public static final int JITTER_OFFSET = 12;
    /** Offset of the last SR timestamp (middle 32 bits of its NTP timestamp). */
    public static final int LAST_SR_OFFSET = 16;
    /** Offset of the delay since last SR, in units of 1/65536 s. */
    public static final int DELAY_SINCE_LAST_SR_OFFSET = 20;
    /** Largest cumulative loss the 24-bit field can carry. */
    public static final int MAX_CUMULATIVE_LOST = 0x7F_FFFF;
    /** Smallest (most negative) cumulative loss the 24-bit field can carry. */
    public static final int MIN_CUMULATIVE_LOST = -0x80_0000;

    private static final long UNSIGNED_INT_MASK = 0xFFFF_FFFFL;

    private ReportBlock()
    {
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the SSRC of the source this block reports on, as the unsigned bit pattern in an int.
     */
    public static int ssrc(final DirectBuffer buffer, final int blockOffset)
    {
        return buffer.getInt(blockOffset + SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the fraction of packets lost since the previous report, in 1/256 units, 0..255.
     */
    public static int fractionLost(final DirectBuffer buffer, final int blockOffset)
    {
        return buffer.getByte(blockOffset + FRACTION_LOST_OFFSET) & 0xFF;
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the cumulative number of packets lost, sign-extended from 24 bits.
     */
    public static int cumulativeLost(final DirectBuffer buffer, final int blockOffset)
    {
        return (buffer.getInt(blockOffset + FRACTION_LOST_OFFSET, ByteOrder.BIG_ENDIAN) << 8) >> 8;
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the extended highest sequence number received (cycles in the high 16 bits), unsigned.
     */
    public static long extendedHighestSeq(final DirectBuffer buffer, final int blockOffset)
    {
        return buffer.getInt(blockOffset + EXTENDED_HIGHEST_SEQ_OFFSET, ByteOrder.BIG_ENDIAN) & UNSIGNED_INT_MASK;
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the interarrival jitter in RTP timestamp units, unsigned.
     */
    public static long jitter(final DirectBuffer buffer, final int blockOffset)
    {
        return buffer.getInt(blockOffset + JITTER_OFFSET, ByteOrder.BIG_ENDIAN) & UNSIGNED_INT_MASK;
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the middle 32 bits of the NTP timestamp of the last SR received from the source, unsigned (0: none).
     */
    public static long lastSr(final DirectBuffer buffer, final int blockOffset)
    {
        return buffer.getInt(blockOffset + LAST_SR_OFFSET, ByteOrder.BIG_ENDIAN) & UNSIGNED_INT_MASK;
    }

    /**
     * @param buffer      holding the block.
     * @param blockOffset offset of the block's first byte.
     * @return the delay between receiving that SR and sending this block, in 1/65536 s, unsigned.
     */
    public static long delaySinceLastSr(final DirectBuffer buffer, final int blockOffset)
    {
        return buffer.getInt(blockOffset + DELAY_SINCE_LAST_SR_OFFSET, ByteOrder.BIG_ENDIAN) & UNSIGNED_INT_MASK;
    }

    /**
     * Write one report block; the caller has reserved {@link #LENGTH} bytes at {@code blockOffset}.
     *
     * @param buffer             to write into.
     * @param blockOffset        offset of the block's first byte.
     * @param ssrc               SSRC of the reported source.
     * @param fractionLost       fraction lost in 1/256 units, clamped to 0..255.
     * @param cumulativeLost     cumulative packets lost, clamped to the 24-bit signed range as RFC 3550 appendix
     *                           A.3 prescribes.
     * @param extendedHighestSeq extended highest sequence number received (low 32 bits are written).
     * @param jitter             interarrival jitter (low 32 bits are written).
     * @param lastSr             middle 32 bits of the last SR's NTP timestamp (low 32 bits are written).
     * @param delaySinceLastSr   delay since that SR in 1/65536 s (low 32 bits are written).
     */
    public static void write(
        final MutableDirectBuffer buffer,
        final int blockOffset,
        final int ssrc,
        final int fractionLost,
        final int cumulativeLost,
        final long extendedHighestSeq,
        final long jitter,
        final long lastSr,
        final long delaySinceLastSr)
    {
        final int fraction = Math.max(0, Math.min(0xFF, fractionLost));
        final int lost = Math.max(MIN_CUMULATIVE_LOST, Math.min(MAX_CUMULATIVE_LOST, cumulativeLost));
        buffer.putInt(blockOffset + SSRC_OFFSET, ssrc, ByteOrder.BIG_ENDIAN);
        buffer.putInt(blockOffset + FRACTION_LOST_OFFSET, (fraction << 24) | (lost & 0xFF_FFFF), ByteOrder.BIG_ENDIAN);
        buffer.putInt(blockOffset + EXTENDED_HIGHEST_SEQ_OFFSET, (int)extendedHighestSeq, ByteOrder.BIG_ENDIAN);
        buffer.putInt(blockOffset + JITTER_OFFSET, (int)jitter, ByteOrder.BIG_ENDIAN);
        buffer.putInt(blockOffset + LAST_SR_OFFSET, (int)lastSr, ByteOrder.BIG_ENDIAN);
        buffer.putInt(blockOffset + DELAY_SINCE_LAST_SR_OFFSET, (int)delaySinceLastSr, ByteOrder.BIG_ENDIAN);
    }
}
