package io.classwire.core.congestion;

import io.classwire.core.transport.TimedAgent;

/**
 * Leaky-bucket pacer with strict priority queues (draft-ietf-rmcat-gcc-02 section 4, "sending engine"): smooths
 * the sender's bursts (an encoder emits a whole frame at once) into a rate the congestion controller chose, so the
 * bottleneck queue reflects the target rather than the encoder's burstiness and inter-arrival deltas stay meaningful.
 *
 * <ul>
 *   <li>Rate: {@link #setPacingRate(long)}, normally {@code pacingFactor (2.5) * target} so a frame leaves well within
 *   its frame interval. If the queued bytes would need more than the maximum queue time (2 s) at that rate, the rate
 *   rises to drain them within it (libwebrtc does the same rather than let latency grow without bound).</li>
 *   <li>Budget: a token bucket filled at the pacing rate and capped at {@code burstWindow * rate}: after idle
 *   time at most that much (plus one packet) leaves back-to-back. A packet may leave whenever the budget is not
 *   negative (it may take the budget negative), so the long-run rate is exact and no packet waits for a budget
 *   larger than itself.</li>
 *   <li>Priority: queues per {@link PacketKind}, drained strictly in code order: audio, retransmission, video, data.
 *   Within a kind, first in first out.</li>
 *   <li>Probes: clusters ({@link #addProbeCluster}) are sent at their own rate, ignoring the budget, using queued media
 *   first and padding ({@link PacketSender#sendPadding}) when the queues are empty. Nothing else leaves while a
 *   cluster is being sent: media interleaved outside the cluster would make the cluster measure only its share of
 *   the bottleneck. Media sent in a probe still debits the budget, so probing does not raise the average media
 *   rate.</li>
 * </ul>
 *
 * <p>Queues ({@link PacketPriorityQueues}) are fixed rings of packet handles (ints chosen by the caller), sizes and
 * enqueue times: nothing allocates after construction. Single-threaded: owned by the sending agent; drive it with
 * {@link #process} at {@link #nextSendTimeNs(long)}.
 */
public final class Pacer
{
    /**
     * Default budget cap, as time at the pacing rate: the delay estimator's 5 ms group span. A larger cap (40 ms was
     * tried) lets a whole frame leave at one instant; the bottleneck then spreads it, consecutive frames merge into
     * 100 ms bursts in the inter-arrival grouper, and over-use is detected only once the queue reaches ~200 ms.
     */
    public static final long DEFAULT_BURST_WINDOW_NS = 5_000_000L;
    /** Default longest time the queue may take to drain. */
    public static final long DEFAULT_MAX_QUEUE_TIME_NS = 2_000_000_000L;

    private static final int MAX_PENDING_CLUSTERS = 4;
    private static final int MIN_PADDING_BYTES = 200;
    private static final int MAX_PADDING_BYTES = 1200;
    private static final long NONE = Long.MIN_VALUE;

    private final PacketPriorityQueues queues;
    private final long burstWindowNs;
    private final long maxQueueTimeNs;

    private final int[] clusterIds = new int[MAX_PENDING_CLUSTERS];
    private final long[] clusterRatesBps = new long[MAX_PENDING_CLUSTERS];
    private final int[] clusterMinPackets = new int[MAX_PENDING_CLUSTERS];
    private final int[] clusterMinBytes = new int[MAX_PENDING_CLUSTERS];
    private int clusterHead;
    private int clusterCount;
    private long probeStartNs = NONE;
    private long probeBytes;
    private int probePackets;

    private long pacingRateBps;
    private double budgetBytes;
    private long lastRefillNs = NONE;
    private long sentPackets;
    private long sentBytes;
    private long paddingBytes;
    private long droppedPackets;

    /**
     * Create a pacer with a 5 ms burst window and a 2 s queue limit.
     *
     * @param queueCapacity packets each priority queue holds; positive.
     */
    public Pacer(final int queueCapacity)
    {
        this(queueCapacity, DEFAULT_BURST_WINDOW_NS, DEFAULT_MAX_QUEUE_TIME_NS);
    }

    /**
     * Create a pacer.
     *
     * @param queueCapacity  packets each priority queue holds; positive.
     * @param burstWindowNs  budget cap as time at the pacing rate; positive.
     * @param maxQueueTimeNs longest time the queue may take to drain; positive.
     */
    public Pacer(final int queueCapacity, final long burstWindowNs, final long maxQueueTimeNs)
    {
        if (queueCapacity <= 0 || burstWindowNs <= 0 || maxQueueTimeNs <= 0)
        {
            throw new IllegalArgumentException("bad pacer parameters");
        }
        this.burstWindowNs = burstWindowNs;
        this.maxQueueTimeNs = maxQueueTimeNs;
        queues = new PacketPriorityQueues(queueCapacity);
    }

    /**
     * Set the pacing rate.
     *
     * @param bps bits per second, positive.
     */
    public void setPacingRate(final long bps)
    {
        pacingRateBps = Math.max(1, bps);
    }

    /**
     * Queue a packet.
     *
     * @param handle    caller's handle, passed back to {@link PacketSender#sendPacket}.
     * @param kind      a {@link PacketKind} other than padding.
     * @param sizeBytes its size, positive.
     * @param nowNs     current time.
     * @return false when that priority's queue is full or the kind is invalid (the packet is not queued).
     */
    public boolean enqueue(final int handle, final int kind, final int sizeBytes, final long nowNs)
    {
        if (!queues.offer(handle, kind, sizeBytes, nowNs))
        {
            droppedPackets++;
            return false;
        }
        return true;
    }

    /**
     * Queue a probe cluster; it starts when the previous one finishes.
     *
     * @param request the cluster.
     * @return false when too many clusters are pending.
     */
    public boolean addProbeCluster(final ProbeClusterRequest request)
    {
        if (clusterCount == MAX_PENDING_CLUSTERS || request.bitrateBps() <= 0)
        {
            return false;
        }
        final int slot = (clusterHead + clusterCount) % MAX_PENDING_CLUSTERS;
        clusterIds[slot] = request.clusterId();
        clusterRatesBps[slot] = request.bitrateBps();
        clusterMinPackets[slot] = request.minPackets();
        clusterMinBytes[slot] = request.minBytes();
        clusterCount++;
        return true;
    }

    /**
     * Release every packet (and probe packet) due now.
     *
     * @param nowNs  current time.
     * @param sender receives the packets.
     * @return packets released.
     */
    public int process(final long nowNs, final PacketSender sender)
    {
        refill(nowNs);
        int released = 0;
        while (true)
        {
            if (clusterCount > 0)
            {
                // While probing, everything leaves as part of the cluster, so the cluster's arrival spacing measures
                // the path rather than the probe's share of it.
                if (nextProbeNs(nowNs) > nowNs)
                {
                    return released;
                }
                if (sendProbePacket(nowNs, sender))
                {
                    released++;
                }
                else
                {
                    finishCluster();
                }
                continue;
            }
            final int kind = queues.highestPriorityKind();
            if (kind < 0 || budgetBytes < 0)
            {
                return released;
            }
            sendQueued(kind, SentPacketHistory.NOT_A_PROBE, nowNs, sender);
            released++;
        }
    }

    private boolean sendProbePacket(final long nowNs, final PacketSender sender)
    {
        if (probeStartNs == NONE)
        {
            probeStartNs = nowNs;
        }
        final int clusterId = clusterIds[clusterHead];
        final int kind = queues.highestPriorityKind();
        int bytes;
        if (kind >= 0)
        {
            bytes = sendQueued(kind, clusterId, nowNs, sender);
        }
        else
        {
            final int wanted = clusterMinBytes[clusterHead] / Math.max(1, clusterMinPackets[clusterHead]);
            bytes = sender.sendPadding(Math.max(MIN_PADDING_BYTES, Math.min(MAX_PADDING_BYTES, wanted)), clusterId,
                nowNs);
            if (bytes <= 0)
            {
                return false;
            }
            paddingBytes += bytes;
            sentBytes += bytes;
            sentPackets++;
        }
        probeBytes += Math.max(0, bytes);
        probePackets++;
        if (probeBytes >= clusterMinBytes[clusterHead] && probePackets >= clusterMinPackets[clusterHead])
        {
            finishCluster();
        }
        return true;
    }

    private void finishCluster()
    {
        clusterHead = (clusterHead + 1) % MAX_PENDING_CLUSTERS;
        clusterCount--;
        probeStartNs = NONE;
        probeBytes = 0;
        probePackets = 0;
    }

    private long nextProbeNs(final long nowNs)
    {
        if (probeStartNs == NONE)
        {
            return nowNs;
        }
        return probeStartNs + probeBytes * 8_000_000_000L / clusterRatesBps[clusterHead];
    }

    private int sendQueued(final int kind, final int probeClusterId, final long nowNs, final PacketSender sender)
    {
        final int handle = queues.headHandle(kind);
        final int size = queues.headSize(kind);
        queues.removeHead(kind);
        budgetBytes -= size;
        final int sent = sender.sendPacket(handle, kind, size, probeClusterId, nowNs);
        if (sent > 0)
        {
            sentPackets++;
            sentBytes += sent;
        }
        return sent;
    }

    private void refill(final long nowNs)
    {
        final long rateBps = effectiveRateBps(nowNs);
        if (lastRefillNs != NONE && nowNs > lastRefillNs)
        {
            final double capBytes = rateBps * (double)burstWindowNs / 8e9;
            final double added = rateBps * (double)(nowNs - lastRefillNs) / 8e9;
            budgetBytes = Math.min(capBytes, budgetBytes + added);
        }
        lastRefillNs = nowNs;
    }

    private long effectiveRateBps(final long nowNs)
    {
        final long queuedBytes = queues.queuedBytes();
        if (queuedBytes == 0)
        {
            return Math.max(1, pacingRateBps);
        }
        // Every queued byte must leave before the oldest packet has waited the maximum queue time.
        final long leftNs = Math.max(1_000_000L, maxQueueTimeNs - (nowNs - queues.oldestEnqueueNs()));
        final long drainBps = (long)(queuedBytes * 8e9 / leftNs);
        return Math.max(1, Math.max(pacingRateBps, drainBps));
    }

    /**
     * When {@link #process} next has something to release.
     *
     * @param nowNs current time.
     * @return the time, {@code nowNs} if something is due already, or {@link TimedAgent#NO_DEADLINE}.
     */
    public long nextSendTimeNs(final long nowNs)
    {
        if (clusterCount > 0)
        {
            return Math.max(nowNs, nextProbeNs(nowNs));
        }
        long nextNs = TimedAgent.NO_DEADLINE;
        if (queues.queuedBytes() > 0)
        {
            refill(nowNs);
            final long mediaNs = budgetBytes >= 0 ? nowNs :
                nowNs + (long)Math.ceil(-budgetBytes * 8e9 / effectiveRateBps(nowNs));
            nextNs = Math.min(nextNs, mediaNs);
        }
        return nextNs;
    }

    /**
     * How long the oldest queued packet of a kind has waited.
     *
     * @param kind  a {@link PacketKind} other than padding.
     * @param nowNs current time.
     * @return nanoseconds, or 0 when that queue is empty.
     */
    public long oldestQueueTimeNs(final int kind, final long nowNs)
    {
        return queues.count(kind) == 0 ? 0 : nowNs - queues.headEnqueueNs(kind);
    }

    /**
     * Packets queued of one kind.
     *
     * @param kind a {@link PacketKind} other than padding.
     * @return the count.
     */
    public int queuedPackets(final int kind)
    {
        return queues.count(kind);
    }

    /**
     * Bytes queued over all kinds.
     *
     * @return the count.
     */
    public long queuedBytes()
    {
        return queues.queuedBytes();
    }

    /**
     * Current pacing rate.
     *
     * @return bits per second.
     */
    public long pacingRateBps()
    {
        return pacingRateBps;
    }

    /**
     * Whether a probe cluster is being sent or waiting.
     *
     * @return true while probing.
     */
    public boolean isProbing()
    {
        return clusterCount > 0;
    }

    /**
     * Packets released so far (media and padding).
     *
     * @return the count.
     */
    public long sentPackets()
    {
        return sentPackets;
    }

    /**
     * Bytes released so far (media and padding).
     *
     * @return the count.
     */
    public long sentBytes()
    {
        return sentBytes;
    }

    /**
     * Padding bytes sent for probes.
     *
     * @return the count.
     */
    public long paddingBytes()
    {
        return paddingBytes;
    }

    /**
     * Packets refused by {@link #enqueue} because a queue was full.
     *
     * @return the count.
     */
    public long droppedPackets()
    {
        return droppedPackets;
    }
}
