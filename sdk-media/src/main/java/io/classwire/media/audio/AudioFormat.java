package io.classwire.media.audio;

/**
 * The one audio format of the pipeline: 48 kHz mono 16-bit PCM, Opus frames of 20 ms, RTP clock 48 kHz (RFC 7587
 * section 4.1), with conversions between samples, milliseconds and nanoseconds.
 */
public final class AudioFormat
{
    /** Sample rate of PCM and of the Opus RTP clock. */
    public static final int SAMPLE_RATE_HZ = 48_000;
    /** Samples per millisecond. */
    public static final int SAMPLES_PER_MS = SAMPLE_RATE_HZ / 1000;
    /** Samples in one 20 ms Opus frame, the frame size we encode. */
    public static final int FRAME_SAMPLES = 960;
    /** Duration of one encoded frame. */
    public static final int FRAME_DURATION_MS = 20;
    /** Samples in 10 ms, the other supported playout pull size. */
    public static final int HALF_FRAME_SAMPLES = 480;
    /** Longest Opus packet: 120 ms (RFC 6716 section 3.2.5). */
    public static final int MAX_PACKET_SAMPLES = 5760;
    /** Opus frame sizes are multiples of 2.5 ms. */
    public static final int MIN_FRAME_SAMPLES = 120;

    private AudioFormat()
    {
    }

    /**
     * @param samples a count of 48 kHz samples.
     * @return the duration in nanoseconds.
     */
    public static long samplesToNs(final long samples)
    {
        return samples * 1_000_000L / SAMPLES_PER_MS;
    }

    /**
     * @param durationNs a duration.
     * @return the number of whole 48 kHz samples in it (rounded toward zero).
     */
    public static long nsToSamples(final long durationNs)
    {
        return durationNs * SAMPLES_PER_MS / 1_000_000L;
    }

    /**
     * @param samples a count of 48 kHz samples.
     * @return the duration in milliseconds (fractional).
     */
    public static double samplesToMs(final long samples)
    {
        return samples / (double)SAMPLES_PER_MS;
    }
}
