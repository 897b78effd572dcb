package io.classwire.core.congestion;

/**
 * Rate controller of the delay-based estimator (draft-ietf-rmcat-gcc-02 section 5.5): a three-state machine driven by
 * the over-use detector, which increases the estimate while the path is not congested and cuts it on over-use.
 *
 * <pre>
 *   signal \ state | HOLD      INCREASE   DECREASE
 *   over-use       | DECREASE  DECREASE   DECREASE
 *   normal         | INCREASE  INCREASE   HOLD
 *   under-use      | HOLD      HOLD       HOLD
 * </pre>
 *
 * <ul>
 *   <li>Increase, far from the last congestion point ({@link LinkCapacityTracker} has no estimate, or the
 *   acknowledged rate left its bounds): multiplicative, {@code A *= eta^min(dt, 1 s)} with {@code eta = 1.08} per
 *   second, at least 1 kbit/s.</li>
 *   <li>Increase, near it: additive, about one packet per response time: {@code A += dt * max(4 kbit/s,
 *   packetBits / (rtt + 100 ms))}, with the packet size taken from a 30 fps frame of the current rate cut into
 *   1200-byte packets.</li>
 *   <li>Decrease: {@code A = beta * R} with {@code beta = 0.85} and {@code R} the acknowledged rate (the draft's
 *   incoming rate), never upwards; then HOLD until the queue has drained (the detector leaves over-use).</li>
 *   <li>Bounds: an increase never takes the estimate above {@code 1.5 R + 10 kbit/s} (the draft: "should never be
 *   larger than 1.5 R"), nor above an external cap (the application-limited detector's), nor out of [min, max].</li>
 * </ul>
 *
 * <p>Our change, fast recovery: after a decrease, once the detector reports normal again and the caller confirms the
 * queue it had built is gone ({@link #setQueueDrained(boolean)}; within 2 s, else the chance passes), the estimate
 * jumps to {@code fastRecoveryFraction} (0.95) of the known congestion point instead of climbing additively from
 * {@code 0.85 R}. The additive climb from 85% is what draws libwebrtc's 15% sawtooth; starting the climb at 95% keeps
 * the average near capacity while the decrease still empties the queue. Set the fraction to 0 to get libwebrtc's
 * behaviour.
 *
 * <p>Single-threaded, allocation-free. Times in microseconds.
 */
public final class AimdRateControl
{
    /** States of the rate controller. */
    public enum State
    {
        /** Keep the rate. */
        HOLD,
        /** Raise the rate. */
        INCREASE,
        /** Cut the rate (transient: the controller returns to HOLD after cutting). */
        DECREASE
    }

    /** Default decrease factor {@code beta}. */
    public static final double DEFAULT_BACKOFF_FACTOR = 0.85;
    /** Default multiplicative increase per second {@code eta}. */
    public static final double DEFAULT_INCREASE_PER_SECOND = 1.08;
    /** Default fast-recovery fraction of the known congestion point. */
    public static final double DEFAULT_FAST_RECOVERY_FRACTION = 0.95;
    /** RTT assumed until one is measured. */
    public static final long DEFAULT_RTT_US = 200_000;

    private static final long NONE = Long.MIN_VALUE;
    private static final long MIN_INCREASE_BPS = 1_000;
    private static final double MIN_ADDITIVE_BPS_PER_SECOND = 4_000;
    private static final long THROUGHPUT_LIMIT_OFFSET_BPS = 10_000;
    private static final double PACKET_BITS = 1200 * 8;
    private static final double FRAMES_PER_SECOND = 30;
    private static final long DETECTOR_DELAY_US = 100_000;
    private static final long MAX_RECOVERY_WAIT_US = 2_000_000;

    private final LinkCapacityTracker linkCapacity = new LinkCapacityTracker();
    private final long minBps;
    private final long maxBps;
    private final double backoffFactor;
    private final double increasePerSecond;
    private final double fastRecoveryFraction;
    private long currentBps;
    private long latestAckedBps;
    private long increaseCapBps = Long.MAX_VALUE;
    private long rttUs = DEFAULT_RTT_US;
    private long lastChangeUs = NONE;
    private long lastDecreaseUs = NONE;
    private long capacityOutgrownUs = NONE;
    private double drainFactor = 1.0;
    private boolean recovering;
    private boolean queueDrained = true;
    private State state = State.HOLD;
    private long decreases;

    /**
     * Create a controller.
     *
     * @param startBps             initial estimate.
     * @param minBps               lowest estimate, positive.
     * @param maxBps               highest estimate.
     * @param backoffFactor        {@code beta}, in (0, 1).
     * @param increasePerSecond    {@code eta}, at least 1.
     * @param fastRecoveryFraction fraction of the congestion point to return to after a decrease, in [0, 1); 0 off.
     */
    public AimdRateControl(
        final long startBps,
        final long minBps,
        final long maxBps,
        final double backoffFactor,
        final double increasePerSecond,
        final double fastRecoveryFraction)
    {
        if (minBps <= 0 || maxBps < minBps || !(backoffFactor > 0 && backoffFactor < 1) ||
            !(increasePerSecond >= 1.0) || !(fastRecoveryFraction >= 0 && fastRecoveryFraction < 1))
        {
            throw new IllegalArgumentException("bad AIMD parameters");
        }
        this.minBps = minBps;
        this.maxBps = maxBps;
        this.backoffFactor = backoffFactor;
        this.increasePerSecond = increasePerSecond;
        this.fastRecoveryFraction = fastRecoveryFraction;
        this.currentBps = clamp(startBps);
        this.latestAckedBps = currentBps;
    }

    /**
     * Apply the detector's verdict.
     *
     * @param usage    the over-use detector's state.
     * @param ackedBps acknowledged rate, or a negative value when unknown (the last known one is used).
     * @param nowUs    current time on the sender's clock.
     * @return the new estimate in bits per second.
     */
    public long update(final BandwidthUsage usage, final long ackedBps, final long nowUs)
    {
        if (ackedBps >= 0)
        {
            latestAckedBps = ackedBps;
        }
        final long acked = latestAckedBps;
        changeState(usage, nowUs);
        long newBps = currentBps;
        if (state == State.INCREASE)
        {
            newBps = increased(acked, nowUs);
            lastChangeUs = nowUs;
        }
        else if (state == State.DECREASE)
        {
            newBps = decreased(acked);
            state = State.HOLD;
            lastChangeUs = nowUs;
            lastDecreaseUs = nowUs;
            recovering = true;
            decreases++;
        }
        currentBps = clamp(newBps);
        return currentBps;
    }

    private void changeState(final BandwidthUsage usage, final long nowUs)
    {
        switch (usage)
        {
            case NORMAL:
                if (state == State.HOLD)
                {
                    lastChangeUs = nowUs;
                    state = State.INCREASE;
                }
                break;
            case OVERUSING:
                state = State.DECREASE;
                break;
            case UNDERUSING:
            default:
                state = State.HOLD;
                break;
        }
    }

    private long increased(final long ackedBps, final long nowUs)
    {
        if (ackedBps > linkCapacity.upperBoundBps())
        {
            if (linkCapacity.hasEstimate())
            {
                capacityOutgrownUs = nowUs;
            }
            linkCapacity.reset();
        }
        final long throughputLimitBps = (long)(1.5 * ackedBps) + THROUGHPUT_LIMIT_OFFSET_BPS;
        final long limitBps = Math.min(throughputLimitBps, increaseCapBps);
        if (currentBps >= limitBps)
        {
            // Above the limit already (a probe or an idle spell put us there): hold rather than cut.
            return currentBps;
        }
        long increasedBps;
        if (linkCapacity.hasEstimate())
        {
            increasedBps = currentBps + additiveIncreaseBps(nowUs);
            if (recovering && nowUs - lastDecreaseUs > MAX_RECOVERY_WAIT_US)
            {
                recovering = false;
            }
            if (recovering && queueDrained && fastRecoveryFraction > 0)
            {
                increasedBps = Math.max(increasedBps, (long)(fastRecoveryFraction * linkCapacity.estimateBps()));
                recovering = false;
            }
        }
        else
        {
            increasedBps = currentBps + multiplicativeIncreaseBps(nowUs);
        }
        return Math.min(increasedBps, limitBps);
    }

    private long decreased(final long ackedBps)
    {
        // A deep standing queue (the capacity dropped under us) also needs draining: cut deeper, at most to half.
        final double factor = Math.min(backoffFactor, drainFactor);
        drainFactor = 1.0;
        long decreasedBps = (long)(factor * ackedBps);
        if (decreasedBps > currentBps && linkCapacity.hasEstimate())
        {
            decreasedBps = (long)(factor * linkCapacity.estimateBps());
        }
        if (ackedBps < linkCapacity.lowerBoundBps())
        {
            linkCapacity.reset();
        }
        linkCapacity.onOveruse(ackedBps);
        return Math.min(decreasedBps, currentBps);
    }

    private long multiplicativeIncreaseBps(final long nowUs)
    {
        double factor = increasePerSecond;
        if (lastChangeUs != NONE)
        {
            final double seconds = Math.min((nowUs - lastChangeUs) / 1e6, 1.0);
            factor = Math.pow(increasePerSecond, Math.max(0.0, seconds));
        }
        return Math.max((long)(currentBps * (factor - 1.0)), MIN_INCREASE_BPS);
    }

    private long additiveIncreaseBps(final long nowUs)
    {
        final double seconds = lastChangeUs == NONE ? 0.0 : Math.max(0, nowUs - lastChangeUs) / 1e6;
        return (long)(nearMaxIncreaseBpsPerSecond() * seconds);
    }

    /**
     * When the acknowledged rate last rose 3 standard deviations above the congestion point without an over-use:
     * the bottleneck has moved up (capacity rose, or a competing flow left).
     *
     * @return microseconds, or {@link Long#MIN_VALUE} if never.
     */
    public long capacityOutgrownUs()
    {
        return capacityOutgrownUs;
    }

    /**
     * Additive increase rate near the congestion point: about one packet per response time.
     *
     * @return bits per second per second.
     */
    public double nearMaxIncreaseBpsPerSecond()
    {
        final double frameBits = currentBps / FRAMES_PER_SECOND;
        final double packetsPerFrame = Math.ceil(frameBits / PACKET_BITS);
        final double packetBits = packetsPerFrame > 0 ? frameBits / packetsPerFrame : PACKET_BITS;
        final double responseSeconds = (rttUs + DETECTOR_DELAY_US) / 1e6;
        return Math.max(MIN_ADDITIVE_BPS_PER_SECOND, packetBits / responseSeconds);
    }

    /**
     * Whether another decrease is allowed now: at least one RTT (clamped to [10, 200] ms) since the last change, or
     * the acknowledged rate fell below half the estimate (the last cut was far too small).
     *
     * @param nowUs    current time.
     * @param ackedBps acknowledged rate.
     * @return true when a new over-use should cut again.
     */
    public boolean timeToReduceFurther(final long nowUs, final long ackedBps)
    {
        final long intervalUs = Math.max(10_000, Math.min(200_000, rttUs));
        if (lastChangeUs == NONE || nowUs - lastChangeUs >= intervalUs)
        {
            return true;
        }
        return ackedBps >= 0 && ackedBps < currentBps / 2;
    }

    /**
     * Force the estimate, e.g. to a probe result.
     *
     * @param bps   new estimate (clamped to [min, max]).
     * @param nowUs current time.
     */
    public void setEstimate(final long bps, final long nowUs)
    {
        currentBps = clamp(bps);
        lastChangeUs = nowUs;
    }

    /**
     * Record a probe result in the congestion-point statistic.
     *
     * @param probeBps the probe's measured rate.
     */
    public void onProbeResult(final long probeBps)
    {
        if (linkCapacity.hasEstimate())
        {
            linkCapacity.onProbe(probeBps);
        }
    }

    /**
     * Tell the controller whether the queue its last decrease meant to drain is (nearly) empty again; fast recovery
     * waits for it, so that on a jittery path, where the detector reports normal before the queue is gone, the jump
     * does not land on a standing queue.
     *
     * @param drained true when the latest queuing delay is back near the baseline.
     */
    public void setQueueDrained(final boolean drained)
    {
        this.queueDrained = drained;
    }

    /**
     * Limit increases (never causes a decrease), e.g. to twice the actual send rate while application-limited.
     *
     * @param capBps the cap, or {@link Long#MAX_VALUE} for none.
     */
    public void setIncreaseCap(final long capBps)
    {
        this.increaseCapBps = capBps;
    }

    /**
     * Make the next decrease at least this deep (a factor below {@code beta} applies once, then resets), e.g. so a
     * standing queue drains within a bounded time; the congestion point is still recorded at the full rate.
     *
     * @param factor multiplier of the rate for the next decrease, in [0.5, 1].
     */
    public void setDrainFactor(final double factor)
    {
        drainFactor = Math.max(0.7, Math.min(1.0, factor));
    }

    /**
     * The round-trip time in use.
     *
     * @return microseconds ({@link #DEFAULT_RTT_US} until set).
     */
    public long rttUs()
    {
        return rttUs;
    }

    /**
     * Set the round-trip time used for the additive increase and the decrease interval.
     *
     * @param rttUs microseconds, positive.
     */
    public void setRtt(final long rttUs)
    {
        if (rttUs > 0)
        {
            this.rttUs = rttUs;
        }
    }

    /**
     * The current estimate.
     *
     * @return bits per second.
     */
    public long estimateBps()
    {
        return currentBps;
    }

    /**
     * The current state.
     *
     * @return HOLD or INCREASE (DECREASE is only transient inside {@link #update}).
     */
    public State state()
    {
        return state;
    }

    /**
     * The congestion-point statistic.
     *
     * @return the tracker (read-only use).
     */
    public LinkCapacityTracker linkCapacity()
    {
        return linkCapacity;
    }

    /**
     * When the estimate was last cut.
     *
     * @return microseconds, or {@link Long#MIN_VALUE} if never.
     */
    public long lastDecreaseUs()
    {
        return lastDecreaseUs;
    }

    /**
     * Decreases so far.
     *
     * @return the count.
     */
    public long decreases()
    {
        return decreases;
    }

    private long clamp(final long bps)
    {
        return Math.max(minBps, Math.min(maxBps, bps));
    }
}
