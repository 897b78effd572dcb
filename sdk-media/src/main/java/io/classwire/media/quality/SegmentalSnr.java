package io.classwire.media.quality;

/**
 * Segmental signal-to-noise ratio between sent and played PCM (after delay alignment); static, allocation-free.
 *
 * <pre>
 * SNR_m   = 10 log10( sum_{n in m} s[n]^2 / sum_{n in m} (s[n] - y[n])^2 )      per 20 ms segment m
 * SNR_m   clamped to [-10, 35] dB
 * segSNR  = mean of SNR_m over the segments where the reference is not silent (mean square above -60 dBov)
 * </pre>
 *
 * The clamp keeps silent or perfectly coded segments from dominating the mean; dropping silent reference segments
 * keeps the measure about speech. Source: S. R. Quackenbush, T. P. Barnwell and M. A. Clements, Objective Measures
 * of Speech Quality, Prentice-Hall 1988; the [-10, 35] dB limits as used by J. H. L. Hansen and B. L. Pellom, "An
 * effective quality evaluation protocol for speech enhancement algorithms", ICSLP 1998. Opus is a perceptual codec
 * that does not preserve the waveform, so even a lossless decode scores modestly: compare conditions relative to
 * each other, not against waveform-codec figures.
 */
public final class SegmentalSnr
{
    /** Segment length: 20 ms at 48 kHz. */
    public static final int DEFAULT_SEGMENT_SAMPLES = 960;
    /** Lower clamp of a segment's SNR, dB. */
    public static final double MIN_DB = -10.0;
    /** Upper clamp of a segment's SNR, dB. */
    public static final double MAX_DB = 35.0;
    /** Reference segments quieter than this (mean square, -60 dBov) are skipped. */
    public static final double SILENCE_MEAN_SQUARE = 32768.0 * 32768.0 * 1e-6;

    private SegmentalSnr()
    {
    }

    /**
     * @param reference       sent samples.
     * @param referenceOffset first compared reference sample.
     * @param degraded        played samples.
     * @param degradedOffset  the played sample aligned with {@code referenceOffset} (reference offset + delay).
     * @param length          samples compared.
     * @param segmentSamples  segment length.
     * @return segmental SNR in dB, or NaN when every segment was silent.
     */
    public static double compute(
        final short[] reference, final int referenceOffset, final short[] degraded, final int degradedOffset,
        final int length, final int segmentSamples)
    {
        final int segments = length / segmentSamples;
        double sum = 0.0;
        int counted = 0;
        for (int m = 0; m < segments; m++)
        {
            double signal = 0.0;
            double noise = 0.0;
            for (int i = 0; i < segmentSamples; i++)
            {
                final double s = reference[referenceOffset + m * segmentSamples + i];
                final double e = s - degraded[degradedOffset + m * segmentSamples + i];
                signal += s * s;
                noise += e * e;
            }
            if (signal / segmentSamples < SILENCE_MEAN_SQUARE)
            {
                continue;
            }
            final double snr = noise == 0.0 ? MAX_DB : 10.0 * Math.log10(signal / noise);
            sum += Math.max(MIN_DB, Math.min(MAX_DB, snr));
            counted++;
        }
        return counted == 0 ? Double.NaN : sum / counted;
    }

    /**
     * Segmental SNR with a delay per block, for played audio whose delay drifts (time-stretching); see
     * {@link DelayAlignment#blockDelays}. Segments are 20 ms; each block's segments use that block's delay.
     *
     * @param reference    sent samples.
     * @param degraded     played samples.
     * @param blockDelays  delay of each block of {@code blockSamples} reference samples.
     * @param blockSamples block length, a multiple of 960.
     * @return the mean over blocks of each block's segmental SNR, dB, or NaN when every segment was silent.
     */
    public static double compute(
        final short[] reference, final short[] degraded, final int[] blockDelays, final int blockSamples)
    {
        double sum = 0.0;
        int blocks = 0;
        for (int b = 0; b < blockDelays.length; b++)
        {
            final int start = b * blockSamples;
            final int length = Math.min(blockSamples, Math.min(reference.length - start,
                degraded.length - start - blockDelays[b]));
            final double snr = compute(reference, start, degraded, start + blockDelays[b], Math.max(0, length),
                DEFAULT_SEGMENT_SAMPLES);
            if (!Double.isNaN(snr))
            {
                sum += snr;
                blocks++;
            }
        }
        return blocks == 0 ? Double.NaN : sum / blocks;
    }

    /**
     * Segmental SNR of a played signal delayed by {@code delaySamples}, over the whole overlap, 20 ms segments.
     *
     * @param reference    sent samples.
     * @param degraded     played samples.
     * @param delaySamples delay of the played samples (e.g. from {@link DelayAlignment#findDelay}).
     * @return segmental SNR in dB, or NaN when every segment was silent.
     */
    public static double compute(final short[] reference, final short[] degraded, final int delaySamples)
    {
        final int length = Math.min(reference.length, degraded.length - delaySamples);
        return compute(reference, 0, degraded, delaySamples, length, DEFAULT_SEGMENT_SAMPLES);
    }
}
