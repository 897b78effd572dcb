package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Flyweight over an Opus RTP payload (RFC 7587: exactly one Opus packet, RTP clock 48 kHz) that checks the packet
 * framing rules of RFC 6716 section 3.4 and locates each compressed frame. It does not decode audio. Allocation-free
 * after construction; single-threaded. Build one with {@link OpusPayloadWriter}.
 *
 * <pre>
 * TOC byte (RFC 6716 section 3.1):     Code 3 frame count byte (RFC 6716 section 3.2.5):
 *  0 1 2 3 4 5 6 7                      0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+                    +-+-+-+-+-+-+-+-+
 * | config  |s| c |                    |v|p|     M     |
 * +-+-+-+-+-+-+-+-+                    +-+-+-+-+-+-+-+-+
 * config: mode, bandwidth, frame size   v: VBR, p: padding follows, M: frame count 1..48
 * s: stereo; c: frame count code        padding length bytes: 255 means 254 and another byte follows
 *
 * c = 0: TOC, one frame                 c = 2: TOC, length of frame 1 (1-2 bytes), frame 1, frame 2
 * c = 1: TOC, two frames of equal size  c = 3: TOC, count byte, [padding lengths], [M-1 lengths if VBR],
 *                                              M frames, padding
 * </pre>
 *
 * Frame lengths are coded in one byte (0..251) or two (first byte 252..255: length = 4 x second + first), at most
 * 1275. Rules checked, as numbered in RFC 6716 section 3.4: R1 at least one byte; R2 no implicit frame over 1275
 * bytes; R3 code 1 has an odd total length; R4 code 2's explicit length fits; R5 code 3 has 1..48 frames totalling
 * at most 120 ms; R6 CBR code 3 padding fits and the rest divides evenly by M; R7 VBR code 3 lengths, frames and
 * padding fit.
 *
 * <p>Accessors other than the static TOC helpers are only valid after {@link #validate()} returned OK.
 */
public final class OpusPayload
{
    /** Largest compressed frame, bytes. */
    public static final int MAX_FRAME_LENGTH = 1275;
    /** Most frames in one packet (120 ms of 2.5 ms frames). */
    public static final int MAX_FRAMES = 48;
    /** Longest packet duration: 120 ms at 48 kHz. */
    public static final int MAX_DURATION_SAMPLES = 5760;
    /** RTP clock rate for Opus regardless of the coded bandwidth (RFC 7587 section 4.1). */
    public static final int RTP_CLOCK_RATE_HZ = 48_000;

    /** Frame count code: one frame. */
    public static final int CODE_ONE_FRAME = 0;
    /** Frame count code: two frames of equal size. */
    public static final int CODE_TWO_EQUAL_FRAMES = 1;
    /** Frame count code: two frames of different sizes. */
    public static final int CODE_TWO_FRAMES = 2;
    /** Frame count code: an arbitrary number of frames. */
    public static final int CODE_ARBITRARY_FRAMES = 3;

    /** Mode: SILK only (configs 0..11). */
    public static final int MODE_SILK = 0;
    /** Mode: hybrid SILK and CELT (configs 12..15). */
    public static final int MODE_HYBRID = 1;
    /** Mode: CELT only (configs 16..31). */
    public static final int MODE_CELT = 2;

    /** Narrowband, 4 kHz audio bandwidth. */
    public static final int BANDWIDTH_NARROWBAND = 0;
    /** Mediumband, 6 kHz audio bandwidth. */
    public static final int BANDWIDTH_MEDIUMBAND = 1;
    /** Wideband, 8 kHz audio bandwidth. */
    public static final int BANDWIDTH_WIDEBAND = 2;
    /** Super-wideband, 12 kHz audio bandwidth. */
    public static final int BANDWIDTH_SUPERWIDEBAND = 3;
    /** Fullband, 20 kHz audio bandwidth. */
    public static final int BANDWIDTH_FULLBAND = 4;

    private static final int[] SILK_FRAME_SIZES = { 480, 960, 1920, 2880 };
    private static final int[] CELT_BANDWIDTHS =
        { BANDWIDTH_NARROWBAND, BANDWIDTH_WIDEBAND, BANDWIDTH_SUPERWIDEBAND, BANDWIDTH_FULLBAND };

    private final int[] frameOffsets = new int[MAX_FRAMES];
    private final int[] frameLengths = new int[MAX_FRAMES];
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int frameCount;
    private int paddingLength;
    private boolean vbr;

    /**
     * @param toc a TOC byte.
     * @return its configuration number, 0..31.
     */
    public static int config(final int toc)
    {
        return (toc >> 3) & 0x1F;
    }

    /**
     * @param toc a TOC byte.
     * @return true when the stereo bit is set.
     */
    public static boolean stereo(final int toc)
    {
        return (toc & 0x04) != 0;
    }

    /**
     * @param toc a TOC byte.
     * @return the frame count code, 0..3.
     */
    public static int frameCountCode(final int toc)
    {
        return toc & 0x03;
    }

    /**
     * @param config a configuration number, 0..31.
     * @param stereo the stereo bit.
     * @param code   frame count code, 0..3.
     * @return the TOC byte, as an int 0..255.
     */
    public static int toc(final int config, final boolean stereo, final int code)
    {
        return ((config & 0x1F) << 3) | (stereo ? 0x04 : 0) | (code & 0x03);
    }

    /**
     * @param config a configuration number, 0..31.
     * @return {@link #MODE_SILK}, {@link #MODE_HYBRID} or {@link #MODE_CELT}.
     */
    public static int mode(final int config)
    {
        return config < 12 ? MODE_SILK : config < 16 ? MODE_HYBRID : MODE_CELT;
    }

    /**
     * @param config a configuration number, 0..31.
     * @return one of the {@code BANDWIDTH_*} constants.
     */
    public static int bandwidth(final int config)
    {
        final int c = config & 0x1F;
        if (c < 12)
        {
            return c >> 2;
        }
        if (c < 16)
        {
            return c < 14 ? BANDWIDTH_SUPERWIDEBAND : BANDWIDTH_FULLBAND;
        }
        return CELT_BANDWIDTHS[(c - 16) >> 2];
    }

    /**
     * @param config a configuration number, 0..31.
     * @return samples per frame at 48 kHz: 120 (2.5 ms), 240, 480, 960, 1920 or 2880 (60 ms).
     */
    public static int frameSizeSamples(final int config)
    {
        final int c = config & 0x1F;
        if (c < 12)
        {
            return SILK_FRAME_SIZES[c & 3];
        }
        if (c < 16)
        {
            return 480 << (c & 1);
        }
        return 120 << (c & 3);
    }

    /**
     * Point the flyweight at an Opus packet (an RTP payload, padding excluded).
     *
     * @param buffer holding the packet.
     * @param offset absolute offset of the TOC byte.
     * @param length packet bytes.
     * @return this for chaining.
     */
    public OpusPayload wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.frameCount = 0;
        this.paddingLength = 0;
        this.vbr = false;
        return this;
    }

    /**
     * Check the framing rules R1..R7 and locate the frames.
     *
     * @return {@link WireStatus#OK}; {@link WireStatus#TRUNCATED} for an empty packet or a code 3 packet without a
     * count byte; {@link WireStatus#BAD_COUNT} for a code 3 count of 0 or over 120 ms; {@link WireStatus#BAD_PADDING}
     * when code 3 padding does not fit; {@link WireStatus#BAD_LENGTH} for any other length rule; never throws.
     */
    public int validate()
    {
        frameCount = 0;
        paddingLength = 0;
        vbr = false;
        if (null == buffer || offset < 0 || length < 1 || length > buffer.capacity() - offset)
        {
            return WireStatus.TRUNCATED;
        }
        final int toc = buffer.getByte(offset) & 0xFF;
        final int position = offset + 1;
        final int remaining = length - 1;
        switch (frameCountCode(toc))
        {
            case CODE_ONE_FRAME:
                return remaining > MAX_FRAME_LENGTH ? WireStatus.BAD_LENGTH : setFrame(0, position, remaining, 1);

            case CODE_TWO_EQUAL_FRAMES:
                if ((remaining & 1) != 0 || remaining / 2 > MAX_FRAME_LENGTH)
                {
                    return WireStatus.BAD_LENGTH;
                }
                setFrame(0, position, remaining / 2, 1);
                return setFrame(1, position + remaining / 2, remaining / 2, 2);

            case CODE_TWO_FRAMES:
                return validateCodeTwo(position, remaining);

            default:
                return validateCodeThree(config(toc), position, remaining);
        }
    }

    private int validateCodeTwo(final int position, final int remaining)
    {
        final int first = frameLengthAt(position, remaining);
        if (first < 0)
        {
            return WireStatus.BAD_LENGTH;
        }
        final int lengthBytes = first >= 252 ? 2 : 1;
        final int second = remaining - lengthBytes - first;
        if (second < 0 || second > MAX_FRAME_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        setFrame(0, position + lengthBytes, first, 1);
        return setFrame(1, position + lengthBytes + first, second, 2);
    }

    private int validateCodeThree(final int config, final int start, final int available)
    {
        if (available < 1)
        {
            return WireStatus.TRUNCATED;
        }
        final int countByte = buffer.getByte(start) & 0xFF;
        final int count = countByte & 0x3F;
        if (count == 0 || count * frameSizeSamples(config) > MAX_DURATION_SAMPLES)
        {
            return WireStatus.BAD_COUNT;
        }
        int position = start + 1;
        int remaining = available - 1;
        int padding = 0;
        if ((countByte & 0x40) != 0)
        {
            int lengthByte;
            do
            {
                if (remaining < 1)
                {
                    return WireStatus.BAD_PADDING;
                }
                lengthByte = buffer.getByte(position++) & 0xFF;
                remaining--;
                padding += lengthByte == 255 ? 254 : lengthByte;
            }
            while (lengthByte == 255);
            if (padding > remaining)
            {
                return WireStatus.BAD_PADDING;
            }
            remaining -= padding;
        }
        paddingLength = padding;
        vbr = (countByte & 0x80) != 0;
        return vbr ? locateVbrFrames(count, position, remaining) : locateCbrFrames(count, position, remaining);
    }

    private int locateCbrFrames(final int count, final int position, final int remaining)
    {
        final int each = remaining / count;
        if (each * count != remaining || each > MAX_FRAME_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        for (int i = 0; i < count; i++)
        {
            setFrame(i, position + i * each, each, i + 1);
        }
        return WireStatus.OK;
    }

    private int locateVbrFrames(final int count, final int start, final int available)
    {
        int position = start;
        int remaining = available;
        int explicitTotal = 0;
        for (int i = 0; i < count - 1; i++)
        {
            final int frameLength = frameLengthAt(position, remaining);
            if (frameLength < 0)
            {
                return WireStatus.BAD_LENGTH;
            }
            final int lengthBytes = frameLength >= 252 ? 2 : 1;
            position += lengthBytes;
            remaining -= lengthBytes;
            frameLengths[i] = frameLength;
            explicitTotal += frameLength;
        }
        final int last = remaining - explicitTotal;
        if (last < 0 || last > MAX_FRAME_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        for (int i = 0; i < count - 1; i++)
        {
            setFrame(i, position, frameLengths[i], i + 1);
            position += frameLengths[i];
        }
        return setFrame(count - 1, position, last, count);
    }

    private int frameLengthAt(final int position, final int remaining)
    {
        if (remaining < 1)
        {
            return -1;
        }
        final int first = buffer.getByte(position) & 0xFF;
        if (first < 252)
        {
            return first;
        }
        if (remaining < 2)
        {
            return -1;
        }
        return ((buffer.getByte(position + 1) & 0xFF) << 2) + first;
    }

    private int setFrame(final int index, final int frameOffset, final int frameLength, final int count)
    {
        frameOffsets[index] = frameOffset;
        frameLengths[index] = frameLength;
        frameCount = count;
        return WireStatus.OK;
    }

    /** @return the TOC byte, 0..255. */
    public int toc()
    {
        return buffer.getByte(offset) & 0xFF;
    }

    /** @return the configuration number, 0..31. */
    public int config()
    {
        return config(toc());
    }

    /** @return true when the packet is stereo. */
    public boolean stereo()
    {
        return stereo(toc());
    }

    /** @return the frame count code, 0..3. */
    public int frameCountCode()
    {
        return frameCountCode(toc());
    }

    /** @return the number of frames, 1..48. */
    public int frameCount()
    {
        return frameCount;
    }

    /** @return true for a code 3 packet with explicit (variable) frame lengths. */
    public boolean vbr()
    {
        return vbr;
    }

    /** @return trailing padding bytes of a code 3 packet, excluding the padding length bytes. */
    public int paddingLength()
    {
        return paddingLength;
    }

    /**
     * @param index of a frame, 0 to {@link #frameCount()} - 1.
     * @return the absolute offset of the frame's first byte.
     */
    public int frameOffset(final int index)
    {
        return frameOffsets[index];
    }

    /**
     * @param index of a frame, 0 to {@link #frameCount()} - 1.
     * @return the frame's length in bytes, 0..1275 (0 means no data: the decoder conceals or the encoder was in DTX).
     */
    public int frameLength(final int index)
    {
        return frameLengths[index];
    }

    /** @return audio duration of the packet in 48 kHz samples, which is also the RTP timestamp increment. */
    public int durationSamples()
    {
        return frameCount * frameSizeSamples(config());
    }
}
