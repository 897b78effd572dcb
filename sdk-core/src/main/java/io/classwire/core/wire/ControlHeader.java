package io.classwire.core.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over the 8-byte header that starts every Classwire control message (framing version 1). Not thread safe.
 * Accessors are valid only after {@link #validate()} returned {@link WireStatus#OK}.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  marker = 4   | message type  |        message length         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                       session (or probe) id                   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * :                 body, laid out by message type                :
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <ul>
 *   <li><b>marker</b>: the first byte puts the datagram in the range 4..15 that RFC 7983 and RFC 9443 leave
 *       unassigned (see {@code io.classwire.core.transport.PacketClassifier}), and names the framing version: 4 is
 *       version 1. The values 5..15 are kept for later framing versions and fail with {@link WireStatus#BAD_VERSION};
 *       any other first byte is not a control message at all ({@link WireStatus#BAD_TYPE}).</li>
 *   <li><b>message type</b>: what the body holds. 0 is never valid. Types are grouped by the subsystem that owns
 *       them: 1..15 network probe ({@link #TYPE_PROBE_ECHO_REQUEST} ... {@link #TYPE_DOWNLINK_TRAIN_REQUEST}),
 *       16..31 join and handshake, 32..63 reliable event streams, the rest unassigned. This header accepts any
 *       non-zero type, so that a receiver can count and skip types it does not speak; the body's parser rejects
 *       types it does not know.</li>
 *   <li><b>message length</b>: bytes in the whole message, header included, 8..65535. One datagram carries exactly
 *       one message, so the length must equal the datagram's: fewer bytes present is {@link WireStatus#TRUNCATED},
 *       more is {@link WireStatus#OVERSIZED}.</li>
 *   <li><b>session id</b>: an opaque 32-bit value that ties the message to a session or, for probe messages, to one
 *       probe run; the receiver keys its state by it together with the sender's address.</li>
 * </ul>
 *
 * All multi-byte fields are big-endian. {@link ControlHeaderWriter} writes the header.
 */
public final class ControlHeader
{
    /** First byte of a framing version 1 message. */
    public static final int MARKER_V1 = 4;
    /** Lowest first byte that marks a control message of any framing version. */
    public static final int MARKER_MIN = 4;
    /** Highest first byte that marks a control message of any framing version. */
    public static final int MARKER_MAX = 15;

    /** Offset of the marker byte. */
    public static final int MARKER_OFFSET = 0;
    /** Offset of the message type byte. */
    public static final int TYPE_OFFSET = 1;
    /** Offset of the 16-bit message length. */
    public static final int LENGTH_OFFSET = 2;
    /** Offset of the 32-bit session id. */
    public static final int SESSION_ID_OFFSET = 4;
    /** Bytes in the header, also the offset of the body. */
    public static final int HEADER_LENGTH = 8;
    /** Largest message the 16-bit length field can describe. */
    public static final int MAX_MESSAGE_LENGTH = 0xFFFF;

    /** Probe: echo request from the probing client, answered by a reply of the same length. */
    public static final int TYPE_PROBE_ECHO_REQUEST = 1;
    /** Probe: echo reply from the responder. */
    public static final int TYPE_PROBE_ECHO_REPLY = 2;
    /** Probe: one packet of a paced packet train, in either direction. */
    public static final int TYPE_TRAIN_PACKET = 3;
    /** Probe: the responder's view of an uplink train it received. */
    public static final int TYPE_TRAIN_REPORT = 4;
    /** Probe: the client asks the responder to send it a train. */
    public static final int TYPE_DOWNLINK_TRAIN_REQUEST = 5;
    /** Highest message type reserved for the network probe. */
    public static final int TYPE_PROBE_MAX = 15;

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
    public ControlHeader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /**
     * Check that the wrapped bytes start with a well-formed version 1 header whose length is exactly the datagram's.
     *
     * @return {@link WireStatus#OK}, {@link WireStatus#TRUNCATED} (region outside the buffer, shorter than the header
     *         or than the length field says), {@link WireStatus#BAD_TYPE} (not a control marker, or message type 0),
     *         {@link WireStatus#BAD_VERSION} (a later framing version), {@link WireStatus#BAD_LENGTH} (length field
     *         below the header size) or {@link WireStatus#OVERSIZED} (bytes after the message); never throws.
     */
    public int validate()
    {
        if (buffer == null || !RtcpPacketCheck.regionInside(buffer, offset, length) || length < HEADER_LENGTH)
        {
            return WireStatus.TRUNCATED;
        }
        final int marker = buffer.getByte(offset + MARKER_OFFSET) & 0xFF;
        if (marker < MARKER_MIN || marker > MARKER_MAX)
        {
            return WireStatus.BAD_TYPE;
        }
        if (marker != MARKER_V1)
        {
            return WireStatus.BAD_VERSION;
        }
        if ((buffer.getByte(offset + TYPE_OFFSET) & 0xFF) == 0)
        {
            return WireStatus.BAD_TYPE;
        }
        final int messageLength = buffer.getShort(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (messageLength < HEADER_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (messageLength > length)
        {
            return WireStatus.TRUNCATED;
        }
        if (messageLength < length)
        {
            return WireStatus.OVERSIZED;
        }
        return WireStatus.OK;
    }

    /**
     * @return the message type, 1..255.
     */
    public int type()
    {
        return buffer.getByte(offset + TYPE_OFFSET) & 0xFF;
    }

    /**
     * @return the message length in bytes, header included; equal to the wrapped length once validated.
     */
    public int messageLength()
    {
        return buffer.getShort(offset + LENGTH_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * @return the session (or probe) id, as the unsigned bit pattern in an int.
     */
    public int sessionId()
    {
        return buffer.getInt(offset + SESSION_ID_OFFSET, ByteOrder.BIG_ENDIAN);
    }

    /**
     * @return the offset in the buffer of the body's first byte.
     */
    public int bodyOffset()
    {
        return offset + HEADER_LENGTH;
    }

    /**
     * @return the body's length in bytes, 0 or more.
     */
    public int bodyLength()
    {
        return length - HEADER_LENGTH;
    }

    /**
     * @return the buffer wrapped by the last {@link #wrap(DirectBuffer, int, int)}.
     */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return the offset of the message's first byte.
     */
    public int offset()
    {
        return offset;
    }

    /**
     * @param type a message type.
     * @return true when the type belongs to the network probe (1..15).
     */
    public static boolean isProbeType(final int type)
    {
        return type >= TYPE_PROBE_ECHO_REQUEST && type <= TYPE_PROBE_MAX;
    }

    /**
     * @param type a message type.
     * @return a short name for logs and counters.
     */
    public static String typeName(final int type)
    {
        switch (type)
        {
            case TYPE_PROBE_ECHO_REQUEST: return "probe-echo-request";
            case TYPE_PROBE_ECHO_REPLY: return "probe-echo-reply";
            case TYPE_TRAIN_PACKET: return "train-packet";
            case TYPE_TRAIN_REPORT: return "train-report";
            case TYPE_DOWNLINK_TRAIN_REQUEST: return "downlink-train-request";
            default: return "control-type-" + type;
        }
    }
}
