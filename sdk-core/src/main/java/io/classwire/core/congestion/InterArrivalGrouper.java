package io.classwire.core.congestion;

/**
 * Pre-filter of the delay-based estimator (draft-ietf-rmcat-gcc-02 section 5.2): groups packets sent within a short
 * span (5 ms by default) into one group, and reports, each time a group completes, the deltas between it and the
 * previous group: send-time delta, arrival-time delta and size delta. The delay variation the trendline sees is
 * {@code arrivalDelta - sendDelta} (section 5.1).
 *
 * <p>Burst rule (section 5.2): a packet that arrives within 5 ms of the previous one and whose delay variation
 * relative to the group is negative joins the current group even if it was sent later, because a queue that suddenly
 * drains (for instance after a radio outage) delivers packets of several send groups at once; libwebrtc also stops a
 * burst after 100 ms. A packet sent before the current group's first packet was reordered and is ignored.
 *
 * <p>Resets (libwebrtc behaviour): when arrival deltas go negative for 3 groups in a row (the receiver's clock
 * jumped, or the network reordered whole groups) or when the arrival delta exceeds the local feedback delta by 3 s
 * (a jump of the remote clock), the grouper forgets its groups and starts over. The caller should also
 * {@link #reset()} after a send pause, so a pause is not read as a delay change.
 *
 * <p>Times are microseconds: send times on the sender's clock, arrival times on the receiver's clock, system time
 * the sender's clock when the feedback arrived. Single-threaded, allocation-free.
 */
public final class InterArrivalGrouper
{
    /** Default group span (burst time) from the draft. */
    public static final long DEFAULT_GROUP_LENGTH_US = 5_000;
    /** Most arrival-time spread of a burst. */
    public static final long MAX_BURST_DURATION_US = 100_000;
    /** Arrival delta beyond the local delta that is taken as a remote clock jump. */
    public static final long ARRIVAL_OFFSET_THRESHOLD_US = 3_000_000;
    /** Consecutive reordered groups that cause a reset. */
    public static final int REORDERED_RESET_THRESHOLD = 3;

    private static final long NONE = Long.MIN_VALUE;

    private final long groupLengthUs;

    private long currentFirstSendUs = NONE;
    private long currentSendUs;
    private long currentFirstArrivalUs;
    private long currentCompleteUs;
    private long currentSystemUs;
    private long currentSizeBytes;

    private long previousSendUs = NONE;
    private long previousCompleteUs;
    private long previousSystemUs;
    private long previousSizeBytes;

    private int consecutiveReordered;
    private long sendDeltaUs;
    private long arrivalDeltaUs;
    private long sizeDeltaBytes;
    private long resets;

    /** Create a grouper with the draft's 5 ms group span. */
    public InterArrivalGrouper()
    {
        this(DEFAULT_GROUP_LENGTH_US);
    }

    /**
     * Create a grouper.
     *
     * @param groupLengthUs longest send-time span of one group, positive.
     */
    public InterArrivalGrouper(final long groupLengthUs)
    {
        if (groupLengthUs <= 0)
        {
            throw new IllegalArgumentException("groupLengthUs must be positive: " + groupLengthUs);
        }
        this.groupLengthUs = groupLengthUs;
    }

    /**
     * Add a received packet, in arrival order.
     *
     * @param sendTimeUs    send time on the sender's clock.
     * @param arrivalTimeUs arrival time on the receiver's clock.
     * @param systemTimeUs  when its feedback arrived, on the sender's clock.
     * @param sizeBytes     packet size.
     * @return true when this packet completed a group and new deltas are available from the accessors.
     */
    public boolean onPacket(
        final long sendTimeUs, final long arrivalTimeUs, final long systemTimeUs, final int sizeBytes)
    {
        boolean computed = false;
        if (currentFirstSendUs == NONE)
        {
            startGroup(sendTimeUs, arrivalTimeUs);
        }
        else if (sendTimeUs < currentFirstSendUs)
        {
            return false;
        }
        else if (isNewGroup(sendTimeUs, arrivalTimeUs))
        {
            if (previousSendUs != NONE)
            {
                final long sendDelta = currentSendUs - previousSendUs;
                final long arrivalDelta = currentCompleteUs - previousCompleteUs;
                final long systemDelta = currentSystemUs - previousSystemUs;
                if (arrivalDelta - systemDelta >= ARRIVAL_OFFSET_THRESHOLD_US)
                {
                    reset();
                    return false;
                }
                if (arrivalDelta < 0)
                {
                    if (++consecutiveReordered >= REORDERED_RESET_THRESHOLD)
                    {
                        reset();
                    }
                    return false;
                }
                consecutiveReordered = 0;
                sendDeltaUs = sendDelta;
                arrivalDeltaUs = arrivalDelta;
                sizeDeltaBytes = currentSizeBytes - previousSizeBytes;
                computed = true;
            }
            previousSendUs = currentSendUs;
            previousCompleteUs = currentCompleteUs;
            previousSystemUs = currentSystemUs;
            previousSizeBytes = currentSizeBytes;
            startGroup(sendTimeUs, arrivalTimeUs);
        }
        else
        {
            currentSendUs = Math.max(currentSendUs, sendTimeUs);
        }
        currentSizeBytes += sizeBytes;
        currentCompleteUs = arrivalTimeUs;
        currentSystemUs = systemTimeUs;
        return computed;
    }

    private void startGroup(final long sendTimeUs, final long arrivalTimeUs)
    {
        currentFirstSendUs = sendTimeUs;
        currentSendUs = sendTimeUs;
        currentFirstArrivalUs = arrivalTimeUs;
        currentSizeBytes = 0;
    }

    private boolean isNewGroup(final long sendTimeUs, final long arrivalTimeUs)
    {
        if (belongsToBurst(sendTimeUs, arrivalTimeUs))
        {
            return false;
        }
        return sendTimeUs - currentFirstSendUs > groupLengthUs;
    }

    private boolean belongsToBurst(final long sendTimeUs, final long arrivalTimeUs)
    {
        final long arrivalDelta = arrivalTimeUs - currentCompleteUs;
        final long sendDelta = sendTimeUs - currentSendUs;
        if (sendDelta == 0)
        {
            return true;
        }
        final long propagationDelta = arrivalDelta - sendDelta;
        return propagationDelta < 0 &&
            arrivalDelta <= DEFAULT_GROUP_LENGTH_US &&
            arrivalTimeUs - currentFirstArrivalUs < MAX_BURST_DURATION_US;
    }

    /** Forget all groups, e.g. after a send pause or a clock jump. */
    public void reset()
    {
        currentFirstSendUs = NONE;
        previousSendUs = NONE;
        consecutiveReordered = 0;
        currentSizeBytes = 0;
        resets++;
    }

    /**
     * Send-time delta between the last two completed groups (their last packets' send times).
     *
     * @return microseconds; valid after {@link #onPacket} returned true.
     */
    public long sendDeltaUs()
    {
        return sendDeltaUs;
    }

    /**
     * Arrival-time delta between the last two completed groups (their last packets' arrival times).
     *
     * @return microseconds; valid after {@link #onPacket} returned true.
     */
    public long arrivalDeltaUs()
    {
        return arrivalDeltaUs;
    }

    /**
     * Size difference between the last two completed groups.
     *
     * @return bytes; valid after {@link #onPacket} returned true.
     */
    public long sizeDeltaBytes()
    {
        return sizeDeltaBytes;
    }

    /**
     * Resets so far (explicit and automatic).
     *
     * @return the count.
     */
    public long resets()
    {
        return resets;
    }
}
