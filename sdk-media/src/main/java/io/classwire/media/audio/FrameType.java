package io.classwire.media.audio;

/**
 * What a frame pulled from the {@link JitterBuffer} is made of, in increasing order of synthesis. Time-stretching
 * shifts decoded chunks against pull boundaries, so one pull may span several pieces: it reports the type covering
 * most of its samples (a tie goes to the more synthetic), and {@link JitterBufferCounters#samples} counts each type
 * exactly.
 */
public enum FrameType
{
    /** Nothing to play yet (before the first packet, while buffering) or comfort noise during DTX. */
    SILENCE,
    /** Decoded audio, as sent. */
    NORMAL,
    /** Decoded audio with one pitch period removed to shrink the buffer. */
    ACCELERATED,
    /** Decoded audio with one pitch period repeated to grow the buffer (preemptive expand). */
    EXPANDED,
    /** Decoded audio cross-faded in after concealment. */
    MERGED,
    /** A lost frame rebuilt from the in-band FEC (LBRR) of the packet after it. */
    FEC_RECOVERED,
    /** A lost or late frame synthesized by the decoder's packet-loss concealment (or zeros after a long gap). */
    CONCEALED;

    /** Number of constants, for per-type counter arrays. */
    public static final int COUNT = 7;

    private static final FrameType[] VALUES = values();

    /**
     * @param ordinal a value of {@link #ordinal()}.
     * @return the constant, without allocating a values array.
     */
    public static FrameType of(final int ordinal)
    {
        return VALUES[ordinal];
    }

    /** @return true when the frame holds audio that was not received in time (concealed, not FEC or merged). */
    public boolean isLoss()
    {
        return this == CONCEALED;
    }
}
