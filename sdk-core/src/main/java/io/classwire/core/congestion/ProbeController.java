package io.classwire.core.congestion;

/**
 * Decides when to probe the path and at what rate; the pacer sends the clusters and the
 * {@link ProbeBitrateEstimator} measures them. Probing replaces the slow multiplicative climb where a measurement is
 * cheaper than a guess.
 *
 * <ul>
 *   <li>Start: two clusters at 3x and 6x the start rate (libwebrtc's defaults). While the estimate keeps reaching
 *   70% of the last probe rate, probe further at 2x the new estimate (exponential probing), up to the maximum.</li>
 *   <li>Large drop: when the estimate falls below 66% of its previous value, a probe at 85% of the pre-drop
 *   estimate follows within 5 s, at most once per 5 s, in case the drop was a transient (libwebrtc only does this in
 *   the application-limited region; we always do: one 15 ms burst is cheap, and a transient drop otherwise costs
 *   many seconds of additive climbing).</li>
 *   <li>Application-limited: every 5 s, a probe at the estimate (scale 1) confirms it is still valid. Its result
 *   may lower the estimate but, while limited, never raise it (see {@link ApplicationLimitedDetector}).</li>
 *   <li>Resume after a pause: one probe at the pre-pause estimate.</li>
 *   <li>Ramp-up (ours): when nothing has limited the estimate for 3 s and the rate controller is far from any known
 *   congestion point, probe at 2x the estimate instead of waiting for 8%/s to get there.</li>
 * </ul>
 *
 * <p>Clusters last at least 15 ms and 5 packets. Single-threaded; pending requests sit in a fixed ring.
 */
public final class ProbeController
{
    /** First initial probe, as a multiple of the start rate. */
    public static final double FIRST_PROBE_SCALE = 3.0;
    /** Second initial probe, as a multiple of the start rate. */
    public static final double SECOND_PROBE_SCALE = 6.0;
    /** Further exponential probes, as a multiple of the estimate. */
    public static final double FURTHER_PROBE_SCALE = 2.0;
    /** Fraction of the probe rate the estimate must reach to probe further. */
    public static final double FURTHER_PROBE_THRESHOLD = 0.7;
    /** Fewest packets per cluster. */
    public static final int MIN_PROBE_PACKETS = 5;
    /** Shortest cluster. */
    public static final long MIN_PROBE_DURATION_US = 15_000;

    private static final long MAX_WAIT_FOR_RESULT_US = 1_000_000;
    private static final double DROP_THRESHOLD = 0.66;
    private static final long DROP_TIMEOUT_US = 5_000_000;
    private static final double DROP_PROBE_FRACTION = 0.85;
    private static final double PROBE_UNCERTAINTY = 0.05;
    private static final long MIN_TIME_BETWEEN_DROP_PROBES_US = 5_000_000;
    private static final long MIN_TIME_BETWEEN_OUTGROWN_PROBES_US = 1_000_000;
    private static final int MAX_PENDING = 4;
    private static final long NONE = Long.MIN_VALUE;

    private enum State
    {
        INIT, WAITING_FOR_RESULT, COMPLETE
    }

    private final long[] pendingRatesBps = new long[MAX_PENDING];
    private final int[] pendingIds = new int[MAX_PENDING];
    private final long maxBps;
    private final long alrIntervalUs;
    private final double alrScale;
    private final long rampUpIntervalUs;
    private int pendingHead;
    private int pendingCount;
    private int nextClusterId;
    private State state = State.INIT;
    private long estimateBps;
    private long minToProbeFurtherBps = Long.MAX_VALUE;
    private long lastProbeUs = NONE;
    private long dropUs = NONE;
    private long preDropBps;
    private long lastDropProbeUs = NONE;
    private long lastLimitedUs = NONE;
    private long probesRequested;
    private boolean suspended;
    private long outgrownUs = NONE;
    private long outgrownHandledUs = NONE;

    /**
     * Create a controller.
     *
     * @param maxBps           highest rate ever probed.
     * @param alrIntervalUs    interval of confirmation probes while application-limited; 0 disables them.
     * @param alrScale         confirmation probe rate as a multiple of the estimate.
     * @param rampUpIntervalUs quiet time before a ramp-up probe; 0 disables ramp-up probes.
     */
    public ProbeController(final long maxBps, final long alrIntervalUs, final double alrScale,
        final long rampUpIntervalUs)
    {
        if (maxBps <= 0 || alrIntervalUs < 0 || !(alrScale > 0) || rampUpIntervalUs < 0)
        {
            throw new IllegalArgumentException("bad probe controller parameters");
        }
        this.maxBps = maxBps;
        this.alrIntervalUs = alrIntervalUs;
        this.alrScale = alrScale;
        this.rampUpIntervalUs = rampUpIntervalUs;
    }

    /**
     * Begin with the initial exponential probes (only the first call does anything).
     *
     * @param startBps the start rate.
     * @param nowUs    current time.
     */
    public void start(final long startBps, final long nowUs)
    {
        if (state != State.INIT)
        {
            return;
        }
        estimateBps = startBps;
        lastLimitedUs = nowUs;
        request((long)(FIRST_PROBE_SCALE * startBps), nowUs);
        request((long)(SECOND_PROBE_SCALE * startBps), nowUs);
        waitForResult((long)(SECOND_PROBE_SCALE * startBps));
    }

    /**
     * Tell the controller the new target estimate.
     *
     * @param bps   the estimate.
     * @param nowUs current time.
     */
    public void onEstimate(final long bps, final long nowUs)
    {
        if (bps < DROP_THRESHOLD * estimateBps)
        {
            dropUs = nowUs;
            preDropBps = estimateBps;
        }
        estimateBps = bps;
        if (state == State.WAITING_FOR_RESULT && bps > minToProbeFurtherBps)
        {
            final long rateBps = (long)(FURTHER_PROBE_SCALE * bps);
            if (request(rateBps, nowUs))
            {
                waitForResult(rateBps);
            }
            else
            {
                state = State.COMPLETE;
            }
        }
    }

    /**
     * Periodic decisions.
     *
     * @param nowUs                current time.
     * @param applicationLimited   whether the sender is application-limited.
     * @param resumedAfterPause    whether media just resumed after a pause.
     * @param limitedByCongestion  whether a congestion signal (over-use, loss, a known congestion point) currently
     *                             limits the estimate; ramp-up probes only run when none does.
     */
    public void process(final long nowUs, final boolean applicationLimited, final boolean resumedAfterPause,
        final boolean limitedByCongestion)
    {
        if (limitedByCongestion || applicationLimited || suspended)
        {
            lastLimitedUs = nowUs;
        }
        if (suspended)
        {
            return;
        }
        if (state == State.WAITING_FOR_RESULT && nowUs - lastProbeUs > MAX_WAIT_FOR_RESULT_US)
        {
            state = State.COMPLETE;
            minToProbeFurtherBps = Long.MAX_VALUE;
        }
        if (state != State.COMPLETE)
        {
            return;
        }
        if (resumedAfterPause)
        {
            request(estimateBps, nowUs);
        }
        else if (applicationLimited)
        {
            if (alrIntervalUs > 0 && nowUs - lastProbeUs >= alrIntervalUs)
            {
                request((long)(alrScale * estimateBps), nowUs);
            }
        }
        else if (isDropRecoveryDue(nowUs))
        {
            lastDropProbeUs = nowUs;
            request((long)(DROP_PROBE_FRACTION * preDropBps), nowUs);
        }
        else if (isOutgrownProbeDue(nowUs) || (rampUpIntervalUs > 0 && nowUs - lastLimitedUs >= rampUpIntervalUs &&
            nowUs - lastProbeUs >= rampUpIntervalUs))
        {
            outgrownHandledUs = outgrownUs;
            final long rateBps = (long)(FURTHER_PROBE_SCALE * estimateBps);
            if (request(rateBps, nowUs))
            {
                waitForResult(rateBps);
            }
        }
    }

    /**
     * Stop or restart probing. While feedback is missing (see {@link FeedbackTimeout}) nothing could measure a
     * probe, so pending requests are dropped, exponential probing ends and no new probe is requested.
     *
     * @param suspended true to stop probing.
     */
    public void setSuspended(final boolean suspended)
    {
        this.suspended = suspended;
        if (suspended)
        {
            pendingCount = 0;
            dropUs = NONE;
            if (state == State.WAITING_FOR_RESULT)
            {
                state = State.COMPLETE;
                minToProbeFurtherBps = Long.MAX_VALUE;
            }
        }
    }

    /**
     * Request one probe at a given rate now, e.g. at the pre-outage estimate when feedback resumes.
     *
     * @param rateBps probe rate (capped at the maximum).
     * @param nowUs   current time.
     * @return false when the rate is not positive or the pending ring is full.
     */
    public boolean probeAt(final long rateBps, final long nowUs)
    {
        return !suspended && request(rateBps, nowUs);
    }

    /**
     * The acknowledged rate outgrew the known congestion point without an over-use (see
     * {@link AimdRateControl#capacityOutgrownUs()}): the path has more room than it had, so a ramp-up probe at 2x the
     * estimate goes out at once instead of after the quiet time, where 8%/s would take seconds to find the new
     * capacity.
     *
     * @param atUs when it happened, or {@link Long#MIN_VALUE} if never.
     */
    public void onCapacityOutgrown(final long atUs)
    {
        outgrownUs = atUs;
    }

    private boolean isOutgrownProbeDue(final long nowUs)
    {
        return outgrownUs != NONE && outgrownUs != outgrownHandledUs &&
            nowUs - lastProbeUs >= MIN_TIME_BETWEEN_OUTGROWN_PROBES_US;
    }

    private boolean isDropRecoveryDue(final long nowUs)
    {
        if (dropUs == NONE || nowUs - dropUs >= DROP_TIMEOUT_US)
        {
            return false;
        }
        if (lastDropProbeUs != NONE && nowUs - lastDropProbeUs <= MIN_TIME_BETWEEN_DROP_PROBES_US)
        {
            return false;
        }
        return (1 - PROBE_UNCERTAINTY) * DROP_PROBE_FRACTION * preDropBps > estimateBps;
    }

    private boolean request(final long rateBps, final long nowUs)
    {
        final long cappedBps = Math.min(rateBps, maxBps);
        if (cappedBps <= 0 || pendingCount == MAX_PENDING)
        {
            return false;
        }
        final int slot = (pendingHead + pendingCount) % MAX_PENDING;
        pendingRatesBps[slot] = cappedBps;
        pendingIds[slot] = nextClusterId;
        nextClusterId = (nextClusterId + 1) & Integer.MAX_VALUE;
        pendingCount++;
        lastProbeUs = nowUs;
        probesRequested++;
        return true;
    }

    private void waitForResult(final long probeRateBps)
    {
        if (probeRateBps >= maxBps)
        {
            state = State.COMPLETE;
            minToProbeFurtherBps = Long.MAX_VALUE;
            return;
        }
        state = State.WAITING_FOR_RESULT;
        minToProbeFurtherBps = (long)(FURTHER_PROBE_THRESHOLD * probeRateBps);
    }

    /**
     * Take the next probe cluster to send.
     *
     * @param out filled with the request.
     * @return false when none is pending.
     */
    public boolean poll(final ProbeClusterRequest out)
    {
        if (pendingCount == 0)
        {
            return false;
        }
        final long rateBps = pendingRatesBps[pendingHead];
        final int minBytes = (int)Math.max(1, rateBps * MIN_PROBE_DURATION_US / 8_000_000L);
        out.set(pendingIds[pendingHead], rateBps, MIN_PROBE_PACKETS, minBytes);
        pendingHead = (pendingHead + 1) % MAX_PENDING;
        pendingCount--;
        return true;
    }

    /**
     * Probe clusters requested so far.
     *
     * @return the count.
     */
    public long probesRequested()
    {
        return probesRequested;
    }

    /**
     * Whether exponential probing is still waiting for a result.
     *
     * @return true while waiting.
     */
    public boolean isWaitingForResult()
    {
        return state == State.WAITING_FOR_RESULT;
    }
}
