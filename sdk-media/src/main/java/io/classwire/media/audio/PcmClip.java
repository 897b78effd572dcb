package io.classwire.media.audio;

/**
 * Mono 16-bit PCM samples with their sample rate, as read by {@link WavReader}. The array is not copied: the clip
 * owns it and callers may read it in place.
 */
public final class PcmClip
{
    private final int sampleRateHz;
    private final short[] samples;

    /**
     * @param sampleRateHz samples per second, positive.
     * @param samples      the samples; kept by reference.
     */
    public PcmClip(final int sampleRateHz, final short[] samples)
    {
        if (sampleRateHz <= 0)
        {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRateHz);
        }
        this.sampleRateHz = sampleRateHz;
        this.samples = samples;
    }

    /** @return samples per second. */
    public int sampleRateHz()
    {
        return sampleRateHz;
    }

    /** @return the samples, by reference. */
    public short[] samples()
    {
        return samples;
    }

    /** @return number of samples. */
    public int length()
    {
        return samples.length;
    }

    /** @return duration in seconds. */
    public double durationSeconds()
    {
        return samples.length / (double)sampleRateHz;
    }
}
