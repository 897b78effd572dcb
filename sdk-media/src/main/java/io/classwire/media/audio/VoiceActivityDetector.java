package io.classwire.media.audio;

/**
 * Energy voice activity detector with an adaptive noise floor and a hangover, for the V flag of the RFC 6464 audio
 * level extension and for talk-spurt statistics; single-threaded and allocation-free.
 *
 * <pre>
 * E      = frame level in dBov (see {@link AudioLevel})
 * floor  = E                          when E &lt; floor   (follows quiet frames at once)
 *        = floor + riseDbPerFrame     otherwise         (creeps up so steady noise is learnt)
 * speech = E &gt; floor + marginDb  and  E &gt; minSpeechDbov
 * active = speech, or fewer than hangoverFrames frames since the last speech frame
 * </pre>
 *
 * The hangover keeps word endings and short stops inside a talk spurt; the rising floor makes steady background
 * noise inactive after a few seconds. Defaults: margin 9 dB, rise 0.02 dB per frame (about 1 dB/s at 20 ms
 * frames), speech above -55 dBov, hangover 10 frames.
 */
public final class VoiceActivityDetector
{
    /** Default margin above the noise floor for speech. */
    public static final double DEFAULT_MARGIN_DB = 9.0;
    /** Default noise floor rise per frame. */
    public static final double DEFAULT_RISE_DB_PER_FRAME = 0.02;
    /** Default absolute threshold below which nothing is speech. */
    public static final double DEFAULT_MIN_SPEECH_DBOV = -55.0;
    /** Default frames of activity kept after the last speech frame. */
    public static final int DEFAULT_HANGOVER_FRAMES = 10;
    private static final double INITIAL_FLOOR_DBOV = -70.0;
    private static final double SILENCE_DBOV = -127.0;

    private final double marginDb;
    private final double riseDbPerFrame;
    private final double minSpeechDbov;
    private final int hangoverFrames;
    private double floorDbov = INITIAL_FLOOR_DBOV;
    private double lastDbov = SILENCE_DBOV;
    private int lastLevel = AudioLevel.SILENCE_DBOV;
    private int framesSinceSpeech = Integer.MAX_VALUE;
    private long activeFrames;
    private long frames;

    /** Create a detector with the default parameters. */
    public VoiceActivityDetector()
    {
        this(DEFAULT_MARGIN_DB, DEFAULT_RISE_DB_PER_FRAME, DEFAULT_MIN_SPEECH_DBOV, DEFAULT_HANGOVER_FRAMES);
    }

    /**
     * @param marginDb       how far above the noise floor speech must be, dB.
     * @param riseDbPerFrame how fast the floor creeps up, dB per frame, non-negative.
     * @param minSpeechDbov  absolute level below which nothing is speech, dBov.
     * @param hangoverFrames frames kept active after the last speech frame, non-negative.
     */
    public VoiceActivityDetector(
        final double marginDb, final double riseDbPerFrame, final double minSpeechDbov, final int hangoverFrames)
    {
        if (riseDbPerFrame < 0 || hangoverFrames < 0)
        {
            throw new IllegalArgumentException("rise and hangover must be non-negative");
        }
        this.marginDb = marginDb;
        this.riseDbPerFrame = riseDbPerFrame;
        this.minSpeechDbov = minSpeechDbov;
        this.hangoverFrames = hangoverFrames;
    }

    /**
     * Classify one frame (typically 10 or 20 ms).
     *
     * @param pcm    samples.
     * @param offset first sample.
     * @param length number of samples.
     * @return true when the frame is in a talk spurt.
     */
    public boolean process(final short[] pcm, final int offset, final int length)
    {
        final double meanSquare = AudioLevel.meanSquare(pcm, offset, length);
        lastLevel = AudioLevel.carried(meanSquare);
        lastDbov = meanSquare > 0 ? Math.max(SILENCE_DBOV, AudioLevel.dbov(meanSquare)) : SILENCE_DBOV;
        if (lastDbov < floorDbov)
        {
            floorDbov = lastDbov;
        }
        else
        {
            floorDbov += riseDbPerFrame;
        }
        final boolean speech = lastDbov > floorDbov + marginDb && lastDbov > minSpeechDbov;
        if (speech)
        {
            framesSinceSpeech = 0;
        }
        else if (framesSinceSpeech != Integer.MAX_VALUE)
        {
            framesSinceSpeech++;
        }
        final boolean active = framesSinceSpeech <= hangoverFrames;
        frames++;
        if (active)
        {
            activeFrames++;
        }
        return active;
    }

    /** @return the last frame's level as carried by RFC 6464, 0..127. */
    public int lastLevelDbov()
    {
        return lastLevel;
    }

    /** @return the last frame's level in dBov (-127 for silence). */
    public double lastDbov()
    {
        return lastDbov;
    }

    /** @return the current noise floor estimate, dBov. */
    public double noiseFloorDbov()
    {
        return floorDbov;
    }

    /** @return frames classified active so far. */
    public long activeFrames()
    {
        return activeFrames;
    }

    /** @return frames classified so far. */
    public long frames()
    {
        return frames;
    }
}
