package io.classwire.media.audio;

/**
 * Shortens or lengthens a segment of decoded speech by exactly one pitch period with an overlap-add cross-fade,
 * which keeps pitch and timbre (the time-domain idea behind NetEQ's accelerate and preemptive expand, and a one-step
 * form of WSOLA); single-threaded, allocation-free after construction.
 *
 * <pre>
 * period T: lag in [2.5 ms, 10 ms] maximising the normalised correlation
 *           c(T) = sum x[i] x[i+T] / sqrt(sum x[i]^2 * sum x[i+T]^2),  i over the first 5 ms,
 *           searched on a 4x decimated copy (12 kHz) and refined at 48 kHz within +-3 samples
 * cross-fade of a into b over T samples: out[i] = (a[i] (T - 1 - i) + b[i] i) / (T - 1)
 * accelerate: out = xfade(x[0, T), x[T, 2T)) + x[2T, N)               length N - T
 * expand:     out = x[0, T) + xfade(x[T, 2T), x[0, T)) + x[T, N)      length N + T
 * </pre>
 *
 * Both joins are continuous: each cross-fade starts exactly on the sample that followed its predecessor and ends
 * exactly on the sample that precedes its successor. A segment is only stretched when it is periodic enough (c &gt;= 0.7) or quiet (below
 * -50 dBov, where any splice is inaudible); otherwise the segment is returned unchanged and the caller tries again
 * on a later one.
 */
final class TimeStretcher
{
    static final int MIN_LAG = 120;
    static final int MAX_LAG = 480;
    static final int MIN_SEGMENT = 2 * MAX_LAG;
    static final double MIN_CORRELATION = 0.7;
    private static final int DECIMATION = 4;
    private static final int WINDOW = 240;
    private static final int REFINE = 3;
    private static final double QUIET_MEAN_SQUARE = 32768.0 * 32768.0 * 1e-5;

    static final int MERGE_HISTORY = 1200;
    private final short[] decimated = new short[(MIN_SEGMENT + WINDOW) / DECIMATION + 1];
    private final short[] history = new short[MERGE_HISTORY];
    private int lastPeriod;
    private double lastCorrelation;

    /**
     * Remove one pitch period.
     *
     * @return output length: {@code length - period}, or {@code length} when the segment was left alone.
     */
    int accelerate(final short[] in, final int offset, final int length, final short[] out, final int outOffset)
    {
        final int period = period(in, offset, length);
        if (period == 0)
        {
            System.arraycopy(in, offset, out, outOffset, length);
            return length;
        }
        crossFade(in, offset, in, offset + period, out, outOffset, period);
        System.arraycopy(in, offset + 2 * period, out, outOffset + period, length - 2 * period);
        return length - period;
    }

    /**
     * Repeat one pitch period.
     *
     * @return output length: {@code length + period}, or {@code length} when the segment was left alone.
     */
    int expand(final short[] in, final int offset, final int length, final short[] out, final int outOffset)
    {
        final int period = period(in, offset, length);
        if (period == 0)
        {
            System.arraycopy(in, offset, out, outOffset, length);
            return length;
        }
        System.arraycopy(in, offset, out, outOffset, period);
        crossFade(in, offset + period, in, offset, out, outOffset + period, period);
        System.arraycopy(in, offset + period, out, outOffset + 2 * period, length - period);
        return length + period;
    }

    /** @return the period to splice out or in, or 0 when the segment should not be stretched. */
    private int period(final short[] x, final int offset, final int length)
    {
        lastPeriod = 0;
        lastCorrelation = 0.0;
        if (length < MIN_SEGMENT)
        {
            return 0;
        }
        final int period = pitchPeriod(x, offset, length);
        final boolean quiet = AudioLevel.meanSquare(x, offset, 2 * MAX_LAG) < QUIET_MEAN_SQUARE;
        if (lastCorrelation >= MIN_CORRELATION || quiet)
        {
            lastPeriod = period;
            return period;
        }
        return 0;
    }

    /**
     * Pitch period of the segment start by normalised autocorrelation, coarse on a decimated copy and fine at the
     * full rate; leaves the best correlation in {@link #lastCorrelation()}.
     */
    int pitchPeriod(final short[] x, final int offset, final int length)
    {
        final int decimatedLength = Math.min(length, MAX_LAG + WINDOW) / DECIMATION;
        for (int i = 0; i < decimatedLength; i++)
        {
            final int base = offset + i * DECIMATION;
            decimated[i] = (short)((x[base] + x[base + 1] + x[base + 2] + x[base + 3]) >> 2);
        }
        int coarse = MIN_LAG / DECIMATION;
        double best = Double.NEGATIVE_INFINITY;
        for (int lag = MIN_LAG / DECIMATION; lag <= MAX_LAG / DECIMATION; lag++)
        {
            final double c = correlation(decimated, 0, lag, WINDOW / DECIMATION);
            if (c > best)
            {
                best = c;
                coarse = lag;
            }
        }
        int fine = coarse * DECIMATION;
        best = Double.NEGATIVE_INFINITY;
        final int from = Math.max(MIN_LAG, coarse * DECIMATION - REFINE);
        final int to = Math.min(MAX_LAG, coarse * DECIMATION + REFINE);
        for (int lag = from; lag <= to; lag++)
        {
            final double c = correlation(x, offset, lag, WINDOW);
            if (c > best)
            {
                best = c;
                fine = lag;
            }
        }
        lastCorrelation = best;
        return fine;
    }

    private static double correlation(final short[] x, final int offset, final int lag, final int window)
    {
        long cross = 0;
        long energyA = 0;
        long energyB = 0;
        for (int i = offset, end = offset + window; i < end; i++)
        {
            final int a = x[i];
            final int b = x[i + lag];
            cross += (long)a * b;
            energyA += (long)a * a;
            energyB += (long)b * b;
        }
        if (energyA == 0 || energyB == 0)
        {
            return energyA == energyB ? 1.0 : 0.0;
        }
        return cross / Math.sqrt((double)energyA * energyB);
    }

    private static void crossFade(
        final short[] fadeOut, final int fadeOutOffset, final short[] fadeIn, final int fadeInOffset,
        final short[] out, final int outOffset, final int length)
    {
        final int last = length - 1;
        for (int i = 0; i < length; i++)
        {
            final long mixed = (long)fadeOut[fadeOutOffset + i] * (last - i) + (long)fadeIn[fadeInOffset + i] * i;
            out[outOffset + i] = (short)(mixed / last);
        }
    }

    /**
     * Cross-fade the start of {@code decoded} from a periodic continuation of the audio already queued in
     * {@code sync} (its last pitch period repeated), so real audio joins concealment or comfort noise without a
     * click: {@code out[i] = (cont[i] (F - i) + decoded[i] i) / F} for the first F samples.
     */
    void merge(final SyncBuffer sync, final short[] decoded, final int samples, final int fadeSamples)
    {
        for (int i = 0; i < MERGE_HISTORY; i++)
        {
            history[i] = sync.recent(MERGE_HISTORY - i);
        }
        final int period = pitchPeriod(history, 0, MERGE_HISTORY);
        final int fade = Math.min(fadeSamples, samples);
        for (int i = 0; i < fade; i++)
        {
            final int continuation = history[MERGE_HISTORY - period + (i % period)];
            decoded[i] = (short)(((long)continuation * (fade - i) + (long)decoded[i] * i) / fade);
        }
    }

    /** @return the period spliced by the last call, 0 when it left the segment alone. */
    int lastPeriod()
    {
        return lastPeriod;
    }

    /** @return the best normalised correlation found by the last call. */
    double lastCorrelation()
    {
        return lastCorrelation;
    }
}
