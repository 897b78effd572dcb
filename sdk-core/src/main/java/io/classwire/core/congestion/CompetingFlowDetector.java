package io.classwire.core.congestion;

/**
 * Tells when the queue at the bottleneck is held by a flow that does not react to delay (a loss-based TCP flow), and
 * switches the delay-based estimator to a loss-driven regime while it is. A delay-based sender facing such a flow
 * sees the queue grow whatever it does, cuts at every over-use and is starved (RFC 8867 section 5.6: GCC keeps ~15%
 * of the link against one NewReno flow).
 *
 * <p>Evidence: our own cuts stop working. A sender that owns the queue and cuts its rate by a fraction {@code f}
 * drains {@code f} seconds of queue per second (alone at 0.85 x capacity: 150 ms per second). Each delay-based cut is
 * judged over the second that follows its first round trip plus the queue at the cut (what feedback reports before
 * then was sent before the cut); the queue to drain is the largest seen up to that point (the overshoot in flight
 * still arrives). The cut was <em>ineffective</em> when the queue at it was at least 50 ms (a competitor that ignores
 * delay fills the buffer; delay-based flows keep it short) and the smallest queuing delay of a feedback in the window
 * fell by less than both 25% of that queue and a third of what the cut would drain alone. Cuts made while one is
 * being judged are not judged themselves (they only speed up the drain). Two ineffective cuts in a row enter the
 * competing regime; within 10 s of leaving it, one does. Several delay-based flows sharing a bottleneck cut together
 * and drain it, so their cuts stay effective; a capacity drop into a deep buffer drains slowly but steadily, at the
 * rate the cut predicts.
 *
 * <p>Entering, the estimate goes back to its value before the first futile cut ({@link #pollRestoreBps()}): those
 * cuts only handed rate to the competitor (as TCP undoes a window reduction found spurious).
 *
 * <p>Competing regime: delay signals no longer cut; the rate grows by the rate controller's additive step (about a
 * packet per response time, as TCP's congestion avoidance does) and is cut by {@code beta} of the estimate at a
 * congestion loss: a feedback reporting a lost packet while the queue stood at 50% or more of its largest value in
 * the regime (a drop-tail queue drops when full). At most one such cut per round trip, as TCP cuts at most once per
 * window. The loss-based bound still applies on top. The regime ends when the queue stays empty for 1 s (the smallest
 * queuing delay of every feedback under 20% of the regime's largest, or under 10 ms): the competitor has gone, and
 * delay works again. A queue that empties only for a moment (the competitor halved its window, or timed out) does not
 * end it.
 *
 * <p>Single-threaded, allocation-free. Times in microseconds.
 */
public final class CompetingFlowDetector
{
    /** Consecutive ineffective cuts that enter the competing regime. */
    public static final int INEFFECTIVE_CUTS_TO_COMPETE = 2;
    /** Smallest queuing delay at a cut that can count as held by a competitor. */
    public static final long MIN_COMPETING_QUEUE_US = 50_000;
    /** Fraction of the queue at a cut by which the queue must fall for the cut to count as effective. */
    public static final double EFFECTIVE_DRAIN_FRACTION = 0.25;
    /**
     * A cut is also effective when the queue fell by a third of what the cut would drain if we were alone (a cut by
     * a fraction {@code f} of the rate drains {@code f} of the window: 50 ms for a 15% cut over 1 s), so a deep queue
     * that drains slowly but steadily (a capacity drop into a huge buffer) is not mistaken for a competitor.
     */
    public static final int EXPECTED_DRAIN_DIVISOR = 3;
    /** Time the queue must stay empty before the competing regime ends. */
    public static final long EXIT_HOLD_US = 1_000_000;
    /** After the regime ends, one ineffective cut re-enters it for this long. */
    public static final long REENTRY_MEMORY_US = 10_000_000;
    /** Length of the judging window, after the cut's first round trip. */
    public static final long JUDGE_WINDOW_US = 1_000_000;
    /** Fraction of the regime's largest queue under which the queue counts as empty and the regime ends. */
    public static final double EXIT_QUEUE_FRACTION = 0.2;
    /** Queue that always counts as empty. */
    public static final long EXIT_QUEUE_US = 10_000;
    /** Fraction of the regime's largest queue at which a loss counts as a drop at a full queue. */
    public static final double FULL_QUEUE_FRACTION = 0.5;

    private static final long NONE = Long.MIN_VALUE;

    private boolean competing;
    private int ineffectiveCuts;
    private long judgeFromUs = NONE;
    private long judgeUntilUs = NONE;
    private long cutQueueUs;
    private long minQueueSinceCutUs = Long.MAX_VALUE;
    private long regimeMaxQueueUs;
    private long lastLossCutUs = NONE;
    private long lowQueueSinceUs = NONE;
    private long exitUs = NONE;
    private long lastCutUs = NONE;
    private long judgedPreCutBps;
    private long expectedDrainUs;
    private long sequenceStartBps;
    private long restoreBps = -1;
    private long entries;

    /**
     * A delay-based cut was applied.
     *
     * @param nowUs      when.
     * @param queueUs    largest queuing delay of the feedback that triggered it.
     * @param rttUs      smoothed round-trip time, or a negative value when unknown.
     * @param preCutBps  the estimate just before the cut.
     * @param postCutBps the estimate after it.
     */
    public void onDelayBasedCut(
        final long nowUs, final long queueUs, final long rttUs, final long preCutBps, final long postCutBps)
    {
        lastCutUs = nowUs;
        if (competing || judgeUntilUs != NONE)
        {
            // Further cuts while one is being judged only make the queue drain faster: the first one's window stands.
            return;
        }
        cutQueueUs = queueUs;
        judgedPreCutBps = preCutBps;
        // Alone at the bottleneck, a cut by a fraction f of the rate drains f of the judging window.
        final double cutFraction = preCutBps > 0 ? Math.max(0.0, 1.0 - (double)postCutBps / preCutBps) : 0.0;
        expectedDrainUs = (long)(cutFraction * JUDGE_WINDOW_US);
        minQueueSinceCutUs = Long.MAX_VALUE;
        // The queue reported in the first round trip after the cut (itself stretched by the queue) was built before it.
        judgeFromUs = nowUs + Math.max(0, rttUs) + queueUs;
        judgeUntilUs = judgeFromUs + JUDGE_WINDOW_US;
    }

    /**
     * One feedback's queuing delays.
     *
     * @param minQueueUs smallest queuing delay among its received packets.
     * @param maxQueueUs largest one.
     * @param nowUs      current time.
     */
    public void onFeedback(final long minQueueUs, final long maxQueueUs, final long nowUs)
    {
        if (competing)
        {
            regimeMaxQueueUs = Math.max(regimeMaxQueueUs, maxQueueUs);
            if (minQueueUs > Math.max(EXIT_QUEUE_US, (long)(EXIT_QUEUE_FRACTION * regimeMaxQueueUs)))
            {
                lowQueueSinceUs = NONE;
            }
            else if (lowQueueSinceUs == NONE)
            {
                lowQueueSinceUs = nowUs;
            }
            else if (nowUs - lowQueueSinceUs >= EXIT_HOLD_US)
            {
                competing = false;
                ineffectiveCuts = 0;
                exitUs = nowUs;
            }
            return;
        }
        if (judgeUntilUs == NONE)
        {
            return;
        }
        if (nowUs < judgeFromUs)
        {
            // The queue may still rise after the cut (the overshoot in flight): judge the drain from its peak.
            cutQueueUs = Math.max(cutQueueUs, maxQueueUs);
            return;
        }
        minQueueSinceCutUs = Math.min(minQueueSinceCutUs, minQueueUs);
        if (nowUs >= judgeUntilUs)
        {
            judge();
        }
    }

    private void judge()
    {
        judgeUntilUs = NONE;
        final long drainUs = cutQueueUs - minQueueSinceCutUs;
        final boolean ineffective = cutQueueUs >= MIN_COMPETING_QUEUE_US &&
            drainUs < Math.min(EFFECTIVE_DRAIN_FRACTION * cutQueueUs, expectedDrainUs / EXPECTED_DRAIN_DIVISOR);
        ineffectiveCuts = ineffective ? ineffectiveCuts + 1 : 0;
        if (ineffectiveCuts == 1)
        {
            sequenceStartBps = judgedPreCutBps;
        }
        final boolean recentlyCompeting = exitUs != NONE && lastCutUs - exitUs < REENTRY_MEMORY_US;
        if (ineffectiveCuts >= INEFFECTIVE_CUTS_TO_COMPETE || (ineffective && recentlyCompeting))
        {
            competing = true;
            restoreBps = sequenceStartBps;
            lowQueueSinceUs = NONE;
            entries++;
            regimeMaxQueueUs = cutQueueUs;
            lastLossCutUs = NONE;
        }
    }

    /**
     * Whether a feedback's loss calls for a cut in the competing regime, and if so records the cut.
     *
     * @param lostPackets packets the feedback reports lost.
     * @param maxQueueUs  largest queuing delay of the feedback.
     * @param nowUs       current time.
     * @param rttUs       smoothed round-trip time (at most one cut per round trip).
     * @return true when the caller should cut now.
     */
    public boolean onLoss(final int lostPackets, final long maxQueueUs, final long nowUs, final long rttUs)
    {
        if (!competing || lostPackets <= 0 || maxQueueUs < FULL_QUEUE_FRACTION * regimeMaxQueueUs)
        {
            return false;
        }
        if (lastLossCutUs != NONE && nowUs - lastLossCutUs < Math.max(0, rttUs))
        {
            return false;
        }
        lastLossCutUs = nowUs;
        return true;
    }

    /**
     * On entering the competing regime, the estimate before the first of the futile cuts, once: those cuts only
     * handed rate to the competitor, so the caller restores it (as TCP undoes a window reduction found spurious).
     *
     * @return bits per second, or -1 when the regime was not just entered.
     */
    public long pollRestoreBps()
    {
        final long bps = restoreBps;
        restoreBps = -1;
        return bps;
    }

    /**
     * Whether the competing regime is on.
     *
     * @return true while delay signals are ignored.
     */
    public boolean isCompeting()
    {
        return competing;
    }

    /**
     * Times the competing regime was entered.
     *
     * @return the count.
     */
    public long entries()
    {
        return entries;
    }

    /**
     * Consecutive ineffective cuts so far.
     *
     * @return the count.
     */
    public int ineffectiveCuts()
    {
        return ineffectiveCuts;
    }
}
