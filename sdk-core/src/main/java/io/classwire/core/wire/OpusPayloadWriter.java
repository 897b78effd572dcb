package io.classwire.core.wire;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Packs already-encoded Opus frames into one Opus packet (RFC 6716 section 3.2; layout in {@link OpusPayload}),
 * choosing the most compact frame count code: code 0 for one frame, code 1 for two equal frames, code 2 for two
 * different frames, code 3 (CBR or VBR) otherwise or when padding is asked for. Reusable and allocation-free;
 * single-threaded.
 *
 * <p>Frames are remembered by reference, not copied: their source buffers must stay unchanged until {@link #write}
 * returns.
 */
public final class OpusPayloadWriter
{
    private final DirectBuffer[] sources = new DirectBuffer[OpusPayload.MAX_FRAMES];
    private final int[] sourceOffsets = new int[OpusPayload.MAX_FRAMES];
    private final int[] lengths = new int[OpusPayload.MAX_FRAMES];
    private int config;
    private boolean stereo;
    private int count;
    private int paddingLength;
    private int error;

    /**
     * Start a new packet and forget the frames of the previous one.
     *
     * @param config configuration number of every frame, 0..31 (RFC 6716 section 3.1); otherwise {@link #write}
     *               returns {@link WireStatus#BAD_VALUE}.
     * @param stereo whether the frames are stereo.
     * @return this for chaining.
     */
    public OpusPayloadWriter reset(final int config, final boolean stereo)
    {
        for (int i = 0; i < count; i++)
        {
            sources[i] = null;
        }
        this.error = config < 0 || config > 31 ? WireStatus.BAD_VALUE : WireStatus.OK;
        this.config = config & 0x1F;
        this.stereo = stereo;
        this.count = 0;
        this.paddingLength = 0;
        return this;
    }

    /**
     * Append trailing padding (forces code 3), e.g. to hide the packet size when encrypted.
     *
     * @param paddingLength padding bytes after the frames, 0 for none; negative values are treated as 0.
     * @return this for chaining.
     */
    public OpusPayloadWriter paddingLength(final int paddingLength)
    {
        this.paddingLength = Math.max(0, paddingLength);
        return this;
    }

    /**
     * Add the next frame.
     *
     * @param src       the compressed frame; must stay unchanged until {@link #write} returns.
     * @param srcOffset of the frame's first byte.
     * @param length    frame bytes, 0..1275 (0 is a frame with no data).
     * @return {@link WireStatus#OK}; {@link WireStatus#BAD_LENGTH} for a length out of range;
     * {@link WireStatus#BAD_COUNT} when another frame would exceed 120 ms.
     */
    public int addFrame(final DirectBuffer src, final int srcOffset, final int length)
    {
        if (length < 0 || length > OpusPayload.MAX_FRAME_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        if ((count + 1) * OpusPayload.frameSizeSamples(config) > OpusPayload.MAX_DURATION_SAMPLES)
        {
            return WireStatus.BAD_COUNT;
        }
        sources[count] = src;
        sourceOffsets[count] = srcOffset;
        lengths[count] = length;
        count++;
        return WireStatus.OK;
    }

    /** @return frames added since the last reset. */
    public int count()
    {
        return count;
    }

    /** @return the frame count code {@link #write} will use (meaningful once a frame was added). */
    public int code()
    {
        if (paddingLength == 0)
        {
            if (count == 1)
            {
                return OpusPayload.CODE_ONE_FRAME;
            }
            if (count == 2)
            {
                return lengths[0] == lengths[1] ? OpusPayload.CODE_TWO_EQUAL_FRAMES : OpusPayload.CODE_TWO_FRAMES;
            }
        }
        return OpusPayload.CODE_ARBITRARY_FRAMES;
    }

    /** @return packet bytes {@link #write} will produce. */
    public int length()
    {
        int total = 1;
        for (int i = 0; i < count; i++)
        {
            total += lengths[i];
        }
        final int code = code();
        if (code == OpusPayload.CODE_TWO_FRAMES)
        {
            total += lengthBytes(lengths[0]);
        }
        else if (code == OpusPayload.CODE_ARBITRARY_FRAMES)
        {
            total += 1 + paddingLength;
            if (paddingLength > 0)
            {
                total += paddingLength / 254 + 1;
            }
            if (!allEqual())
            {
                for (int i = 0; i < count - 1; i++)
                {
                    total += lengthBytes(lengths[i]);
                }
            }
        }
        return total;
    }

    /**
     * Write the packet.
     *
     * @param buffer    to write into (e.g. at the payload offset of an RTP packet being built).
     * @param offset    of the TOC byte.
     * @param maxLength bytes available from {@code offset}.
     * @return bytes written; {@link WireStatus#BAD_VALUE} after an invalid config; {@link WireStatus#BAD_COUNT}
     * without frames; {@link WireStatus#OVERSIZED} when it does not fit.
     */
    public int write(final MutableDirectBuffer buffer, final int offset, final int maxLength)
    {
        if (error != WireStatus.OK)
        {
            return error;
        }
        if (count == 0)
        {
            return WireStatus.BAD_COUNT;
        }
        if (paddingLength > RtpPacket.MAX_PACKET_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        final int total = length();
        if (total > maxLength)
        {
            return WireStatus.OVERSIZED;
        }
        final int code = code();
        buffer.putByte(offset, (byte)OpusPayload.toc(config, stereo, code));
        int position = offset + 1;
        if (code == OpusPayload.CODE_TWO_FRAMES)
        {
            position = putFrameLength(buffer, position, lengths[0]);
        }
        else if (code == OpusPayload.CODE_ARBITRARY_FRAMES)
        {
            position = writeCodeThreeHeader(buffer, position);
        }
        for (int i = 0; i < count; i++)
        {
            if (lengths[i] > 0)
            {
                buffer.putBytes(position, sources[i], sourceOffsets[i], lengths[i]);
            }
            position += lengths[i];
        }
        if (paddingLength > 0)
        {
            buffer.setMemory(position, paddingLength, (byte)0);
        }
        return total;
    }

    private int writeCodeThreeHeader(final MutableDirectBuffer buffer, final int start)
    {
        final boolean vbr = !allEqual();
        int position = start;
        buffer.putByte(position++, (byte)((vbr ? 0x80 : 0) | (paddingLength > 0 ? 0x40 : 0) | count));
        if (paddingLength > 0)
        {
            for (int i = 0; i < paddingLength / 254; i++)
            {
                buffer.putByte(position++, (byte)255);
            }
            buffer.putByte(position++, (byte)(paddingLength % 254));
        }
        if (vbr)
        {
            for (int i = 0; i < count - 1; i++)
            {
                position = putFrameLength(buffer, position, lengths[i]);
            }
        }
        return position;
    }

    private boolean allEqual()
    {
        for (int i = 1; i < count; i++)
        {
            if (lengths[i] != lengths[0])
            {
                return false;
            }
        }
        return true;
    }

    private static int lengthBytes(final int frameLength)
    {
        return frameLength < 252 ? 1 : 2;
    }

    private static int putFrameLength(final MutableDirectBuffer buffer, final int position, final int frameLength)
    {
        if (frameLength < 252)
        {
            buffer.putByte(position, (byte)frameLength);
            return position + 1;
        }
        final int first = 252 + ((frameLength - 252) & 3);
        buffer.putByte(position, (byte)first);
        buffer.putByte(position + 1, (byte)((frameLength - first) >> 2));
        return position + 2;
    }
}
