package io.classwire.core.probe;

import io.classwire.core.wire.ControlHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over one network-probe control message: a {@link ControlHeader} (whose session id is the probe id)
 * followed by a body laid out by message type. Not thread safe. Accessors are valid only after {@link #validate()}
 * returned {@link WireStatus#OK}, and each only for the types it names. All fields are big-endian; times are
 * nanoseconds on the clock of the host that wrote them, so only differences of times from one host mean anything.
 *
 * <pre>
 * Echo request (type 1) and echo reply (type 2), 48 bytes or more; a reply is as long as its request:
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  marker = 4   |   type 1 / 2  |        message length         |
 * |                            probe id                           |
 * |                        sequence number                        |
 * |                 cookie (reply only, else 0)                   |
 * |           echo requests received (reply only, else 0)         |
 * |                        reserved (0)                           |
 * |                   client send time (64 bits)                  |
 * |          responder receive time (64 bits, reply only)         |
 * |           responder send time (64 bits, reply only)           |
 * :                   padding up to message length                :
 *
 * Train packet (type 3), 48 bytes or more (never smaller than the report it may trigger):
 * |  marker = 4   |    type 3     |        message length         |
 * |                            probe id                           |
 * |                            train id                           |
 * |         packet index          |         packet count          |
 * |                  sender's send time (64 bits)                 |
 * :                   padding up to message length                :
 *
 * Train report (type 4), exactly 48 bytes:
 * |  marker = 4   |    type 4     |        message length         |
 * |                            probe id                           |
 * |                            train id                           |
 * |       packets received        |         packet count          |
 * |                         bytes received                        |
 * |                   received rate (bits per second)             |
 * |               first arrival time (64 bits, receiver)          |
 * |               last arrival time (64 bits, receiver)           |
 * |                delay growth (64 bits, signed, ns)             |
 *
 * Downlink train request (type 5), exactly 24 bytes:
 * |  marker = 4   |    type 5     |        message length         |
 * |                            probe id                           |
 * |                            train id                           |
 * |                  cookie (from an echo reply)                  |
 * |         packet count          |         packet bytes          |
 * |                  requested rate (bits per second)             |
 * </pre>
 *
 * Validation beyond the header: {@link WireStatus#BAD_TYPE} for a type outside 1..5; {@link WireStatus#TRUNCATED}
 * below a type's fixed length; {@link WireStatus#OVERSIZED} above the exact length of a report or request;
 * {@link WireStatus#BAD_COUNT} for a train packet with count 0 or index not below count, or a report with count 0,
 * nothing received or more received than sent; {@link WireStatus#BAD_VALUE} for a reply that was sent before it was
 * received, a report whose last arrival precedes its first, a request for packets smaller than a train packet's
 * minimum or for a rate of 0.
 */
public final class ProbeMessage
{
    /** Offset of an echo's sequence number. */
    public static final int ECHO_SEQUENCE_OFFSET = 8;
    /** Offset of an echo reply's cookie. */
    public static final int ECHO_COOKIE_OFFSET = 12;
    /** Offset of an echo reply's count of requests received. */
    public static final int ECHO_REQUESTS_RECEIVED_OFFSET = 16;
    /** Offset of an echo's client send time. */
    public static final int ECHO_CLIENT_SEND_OFFSET = 24;
    /** Offset of an echo reply's responder receive time. */
    public static final int ECHO_RESPONDER_RECEIVE_OFFSET = 32;
    /** Offset of an echo reply's responder send time. */
    public static final int ECHO_RESPONDER_SEND_OFFSET = 40;
    /** Smallest echo request or reply. */
    public static final int ECHO_MIN_LENGTH = 48;

    /** Offset of a train packet's, report's or request's train id. */
    public static final int TRAIN_ID_OFFSET = 8;
    /** Offset of a train packet's index. */
    public static final int TRAIN_INDEX_OFFSET = 12;
    /** Offset of a train packet's count. */
    public static final int TRAIN_COUNT_OFFSET = 14;
    /** Offset of a train packet's send time. */
    public static final int TRAIN_SEND_OFFSET = 16;
    /** Smallest train packet: as large as a train report, so a report never outweighs what triggered it. */
    public static final int TRAIN_PACKET_MIN_LENGTH = 48;

    /** Offset of a report's packets received. */
    public static final int REPORT_RECEIVED_OFFSET = 12;
    /** Offset of a report's packet count. */
    public static final int REPORT_COUNT_OFFSET = 14;
    /** Offset of a report's bytes received. */
    public static final int REPORT_BYTES_OFFSET = 16;
    /** Offset of a report's received rate. */
    public static final int REPORT_RATE_OFFSET = 20;
    /** Offset of a report's first arrival time. */
    public static final int REPORT_FIRST_ARRIVAL_OFFSET = 24;
    /** Offset of a report's last arrival time. */
    public static final int REPORT_LAST_ARRIVAL_OFFSET = 32;
    /** Offset of a report's delay growth. */
    public static final int REPORT_DELAY_GROWTH_OFFSET = 40;
    /** Length of a train report. */
    public static final int REPORT_LENGTH = 48;

    /** Offset of a downlink request's cookie. */
    public static final int REQUEST_COOKIE_OFFSET = 12;
    /** Offset of a downlink request's packet count. */
    public static final int REQUEST_COUNT_OFFSET = 16;
    /** Offset of a downlink request's packet size. */
    public static final int REQUEST_PACKET_BYTES_OFFSET = 18;
    /** Offset of a downlink request's rate. */
    public static final int REQUEST_RATE_OFFSET = 20;
    /** Length of a downlink train request. */
    public static final int REQUEST_LENGTH = 24;

    private final ControlHeader header = new ControlHeader();
    private DirectBuffer buffer;
    private int offset;
    private int length;

    /**
     * Wrap one datagram; call {@link #validate()} before any accessor.
     *
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length of the datagram.
     * @return this, for chaining.
     */
    public ProbeMessage wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        header.wrap(buffer, offset, length);
        return this;
    }

    /**
     * Check the header and the body of the wrapped message; see the class javadoc for the codes.
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        final int status = header.validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        switch (header.type())
        {
            case ControlHeader.TYPE_PROBE_ECHO_REQUEST:
                return length < ECHO_MIN_LENGTH ? WireStatus.TRUNCATED : WireStatus.OK;
            case ControlHeader.TYPE_PROBE_ECHO_REPLY:
                return validateEchoReply();
            case ControlHeader.TYPE_TRAIN_PACKET:
                return validateTrainPacket();
            case ControlHeader.TYPE_TRAIN_REPORT:
                return validateReport();
            case ControlHeader.TYPE_DOWNLINK_TRAIN_REQUEST:
                return validateRequest();
            default:
                return WireStatus.BAD_TYPE;
        }
    }

    private int validateEchoReply()
    {
        if (length < ECHO_MIN_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        return responderSendNs() < responderReceiveNs() ? WireStatus.BAD_VALUE : WireStatus.OK;
    }

    private int validateTrainPacket()
    {
        if (length < TRAIN_PACKET_MIN_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int count = count();
        return count == 0 || trainIndex() >= count ? WireStatus.BAD_COUNT : WireStatus.OK;
    }

    private int validateReport()
    {
        final int fixed = exactLength(REPORT_LENGTH);
        if (fixed != WireStatus.OK)
        {
            return fixed;
        }
        final int received = packetsReceived();
        if (count() == 0 || received == 0 || received > count())
        {
            return WireStatus.BAD_COUNT;
        }
        return lastArrivalNs() < firstArrivalNs() ? WireStatus.BAD_VALUE : WireStatus.OK;
    }

    private int validateRequest()
    {
        final int fixed = exactLength(REQUEST_LENGTH);
        if (fixed != WireStatus.OK)
        {
            return fixed;
        }
        if (requestedCount() == 0)
        {
            return WireStatus.BAD_COUNT;
        }
        return requestedPacketBytes() < TRAIN_PACKET_MIN_LENGTH || requestedRateBps() == 0 ?
            WireStatus.BAD_VALUE : WireStatus.OK;
    }

    private int exactLength(final int required)
    {
        if (length < required)
        {
            return WireStatus.TRUNCATED;
        }
        return length > required ? WireStatus.OVERSIZED : WireStatus.OK;
    }

    /** @return the message type, one of the probe types of {@link ControlHeader}. */
    public int type()
    {
        return header.type();
    }

    /** @return the probe id (the header's session id), as the unsigned bit pattern in an int. */
    public int probeId()
    {
        return header.sessionId();
    }

    /** @return the message length in bytes, header included. */
    public int messageLength()
    {
        return length;
    }

    /** @return an echo's sequence number, as the unsigned bit pattern in an int. */
    public int sequence()
    {
        return buffer.getInt(offset + ECHO_SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return an echo reply's cookie (0 in a request), or a downlink request's cookie. */
    public int cookie()
    {
        final int at = header.type() == ControlHeader.TYPE_DOWNLINK_TRAIN_REQUEST ?
            REQUEST_COOKIE_OFFSET : ECHO_COOKIE_OFFSET;
        return buffer.getInt(offset + at, ByteOrder.BIG_ENDIAN);
    }

    /** @return an echo reply's count of echo requests the responder had received for this probe, 0..2^32-1. */
    public long requestsReceived()
    {
        return buffer.getInt(offset + ECHO_REQUESTS_RECEIVED_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return an echo's client send time. */
    public long clientSendNs()
    {
        return buffer.getLong(offset + ECHO_CLIENT_SEND_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return an echo reply's receive time on the responder's clock. */
    public long responderReceiveNs()
    {
        return buffer.getLong(offset + ECHO_RESPONDER_RECEIVE_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return an echo reply's send time on the responder's clock, not before its receive time. */
    public long responderSendNs()
    {
        return buffer.getLong(offset + ECHO_RESPONDER_SEND_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return the train id of a train packet, report or downlink request, as the unsigned bit pattern. */
    public int trainId()
    {
        return buffer.getInt(offset + TRAIN_ID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return a train packet's index, below {@link #count()}. */
    public int trainIndex()
    {
        return buffer.getShort(offset + TRAIN_INDEX_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return a train packet's or report's packet count, 1..65535. */
    public int count()
    {
        final int at = header.type() == ControlHeader.TYPE_TRAIN_REPORT ? REPORT_COUNT_OFFSET : TRAIN_COUNT_OFFSET;
        return buffer.getShort(offset + at, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return a train packet's send time on its sender's clock. */
    public long trainSendNs()
    {
        return buffer.getLong(offset + TRAIN_SEND_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return a report's packets received, 1..{@link #count()}. */
    public int packetsReceived()
    {
        return buffer.getShort(offset + REPORT_RECEIVED_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return a report's bytes received, 0..2^32-1. */
    public long bytesReceived()
    {
        return buffer.getInt(offset + REPORT_BYTES_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return a report's received rate in bits per second, 0..2^32-1 (0 when under two packets arrived). */
    public long receivedRateBps()
    {
        return buffer.getInt(offset + REPORT_RATE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }

    /** @return a report's first arrival time on the receiver's clock. */
    public long firstArrivalNs()
    {
        return buffer.getLong(offset + REPORT_FIRST_ARRIVAL_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return a report's last arrival time on the receiver's clock, not before the first. */
    public long lastArrivalNs()
    {
        return buffer.getLong(offset + REPORT_LAST_ARRIVAL_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return a report's delay growth: least one-way transit in the train's second half minus in its first. */
    public long delayGrowthNs()
    {
        return buffer.getLong(offset + REPORT_DELAY_GROWTH_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /** @return a downlink request's packet count, 1..65535. */
    public int requestedCount()
    {
        return buffer.getShort(offset + REQUEST_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return a downlink request's packet size in bytes, {@link #TRAIN_PACKET_MIN_LENGTH}..65535. */
    public int requestedPacketBytes()
    {
        return buffer.getShort(offset + REQUEST_PACKET_BYTES_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return a downlink request's rate in bits per second, 1..2^32-1. */
    public long requestedRateBps()
    {
        return buffer.getInt(offset + REQUEST_RATE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF_FFFFL;
    }
}
