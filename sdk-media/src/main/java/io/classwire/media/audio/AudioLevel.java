package io.classwire.media.audio;

/**
 * Audio level of 16-bit PCM in dBov for the RFC 6464 client-to-mixer audio level extension (sdk-core
 * {@code AudioLevelExtension}); static and allocation-free.
 *
 * <pre>
 * level_dBov = 10 log10( (1/N) sum x[n]^2 / 32768^2 )       (0 dBov = full-scale square wave)
 * carried as -level rounded to an integer in 0..127; digital silence (all zeros) is 127
 * </pre>
 *
 * RFC 6464 section 3 defines the carried value as the level in -dBov, 0..127, with 127 for silence; its Appendix A
 * computes the root mean square of samples normalised so the overload point is 1.0, as here. A full-scale sine
 * reads 3 (-3.01 dBov).
 */
public final class AudioLevel
{
    /** Value carried for digital silence or anything at or below -127 dBov. */
    public static final int SILENCE_DBOV = 127;
    private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;

    private AudioLevel()
    {
    }

    /**
     * @param pcm    samples.
     * @param offset first sample.
     * @param length number of samples; 0 gives silence.
     * @return the level as carried by RFC 6464: {@code -dBov} rounded, 0 (loudest) .. 127 (silence).
     */
    public static int levelDbov(final short[] pcm, final int offset, final int length)
    {
        return carried(meanSquare(pcm, offset, length));
    }

    /**
     * @param pcm    samples.
     * @param offset first sample.
     * @param length number of samples.
     * @return mean of the squared samples, 0 for an empty range.
     */
    public static double meanSquare(final short[] pcm, final int offset, final int length)
    {
        if (length <= 0)
        {
            return 0.0;
        }
        long sum = 0;
        for (int i = offset, end = offset + length; i < end; i++)
        {
            final int s = pcm[i];
            sum += s * s;
        }
        return sum / (double)length;
    }

    /**
     * @param meanSquare mean of squared 16-bit samples.
     * @return the level in dBov (0 or below), {@code Double.NEGATIVE_INFINITY} for silence.
     */
    public static double dbov(final double meanSquare)
    {
        return 10.0 * Math.log10(meanSquare / FULL_SCALE_SQUARED);
    }

    /**
     * @param meanSquare mean of squared 16-bit samples.
     * @return {@code -dBov} rounded and clamped to 0..127, as carried on the wire.
     */
    public static int carried(final double meanSquare)
    {
        if (meanSquare <= 0.0)
        {
            return SILENCE_DBOV;
        }
        final long level = Math.round(-dbov(meanSquare));
        return (int)Math.max(0, Math.min(SILENCE_DBOV, level));
    }
}
