package io.classwire.media.quality;

/**
 * Log-spectral distance between sent and played PCM (after delay alignment); allocates its working arrays once per
 * instance, not thread-safe.
 *
 * <pre>
 * frames of N = 1024 samples (21.3 ms at 48 kHz), hop N/2, Hann window w[n] = 0.5 - 0.5 cos(2 pi n / N)
 * P(k)    = |FFT(w x)[k]|^2, bins k with frequency in (0, maxFrequencyHz]
 * L(k)    = 10 log10( max(P(k), floor) ),  floor = 10^-8 x the reference frame's largest bin (80 dB range)
 * LSD_f   = sqrt( mean_k (L_ref(k) - L_deg(k))^2 )                                        dB
 * LSD     = mean of LSD_f over frames whose reference is not silent (mean square above -60 dBov)
 * </pre>
 *
 * Source: A. H. Gray and J. D. Markel, "Distance measures for speech processing", IEEE Trans. ASSP 24(5), 1976 (the
 * root-mean-square log spectral difference); the per-frame floor is ours, so that bins far below the signal (where
 * a codec legitimately leaves nothing) cannot dominate. The FFT is {@link Fft}.
 */
public final class LogSpectralDistance
{
    /** Frame length. */
    public static final int FRAME_SAMPLES = 1024;
    private static final double FLOOR_RATIO = 1e-8;

    private final Fft fft = new Fft(FRAME_SAMPLES);
    private final double[] window = new double[FRAME_SAMPLES];
    private final double[] refRe = new double[FRAME_SAMPLES];
    private final double[] refIm = new double[FRAME_SAMPLES];
    private final double[] degRe = new double[FRAME_SAMPLES];
    private final double[] degIm = new double[FRAME_SAMPLES];
    private final int sampleRateHz;
    private final int maxBin;

    /**
     * @param sampleRateHz  sample rate of both signals.
     * @param maxFrequencyHz highest frequency compared, up to half the sample rate (e.g. 20 kHz for fullband Opus,
     *                       8 kHz to compare only the wideband range).
     */
    public LogSpectralDistance(final int sampleRateHz, final int maxFrequencyHz)
    {
        if (sampleRateHz <= 0 || maxFrequencyHz <= 0 || maxFrequencyHz > sampleRateHz / 2)
        {
            throw new IllegalArgumentException("need 0 < maxFrequencyHz <= sampleRateHz / 2");
        }
        this.sampleRateHz = sampleRateHz;
        this.maxBin = (int)((long)maxFrequencyHz * FRAME_SAMPLES / sampleRateHz);
        for (int n = 0; n < FRAME_SAMPLES; n++)
        {
            window[n] = 0.5 - 0.5 * Math.cos(2 * Math.PI * n / FRAME_SAMPLES);
        }
    }

    /**
     * @param reference       sent samples.
     * @param referenceOffset first compared reference sample.
     * @param degraded        played samples.
     * @param degradedOffset  the played sample aligned with {@code referenceOffset}.
     * @param length          samples compared.
     * @return mean log-spectral distance in dB, or NaN when every frame was silent.
     */
    public double compute(
        final short[] reference, final int referenceOffset, final short[] degraded, final int degradedOffset,
        final int length)
    {
        double sum = 0.0;
        int counted = 0;
        for (int start = 0; start + FRAME_SAMPLES <= length; start += FRAME_SAMPLES / 2)
        {
            double energy = 0.0;
            for (int n = 0; n < FRAME_SAMPLES; n++)
            {
                final double s = reference[referenceOffset + start + n];
                energy += s * s;
                refRe[n] = s * window[n];
                refIm[n] = 0.0;
                degRe[n] = degraded[degradedOffset + start + n] * window[n];
                degIm[n] = 0.0;
            }
            if (energy / FRAME_SAMPLES < SegmentalSnr.SILENCE_MEAN_SQUARE)
            {
                continue;
            }
            sum += frameDistance();
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * Distance of a played signal delayed by {@code delaySamples}, over the whole overlap.
     *
     * @param reference    sent samples.
     * @param degraded     played samples.
     * @param delaySamples delay of the played samples.
     * @return mean log-spectral distance in dB, or NaN when every frame was silent.
     */
    public double compute(final short[] reference, final short[] degraded, final int delaySamples)
    {
        return compute(reference, 0, degraded, delaySamples,
            Math.min(reference.length, degraded.length - delaySamples));
    }

    private double frameDistance()
    {
        fft.forward(refRe, refIm);
        fft.forward(degRe, degIm);
        double peak = 0.0;
        for (int k = 1; k <= maxBin; k++)
        {
            peak = Math.max(peak, refRe[k] * refRe[k] + refIm[k] * refIm[k]);
        }
        final double floor = Math.max(peak * FLOOR_RATIO, Double.MIN_NORMAL);
        double squares = 0.0;
        for (int k = 1; k <= maxBin; k++)
        {
            final double ref = Math.max(floor, refRe[k] * refRe[k] + refIm[k] * refIm[k]);
            final double deg = Math.max(floor, degRe[k] * degRe[k] + degIm[k] * degIm[k]);
            final double d = 10.0 * Math.log10(ref / deg);
            squares += d * d;
        }
        return Math.sqrt(squares / maxBin);
    }

    /** @return the sample rate this instance was built for. */
    public int sampleRateHz()
    {
        return sampleRateHz;
    }
}
