package io.classwire.core.probe;

/**
 * Downlink bandwidth phase of a {@link NetworkProbe}: asks the responder for one train at a time and measures it on
 * arrival; see {@link RateLadder} for the escalation. The responder may clamp a request, so the train's packet count
 * is taken from its packets, and its sent rate from the responder's timestamps on them. A train is over when all its
 * packets are in, or {@link ProbeConfig#trainIdleTimeoutNs()} after the latest one; a request that brings no packet
 * within two round trips and half of {@link ProbeConfig#reportWaitNs()} is repeated (see {@link RateLadder}).
 * Single-threaded; allocation-free.
 */
final class DownlinkPhase
{
    private static final int IDLE = 0;
    private static final int RECEIVING = 1;
    private static final int DONE = 2;

    private final ProbeChannel channel;
    private final ProbeConfig config;
    private final RateLadder ladder;
    private final TrainReceiver receiver = new TrainReceiver(0xFFFF);
    private int state = DONE;
    private long deadlineNs;
    private long rttNs;
    private int cookie;
    private int trainId;
    private long waitUntilNs;
    private int nextTrainId = 1;
    private long packetsReceived;

    DownlinkPhase(final ProbeChannel channel, final ProbeConfig config)
    {
        this.channel = channel;
        this.config = config;
        this.ladder = new RateLadder(config);
    }

    /**
     * Begin the phase.
     *
     * @param deadlineNs no train is requested that could not be judged by then.
     * @param rttNs      round-trip time to plan waits with.
     * @param cookie     from the responder's echo replies.
     */
    void start(final long deadlineNs, final long rttNs, final int cookie)
    {
        this.deadlineNs = deadlineNs;
        this.rttNs = rttNs;
        this.cookie = cookie;
        state = IDLE;
    }

    /**
     * Request the next train or time out the current one.
     *
     * @param nowNs current time.
     * @return requests sent and decisions taken.
     */
    int doWork(final long nowNs)
    {
        int work = 0;
        if (state == RECEIVING && nowNs >= waitUntilNs)
        {
            if (receiver.received() >= 2)
            {
                judge();
            }
            else
            {
                ladder.onTrainMissed();
            }
            receiver.end();
            state = IDLE;
            work++;
        }
        if (state == IDLE)
        {
            work += requestTrain(nowNs);
        }
        return work;
    }

    private int requestTrain(final long nowNs)
    {
        final long trainNs = config.trainDurationNs();
        if (!ladder.isFinished() && nowNs + 2 * trainNs + rttNs + config.reportWaitNs() / 2 > deadlineNs)
        {
            ladder.finish();
        }
        if (ladder.isFinished())
        {
            state = DONE;
            return 1;
        }
        final int count = ladder.packetCount();
        trainId = nextTrainId++;
        final int length = ProbeMessageWriter.writeDownlinkTrainRequest(channel.buffer(), 0,
            ProbeMessage.REQUEST_LENGTH, channel.probeId(), trainId, cookie, count, ladder.packetBytes(count),
            ladder.rateBps());
        // Twice: a lost request costs a whole wait, a duplicate costs 24 bytes (the responder ignores the copy).
        channel.send(length);
        channel.send(length);
        receiver.begin(trainId, count);
        // The responder starts at once, so the first packet is due a round trip from now; later ones extend the wait.
        waitUntilNs = nowNs + 2 * rttNs + config.reportWaitNs() / 2;
        state = RECEIVING;
        return 1;
    }

    /**
     * Account one packet of the current train.
     *
     * @param packet     a validated train packet of this probe.
     * @param receivedNs its arrival time.
     */
    void onTrainPacket(final ProbeMessage packet, final long receivedNs)
    {
        if (state != RECEIVING || packet.trainId() != trainId)
        {
            return;
        }
        if (receiver.received() == 0 && packet.count() != receiver.count())
        {
            receiver.begin(trainId, packet.count());
        }
        if (receiver.onPacket(packet.trainIndex(), packet.messageLength(), packet.trainSendNs(), receivedNs))
        {
            packetsReceived++;
            waitUntilNs = receivedNs + config.trainIdleTimeoutNs();
            if (receiver.isComplete())
            {
                judge();
                receiver.end();
                state = IDLE;
            }
        }
    }

    private void judge()
    {
        final double loss = 1.0 - (double)receiver.received() / receiver.count();
        ladder.onTrain(receiver.sentRateBps(), receiver.receivedRateBps(), loss, receiver.delayGrowthNs());
    }

    /** @return the next time {@link #doWork(long)} has something to do. */
    long nextDeadlineNs()
    {
        switch (state)
        {
            case IDLE: return Long.MIN_VALUE;
            case RECEIVING: return waitUntilNs;
            default: return Long.MAX_VALUE;
        }
    }

    boolean isDone()
    {
        return state == DONE;
    }

    /** Stop; the estimate so far stands. */
    void abort()
    {
        receiver.end();
        ladder.finish();
        state = DONE;
    }

    RateLadder ladder()
    {
        return ladder;
    }

    long packetsReceived()
    {
        return packetsReceived;
    }
}
