package io.classwire.core.probe;

/**
 * Uplink bandwidth phase of a {@link NetworkProbe}: sends paced trains to the responder, one at a time, and judges
 * each by the {@link ProbeMessage train report} the responder returns; see {@link RateLadder} for the escalation.
 * A train whose report does not come within its drain time, a round trip and {@link ProbeConfig#reportWaitNs()} is
 * repeated (see {@link RateLadder}). Single-threaded; allocation-free.
 */
final class UplinkPhase
{
    private static final int IDLE = 0;
    private static final int SENDING = 1;
    private static final int AWAITING_REPORT = 2;
    private static final int DONE = 3;

    private final ProbeChannel channel;
    private final ProbeConfig config;
    private final RateLadder ladder;
    private final TrainPacer pacer = new TrainPacer();
    private int state = DONE;
    private long deadlineNs;
    private long rttNs;
    private long reportDeadlineNs;
    private int nextTrainId = 1;
    private long packetsSent;

    UplinkPhase(final ProbeChannel channel, final ProbeConfig config)
    {
        this.channel = channel;
        this.config = config;
        this.ladder = new RateLadder(config);
    }

    /**
     * Begin the phase.
     *
     * @param deadlineNs no train starts that could not be judged by then.
     * @param rttNs      round-trip time to plan waits with.
     */
    void start(final long deadlineNs, final long rttNs)
    {
        this.deadlineNs = deadlineNs;
        this.rttNs = rttNs;
        state = IDLE;
    }

    /**
     * Start, send or time out trains as due.
     *
     * @param nowNs current time.
     * @return packets sent and decisions taken.
     */
    int doWork(final long nowNs)
    {
        int work = 0;
        if (state == AWAITING_REPORT && nowNs >= reportDeadlineNs)
        {
            ladder.onTrainMissed();
            state = IDLE;
            work++;
        }
        if (state == IDLE)
        {
            work += startTrain(nowNs);
        }
        if (state == SENDING)
        {
            work += sendDue(nowNs);
        }
        return work;
    }

    private int startTrain(final long nowNs)
    {
        if (!ladder.isFinished())
        {
            final long trainNs = config.trainDurationNs();
            if (nowNs + 2 * trainNs + rttNs + config.reportWaitNs() / 2 > deadlineNs)
            {
                ladder.finish();
            }
            else
            {
                final int count = ladder.packetCount();
                pacer.start(nextTrainId++, count, ladder.packetBytes(count), ladder.rateBps(), nowNs);
                state = SENDING;
                return 1;
            }
        }
        state = DONE;
        return 1;
    }

    private int sendDue(final long nowNs)
    {
        int work = 0;
        while (pacer.isDue(nowNs))
        {
            final int length = ProbeMessageWriter.writeTrainPacket(channel.buffer(), 0, pacer.packetBytes(),
                channel.probeId(), pacer.trainId(), pacer.nextIndex(), pacer.count(), nowNs, pacer.packetBytes());
            final boolean sent = channel.send(length);
            pacer.onSent(nowNs, sent);
            packetsSent += sent ? 1 : 0;
            work++;
        }
        if (!pacer.isActive())
        {
            state = AWAITING_REPORT;
            reportDeadlineNs = nowNs + pacer.durationNs() + rttNs + config.reportWaitNs();
        }
        return work;
    }

    /**
     * Judge the current train by the responder's report.
     *
     * @param report a validated train report of this probe.
     */
    void onReport(final ProbeMessage report)
    {
        if ((state != SENDING && state != AWAITING_REPORT) || report.trainId() != pacer.trainId() ||
            pacer.sentPackets() == 0)
        {
            return;
        }
        pacer.stop();
        final double loss = Math.max(0.0, 1.0 - (double)report.packetsReceived() / pacer.sentPackets());
        ladder.onTrain(pacer.sentRateBps(), report.receivedRateBps(), loss, report.delayGrowthNs());
        state = IDLE;
    }

    /** @return the next time {@link #doWork(long)} has something to do. */
    long nextDeadlineNs()
    {
        switch (state)
        {
            case IDLE: return Long.MIN_VALUE;
            case SENDING: return pacer.nextSendNs();
            case AWAITING_REPORT: return reportDeadlineNs;
            default: return Long.MAX_VALUE;
        }
    }

    boolean isDone()
    {
        return state == DONE;
    }

    /** Stop sending; the estimate so far stands. */
    void abort()
    {
        pacer.stop();
        ladder.finish();
        state = DONE;
    }

    RateLadder ladder()
    {
        return ladder;
    }

    long packetsSent()
    {
        return packetsSent;
    }
}
