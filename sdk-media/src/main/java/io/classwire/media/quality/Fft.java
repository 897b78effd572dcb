package io.classwire.media.quality;

/**
 * In-place iterative radix-2 complex FFT (Cooley-Tukey, decimation in time, bit-reversed input order) of a fixed
 * power-of-two size with precomputed twiddle factors; allocation-free after construction, not thread-safe.
 *
 * <pre>
 * forward: X[k] = sum_{n=0}^{N-1} x[n] e^{-2 pi i k n / N}
 * inverse: x[n] = (1/N) sum_{k=0}^{N-1} X[k] e^{+2 pi i k n / N}
 * </pre>
 *
 * Source: J. W. Cooley and J. W. Tukey, "An algorithm for the machine calculation of complex Fourier series",
 * Math. Comp. 19 (1965); the iterative form as in Cormen et al., Introduction to Algorithms, section 30.3.
 */
public final class Fft
{
    private final int size;
    private final int log2Size;
    private final double[] cos;
    private final double[] sin;

    /**
     * @param size transform length, a power of two from 2 to 2^24.
     */
    public Fft(final int size)
    {
        if (size < 2 || size > (1 << 24) || Integer.bitCount(size) != 1)
        {
            throw new IllegalArgumentException("FFT size must be a power of two in 2..2^24: " + size);
        }
        this.size = size;
        this.log2Size = Integer.numberOfTrailingZeros(size);
        this.cos = new double[size / 2];
        this.sin = new double[size / 2];
        for (int k = 0; k < size / 2; k++)
        {
            final double angle = -2.0 * Math.PI * k / size;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
    }

    /** @return the transform length. */
    public int size()
    {
        return size;
    }

    /**
     * Forward transform in place.
     *
     * @param re real parts, length at least {@link #size()}.
     * @param im imaginary parts, length at least {@link #size()}.
     */
    public void forward(final double[] re, final double[] im)
    {
        transform(re, im, false);
    }

    /**
     * Inverse transform in place, including the 1/N scale.
     *
     * @param re real parts.
     * @param im imaginary parts.
     */
    public void inverse(final double[] re, final double[] im)
    {
        transform(re, im, true);
        final double scale = 1.0 / size;
        for (int i = 0; i < size; i++)
        {
            re[i] *= scale;
            im[i] *= scale;
        }
    }

    private void transform(final double[] re, final double[] im, final boolean inverse)
    {
        bitReverse(re, im);
        for (int half = 1, step = size / 2; half < size; half <<= 1, step >>= 1)
        {
            for (int start = 0; start < size; start += 2 * half)
            {
                for (int k = 0; k < half; k++)
                {
                    final double wr = cos[k * step];
                    final double wi = inverse ? -sin[k * step] : sin[k * step];
                    final int a = start + k;
                    final int b = a + half;
                    final double tr = wr * re[b] - wi * im[b];
                    final double ti = wr * im[b] + wi * re[b];
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }

    private void bitReverse(final double[] re, final double[] im)
    {
        final int shift = 32 - log2Size;
        for (int i = 0; i < size; i++)
        {
            final int j = Integer.reverse(i) >>> shift;
            if (j > i)
            {
                final double r = re[i];
                re[i] = re[j];
                re[j] = r;
                final double m = im[i];
                im[i] = im[j];
                im[j] = m;
            }
        }
    }
}
