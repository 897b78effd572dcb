package io.classwire.core.congestion;

import java.util.Arrays;

/**
 * Tells when the sender is application-limited: sending well below the congestion controller's target because it
 * has less to send (audio only, a static screen share, a paused camera), not because the path is full. While limited,
 * feedback cannot show whether a higher rate would fit, so the estimate must not grow on its strength alone; and an
 * idle spell must not be read as a slow path.
 *
 * <ul>
 *   <li>Send rate: media bytes (padding excluded) over a sliding 500 ms window of ten 50 ms buckets.</li>
 *   <li>Limited: entered when the send rate falls below 65% of the target, left when it rises above 80% (the
 *   hysteresis keeps a sender hovering near one threshold from flapping). libwebrtc's ALR detector uses similar
 *   fractions of its pacing budget.</li>
 *   <li>Increase cap: while limited, {@link #increaseCapBps()} is {@code capFactor} (2) times the send rate: the
 *   estimate may run ahead of real use by that much, no more. The cap only stops increases; it never lowers the
 *   estimate.</li>
 *   <li>Pause: no media for 500 ms. The first media packet after a pause raises {@link #pollResumed()} once, so the
 *   controller can probe to confirm the pre-pause estimate instead of trusting or discarding it.</li>
 * </ul>
 *
 * <p>Single-threaded, allocation-free. Times in microseconds on the sender's clock.
 */
public final class ApplicationLimitedDetector
{
    /** Default fraction of the target below which the sender is application-limited. */
    public static final double DEFAULT_ENTER_RATIO = 0.65;
    /** Default fraction of the target above which it is no longer application-limited. */
    public static final double DEFAULT_EXIT_RATIO = 0.80;
    /** Default cap on the estimate while limited, as a multiple of the send rate. */
    public static final double DEFAULT_CAP_FACTOR = 2.0;
    /** Default silence that counts as a pause. */
    public static final long DEFAULT_PAUSE_US = 500_000;

    private static final int BUCKETS = 10;
    private static final long BUCKET_US = 50_000;
    private static final long WINDOW_US = BUCKETS * BUCKET_US;
    private static final long NONE = Long.MIN_VALUE;

    private final long[] bucketBytes = new long[BUCKETS];
    private final double enterRatio;
    private final double exitRatio;
    private final double capFactor;
    private final long pauseUs;
    private final long minCapBps;
    private int bucket;
    private long bucketStartUs = NONE;
    private long firstSendUs = NONE;
    private long lastMediaUs = NONE;
    private long sendRateBps;
    private boolean limited;
    private boolean paused;
    private boolean resumed;
    private long limitedSinceUs = NONE;
    private long pauses;

    /**
     * Create a detector with the default ratios, a cap factor of 2 and a 500 ms pause.
     *
     * @param minCapBps smallest increase cap (the configured minimum bitrate), so an idle sender's estimate can still
     *                  settle at the floor.
     */
    public ApplicationLimitedDetector(final long minCapBps)
    {
        this(DEFAULT_ENTER_RATIO, DEFAULT_EXIT_RATIO, DEFAULT_CAP_FACTOR, DEFAULT_PAUSE_US, minCapBps);
    }

    /**
     * Create a detector.
     *
     * @param enterRatio fraction of the target below which the sender is limited, in (0, exitRatio].
     * @param exitRatio  fraction above which it is not, in [enterRatio, 1].
     * @param capFactor  increase cap as a multiple of the send rate, at least 1.
     * @param pauseUs    silence that counts as a pause, positive.
     * @param minCapBps  smallest increase cap.
     */
    public ApplicationLimitedDetector(
        final double enterRatio, final double exitRatio, final double capFactor, final long pauseUs,
        final long minCapBps)
    {
        if (!(enterRatio > 0 && enterRatio <= exitRatio && exitRatio <= 1) || !(capFactor >= 1) || pauseUs <= 0)
        {
            throw new IllegalArgumentException("bad application-limited parameters");
        }
        this.enterRatio = enterRatio;
        this.exitRatio = exitRatio;
        this.capFactor = capFactor;
        this.pauseUs = pauseUs;
        this.minCapBps = minCapBps;
    }

    /**
     * Record a packet leaving the pacer.
     *
     * @param sizeBytes its size.
     * @param kind      its {@link PacketKind}; padding is ignored.
     * @param nowUs     send time.
     */
    public void onPacketSent(final int sizeBytes, final int kind, final long nowUs)
    {
        if (!PacketKind.isMedia(kind))
        {
            return;
        }
        advance(nowUs);
        bucketBytes[bucket] += sizeBytes;
        if (firstSendUs == NONE)
        {
            firstSendUs = nowUs;
        }
        if (paused)
        {
            paused = false;
            resumed = true;
        }
        lastMediaUs = nowUs;
    }

    /**
     * Re-evaluate against the current target.
     *
     * @param targetBps the controller's target.
     * @param nowUs     current time.
     */
    public void update(final long targetBps, final long nowUs)
    {
        advance(nowUs);
        long bytes = 0;
        for (int i = 0; i < BUCKETS; i++)
        {
            bytes += bucketBytes[i];
        }
        // The current bucket is only partly filled: divide by the time the buckets really cover.
        final long coveredUs = (BUCKETS - 1) * BUCKET_US + (nowUs - bucketStartUs);
        final long spanUs = Math.max(BUCKET_US, firstSendUs == NONE ? coveredUs :
            Math.min(coveredUs, nowUs - firstSendUs));
        sendRateBps = bytes * 8_000_000L / spanUs;
        if (lastMediaUs != NONE && !paused && nowUs - lastMediaUs >= pauseUs)
        {
            paused = true;
            pauses++;
        }
        if (!limited && sendRateBps < enterRatio * targetBps)
        {
            limited = true;
            limitedSinceUs = nowUs;
        }
        else if (limited && sendRateBps > exitRatio * targetBps)
        {
            limited = false;
            limitedSinceUs = NONE;
        }
    }

    private void advance(final long nowUs)
    {
        if (bucketStartUs == NONE)
        {
            bucketStartUs = nowUs;
            return;
        }
        if (nowUs - bucketStartUs >= WINDOW_US + BUCKET_US)
        {
            Arrays.fill(bucketBytes, 0);
            bucketStartUs = nowUs;
            return;
        }
        while (nowUs - bucketStartUs >= BUCKET_US)
        {
            bucket = (bucket + 1) % BUCKETS;
            bucketBytes[bucket] = 0;
            bucketStartUs += BUCKET_US;
        }
    }

    /**
     * Whether the sender is application-limited (as of the last {@link #update}).
     *
     * @return true while limited.
     */
    public boolean isApplicationLimited()
    {
        return limited;
    }

    /**
     * Whether the sender is in a pause (no media for the pause time).
     *
     * @return true while paused.
     */
    public boolean isPaused()
    {
        return paused;
    }

    /**
     * Report, once, that media resumed after a pause.
     *
     * @return true the first time it is called after a resume.
     */
    public boolean pollResumed()
    {
        final boolean result = resumed;
        resumed = false;
        return result;
    }

    /**
     * The media send rate over the last 500 ms (as of the last {@link #update}).
     *
     * @return bits per second.
     */
    public long sendRateBps()
    {
        return sendRateBps;
    }

    /**
     * The most the estimate may grow to now (an estimate already above it is held, not cut).
     *
     * @return {@link Long#MAX_VALUE} when not limited, else {@code max(capFactor * sendRate, minCap)}.
     */
    public long increaseCapBps()
    {
        if (!limited)
        {
            return Long.MAX_VALUE;
        }
        return Math.max((long)(capFactor * sendRateBps), minCapBps);
    }

    /**
     * When the current limited spell began.
     *
     * @return microseconds, or {@link Long#MIN_VALUE} when not limited.
     */
    public long limitedSinceUs()
    {
        return limitedSinceUs;
    }

    /**
     * Pauses detected.
     *
     * @return the count.
     */
    public long pauses()
    {
        return pauses;
    }
}
