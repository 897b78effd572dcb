package io.classwire.media.audio;

import io.classwire.core.wire.OpusPayload;
import io.classwire.core.wire.WireStatus;
import io.github.jaredmdobson.concentus.OpusDecoder;
import io.github.jaredmdobson.concentus.OpusException;
import org.agrona.DirectBuffer;

/**
 * Opus decoder for 48 kHz mono output, wrapping the concentus decoder behind a boundary that never throws;
 * single-threaded. Three ways to produce a frame:
 * <ul>
 * <li>{@link #decode}: a received packet;</li>
 * <li>{@link #decodeFec}: the LBRR copy of a lost frame, carried by the packet that follows it
 *     (RFC 6716 section 2.1.7; check {@link #hasFec} first);</li>
 * <li>{@link #conceal}: packet-loss concealment from the decoder's own state (Opus PLC).</li>
 * </ul>
 * Every payload first goes through {@link OpusPayload#validate()} (RFC 6716 section 3.4 framing rules), so concentus
 * only sees well-framed packets; whatever concentus still throws on (it throws {@link OpusException}, runtime
 * exceptions and even {@link AssertionError} on corrupt bit streams) is caught here, counted, and the decoder is
 * rebuilt because its state can no longer be trusted. Malformed payloads are counted per {@link WireStatus} code.
 *
 * <p>Our side allocates nothing per call (the payload is copied into a reused array because concentus reads
 * {@code byte[]}); concentus allocates on every call, about 30 KB per 20 ms decode (see docs/audio.md). Rebuilding
 * after a codec error allocates, off the normal path.
 */
public final class AudioDecoder
{
    /** Largest payload accepted: one Ethernet MTU; longer payloads count as {@link WireStatus#OVERSIZED}. */
    public static final int MAX_PAYLOAD_LENGTH = 1500;
    /** Returned when concentus failed on a well-framed packet; counted in {@link #codecErrors()}. */
    public static final int CODEC_ERROR = -100;
    /** Returned when the output array cannot hold the frame or the requested duration is not a multiple of 2.5 ms. */
    public static final int BAD_ARGUMENT = -101;

    private final OpusPayload payload = new OpusPayload();
    private final byte[] scratch = new byte[MAX_PAYLOAD_LENGTH];
    private final long[] malformedByStatus = new long[WireStatus.CODE_COUNT];
    private OpusDecoder decoder;
    private long framesDecoded;
    private long fecFramesDecoded;
    private long framesConcealed;
    private long codecErrors;
    private long decoderRebuilds;

    /** Create a 48 kHz mono decoder. */
    public AudioDecoder()
    {
        decoder = newDecoder();
    }

    /**
     * Validate a payload's framing without decoding; counts nothing.
     *
     * @param buffer holding the payload.
     * @param offset of its first byte (the TOC).
     * @param length payload bytes, RTP padding excluded.
     * @return the packet's duration in 48 kHz samples (120..5760), or a negative {@link WireStatus} code;
     * never throws.
     */
    public int check(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > MAX_PAYLOAD_LENGTH)
        {
            return WireStatus.OVERSIZED;
        }
        final int status = payload.wrap(buffer, offset, length).validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        return payload.durationSamples();
    }

    /**
     * @param buffer holding the payload.
     * @param offset of its first byte.
     * @param length payload bytes.
     * @return true when the payload is well framed and carries LBRR for the frame before it.
     */
    public boolean hasFec(final DirectBuffer buffer, final int offset, final int length)
    {
        return check(buffer, offset, length) > 0 && OpusLbrr.hasLbrr(buffer, payload);
    }

    /**
     * Decode a received packet.
     *
     * @param buffer    holding the payload.
     * @param offset    of its first byte (the TOC).
     * @param length    payload bytes, RTP padding excluded.
     * @param pcm       destination.
     * @param pcmOffset first destination sample.
     * @return samples written (the packet's duration), a negative {@link WireStatus} code for a malformed payload
     * (counted), {@link #BAD_ARGUMENT} when {@code pcm} has no room, or {@link #CODEC_ERROR}.
     */
    public int decode(
        final DirectBuffer buffer, final int offset, final int length, final short[] pcm, final int pcmOffset)
    {
        final int duration = checkCounted(buffer, offset, length);
        if (duration < 0)
        {
            return duration;
        }
        if (!fits(pcm, pcmOffset, duration))
        {
            return BAD_ARGUMENT;
        }
        buffer.getBytes(offset, scratch, 0, length);
        final int samples = run(scratch, length, pcm, pcmOffset, duration, false);
        if (samples > 0)
        {
            framesDecoded++;
        }
        return samples;
    }

    /**
     * Rebuild a lost frame from the LBRR data of the packet that follows it. When the packet carries no LBRR the
     * decoder conceals instead (check {@link #hasFec} first).
     *
     * @param buffer      holding the next packet's payload.
     * @param offset      of its first byte.
     * @param length      its bytes.
     * @param pcm         destination.
     * @param pcmOffset   first destination sample.
     * @param lostSamples duration of the lost audio, a multiple of 120 up to 5760; only its last frame comes from
     *                    LBRR, anything before it is concealed.
     * @return samples written ({@code lostSamples}), a negative {@link WireStatus} code, {@link #BAD_ARGUMENT} or
     * {@link #CODEC_ERROR}.
     */
    public int decodeFec(
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final short[] pcm,
        final int pcmOffset,
        final int lostSamples)
    {
        final int duration = checkCounted(buffer, offset, length);
        if (duration < 0)
        {
            return duration;
        }
        if (!validConcealLength(lostSamples) || !fits(pcm, pcmOffset, lostSamples))
        {
            return BAD_ARGUMENT;
        }
        buffer.getBytes(offset, scratch, 0, length);
        final int samples = run(scratch, length, pcm, pcmOffset, lostSamples, true);
        if (samples > 0)
        {
            fecFramesDecoded++;
        }
        return samples;
    }

    /**
     * Conceal lost audio with the decoder's packet-loss concealment (or comfort noise after DTX).
     *
     * @param pcm       destination.
     * @param pcmOffset first destination sample.
     * @param samples   duration to conceal, a multiple of 120 up to 5760.
     * @return samples written, {@link #BAD_ARGUMENT} or {@link #CODEC_ERROR}.
     */
    public int conceal(final short[] pcm, final int pcmOffset, final int samples)
    {
        if (!validConcealLength(samples) || !fits(pcm, pcmOffset, samples))
        {
            return BAD_ARGUMENT;
        }
        final int written = run(null, 0, pcm, pcmOffset, samples, false);
        if (written > 0)
        {
            framesConcealed++;
        }
        return written;
    }

    private int checkCounted(final DirectBuffer buffer, final int offset, final int length)
    {
        final int duration = check(buffer, offset, length);
        if (duration < 0)
        {
            malformedByStatus[-duration]++;
        }
        return duration;
    }

    private int run(
        final byte[] data, final int length, final short[] pcm, final int pcmOffset, final int samples,
        final boolean fec)
    {
        try
        {
            final int written = decoder.decode(data, 0, length, pcm, pcmOffset, samples, fec);
            if (written == samples)
            {
                return written;
            }
        }
        catch (final OpusException | RuntimeException | AssertionError ex)
        {
            // concentus signals corrupt streams in all three ways; its state is suspect afterwards
        }
        codecErrors++;
        rebuild();
        return CODEC_ERROR;
    }

    private void rebuild()
    {
        decoder = newDecoder();
        decoderRebuilds++;
    }

    private static boolean validConcealLength(final int samples)
    {
        return samples > 0 && samples <= AudioFormat.MAX_PACKET_SAMPLES && samples % AudioFormat.MIN_FRAME_SAMPLES == 0;
    }

    private static boolean fits(final short[] pcm, final int pcmOffset, final int samples)
    {
        return pcmOffset >= 0 && pcmOffset <= pcm.length - samples;
    }

    private static OpusDecoder newDecoder()
    {
        try
        {
            return new OpusDecoder(AudioFormat.SAMPLE_RATE_HZ, 1);
        }
        catch (final OpusException ex)
        {
            throw new IllegalStateException("concentus refused 48 kHz mono", ex);
        }
    }

    /**
     * @param status a negative {@link WireStatus} code.
     * @return payloads rejected with that code.
     */
    public long malformed(final int status)
    {
        return status < 0 && -status < WireStatus.CODE_COUNT ? malformedByStatus[-status] : 0;
    }

    /** @return payloads rejected for any framing reason. */
    public long malformedTotal()
    {
        long total = 0;
        for (final long count : malformedByStatus)
        {
            total += count;
        }
        return total;
    }

    /** @return packets decoded. */
    public long framesDecoded()
    {
        return framesDecoded;
    }

    /** @return lost frames rebuilt from LBRR. */
    public long fecFramesDecoded()
    {
        return fecFramesDecoded;
    }

    /** @return concealment calls. */
    public long framesConcealed()
    {
        return framesConcealed;
    }

    /** @return calls on which concentus failed. */
    public long codecErrors()
    {
        return codecErrors;
    }

    /** @return times the concentus decoder was rebuilt after a failure. */
    public long decoderRebuilds()
    {
        return decoderRebuilds;
    }
}
