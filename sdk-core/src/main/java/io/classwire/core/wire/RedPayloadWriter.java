package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Builds a redundant audio payload (RFC 2198; layout in {@link RedPayload}) from up to
 * {@link #MAX_REDUNDANT_BLOCKS} redundant blocks plus a primary. Reusable and allocation-free; single-threaded.
 *
 * <p>Redundant blocks are remembered by reference, not copied: their source buffers must stay unchanged until
 * {@link #write} returns. Blocks are written in the order added; RFC 2198 senders usually add the oldest first.
 */
public final class RedPayloadWriter
{
    /** Redundant blocks one payload may carry here; more than a few rarely pays off on a lossy link. */
    public static final int MAX_REDUNDANT_BLOCKS = 8;

    private final int[] payloadTypes = new int[MAX_REDUNDANT_BLOCKS];
    private final int[] timestampOffsets = new int[MAX_REDUNDANT_BLOCKS];
    private final DirectBuffer[] sources = new DirectBuffer[MAX_REDUNDANT_BLOCKS];
    private final int[] sourceOffsets = new int[MAX_REDUNDANT_BLOCKS];
    private final int[] lengths = new int[MAX_REDUNDANT_BLOCKS];
    private int count;
    private int redundantDataLength;

    /**
     * Forget all redundant blocks (and the references to their buffers).
     *
     * @return this for chaining.
     */
    public RedPayloadWriter reset()
    {
        for (int i = 0; i < count; i++)
        {
            sources[i] = null;
        }
        count = 0;
        redundantDataLength = 0;
        return this;
    }

    /**
     * Add a redundant block.
     *
     * @param payloadType     of the block's encoding, 0..127.
     * @param timestampOffset primary timestamp minus the block's timestamp, 0..16383.
     * @param src             block data; must stay unchanged until {@link #write} returns.
     * @param srcOffset       of the first data byte in {@code src}.
     * @param length          data bytes, 0..1023.
     * @return {@link WireStatus#OK}; {@link WireStatus#BAD_TYPE} for a payload type out of range;
     * {@link WireStatus#BAD_VALUE} for a timestamp offset out of range; {@link WireStatus#BAD_LENGTH} for a length
     * out of range; {@link WireStatus#BAD_COUNT} when {@link #MAX_REDUNDANT_BLOCKS} are already held.
     */
    public int addRedundant(
        final int payloadType,
        final int timestampOffset,
        final DirectBuffer src,
        final int srcOffset,
        final int length)
    {
        if (payloadType < 0 || payloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            return WireStatus.BAD_TYPE;
        }
        if (timestampOffset < 0 || timestampOffset > RedPayload.MAX_TIMESTAMP_OFFSET)
        {
            return WireStatus.BAD_VALUE;
        }
        if (length < 0 || length > RedPayload.MAX_BLOCK_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (count == MAX_REDUNDANT_BLOCKS)
        {
            return WireStatus.BAD_COUNT;
        }
        payloadTypes[count] = payloadType;
        timestampOffsets[count] = timestampOffset;
        sources[count] = src;
        sourceOffsets[count] = srcOffset;
        lengths[count] = length;
        count++;
        redundantDataLength += length;
        return WireStatus.OK;
    }

    /** @return redundant blocks added since the last reset. */
    public int count()
    {
        return count;
    }

    /**
     * @param primaryLength primary data bytes.
     * @return payload bytes {@link #write} will produce with a primary of this length.
     */
    public int length(final int primaryLength)
    {
        return count * RedPayload.REDUNDANT_HEADER_LENGTH + RedPayload.PRIMARY_HEADER_LENGTH +
            redundantDataLength + primaryLength;
    }

    /**
     * Write block headers, redundant data and the primary data.
     *
     * @param primaryPayloadType of the primary encoding, 0..127.
     * @param primary            primary data.
     * @param primaryOffset      of the first primary byte.
     * @param primaryLength      primary bytes, at least 0.
     * @param buffer             to write into (e.g. at the payload offset of a packet being built).
     * @param offset             of the first payload byte.
     * @param maxLength          bytes available from {@code offset}.
     * @return bytes written; {@link WireStatus#BAD_TYPE} for a payload type out of range;
     * {@link WireStatus#BAD_LENGTH} for a negative primary length; {@link WireStatus#OVERSIZED} when it does not
     * fit.
     */
    public int write(
        final int primaryPayloadType,
        final DirectBuffer primary,
        final int primaryOffset,
        final int primaryLength,
        final MutableDirectBuffer buffer,
        final int offset,
        final int maxLength)
    {
        if (primaryPayloadType < 0 || primaryPayloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            return WireStatus.BAD_TYPE;
        }
        if (primaryLength < 0)
        {
            return WireStatus.BAD_LENGTH;
        }
        if (primaryLength > RtpPacket.MAX_PACKET_LENGTH || length(primaryLength) > maxLength)
        {
            return WireStatus.OVERSIZED;
        }
        int header = offset;
        int data = offset + count * RedPayload.REDUNDANT_HEADER_LENGTH + RedPayload.PRIMARY_HEADER_LENGTH;
        for (int i = 0; i < count; i++)
        {
            final int length = lengths[i];
            final int tsOffset = timestampOffsets[i];
            buffer.putByte(header, (byte)(RedPayload.FOLLOW_BIT | payloadTypes[i]));
            buffer.putByte(header + 1, (byte)(tsOffset >> 6));
            buffer.putByte(header + 2, (byte)(((tsOffset & 0x3F) << 2) | (length >> 8)));
            buffer.putByte(header + 3, (byte)length);
            header += RedPayload.REDUNDANT_HEADER_LENGTH;
            if (length > 0)
            {
                buffer.putBytes(data, sources[i], sourceOffsets[i], length);
            }
            data += length;
        }
        buffer.putByte(header, (byte)primaryPayloadType);
        if (primaryLength > 0)
        {
            buffer.putBytes(data, primary, primaryOffset, primaryLength);
        }
        return data + primaryLength - offset;
    }
}
