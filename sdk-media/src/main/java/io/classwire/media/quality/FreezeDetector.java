package io.classwire.media.quality;

import io.classwire.media.audio.FrameType;

/**
 * Counts audio freezes: played audio is cut into consecutive, non-overlapping 2 s windows, and a window in which at
 * least 4 % of the frames were lost or concealed counts as one freeze; single-threaded, allocation-free.
 *
 * <pre>
 * window  = 2000 ms / frame duration frames (100 frames of 20 ms, 200 of 10 ms)
 * freeze  = bad frames in the window / window frames &gt;= 0.04       (4 of 100 frames)
 * bad     = frame type CONCEALED (lost or late audio synthesised by PLC)
 * </pre>
 *
 * A window only counts once complete; {@link #flush()} evaluates a trailing partial window against the same
 * fraction. The definition is the project's own (issue "Loss recovery and concealment with real Opus audio"); it
 * follows the idea of a freeze as a perceptible stretch of concealment used by WebRTC's audio statistics (e.g.
 * {@code concealmentEvents}), made window-based so one number summarises a run.
 */
public final class FreezeDetector
{
    /** Window length. */
    public static final int WINDOW_MS = 2000;
    /** Fraction of bad frames that makes a window a freeze. */
    public static final double THRESHOLD = 0.04;

    private final int windowFrames;
    private final double threshold;
    private int framesInWindow;
    private int badInWindow;
    private long windows;
    private long freezes;
    private long badFrames;
    private long frames;

    /**
     * @param frameDurationMs duration of one played frame (10 or 20 ms), dividing 2000.
     */
    public FreezeDetector(final int frameDurationMs)
    {
        this(frameDurationMs, WINDOW_MS, THRESHOLD);
    }

    /**
     * @param frameDurationMs duration of one played frame.
     * @param windowMs        window length, a multiple of the frame duration.
     * @param threshold       fraction of bad frames that makes a freeze, in (0, 1].
     */
    public FreezeDetector(final int frameDurationMs, final int windowMs, final double threshold)
    {
        if (frameDurationMs <= 0 || windowMs % frameDurationMs != 0 || threshold <= 0 || threshold > 1)
        {
            throw new IllegalArgumentException("window must be a whole number of frames, threshold in (0, 1]");
        }
        this.windowFrames = windowMs / frameDurationMs;
        this.threshold = threshold;
    }

    /**
     * Account for one played frame.
     *
     * @param type what the frame was made of.
     */
    public void onFrame(final FrameType type)
    {
        onFrame(type.isLoss());
    }

    /**
     * Account for one played frame.
     *
     * @param lostOrConcealed true when the frame did not carry received audio.
     */
    public void onFrame(final boolean lostOrConcealed)
    {
        frames++;
        framesInWindow++;
        if (lostOrConcealed)
        {
            badFrames++;
            badInWindow++;
        }
        if (framesInWindow == windowFrames)
        {
            closeWindow();
        }
    }

    /** Evaluate a trailing partial window, if any, as if it were complete. */
    public void flush()
    {
        if (framesInWindow > 0)
        {
            closeWindow();
        }
    }

    private void closeWindow()
    {
        windows++;
        if (badInWindow >= threshold * framesInWindow - 1e-9)
        {
            freezes++;
        }
        framesInWindow = 0;
        badInWindow = 0;
    }

    /** @return windows that were freezes. */
    public long freezeCount()
    {
        return freezes;
    }

    /** @return windows evaluated. */
    public long windows()
    {
        return windows;
    }

    /** @return fraction of evaluated windows that were freezes. */
    public double freezeRatio()
    {
        return windows == 0 ? 0.0 : freezes / (double)windows;
    }

    /** @return frames counted as lost or concealed. */
    public long badFrames()
    {
        return badFrames;
    }

    /** @return frames counted. */
    public long frames()
    {
        return frames;
    }

    /** @return frames per window. */
    public int windowFrames()
    {
        return windowFrames;
    }
}
