package io.classwire.core.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes the 8-byte header of a Classwire control message (framing version 1, see {@link ControlHeader}) into a
 * caller-supplied buffer. Stateless and allocation-free; the caller writes the body after the header.
 */
public final class ControlHeaderWriter
{
    private ControlHeaderWriter()
    {
    }

    /**
     * Write a version 1 header for a message of {@code messageLength} bytes, checking that the whole message fits.
     *
     * @param buffer        to write into.
     * @param offset        of the message's first byte.
     * @param capacity      bytes the caller allows from {@code offset} (clipped to the buffer's capacity).
     * @param type          message type, 1..255.
     * @param messageLength bytes in the whole message, header included, 8..65535.
     * @param sessionId     session (or probe) id.
     * @return {@link ControlHeader#HEADER_LENGTH}, or {@link WireStatus#BAD_TYPE} for a type outside 1..255,
     *         {@link WireStatus#BAD_LENGTH} for a length outside 8..65535, {@link WireStatus#TRUNCATED} when the
     *         message does not fit; nothing is written on failure.
     */
    public static int write(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int type,
        final int messageLength,
        final int sessionId)
    {
        if (type < 1 || type > 0xFF)
        {
            return WireStatus.BAD_TYPE;
        }
        if (messageLength < ControlHeader.HEADER_LENGTH || messageLength > ControlHeader.MAX_MESSAGE_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (RtcpPacketCheck.writable(buffer, offset, capacity) < messageLength)
        {
            return WireStatus.TRUNCATED;
        }
        buffer.putByte(offset + ControlHeader.MARKER_OFFSET, (byte)ControlHeader.MARKER_V1);
        buffer.putByte(offset + ControlHeader.TYPE_OFFSET, (byte)type);
        buffer.putShort(offset + ControlHeader.LENGTH_OFFSET, (short)messageLength, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ControlHeader.SESSION_ID_OFFSET, sessionId, ByteOrder.BIG_ENDIAN);
        return ControlHeader.HEADER_LENGTH;
    }
}
