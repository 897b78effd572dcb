package io.classwire.core.probe;

/**
 * A {@link ProbeResponder}'s state for one probe run, keyed by the sender's peer id and the probe id: its echo count,
 * the uplink train being received, the downlink train being sent, and the downlink bytes it has had. Preallocated and
 * reused, so a responder's memory is fixed by {@link ResponderLimits#maxProbes()}. Single-threaded.
 */
final class ResponderSlot
{
    static final int NO_TRAIN = 0;

    final TrainReceiver uplink;
    final TrainPacer downlink = new TrainPacer();
    boolean inUse;
    int peerId;
    int probeId;
    int cookie;
    long lastActivityNs;
    long echoRequests;
    long downlinkBytes;
    int lastReportedTrainId;
    int lastRequestedTrainId;

    ResponderSlot(final int maxTrainPackets)
    {
        this.uplink = new TrainReceiver(maxTrainPackets);
    }

    /**
     * Take the slot for a new probe run.
     *
     * @param peerId  the sender.
     * @param probeId the run.
     * @param cookie  the run's cookie, computed once here so that the hot path never runs the HMAC.
     * @param nowNs   current time.
     */
    void claim(final int peerId, final int probeId, final int cookie, final long nowNs)
    {
        this.inUse = true;
        this.peerId = peerId;
        this.probeId = probeId;
        this.cookie = cookie;
        this.lastActivityNs = nowNs;
        this.echoRequests = 0;
        this.downlinkBytes = 0;
        this.lastReportedTrainId = NO_TRAIN;
        this.lastRequestedTrainId = NO_TRAIN;
        uplink.end();
        downlink.stop();
    }

    /** Forget the run. */
    void release()
    {
        inUse = false;
        uplink.end();
        downlink.stop();
    }

    /**
     * @param nowNs         current time.
     * @param idleTimeoutNs how long state outlives the last message.
     * @return true when the slot is free or its run has gone quiet for the timeout.
     */
    boolean isReusable(final long nowNs, final long idleTimeoutNs)
    {
        return !inUse || (nowNs - lastActivityNs >= idleTimeoutNs && !downlink.isActive());
    }

    /**
     * @param peerId  id of a peer.
     * @param probeId id of a run.
     * @return the key of that pair in the responder's index.
     */
    static long key(final int peerId, final int probeId)
    {
        return ((long)peerId << 32) | (probeId & 0xFFFF_FFFFL);
    }

    long key()
    {
        return key(peerId, probeId);
    }
}
