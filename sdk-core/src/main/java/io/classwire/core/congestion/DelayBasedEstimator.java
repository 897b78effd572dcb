package io.classwire.core.congestion;

/**
 * The delay-based half of GCC (draft-ietf-rmcat-gcc-02 section 5): per feedback, feeds the received packets in
 * arrival order through the {@link InterArrivalGrouper} (5.2), the {@link TrendlineEstimator} (5.3) and the
 * {@link OveruseDetector} (5.4), then lets the {@link AimdRateControl} (5.5) act on the verdict.
 *
 * <p>Per feedback, in libwebrtc's order: over-use cuts the estimate (at most once per RTT unless the acknowledged rate
 * collapsed), relative to the delivery rate of the last 250 ms rather than the fused acknowledged rate (ours: at an
 * over-use the path is saturated, so the recent delivery rate is the bottleneck rate now, while the fused rate lags by
 * a second or more: after a capacity drop it makes the first cut far too small, after a probe raised the estimate it
 * makes the cut far too deep); otherwise a fresh probe result sets it when higher, or when the probe was sent at about
 * the current estimate (a confirmation probe that failed means the estimate is too high); otherwise the rate controller
 * runs with the detector's state.
 *
 * <p>Fast recovery (see {@link AimdRateControl}) waits until the smallest queuing delay of a feedback
 * ({@link QueueDelayTracker}) is back under a quarter of the largest one seen when the estimate was cut.
 *
 * <p>Drain-aware cut (ours): the cut factor is {@code min(beta, max(0.7, 1 - q / 1 s))} with {@code q} the smallest
 * queuing delay of the feedback, so a standing queue (a capacity drop into a full buffer) drains in about a second
 * instead of {@code q / (1 - beta)}; see {@link AimdRateControl#setDrainFactor(double)}.
 *
 * <p>Competing regime (ours): when the {@link CompetingFlowDetector} finds that cuts no longer drain the queue (a
 * loss-based flow holds it), the estimate returns to its value before the futile cuts and, until the queue empties,
 * grows additively and is cut at congestion losses instead of at over-use.
 *
 * <p>A gap of more than 1 s between the send times of consecutive received packets (a pause, an outage) resets the
 * grouper and the trendline, so the gap is not read as a delay change; the estimate and the adapted threshold are
 * kept. Single-threaded, allocation-free. Times in microseconds.
 */
public final class DelayBasedEstimator
{
    /** Send gap after which the delay history is forgotten. */
    public static final long PAUSE_RESET_US = 1_000_000;

    private static final double CONFIRMATION_PROBE_MARGIN = 1.1;
    private static final long MIN_DRAINED_QUEUE_US = 5_000;
    private static final long DRAIN_TIME_US = 1_000_000;

    private final InterArrivalGrouper grouper = new InterArrivalGrouper();
    private final TrendlineEstimator trendline = new TrendlineEstimator();
    private final OveruseDetector detector = new OveruseDetector();
    private final QueueDelayTracker queueDelay = new QueueDelayTracker();
    private final CompetingFlowDetector competing = new CompetingFlowDetector();
    private final AimdRateControl rateControl;
    private long lastSendUs = Long.MIN_VALUE;
    private long peakQueueUs;
    private long feedbackMinQueueUs;
    private long feedbackMaxQueueUs;
    private long overuses;

    /**
     * Create an estimator around a rate controller.
     *
     * @param rateControl the AIMD controller whose estimate this drives.
     */
    public DelayBasedEstimator(final AimdRateControl rateControl)
    {
        this.rateControl = rateControl;
    }

    /**
     * Process one feedback's results.
     *
     * @param results         outcomes of one feedback (completed).
     * @param ackedBps        acknowledged rate, or a negative value when unknown.
     * @param recentBps       delivery rate of the most recent packets, or a negative value when unknown; an
     *                        over-use cuts relative to it when known, else relative to {@code ackedBps}.
     * @param probeBps        a probe result completed by this feedback, or a negative value.
     * @param probeTargetBps  the rate that probe was sent at.
     * @param nowUs           current time on the sender's clock.
     * @return the delay-based estimate in bits per second.
     */
    public long onPacketResults(
        final PacketResults results, final long ackedBps, final long recentBps, final long probeBps,
        final long probeTargetBps, final long nowUs)
    {
        final int received = results.receivedCount();
        feedbackMinQueueUs = Long.MAX_VALUE;
        feedbackMaxQueueUs = 0;
        for (int k = 0; k < received; k++)
        {
            final int i = results.arrivalOrder(k);
            final long sendUs = results.sendTimeUs(i);
            final long queueUs = queueDelay.onPacket(sendUs, results.arrivalTimeUs(i));
            feedbackMinQueueUs = Math.min(feedbackMinQueueUs, queueUs);
            feedbackMaxQueueUs = Math.max(feedbackMaxQueueUs, queueUs);
            if (lastSendUs != Long.MIN_VALUE && sendUs - lastSendUs > PAUSE_RESET_US)
            {
                grouper.reset();
                trendline.reset();
                detector.resetState();
            }
            lastSendUs = Math.max(lastSendUs, sendUs);
            if (grouper.onPacket(sendUs, results.arrivalTimeUs(i), nowUs, results.sizeBytes(i)))
            {
                trendline.update(grouper.sendDeltaUs(), grouper.arrivalDeltaUs(), results.arrivalTimeUs(i));
                detector.detect(trendline.modifiedTrend(), trendline.trend(), grouper.sendDeltaUs(),
                    trendline.numDeltas(), results.arrivalTimeUs(i));
            }
        }
        if (feedbackMinQueueUs != Long.MAX_VALUE)
        {
            competing.onFeedback(feedbackMinQueueUs, feedbackMaxQueueUs, nowUs);
        }
        final long restoreBps = competing.pollRestoreBps();
        if (restoreBps > rateControl.estimateBps())
        {
            rateControl.setEstimate(restoreBps, nowUs);
        }
        if (competing.isCompeting())
        {
            return updateCompeting(results.lostCount(), ackedBps, nowUs);
        }
        return updateEstimate(ackedBps, recentBps, probeBps, probeTargetBps, nowUs);
    }

    /**
     * The loss-driven regime against a flow that ignores delay (see {@link CompetingFlowDetector}): additive increase,
     * a cut at a congestion loss, no fast recovery and no probe jumps (a probe through a standing queue measures our
     * share, not the path).
     */
    private long updateCompeting(final int lostPackets, final long ackedBps, final long nowUs)
    {
        rateControl.setQueueDrained(false);
        if (competing.onLoss(lostPackets, feedbackMaxQueueUs, nowUs, rateControl.rttUs()))
        {
            // Relative to the estimate (our window), as TCP halves its window: during a loss burst the competitor's
            // packets crowd ours out of the queue and our recent delivery rate understates our share.
            overuses++;
            rateControl.update(BandwidthUsage.OVERUSING, rateControl.estimateBps(), nowUs);
        }
        else
        {
            rateControl.update(BandwidthUsage.NORMAL, ackedBps, nowUs);
        }
        return rateControl.estimateBps();
    }

    private long updateEstimate(
        final long ackedBps, final long recentBps, final long probeBps, final long probeTargetBps, final long nowUs)
    {
        final long currentBps = rateControl.estimateBps();
        if (feedbackMinQueueUs != Long.MAX_VALUE)
        {
            // The smallest delay of a feedback filters out jitter, which only ever adds delay.
            rateControl.setQueueDrained(feedbackMinQueueUs <= Math.max(MIN_DRAINED_QUEUE_US, peakQueueUs / 4));
        }
        if (detector.usage() == BandwidthUsage.OVERUSING)
        {
            final long basisBps = recentBps >= 0 ? recentBps : ackedBps;
            if (rateControl.timeToReduceFurther(nowUs, basisBps))
            {
                overuses++;
                peakQueueUs = feedbackMaxQueueUs;
                final long preCutBps = rateControl.estimateBps();
                rateControl.setDrainFactor(1.0 - (double)feedbackMinQueueUs / DRAIN_TIME_US);
                rateControl.update(BandwidthUsage.OVERUSING, basisBps, nowUs);
                competing.onDelayBasedCut(
                    nowUs, feedbackMaxQueueUs, rateControl.rttUs(), preCutBps, rateControl.estimateBps());
            }
        }
        else if (probeBps > 0 &&
            (probeBps > currentBps || probeTargetBps <= CONFIRMATION_PROBE_MARGIN * currentBps))
        {
            rateControl.setEstimate(probeBps, nowUs);
            rateControl.onProbeResult(probeBps);
        }
        else
        {
            rateControl.update(detector.usage(), ackedBps, nowUs);
        }
        return rateControl.estimateBps();
    }

    /**
     * The delay-based estimate.
     *
     * @return bits per second.
     */
    public long estimateBps()
    {
        return rateControl.estimateBps();
    }

    /**
     * The detector's latest verdict.
     *
     * @return the state.
     */
    public BandwidthUsage usage()
    {
        return detector.usage();
    }

    /**
     * The rate controller.
     *
     * @return the AIMD controller (for caps, RTT and diagnostics).
     */
    public AimdRateControl rateControl()
    {
        return rateControl;
    }

    /**
     * The competing-flow detector (regime and diagnostics).
     *
     * @return the detector.
     */
    public CompetingFlowDetector competing()
    {
        return competing;
    }

    /**
     * The trendline (diagnostics).
     *
     * @return the estimator.
     */
    public TrendlineEstimator trendline()
    {
        return trendline;
    }

    /**
     * The detector (diagnostics).
     *
     * @return the detector.
     */
    public OveruseDetector detector()
    {
        return detector;
    }

    /**
     * Over-use decreases applied.
     *
     * @return the count.
     */
    public long overuses()
    {
        return overuses;
    }
}
