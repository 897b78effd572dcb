package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Transport-wide sequence number header extension element (draft-holmer-rmcat-transport-wide-cc-extensions-01
 * section 2): a 16-bit big-endian counter shared by every media stream on a transport, which transport-wide
 * congestion control feedback refers to. Static helpers only; allocation-free.
 *
 * <pre>
 *  0                   1
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | transport-wide sequence number|   one-byte form: element header L = 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * A pacer usually assigns the number at send time: build the packet with a placeholder, then {@link #put} the real
 * value at the element's data offset.
 */
public final class TransportSequenceExtension
{
    /** URI that names this extension in SDP {@code a=extmap}. */
    public static final String URI = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    /** Data bytes of the element. */
    public static final int DATA_LENGTH = 2;

    private TransportSequenceExtension()
    {
    }

    /**
     * @param dataLength data bytes of a found element.
     * @return {@link WireStatus#OK} when the element has exactly two bytes, else {@link WireStatus#BAD_LENGTH}.
     */
    public static int validate(final int dataLength)
    {
        return dataLength == DATA_LENGTH ? WireStatus.OK : WireStatus.BAD_LENGTH;
    }

    /**
     * @param buffer     holding the element data.
     * @param dataOffset absolute offset of the first data byte.
     * @return the transport-wide sequence number, 0..65535.
     */
    public static int sequenceNumber(final DirectBuffer buffer, final int dataOffset)
    {
        return buffer.getShort(dataOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /**
     * Overwrite the sequence number of an element already in a packet.
     *
     * @param buffer         holding the element data.
     * @param dataOffset     absolute offset of the first data byte.
     * @param sequenceNumber the new value, reduced modulo 2^16.
     */
    public static void put(final MutableDirectBuffer buffer, final int dataOffset, final int sequenceNumber)
    {
        buffer.putShort(dataOffset, (short)sequenceNumber, ByteOrder.BIG_ENDIAN);
    }

    /**
     * Add the element to a block being built.
     *
     * @param writer         collecting the packet's extension elements.
     * @param id             negotiated local ID.
     * @param sequenceNumber the value, reduced modulo 2^16.
     * @return as {@link HeaderExtensionWriter#addBigEndian(int, long, int)}.
     */
    public static int add(final HeaderExtensionWriter writer, final int id, final int sequenceNumber)
    {
        return writer.addBigEndian(id, sequenceNumber & SeqNum.MASK, DATA_LENGTH);
    }
}
