package io.classwire.core.congestion;

import java.util.Arrays;

/**
 * Measures probe clusters: from the send and arrival times of a cluster's packets, the rate it was sent at and the
 * rate it arrived at. A path that carries the probe delivers it at the send rate; a bottleneck spreads it out, and
 * the arrival rate is then the bottleneck's rate.
 *
 * <p>Per cluster (facts from libwebrtc's probe estimator): a result needs feedback on at least 80% of the requested
 * packets and bytes; the send rate excludes the last packet's size and the arrival rate the first packet's (an
 * interval of n packets spans n - 1 transmissions); intervals must be positive and under 1 s; a receive rate over
 * twice the send rate is discarded as noise; the result is {@code min(send, receive)}, or 95% of the receive rate
 * when it is under 90% of the send rate (the link was saturated: aim just below it).
 *
 * <p>Clusters are registered when requested ({@link #register}) into a fixed table of 8 and recycled after 2 s.
 * Single-threaded, allocation-free. Send times on the sender's clock, arrival times on the receiver's (only their
 * differences are used).
 */
public final class ProbeBitrateEstimator
{
    /** Returned when no new result is available. */
    public static final long NO_RESULT = -1;

    private static final int SLOTS = 8;
    private static final double MIN_RECEIVED_RATIO = 0.8;
    private static final double MAX_VALID_RATIO = 2.0;
    private static final double MIN_RATIO_FOR_UNSATURATED = 0.9;
    private static final double TARGET_UTILIZATION = 0.95;
    private static final long MAX_PROBE_INTERVAL_US = 1_000_000;
    private static final long CLUSTER_LIFETIME_US = 2_000_000;
    private static final long NONE = Long.MIN_VALUE;

    private final int[] ids = new int[SLOTS];
    private final long[] registeredUs = new long[SLOTS];
    private final long[] targetBps = new long[SLOTS];
    private final int[] minPackets = new int[SLOTS];
    private final int[] minBytes = new int[SLOTS];
    private final long[] firstSendUs = new long[SLOTS];
    private final long[] lastSendUs = new long[SLOTS];
    private final int[] lastSendBytes = new int[SLOTS];
    private final long[] firstArrivalUs = new long[SLOTS];
    private final long[] lastArrivalUs = new long[SLOTS];
    private final int[] firstArrivalBytes = new int[SLOTS];
    private final long[] totalBytes = new long[SLOTS];
    private final int[] packets = new int[SLOTS];
    private long resultBps = NO_RESULT;
    private long resultTargetBps;
    private long resultCount;

    /** Create an empty table. */
    public ProbeBitrateEstimator()
    {
        Arrays.fill(ids, -1);
    }

    /**
     * Register a cluster about to be sent, so its packets can be measured.
     *
     * @param request the cluster.
     * @param nowUs   current time on the sender's clock.
     */
    public void register(final ProbeClusterRequest request, final long nowUs)
    {
        int slot = 0;
        for (int s = 0; s < SLOTS; s++)
        {
            if (ids[s] < 0 || nowUs - registeredUs[s] > CLUSTER_LIFETIME_US)
            {
                slot = s;
                break;
            }
            if (registeredUs[s] < registeredUs[slot])
            {
                slot = s;
            }
        }
        ids[slot] = request.clusterId();
        registeredUs[slot] = nowUs;
        targetBps[slot] = request.bitrateBps();
        minPackets[slot] = request.minPackets();
        minBytes[slot] = request.minBytes();
        firstSendUs[slot] = Long.MAX_VALUE;
        lastSendUs[slot] = NONE;
        firstArrivalUs[slot] = Long.MAX_VALUE;
        lastArrivalUs[slot] = NONE;
        totalBytes[slot] = 0;
        packets[slot] = 0;
    }

    /**
     * Add the received probe packets of one feedback.
     *
     * @param results outcomes of one feedback.
     * @return the latest result in bits per second, or {@link #NO_RESULT} when this feedback completed none.
     */
    public long onPacketResults(final PacketResults results)
    {
        long latest = NO_RESULT;
        final int received = results.receivedCount();
        for (int k = 0; k < received; k++)
        {
            final int i = results.arrivalOrder(k);
            final int clusterId = results.probeClusterId(i);
            if (clusterId < 0)
            {
                continue;
            }
            final int slot = slotOf(clusterId);
            if (slot < 0)
            {
                continue;
            }
            final long estimate = add(slot, results.sendTimeUs(i), results.arrivalTimeUs(i), results.sizeBytes(i));
            if (estimate != NO_RESULT)
            {
                latest = estimate;
                resultBps = estimate;
                resultTargetBps = targetBps[slot];
                resultCount++;
            }
        }
        return latest;
    }

    private int slotOf(final int clusterId)
    {
        for (int s = 0; s < SLOTS; s++)
        {
            if (ids[s] == clusterId)
            {
                return s;
            }
        }
        return -1;
    }

    private long add(final int slot, final long sendUs, final long arrivalUs, final int sizeBytes)
    {
        firstSendUs[slot] = Math.min(firstSendUs[slot], sendUs);
        if (sendUs > lastSendUs[slot])
        {
            lastSendUs[slot] = sendUs;
            lastSendBytes[slot] = sizeBytes;
        }
        if (arrivalUs < firstArrivalUs[slot])
        {
            firstArrivalUs[slot] = arrivalUs;
            firstArrivalBytes[slot] = sizeBytes;
        }
        lastArrivalUs[slot] = Math.max(lastArrivalUs[slot], arrivalUs);
        totalBytes[slot] += sizeBytes;
        packets[slot]++;
        if (packets[slot] < MIN_RECEIVED_RATIO * minPackets[slot] ||
            totalBytes[slot] < MIN_RECEIVED_RATIO * minBytes[slot])
        {
            return NO_RESULT;
        }
        final long sendIntervalUs = lastSendUs[slot] - firstSendUs[slot];
        final long arrivalIntervalUs = lastArrivalUs[slot] - firstArrivalUs[slot];
        if (sendIntervalUs <= 0 || sendIntervalUs > MAX_PROBE_INTERVAL_US ||
            arrivalIntervalUs <= 0 || arrivalIntervalUs > MAX_PROBE_INTERVAL_US)
        {
            return NO_RESULT;
        }
        final double sendBps = (totalBytes[slot] - lastSendBytes[slot]) * 8e6 / sendIntervalUs;
        final double receiveBps = (totalBytes[slot] - firstArrivalBytes[slot]) * 8e6 / arrivalIntervalUs;
        if (receiveBps > MAX_VALID_RATIO * sendBps)
        {
            return NO_RESULT;
        }
        double result = Math.min(sendBps, receiveBps);
        if (receiveBps < MIN_RATIO_FOR_UNSATURATED * sendBps)
        {
            result = TARGET_UTILIZATION * receiveBps;
        }
        return (long)result;
    }

    /**
     * Take the latest result, once.
     *
     * @return bits per second, or {@link #NO_RESULT}.
     */
    public long pollResultBps()
    {
        final long result = resultBps;
        resultBps = NO_RESULT;
        return result;
    }

    /**
     * The rate the cluster behind the latest result was sent at.
     *
     * @return bits per second.
     */
    public long lastResultTargetBps()
    {
        return resultTargetBps;
    }

    /**
     * Results produced so far (a cluster produces one per feedback that adds to it once it is complete).
     *
     * @return the count.
     */
    public long results()
    {
        return resultCount;
    }
}
