package io.classwire.media.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.github.jaredmdobson.concentus.OpusSignal;
import org.agrona.MutableDirectBuffer;

/**
 * Opus encoder for 48 kHz mono 20 ms frames in VOIP mode, wrapping the pure-Java concentus encoder; single-threaded.
 * The bitrate is fixed or set per frame from a bandwidth allocator, in-band FEC (Opus LBRR, RFC 6716 section 2.1.7)
 * and DTX are toggles, and the packet-loss hint that makes the encoder spend bits on LBRR is an exponentially
 * weighted moving average of the receiver's reported loss:
 *
 * <pre>
 * smoothed = smoothed + alpha * (reported - smoothed)       alpha = 1/4 per report
 * hint     = round(smoothed), at least 1 when smoothed &gt;= 0.5 %, at most 50 %
 * </pre>
 *
 * The Opus encoder only adds LBRR when FEC is on and the hint is above zero, so FEC costs nothing on a clean path
 * and turns on after the first lossy report. Concentus needs roughly 28 kbit/s or more at fullband before it has room
 * for LBRR (measured; see docs/audio.md).
 *
 * <p>Our side allocates nothing per frame; concentus itself allocates on every call (about 160 KB per 20 ms encode,
 * measured with per-thread allocation counters: see docs/audio.md), which no wrapper can avoid.
 */
public final class AudioEncoder
{
    /** Default bitrate: enough for fullband speech with LBRR. */
    public static final int DEFAULT_BITRATE_BPS = 32_000;
    /** Lowest bitrate accepted (Opus floor for mono). */
    public static final int MIN_BITRATE_BPS = 6_000;
    /** Highest bitrate accepted (Opus ceiling for mono). */
    public static final int MAX_BITRATE_BPS = 510_000;
    /** Largest encoded frame we ask concentus for (RFC 6716 section 3.2.1 frame limit). */
    public static final int MAX_ENCODED_LENGTH = 1275;
    /** Encoded frames this short carry no audio: the encoder is in DTX (libopus returns 1 or 2 bytes). */
    public static final int DTX_MAX_LENGTH = 2;
    /** Returned by {@link #encode} for an argument out of range (too few samples, destination too small). */
    public static final int BAD_ARGUMENT = -1;
    /** Returned by {@link #encode} when concentus failed; counted in {@link #codecErrors()}. */
    public static final int CODEC_ERROR = -2;
    /** Weight of a new loss report in the smoothed loss. */
    public static final double LOSS_SMOOTHING = 0.25;
    /** Highest packet-loss hint passed to the encoder, percent. */
    public static final int MAX_LOSS_HINT_PERCENT = 50;

    private final OpusEncoder encoder;
    private final byte[] scratch = new byte[MAX_ENCODED_LENGTH];
    private int bitrateBps;
    private boolean inbandFec;
    private boolean dtx;
    private double smoothedLossPercent;
    private int lossHintPercent;
    private long framesEncoded;
    private long dtxFrames;
    private long bytesEncoded;
    private long codecErrors;

    /**
     * Create an encoder at {@link #DEFAULT_BITRATE_BPS}, FEC and DTX off.
     *
     * @throws IllegalStateException if concentus refuses the fixed configuration (never expected).
     */
    public AudioEncoder()
    {
        try
        {
            encoder = new OpusEncoder(AudioFormat.SAMPLE_RATE_HZ, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        }
        catch (final OpusException ex)
        {
            throw new IllegalStateException("concentus refused 48 kHz mono VOIP", ex);
        }
        encoder.setSignalType(OpusSignal.OPUS_SIGNAL_VOICE);
        encoder.setUseVBR(true);
        bitrateBps(DEFAULT_BITRATE_BPS);
        encoder.setUseInbandFEC(false);
        encoder.setUseDTX(false);
        encoder.setPacketLossPercent(0);
    }

    /**
     * Set the target bitrate, e.g. each time the bandwidth allocator gives audio a new share.
     *
     * @param bitrateBps bits per second; clamped to [{@link #MIN_BITRATE_BPS}, {@link #MAX_BITRATE_BPS}].
     * @return this for chaining.
     */
    public AudioEncoder bitrateBps(final int bitrateBps)
    {
        final int clamped = Math.max(MIN_BITRATE_BPS, Math.min(MAX_BITRATE_BPS, bitrateBps));
        if (clamped != this.bitrateBps)
        {
            this.bitrateBps = clamped;
            encoder.setBitrate(clamped);
        }
        return this;
    }

    /**
     * Allow in-band FEC; the encoder adds it only while the loss hint is above zero.
     *
     * @param inbandFec true to allow LBRR.
     * @return this for chaining.
     */
    public AudioEncoder inbandFec(final boolean inbandFec)
    {
        this.inbandFec = inbandFec;
        encoder.setUseInbandFEC(inbandFec);
        return this;
    }

    /**
     * Turn discontinuous transmission on or off; in DTX the encoder emits {@code <= 2}-byte frames during silence,
     * which {@link OpusPacketizer} does not send.
     *
     * @param dtx true to enable DTX.
     * @return this for chaining.
     */
    public AudioEncoder dtx(final boolean dtx)
    {
        this.dtx = dtx;
        encoder.setUseDTX(dtx);
        return this;
    }

    /**
     * Fold one receiver report into the smoothed loss and update the encoder's loss hint when it changes.
     *
     * @param fractionLost the RFC 3550 report block's fraction lost, 0..255 (loss fraction times 256).
     */
    public void onFractionLost(final int fractionLost)
    {
        onLossPercent((fractionLost & 0xFF) * 100.0 / 256.0);
    }

    /**
     * Fold one loss observation, in percent, into the smoothed loss and update the encoder's loss hint.
     *
     * @param lossPercent observed loss, 0..100; values outside are clamped, NaN is ignored.
     */
    public void onLossPercent(final double lossPercent)
    {
        if (Double.isNaN(lossPercent))
        {
            return;
        }
        final double clamped = Math.max(0.0, Math.min(100.0, lossPercent));
        smoothedLossPercent += LOSS_SMOOTHING * (clamped - smoothedLossPercent);
        int hint = (int)Math.round(smoothedLossPercent);
        if (hint == 0 && smoothedLossPercent >= 0.5)
        {
            hint = 1;
        }
        hint = Math.min(MAX_LOSS_HINT_PERCENT, hint);
        if (hint != lossHintPercent)
        {
            lossHintPercent = hint;
            encoder.setPacketLossPercent(hint);
        }
    }

    /**
     * Encode one 20 ms frame.
     *
     * @param pcm       source samples.
     * @param pcmOffset first of {@link AudioFormat#FRAME_SAMPLES} samples.
     * @param dst       destination of the Opus packet (one frame, code 0).
     * @param dstOffset where the packet starts.
     * @param maxLength bytes available at {@code dstOffset}.
     * @return packet length (1..1275; {@code <=} {@link #DTX_MAX_LENGTH} means a DTX frame), {@link #BAD_ARGUMENT}
     * or {@link #CODEC_ERROR}.
     */
    public int encode(
        final short[] pcm, final int pcmOffset, final MutableDirectBuffer dst, final int dstOffset, final int maxLength)
    {
        if (pcmOffset < 0 || pcmOffset > pcm.length - AudioFormat.FRAME_SAMPLES || maxLength < 1 || dstOffset < 0 ||
            dstOffset > dst.capacity() - maxLength)
        {
            return BAD_ARGUMENT;
        }
        final int length;
        try
        {
            length = encoder.encode(
                pcm, pcmOffset, AudioFormat.FRAME_SAMPLES, scratch, 0, Math.min(maxLength, MAX_ENCODED_LENGTH));
        }
        catch (final OpusException | RuntimeException | AssertionError ex)
        {
            codecErrors++;
            return CODEC_ERROR;
        }
        if (length <= 0)
        {
            codecErrors++;
            return CODEC_ERROR;
        }
        dst.putBytes(dstOffset, scratch, 0, length);
        framesEncoded++;
        bytesEncoded += length;
        if (length <= DTX_MAX_LENGTH)
        {
            dtxFrames++;
        }
        return length;
    }

    /** @return the bitrate currently asked of the encoder. */
    public int bitrateBps()
    {
        return bitrateBps;
    }

    /** @return whether in-band FEC is allowed. */
    public boolean inbandFec()
    {
        return inbandFec;
    }

    /** @return whether DTX is on. */
    public boolean dtx()
    {
        return dtx;
    }

    /** @return the smoothed loss, percent. */
    public double smoothedLossPercent()
    {
        return smoothedLossPercent;
    }

    /** @return the loss hint last given to the encoder, percent. */
    public int lossHintPercent()
    {
        return lossHintPercent;
    }

    /** @return frames encoded successfully. */
    public long framesEncoded()
    {
        return framesEncoded;
    }

    /** @return frames that came out as DTX (no audio). */
    public long dtxFrames()
    {
        return dtxFrames;
    }

    /** @return total encoded bytes. */
    public long bytesEncoded()
    {
        return bytesEncoded;
    }

    /** @return encode calls that failed inside concentus. */
    public long codecErrors()
    {
        return codecErrors;
    }
}
