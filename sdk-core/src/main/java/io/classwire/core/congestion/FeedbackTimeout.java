package io.classwire.core.congestion;

/**
 * Caps the target while transport feedback has stopped arriving although the sender keeps sending, and lifts the
 * cap again once feedback resumes. Without it a sender rides out a link outage (a tunnel, a Wi-Fi roam, a reverse
 * path that went dark) at its last estimate: everything it sends is lost or, where the link holds packets, queued
 * for seconds, and that queue has to drain before the call is live again.
 *
 * <p>Timeout: no feedback for {@code max(3 x RTT, RTT + 500 ms)} counted from the first packet sent after the last
 * feedback (so an idle sender, which expects no feedback, never times out). The RTT term covers a long path or a
 * standing queue; the 500 ms covers the receiver's feedback interval (at most 250 ms) twice over. Armed only once
 * feedback has arrived at all (before that the start rate is already conservative).
 *
 * <p>While timed out the cap starts at half the target and halves again every 400 ms, down to the configured
 * minimum. The data pushed into the silence is then bounded by about 0.8 s at the pre-outage rate whatever
 * the outage lasts (the role a congestion window plays in TCP), and a trickle at the minimum keeps going so the
 * receiver's feedback can say when the path is back.
 *
 * <p>Recovery: the first feedback after a timeout ends it. The controller then probes at the pre-outage estimate
 * (one RTT to a verdict); a probe result raises the cap to the measured rate at once. Without a result the cap
 * doubles every {@code max(RTT, 100 ms)} (slow start). The cap is lifted once it reaches the uncapped target. Losses
 * of packets sent before the resume are outage losses, not evidence of a capacity; the controller keeps them away
 * from the loss model.
 *
 * <p>Single-threaded, allocation-free. Times in microseconds.
 */
public final class FeedbackTimeout
{
    /** Cap value meaning "no cap". */
    public static final long NO_CAP = Long.MAX_VALUE;
    /** Silence that always counts as a timeout on top of the RTT term. */
    public static final long MIN_TIMEOUT_MARGIN_US = 500_000;
    /** Timeout as a multiple of the RTT on a long path. */
    public static final int TIMEOUT_RTTS = 3;
    /** Time between further halvings of the cap while timed out. */
    public static final long BACKOFF_INTERVAL_US = 400_000;

    private static final long MIN_GROWTH_INTERVAL_US = 100_000;
    private static final long NONE = Long.MIN_VALUE;

    /** Phases of the cap. */
    public enum State
    {
        /** Feedback flows; no cap. */
        NORMAL,
        /** No feedback for the timeout while sending; the cap backs off. */
        TIMED_OUT,
        /** Feedback is back; the cap grows until it no longer limits. */
        RECOVERING
    }

    private final long minBps;
    private State state = State.NORMAL;
    private long lastFeedbackUs = NONE;
    private long firstUnansweredSendUs = NONE;
    private long lastStepUs = NONE;
    private long capBps = NO_CAP;
    private long preOutageBps;
    private long timeouts;

    /**
     * Create a monitor.
     *
     * @param minBps the lowest cap (the configured minimum), positive.
     */
    public FeedbackTimeout(final long minBps)
    {
        if (minBps <= 0)
        {
            throw new IllegalArgumentException("bad minBps " + minBps);
        }
        this.minBps = minBps;
    }

    /**
     * Note a packet sent.
     *
     * @param nowUs send time.
     */
    public void onPacketSent(final long nowUs)
    {
        if (firstUnansweredSendUs == NONE)
        {
            firstUnansweredSendUs = nowUs;
        }
    }

    /**
     * Note a transport feedback that parsed.
     *
     * @param nowUs arrival time.
     * @return true when this feedback ends a timeout (the controller should probe and forget the outage's losses).
     */
    public boolean onFeedback(final long nowUs)
    {
        lastFeedbackUs = nowUs;
        firstUnansweredSendUs = NONE;
        if (state != State.TIMED_OUT)
        {
            return false;
        }
        state = State.RECOVERING;
        lastStepUs = nowUs;
        return true;
    }

    /**
     * Periodic update: enter, advance or leave a timeout.
     *
     * @param nowUs           current time.
     * @param rttUs           smoothed RTT, or a negative value when unknown.
     * @param uncappedBps     the target the estimators would give without this cap.
     * @return the cap in bits per second, or {@link #NO_CAP}.
     */
    public long process(final long nowUs, final long rttUs, final long uncappedBps)
    {
        switch (state)
        {
            case NORMAL:
                if (isSilent(nowUs, rttUs))
                {
                    timeouts++;
                    state = State.TIMED_OUT;
                    preOutageBps = uncappedBps;
                    capBps = Math.max(minBps, uncappedBps / 2);
                    lastStepUs = nowUs;
                }
                break;
            case TIMED_OUT:
                if (nowUs - lastStepUs >= BACKOFF_INTERVAL_US)
                {
                    capBps = Math.max(minBps, capBps / 2);
                    lastStepUs = nowUs;
                }
                break;
            default:
                if (isSilent(nowUs, rttUs))
                {
                    timeouts++;
                    state = State.TIMED_OUT;
                    capBps = Math.max(minBps, Math.min(capBps, uncappedBps) / 2);
                    lastStepUs = nowUs;
                    break;
                }
                if (nowUs - lastStepUs >= Math.max(MIN_GROWTH_INTERVAL_US, rttUs))
                {
                    capBps = capBps > NO_CAP / 2 ? NO_CAP : capBps * 2;
                    lastStepUs = nowUs;
                }
                if (capBps >= uncappedBps)
                {
                    state = State.NORMAL;
                    capBps = NO_CAP;
                }
                break;
        }
        return capBps;
    }

    private boolean isSilent(final long nowUs, final long rttUs)
    {
        if (lastFeedbackUs == NONE || firstUnansweredSendUs == NONE)
        {
            return false;
        }
        final long rtt = Math.max(0, rttUs);
        final long timeoutUs = Math.max(TIMEOUT_RTTS * rtt, rtt + MIN_TIMEOUT_MARGIN_US);
        return nowUs - firstUnansweredSendUs > timeoutUs;
    }

    /**
     * A probe measured this rate after a resume: the cap may rise to it at once.
     *
     * @param bps the probe result.
     */
    public void onProbeResult(final long bps)
    {
        if (state == State.RECOVERING && bps > capBps)
        {
            capBps = bps;
        }
    }

    /**
     * The current cap.
     *
     * @return bits per second, or {@link #NO_CAP}.
     */
    public long capBps()
    {
        return capBps;
    }

    /**
     * The phase.
     *
     * @return the state.
     */
    public State state()
    {
        return state;
    }

    /**
     * The uncapped target when the latest timeout began, which the resume probe aims at.
     *
     * @return bits per second.
     */
    public long preOutageBps()
    {
        return preOutageBps;
    }

    /**
     * Timeouts entered so far.
     *
     * @return the count.
     */
    public long timeouts()
    {
        return timeouts;
    }

    /**
     * When the last feedback arrived.
     *
     * @return microseconds, or {@link Long#MIN_VALUE} before the first.
     */
    public long lastFeedbackUs()
    {
        return lastFeedbackUs;
    }
}
