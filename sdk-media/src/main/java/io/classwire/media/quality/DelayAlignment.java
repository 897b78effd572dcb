package io.classwire.media.quality;

/**
 * Finds the delay between sent and played PCM by cross-correlation, so that the other metrics compare matching
 * samples; allocates working arrays (a measurement tool, not for the media path).
 *
 * <pre>
 * r(L)  = sum_n ref[n] * deg[n + L]          for L in [0, maxDelay]
 * delay = argmax_L r(L)
 * </pre>
 *
 * The search runs on copies decimated by 4 (mean of 4 samples: a crude low-pass that keeps the speech envelope and
 * pitch, 12 kHz at 48 kHz input), with r computed for all lags at once through the FFT (r = IFFT(conj(FFT(ref))
 * FFT(deg)), zero-padded to avoid circular wrap); the best coarse lag is then refined at the full rate within +-4
 * samples by direct dot products. Time-stretching in a jitter buffer makes the delay drift over a call:
 * {@link #blockDelays} refines it block by block around a global estimate. Source: the standard cross-correlation
 * time-delay estimator (C. H. Knapp and G. C. Carter, "The generalized correlation method for estimation of time
 * delay", IEEE Trans. ASSP 24(4), 1976, with unit weighting); ITU-T P.862 section 9 aligns the same way in stages.
 */
public final class DelayAlignment
{
    private static final int DECIMATION = 4;
    private static final int REFINE = DECIMATION;

    private DelayAlignment()
    {
    }

    /**
     * Delay of {@code degraded} behind {@code reference}.
     *
     * @param reference       sent samples.
     * @param degraded        played samples.
     * @param maxDelaySamples largest delay considered, non-negative.
     * @return L in [0, maxDelaySamples] maximising the cross-correlation, so {@code degraded[n + L]} matches
     * {@code reference[n]}.
     */
    public static int findDelay(final short[] reference, final short[] degraded, final int maxDelaySamples)
    {
        if (maxDelaySamples < 0)
        {
            throw new IllegalArgumentException("maxDelaySamples negative: " + maxDelaySamples);
        }
        final int refLength = reference.length / DECIMATION;
        final int degLength = degraded.length / DECIMATION;
        final int maxLag = Math.min(maxDelaySamples / DECIMATION, Math.max(0, degLength - 1));
        int size = 2;
        while (size < refLength + degLength)
        {
            size <<= 1;
        }
        final double[] refRe = decimate(reference, refLength, size);
        final double[] refIm = new double[size];
        final double[] degRe = decimate(degraded, degLength, size);
        final double[] degIm = new double[size];
        final Fft fft = new Fft(size);
        fft.forward(refRe, refIm);
        fft.forward(degRe, degIm);
        for (int k = 0; k < size; k++)
        {
            // conj(R) * D
            final double re = refRe[k] * degRe[k] + refIm[k] * degIm[k];
            final double im = refRe[k] * degIm[k] - refIm[k] * degRe[k];
            degRe[k] = re;
            degIm[k] = im;
        }
        fft.inverse(degRe, degIm);
        int coarse = 0;
        for (int lag = 1; lag <= maxLag; lag++)
        {
            if (degRe[lag] > degRe[coarse])
            {
                coarse = lag;
            }
        }
        return refine(reference, degraded, coarse * DECIMATION, REFINE, 0, maxDelaySamples);
    }

    /**
     * Refine a delay estimate per block, for audio whose delay drifts (time-stretching).
     *
     * @param reference     sent samples.
     * @param degraded      played samples.
     * @param blockSamples  block length in reference samples.
     * @param globalDelay   starting estimate (from {@link #findDelay}).
     * @param radiusSamples how far each block's delay may differ from the previous block's.
     * @return one delay per whole block of the reference.
     */
    public static int[] blockDelays(
        final short[] reference, final short[] degraded, final int blockSamples, final int globalDelay,
        final int radiusSamples)
    {
        final int blocks = reference.length / blockSamples;
        final int[] delays = new int[blocks];
        int previous = globalDelay;
        for (int b = 0; b < blocks; b++)
        {
            final int start = b * blockSamples;
            previous = refineBlock(reference, degraded, start, blockSamples, previous, radiusSamples);
            delays[b] = previous;
        }
        return delays;
    }

    private static int refine(
        final short[] reference, final short[] degraded, final int center, final int radius, final int minLag,
        final int maxLag)
    {
        return refineRange(reference, degraded, 0, reference.length, center, radius, minLag, maxLag);
    }

    private static int refineBlock(
        final short[] reference, final short[] degraded, final int start, final int length, final int center,
        final int radius)
    {
        return refineRange(reference, degraded, start, length, center, radius, 0, Integer.MAX_VALUE);
    }

    private static int refineRange(
        final short[] reference, final short[] degraded, final int start, final int length, final int center,
        final int radius, final int minLag, final int maxLag)
    {
        int best = Math.max(minLag, center);
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int lag = Math.max(minLag, center - radius); lag <= Math.min(maxLag, center + radius); lag++)
        {
            double sum = 0;
            final int end = Math.min(start + length, Math.min(reference.length, degraded.length - lag));
            for (int n = start; n < end; n++)
            {
                sum += (double)reference[n] * degraded[n + lag];
            }
            if (sum > bestValue)
            {
                bestValue = sum;
                best = lag;
            }
        }
        return best;
    }

    private static double[] decimate(final short[] pcm, final int length, final int size)
    {
        final double[] out = new double[size];
        for (int i = 0; i < length; i++)
        {
            final int base = i * DECIMATION;
            out[i] = (pcm[base] + pcm[base + 1] + pcm[base + 2] + pcm[base + 3]) * 0.25;
        }
        return out;
    }
}
