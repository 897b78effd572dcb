package io.classwire.media.audio;

import io.classwire.core.wire.OpusPayload;
import org.agrona.DirectBuffer;

/**
 * Tells whether an Opus packet carries in-band FEC (LBRR, a low-bitrate copy of the previous frame) without
 * decoding it. Static and allocation-free.
 *
 * <p>RFC 6716 section 4.2.3: a SILK or hybrid frame starts with one voice-activity bit per 20 ms SILK frame
 * (1 for 10 or 20 ms, 2 for 40 ms, 3 for 60 ms) followed by one LBRR flag, for the mid channel and then, in stereo,
 * the side channel. They are the first symbols of the range coder and each has probability one half, so they are
 * literally the leading bits of the frame's first byte:
 *
 * <pre>
 *  bit:  0 ..  n-1    n         n+1 .. 2n   2n+1        (n = SILK frames per Opus frame, bit 0 = MSB)
 *        mid VAD      mid LBRR  side VAD    side LBRR   (side only when the TOC's stereo bit is set)
 * </pre>
 *
 * Only the first Opus frame of a packet matters: a decoder asked for FEC decodes the LBRR of that frame. CELT-only
 * packets never carry LBRR.
 */
public final class OpusLbrr
{
    private OpusLbrr()
    {
    }

    /**
     * @param buffer  the buffer {@code payload} was wrapped around.
     * @param payload a payload whose {@link OpusPayload#validate()} returned OK.
     * @return true when the first frame's LBRR flag is set for any channel.
     */
    public static boolean hasLbrr(final DirectBuffer buffer, final OpusPayload payload)
    {
        final int config = payload.config();
        if (OpusPayload.mode(config) == OpusPayload.MODE_CELT || payload.frameLength(0) < 1)
        {
            return false;
        }
        final int silkFrames = silkFramesPerOpusFrame(config);
        final int first = buffer.getByte(payload.frameOffset(0)) & 0xFF;
        if ((first & (0x80 >> silkFrames)) != 0)
        {
            return true;
        }
        return payload.stereo() && (first & (0x80 >> (2 * silkFrames + 1))) != 0;
    }

    /**
     * @param config an Opus configuration number of a SILK or hybrid mode.
     * @return SILK frames per Opus frame: 1 for 10 or 20 ms, 2 for 40 ms, 3 for 60 ms.
     */
    public static int silkFramesPerOpusFrame(final int config)
    {
        final int samples = OpusPayload.frameSizeSamples(config);
        return samples <= AudioFormat.FRAME_SAMPLES ? 1 : samples / AudioFormat.FRAME_SAMPLES;
    }
}
