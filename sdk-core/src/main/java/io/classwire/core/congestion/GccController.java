package io.classwire.core.congestion;

import io.classwire.core.wire.TransportFeedback;

/**
 * Google Congestion Control (draft-ietf-rmcat-gcc-02) assembled from this package's parts, with the changes
 * docs/congestion.md lists: fast recovery after a decrease, a model-based loss bound that ignores random loss,
 * application-limited caps, probing for ramp-up, drops, resumes and an outgrown congestion point, a regime for
 * competing with loss-based flows, and a feedback timeout.
 *
 * <pre>
 *  onPacketSent -> SentPacketHistory, ApplicationLimitedDetector
 *  onTransportFeedback -> FeedbackAdapter -> PacketResults
 *      -> AcknowledgedBitrateEstimator (R)      -> ProbeBitrateEstimator (probe result)
 *      -> LossBasedEstimator (loss bound)       -> DelayBasedEstimator (grouper, trendline, detector, AIMD)
 *      -> SendSideBandwidthEstimator: target = clamp(min(delay, loss), min, max) -> ProbeController
 *      -> FeedbackTimeout: target = min(that, timeout cap)
 *  onProcessInterval -> ApplicationLimitedDetector (cap), loss-bound recovery, FeedbackTimeout, ProbeController,
 *                       history expiry
 * </pre>
 *
 * <p>Pacing rate = pacing factor x target. Single-threaded; all state is sized at construction, so sending,
 * feedback and processing allocate nothing.
 */
public final class GccController implements CongestionController
{
    private static final long RECENT_DECREASE_US = 1_000_000;

    private final CongestionConfig config;
    private final SentPacketHistory history;
    private final FeedbackAdapter adapter;
    private final PacketResults results;
    private final AcknowledgedBitrateEstimator acknowledged = new AcknowledgedBitrateEstimator();
    private final ProbeBitrateEstimator probeEstimator = new ProbeBitrateEstimator();
    private final ProbeController probeController;
    private final ApplicationLimitedDetector applicationLimited;
    private final AimdRateControl rateControl;
    private final DelayBasedEstimator delayBased;
    private final LossBasedEstimator lossBased;
    private final SendSideBandwidthEstimator sendSide;
    private final FeedbackTimeout feedbackTimeout;
    private boolean started;
    private boolean wasApplicationLimited;
    private long rttUs = -1;
    private long lastNowUs;
    private long uncappedBps;
    private long targetBps;
    private long pacingBps;

    /**
     * Create a controller.
     *
     * @param config settings; validated here.
     */
    public GccController(final CongestionConfig config)
    {
        this.config = config.conclude();
        history = new SentPacketHistory(config.historyCapacity(), config.historyMaxAgeNs() / 1000);
        adapter = new FeedbackAdapter(history);
        results = new PacketResults(config.historyCapacity());
        probeController = new ProbeController(config.maxBitrateBps(), config.alrProbeIntervalNs() / 1000, 1.0,
            config.rampUpProbeIntervalNs() / 1000);
        applicationLimited = new ApplicationLimitedDetector(
            ApplicationLimitedDetector.DEFAULT_ENTER_RATIO, ApplicationLimitedDetector.DEFAULT_EXIT_RATIO,
            config.applicationLimitedCapFactor(), ApplicationLimitedDetector.DEFAULT_PAUSE_US, config.minBitrateBps());
        rateControl = new AimdRateControl(config.startBitrateBps(), config.minBitrateBps(), config.maxBitrateBps(),
            config.backoffFactor(), config.increasePerSecond(), config.fastRecoveryFraction());
        delayBased = new DelayBasedEstimator(rateControl);
        lossBased = new LossBasedEstimator(config.minBitrateBps(), config.maxInherentLoss());
        sendSide = new SendSideBandwidthEstimator(
            config.minBitrateBps(), config.startBitrateBps(), config.maxBitrateBps(), lossBased);
        feedbackTimeout = new FeedbackTimeout(config.minBitrateBps());
        setTarget(sendSide.targetBps(), 0);
    }

    /** {@inheritDoc} */
    @Override
    public void onPacketSent(
        final long transportSequence, final long sendTimeNs, final int sizeBytes, final int kind,
        final int probeClusterId)
    {
        final long nowUs = sendTimeNs / 1000;
        history.add(transportSequence, nowUs, sizeBytes, kind, probeClusterId);
        applicationLimited.onPacketSent(sizeBytes, kind, nowUs);
        feedbackTimeout.onPacketSent(nowUs);
    }

    /** {@inheritDoc} */
    @Override
    public int onTransportFeedback(final TransportFeedback feedback, final long nowNs)
    {
        final long nowUs = nowNs / 1000;
        lastNowUs = nowUs;
        final int count = adapter.adapt(feedback, nowUs, results);
        if (count <= 0)
        {
            return count;
        }
        if (results.rttSampleUs() != PacketResults.NO_RTT)
        {
            updateRtt(results.rttSampleUs());
        }
        final boolean resumed = feedbackTimeout.onFeedback(nowUs);
        if (resumed)
        {
            onFeedbackResumed(nowUs);
        }
        final boolean limited = applicationLimited.isApplicationLimited();
        acknowledged.onPacketResults(results, limited);
        long probeBps = probeEstimator.onPacketResults(results);
        if (probeBps > 0 && limited && !probeController.isWaitingForResult())
        {
            // While application-limited a probe may confirm or lower the estimate, not inflate it past the cap.
            probeBps = Math.min(probeBps, Math.max(delayBased.estimateBps(), applicationLimited.increaseCapBps()));
        }
        if (probeBps > 0)
        {
            feedbackTimeout.onProbeResult(probeBps);
        }
        lossBased.onPacketResults(results);
        rateControl.setIncreaseCap(applicationLimited.increaseCapBps());
        final long delayBps = delayBased.onPacketResults(
            results, acknowledged.bitrateBps(), bottleneckRateBps(), probeBps, probeEstimator.lastResultTargetBps(),
            nowUs);
        setTarget(sendSide.onDelayBasedEstimate(delayBps), nowUs);
        return count;
    }

    /** {@inheritDoc} */
    @Override
    public void onRoundTripTime(final long rttNs, final long nowNs)
    {
        updateRtt(rttNs / 1000);
    }

    /** {@inheritDoc} */
    @Override
    public void onProcessInterval(final long nowNs)
    {
        final long nowUs = nowNs / 1000;
        lastNowUs = nowUs;
        if (!started)
        {
            started = true;
            probeController.start(config.startBitrateBps(), nowUs);
        }
        applicationLimited.update(targetBps, nowUs);
        final boolean limited = applicationLimited.isApplicationLimited();
        if (wasApplicationLimited && !limited)
        {
            acknowledged.expectFastChange();
        }
        wasApplicationLimited = limited;
        rateControl.setIncreaseCap(applicationLimited.increaseCapBps());
        history.expire(nowUs);
        final long target = sendSide.process(nowUs);
        final long lastDecreaseUs = rateControl.lastDecreaseUs();
        final boolean limitedByCongestion = rateControl.linkCapacity().hasEstimate() ||
            delayBased.competing().isCompeting() ||
            lossBased.isLossLimited() || delayBased.usage() == BandwidthUsage.OVERUSING ||
            (lastDecreaseUs != Long.MIN_VALUE && nowUs - lastDecreaseUs < RECENT_DECREASE_US);
        if (!delayBased.competing().isCompeting())
        {
            probeController.onCapacityOutgrown(rateControl.capacityOutgrownUs());
        }
        final FeedbackTimeout.State before = feedbackTimeout.state();
        feedbackTimeout.process(nowUs, rttUs, target);
        if (before != FeedbackTimeout.State.TIMED_OUT && feedbackTimeout.state() == FeedbackTimeout.State.TIMED_OUT)
        {
            probeController.setSuspended(true);
        }
        probeController.process(nowUs, limited, applicationLimited.pollResumed(),
            limitedByCongestion || feedbackTimeout.state() != FeedbackTimeout.State.NORMAL);
        setTarget(target, nowUs);
    }

    /** {@inheritDoc} */
    @Override
    public long processIntervalNs()
    {
        return config.processIntervalNs();
    }

    /** {@inheritDoc} */
    @Override
    public long targetBitrateBps()
    {
        return targetBps;
    }

    /** {@inheritDoc} */
    @Override
    public long pacingRateBps()
    {
        return pacingBps;
    }

    /** {@inheritDoc} */
    @Override
    public boolean pollProbeRequest(final ProbeClusterRequest out)
    {
        if (!probeController.poll(out))
        {
            return false;
        }
        probeEstimator.register(out, lastNowUs);
        return true;
    }

    /**
     * The rate through the bottleneck recently: delivered packets, scaled up by the inherent loss the loss model
     * learnt while the queue was short. Random loss downstream of the queue (a radio hop) still used the bottleneck;
     * without the scaling every over-use at 10% random loss would cut to 0.85 x 0.9 of the capacity.
     */
    private long bottleneckRateBps()
    {
        final long recentBps = acknowledged.recentDeliveryRateBps();
        if (recentBps < 0)
        {
            return recentBps;
        }
        return (long)(recentBps / (1.0 - lossBased.inherentLossEstimate()));
    }

    /**
     * Feedback is back after a timeout: what the outage lost is not congestion, so the loss model skips every packet
     * this feedback reports or older; a probe at the pre-outage estimate tells within one RTT whether the path still
     * carries it.
     */
    private void onFeedbackResumed(final long nowUs)
    {
        long newestSendUs = Long.MIN_VALUE;
        for (int i = 0; i < results.count(); i++)
        {
            newestSendUs = Math.max(newestSendUs, results.sendTimeUs(i));
        }
        lossBased.ignoreSentBefore(newestSendUs + 1);
        probeController.setSuspended(false);
        probeController.probeAt(feedbackTimeout.preOutageBps(), nowUs);
    }

    private void setTarget(final long bps, final long nowUs)
    {
        uncappedBps = bps;
        targetBps = Math.min(bps, feedbackTimeout.capBps());
        pacingBps = (long)(config.pacingFactor() * targetBps);
        if (started)
        {
            // The probe controller follows the estimators, not the timeout cap: a cap is not a congestion drop.
            probeController.onEstimate(bps, nowUs);
        }
    }

    private void updateRtt(final long sampleUs)
    {
        if (sampleUs <= 0)
        {
            return;
        }
        rttUs = rttUs < 0 ? sampleUs : rttUs + (sampleUs - rttUs) / 8;
        rateControl.setRtt(rttUs);
    }

    /**
     * The target the estimators give before the feedback-timeout cap.
     *
     * @return bits per second.
     */
    public long uncappedTargetBps()
    {
        return uncappedBps;
    }

    /**
     * The feedback-timeout monitor (diagnostics and tests).
     *
     * @return the monitor.
     */
    public FeedbackTimeout feedbackTimeout()
    {
        return feedbackTimeout;
    }

    /**
     * The delay-based estimate.
     *
     * @return bits per second.
     */
    public long delayBasedEstimateBps()
    {
        return delayBased.estimateBps();
    }

    /**
     * The loss-based bound.
     *
     * @return bits per second, or {@link LossBasedEstimator#UNLIMITED}.
     */
    public long lossBasedBoundBps()
    {
        return lossBased.boundBps();
    }

    /**
     * The acknowledged rate.
     *
     * @return bits per second, or {@link AcknowledgedBitrateEstimator#NO_ESTIMATE}.
     */
    public long acknowledgedBitrateBps()
    {
        return acknowledged.bitrateBps();
    }

    /**
     * Whether the sender is application-limited.
     *
     * @return the detector's state.
     */
    public boolean isApplicationLimited()
    {
        return applicationLimited.isApplicationLimited();
    }

    /**
     * The smoothed round-trip time.
     *
     * @return microseconds, or -1 before the first sample.
     */
    public long rttUs()
    {
        return rttUs;
    }

    /**
     * What limits the target.
     *
     * @return the limit.
     */
    public SendSideBandwidthEstimator.Limit limit()
    {
        return sendSide.limit();
    }

    /**
     * The over-use detector's latest verdict.
     *
     * @return the state.
     */
    public BandwidthUsage usage()
    {
        return delayBased.usage();
    }

    /**
     * Bytes sent and not yet reported by feedback.
     *
     * @return the count.
     */
    public long inFlightBytes()
    {
        return history.inFlightBytes();
    }

    /**
     * Parts, for diagnostics and tests.
     *
     * @return the delay-based estimator.
     */
    public DelayBasedEstimator delayBased()
    {
        return delayBased;
    }

    /**
     * Parts, for diagnostics and tests.
     *
     * @return the loss-based estimator.
     */
    public LossBasedEstimator lossBased()
    {
        return lossBased;
    }

    /**
     * Parts, for diagnostics and tests.
     *
     * @return the probe controller.
     */
    public ProbeController probeController()
    {
        return probeController;
    }

    /**
     * Parts, for diagnostics and tests.
     *
     * @return the feedback adapter.
     */
    public FeedbackAdapter feedbackAdapter()
    {
        return adapter;
    }
}
