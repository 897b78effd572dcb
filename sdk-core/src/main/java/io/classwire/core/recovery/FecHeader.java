package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqNum;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the payload of one of our FEC repair packets, and its writer. A repair packet is an ordinary RTP
 * packet on its own SSRC and payload type (so RTCP, SRTP and congestion control treat it like any stream); its
 * payload is this 12-byte header followed by one repair symbol. The format is ours, in the spirit of FlexFEC
 * (RFC 8627): the protected packets are named by a base sequence number, a count and a stride instead of a bit
 * mask, which covers both row (stride 1) and column (stride L, interleaved) groups and Reed-Solomon blocks.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=1|Sch|  0    |  media count  | repair count  | repair index  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |   base sequence number        |    stride     |       0       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        protected SSRC                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  repair symbol: the XOR (Sch=0) or Reed-Solomon (Sch=1)       |
 * |  combination of the protected packets' {@link FecUnit}s,       |
 * |  zero-padded to the longest; at least 8 bytes                 |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 *   <li>V: 1, the version of this format. Sch: {@link #SCHEME_XOR} or {@link #SCHEME_REED_SOLOMON}.</li>
 *   <li>media count k (1..255) and stride s (1..255): the protected sequence numbers are
 *       {@code base + i * s} for i in [0, k), modulo 2^16; {@code (k - 1) * s} must be below {@link #MAX_SPAN}.</li>
 *   <li>repair count m and repair index j: the block has m repair packets and this is number j (0-based). XOR has
 *       m = 1; Reed-Solomon needs {@code k + m <= 256} (see {@link ReedSolomonFec}).</li>
 *   <li>The bits shown as 0 are reserved: sent as 0, and a packet with any set is rejected.</li>
 * </ul>
 *
 * <p>Use: {@link #wrap}, {@link #validate()}, then the accessors, which are only meaningful after validate returned
 * {@link WireStatus#OK}. Allocation-free; single-threaded.
 */
public final class FecHeader
{
    /** Bytes of the header. */
    public static final int LENGTH = 12;
    /** The version this parser reads and the writer writes. */
    public static final int VERSION = 1;
    /** Scheme: one XOR parity over the group. */
    public static final int SCHEME_XOR = 0;
    /** Scheme: one Reed-Solomon repair symbol of a k + m block. */
    public static final int SCHEME_REED_SOLOMON = 1;
    /** Shortest repair symbol: a unit of an RTP packet with no payload. */
    public static final int MIN_SYMBOL_LENGTH = FecUnit.HEADER_LENGTH;
    /** Longest repair symbol: the unit of the largest RTP packet. */
    public static final int MAX_SYMBOL_LENGTH = RtpPacket.MAX_PACKET_LENGTH - FecUnit.SAVED_BYTES;
    /** Bound on {@code (k - 1) * stride}: far below half the sequence space, so unwrapping stays unambiguous. */
    public static final int MAX_SPAN = 1024;

    /** Offset of the version and scheme byte. */
    public static final int FLAGS_OFFSET = 0;
    /** Offset of the media count. */
    public static final int MEDIA_COUNT_OFFSET = 1;
    /** Offset of the repair count. */
    public static final int REPAIR_COUNT_OFFSET = 2;
    /** Offset of the repair index. */
    public static final int REPAIR_INDEX_OFFSET = 3;
    /** Offset of the base sequence number. */
    public static final int BASE_SEQUENCE_OFFSET = 4;
    /** Offset of the stride. */
    public static final int STRIDE_OFFSET = 6;
    /** Offset of the reserved byte. */
    public static final int RESERVED_OFFSET = 7;
    /** Offset of the protected SSRC. */
    public static final int PROTECTED_SSRC_OFFSET = 8;

    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Point at an FEC payload (from {@link RtpPacket#payloadOffset()} and {@link RtpPacket#payloadLength()}).
     *
     * @param buffer holding the payload.
     * @param offset of its first byte.
     * @param length payload bytes, padding excluded.
     * @return this for chaining.
     */
    public FecHeader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Check the header and the symbol length.
     *
     * @return {@link WireStatus#OK}; {@link WireStatus#TRUNCATED} when shorter than header plus an 8-byte symbol or
     *         outside the buffer; {@link WireStatus#OVERSIZED} for a symbol longer than {@link #MAX_SYMBOL_LENGTH};
     *         {@link WireStatus#BAD_VERSION}; {@link WireStatus#BAD_TYPE} for an unknown scheme;
     *         {@link WireStatus#BAD_COUNT} for a zero count, an index not below m, or a shape the scheme does not
     *         allow; {@link WireStatus#BAD_VALUE} for set reserved bits, a zero stride or a span too long. Never
     *         throws.
     */
    public int validate()
    {
        if (null == buffer || offset < 0 || length < 0 || length > buffer.capacity() - offset)
        {
            return WireStatus.TRUNCATED;
        }
        if (length < LENGTH + MIN_SYMBOL_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        if (length - LENGTH > MAX_SYMBOL_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        final int flags = buffer.getByte(offset + FLAGS_OFFSET) & 0xFF;
        if ((flags >> 6) != VERSION)
        {
            return WireStatus.BAD_VERSION;
        }
        final int scheme = (flags >> 4) & 0x3;
        if (scheme != SCHEME_XOR && scheme != SCHEME_REED_SOLOMON)
        {
            return WireStatus.BAD_TYPE;
        }
        if ((flags & 0x0F) != 0 || buffer.getByte(offset + RESERVED_OFFSET) != 0)
        {
            return WireStatus.BAD_VALUE;
        }
        final int k = mediaCount();
        final int m = repairCount();
        if (k == 0 || m == 0 || repairIndex() >= m)
        {
            return WireStatus.BAD_COUNT;
        }
        if (scheme == SCHEME_XOR ? m != 1 : !ReedSolomonFec.isValidShape(k, m))
        {
            return WireStatus.BAD_COUNT;
        }
        final int stride = stride();
        if (stride == 0 || (k - 1) * stride >= MAX_SPAN)
        {
            return WireStatus.BAD_VALUE;
        }
        return WireStatus.OK;
    }

    /** @return {@link #SCHEME_XOR} or {@link #SCHEME_REED_SOLOMON}. */
    public int scheme()
    {
        return (buffer.getByte(offset + FLAGS_OFFSET) >> 4) & 0x3;
    }

    /** @return k, the number of protected media packets, 1..255. */
    public int mediaCount()
    {
        return buffer.getByte(offset + MEDIA_COUNT_OFFSET) & 0xFF;
    }

    /** @return m, the number of repair packets of the block (1 for XOR). */
    public int repairCount()
    {
        return buffer.getByte(offset + REPAIR_COUNT_OFFSET) & 0xFF;
    }

    /** @return which repair packet of the block this is, 0..m-1. */
    public int repairIndex()
    {
        return buffer.getByte(offset + REPAIR_INDEX_OFFSET) & 0xFF;
    }

    /** @return sequence number of the first protected packet. */
    public int baseSequenceNumber()
    {
        return buffer.getShort(offset + BASE_SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return steps between protected sequence numbers, 1..255. */
    public int stride()
    {
        return buffer.getByte(offset + STRIDE_OFFSET) & 0xFF;
    }

    /** @return SSRC of the protected media stream. */
    public int protectedSsrc()
    {
        return buffer.getInt(offset + PROTECTED_SSRC_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @param index of a protected packet, 0..k-1.
     * @return its sequence number.
     */
    public int protectedSequenceNumber(final int index)
    {
        return SeqNum.add(baseSequenceNumber(), index * stride());
    }

    /** @return absolute offset of the repair symbol. */
    public int symbolOffset()
    {
        return offset + LENGTH;
    }

    /** @return bytes of the repair symbol. */
    public int symbolLength()
    {
        return length - LENGTH;
    }

    /**
     * Write a header.
     *
     * @param buffer        destination.
     * @param offset        where the header starts; {@link #LENGTH} bytes are written.
     * @param scheme        {@link #SCHEME_XOR} or {@link #SCHEME_REED_SOLOMON}.
     * @param mediaCount    k, 1..255.
     * @param repairCount   m, 1..255.
     * @param repairIndex   0..m-1.
     * @param baseSequence  first protected sequence number.
     * @param stride        1..255.
     * @param protectedSsrc SSRC of the protected stream.
     * @return {@link #LENGTH}.
     */
    public static int write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int scheme,
        final int mediaCount,
        final int repairCount,
        final int repairIndex,
        final int baseSequence,
        final int stride,
        final int protectedSsrc)
    {
        buffer.putByte(offset + FLAGS_OFFSET, (byte)((VERSION << 6) | (scheme << 4)));
        buffer.putByte(offset + MEDIA_COUNT_OFFSET, (byte)mediaCount);
        buffer.putByte(offset + REPAIR_COUNT_OFFSET, (byte)repairCount);
        buffer.putByte(offset + REPAIR_INDEX_OFFSET, (byte)repairIndex);
        buffer.putShort(offset + BASE_SEQUENCE_OFFSET, (short)baseSequence, ByteOrder.BIG_ENDIAN);
        buffer.putByte(offset + STRIDE_OFFSET, (byte)stride);
        buffer.putByte(offset + RESERVED_OFFSET, (byte)0);
        buffer.putInt(offset + PROTECTED_SSRC_OFFSET, protectedSsrc, ByteOrder.BIG_ENDIAN);
        return LENGTH;
    }
}
