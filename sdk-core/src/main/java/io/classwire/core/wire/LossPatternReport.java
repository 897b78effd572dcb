package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Classwire's loss-pattern report: an RTCP APP packet (RFC 3550 section 6.7, name {@code CWLP}, subtype 0) in which
 * a receiver tells a sender the mean length of the loss bursts it sees on one of the sender's streams, the one
 * figure of a Gilbert-Elliott loss model that receiver reports do not carry (fraction lost gives the other). A
 * standard receiver of it ignores an APP packet it does not know. Flyweight; not thread safe.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|    0    |   PT=APP=204  |          length = 4           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of the reporter                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                          "CWLP"                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                   SSRC of the media source                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    mean burst (1/256 packet)  |       reserved (zero)         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * The mean burst is the mean run of consecutive lost packets before any repair, as an unsigned 8.8 fixed-point
 * number (1.0 = 256; at most 255.99); 0 means no loss seen yet. Longer data (a later version) is accepted and its
 * extra words ignored; a reserved value other than zero is accepted too.
 */
public final class LossPatternReport
{
    /** The APP name, {@code CWLP}. */
    public static final int NAME = AppPacket.name('C', 'W', 'L', 'P');
    /** The APP subtype of this version. */
    public static final int SUBTYPE = 0;
    /** Bytes of application data this version writes. */
    public static final int DATA_LENGTH = 8;
    /** Bytes of the whole packet this version writes. */
    public static final int PACKET_LENGTH = AppPacket.DATA_OFFSET + DATA_LENGTH;
    /** Largest mean burst the field carries, packets. */
    public static final double MAX_MEAN_BURST = 0xFFFF / 256.0;

    private final AppPacket app = new AppPacket();
    private DirectBuffer buffer;
    private int dataOffset;

    /**
     * Wrap and check one RTCP packet: {@link WireStatus#OK} if it is a valid loss-pattern report, else the APP
     * packet's failure, {@link WireStatus#BAD_TYPE} for another APP name or subtype, or
     * {@link WireStatus#TRUNCATED} when the data is too short. Never throws.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length of the packet, as its length field says.
     * @return a {@link WireStatus} code.
     */
    public int wrapAndValidate(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = null;
        final int status = app.wrap(buffer, offset, length).validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        if (app.name() != NAME || app.subtype() != SUBTYPE)
        {
            return WireStatus.BAD_TYPE;
        }
        if (app.dataLength() < DATA_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        this.buffer = buffer;
        this.dataOffset = app.dataOffset();
        return WireStatus.OK;
    }

    /** @return the SSRC of the reporter (the APP packet's SSRC field). */
    public int reporterSsrc()
    {
        return app.ssrc();
    }

    /** @return the SSRC of the stream the report is about. */
    public int mediaSsrc()
    {
        return buffer.getInt(dataOffset, ByteOrder.BIG_ENDIAN);
    }

    /** @return the mean loss burst, packets; 0 when the reporter has seen no loss. */
    public double meanBurstPackets()
    {
        return (buffer.getShort(dataOffset + 4, ByteOrder.BIG_ENDIAN) & 0xFFFF) / 256.0;
    }

    /**
     * Write a loss-pattern report.
     *
     * @param buffer           to write into.
     * @param offset           of the first byte.
     * @param capacity         bytes available from {@code offset}.
     * @param reporterSsrc     our SSRC (the one our receiver reports come from).
     * @param mediaSsrc        the stream reported on.
     * @param meanBurstPackets mean loss burst, packets; 0 for none seen, clamped to {@link #MAX_MEAN_BURST}.
     * @return {@link #PACKET_LENGTH}, {@link WireStatus#BAD_VALUE} for a negative or NaN burst, or
     *         {@link WireStatus#TRUNCATED} when the capacity is too small.
     */
    public static int build(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int reporterSsrc,
        final int mediaSsrc,
        final double meanBurstPackets)
    {
        if (!(meanBurstPackets >= 0))
        {
            return WireStatus.BAD_VALUE;
        }
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < PACKET_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int fixed = (int)Math.round(Math.min(meanBurstPackets, MAX_MEAN_BURST) * 256.0);
        RtcpHeader.writeHeader(buffer, offset, false, SUBTYPE, RtcpHeader.PT_APP, PACKET_LENGTH);
        buffer.putInt(offset + AppPacket.SSRC_OFFSET, reporterSsrc, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + AppPacket.NAME_OFFSET, NAME, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + AppPacket.DATA_OFFSET, mediaSsrc, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + AppPacket.DATA_OFFSET + 4, fixed << 16, ByteOrder.BIG_ENDIAN);
        return PACKET_LENGTH;
    }
}
