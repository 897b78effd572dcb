package io.classwire.core.session;

import java.util.SplittableRandom;

/**
 * When to send RTCP: the regular interval of RFC 3550 section 6.3 and appendix A.7 (bandwidth share, sender/receiver
 * split, randomisation in [0.5, 1.5] with the e - 3/2 compensation, halved minimum for the first report), with the
 * AVPF early-feedback rule of RFC 4585 section 3.5 (at most one early packet between two regular ones; after an early
 * packet the next regular one is pushed back by one interval). Single-threaded; time and randomness are injected.
 */
public final class RtcpScheduler
{
    /** RFC 3550 A.7 COMPENSATION = e - 3/2. */
    static final double COMPENSATION = Math.E - 1.5;
    /** Bytes of IPv4 and UDP headers counted into the average RTCP packet size (RFC 3550 6.2). */
    public static final int IP_UDP_OVERHEAD_BYTES = 28;

    private final double rtcpBandwidthBytesPerSecond;
    private final long minIntervalNs;
    private final SplittableRandom random;
    private double avgRtcpSizeBytes;
    private int members = 2;
    private int senders = 1;
    private boolean weSent;
    private boolean initial = true;
    private boolean allowEarly = true;
    private long lastRegularNs;
    private long nextRegularNs = Long.MAX_VALUE;

    /**
     * @param sessionBandwidthBps session bandwidth in bits/s; RTCP gets 5% of it (RFC 3550 6.2).
     * @param minIntervalNs       minimum regular interval: 5 s per RFC 3550, or smaller under AVPF (RFC 4585 3.4).
     * @param random              seeded source for the interval randomisation.
     */
    public RtcpScheduler(final long sessionBandwidthBps, final long minIntervalNs, final SplittableRandom random)
    {
        if (sessionBandwidthBps <= 0 || minIntervalNs <= 0)
        {
            throw new IllegalArgumentException(
                "bandwidth and minimum interval must be positive: " + sessionBandwidthBps + ", " + minIntervalNs);
        }
        this.rtcpBandwidthBytesPerSecond = sessionBandwidthBps * 0.05 / 8.0;
        this.minIntervalNs = minIntervalNs;
        this.random = random;
        this.avgRtcpSizeBytes = 100 + IP_UDP_OVERHEAD_BYTES;
    }

    /**
     * Schedule the first regular report.
     *
     * @param nowNs current time.
     */
    public void start(final long nowNs)
    {
        lastRegularNs = nowNs;
        nextRegularNs = nowNs + intervalNs();
    }

    /**
     * Update the membership the interval depends on.
     *
     * @param members session members including this one.
     * @param senders members that sent RTP in the last two intervals.
     * @param weSent  whether this participant sent RTP recently.
     */
    public void members(final int members, final int senders, final boolean weSent)
    {
        this.members = Math.max(1, members);
        this.senders = Math.max(0, senders);
        this.weSent = weSent;
    }

    /**
     * @param nowNs current time.
     * @return true when a regular compound report is due.
     */
    public boolean isRegularDue(final long nowNs)
    {
        return nowNs - nextRegularNs >= 0;
    }

    /**
     * Record that a regular report went out and schedule the next one.
     *
     * @param nowNs     when it was sent.
     * @param sizeBytes its size without IP and UDP headers.
     */
    public void onRegularSent(final long nowNs, final int sizeBytes)
    {
        updateAverageSize(sizeBytes);
        initial = false;
        allowEarly = true;
        lastRegularNs = nowNs;
        nextRegularNs = nowNs + intervalNs();
    }

    /**
     * Ask to send feedback early (a NACK, a PLI). Point-to-point sessions get no dithering (RFC 4585 3.5.2 with two
     * members), so the answer is immediate.
     *
     * @param nowNs current time.
     * @return true when an early packet may go out now; the caller must then call {@link #onEarlySent(long, int)}.
     *         False means the feedback must wait for the next regular report at {@link #nextDeadlineNs()}.
     */
    public boolean requestEarly(final long nowNs)
    {
        return allowEarly;
    }

    /**
     * Record an early feedback packet; the next regular report is pushed back by one interval (RFC 4585 3.5.3).
     *
     * @param nowNs     when it was sent.
     * @param sizeBytes its size without IP and UDP headers.
     */
    public void onEarlySent(final long nowNs, final int sizeBytes)
    {
        updateAverageSize(sizeBytes);
        allowEarly = false;
        nextRegularNs = Math.max(nextRegularNs, lastRegularNs + 2 * (nextRegularNs - lastRegularNs));
    }

    /** @return when the next regular report is due. */
    public long nextDeadlineNs()
    {
        return nextRegularNs;
    }

    /** @return the smoothed RTCP packet size in bytes, IP and UDP headers included. */
    public double averageRtcpSizeBytes()
    {
        return avgRtcpSizeBytes;
    }

    /** The regular interval of RFC 3550 A.7, randomised. */
    long intervalNs()
    {
        double minSeconds = minIntervalNs / 1e9;
        if (initial)
        {
            minSeconds /= 2;
        }
        double bandwidth = rtcpBandwidthBytesPerSecond;
        int n = members;
        if (senders > 0 && senders <= members * 0.25)
        {
            if (weSent)
            {
                bandwidth *= 0.25;
                n = senders;
            }
            else
            {
                bandwidth *= 0.75;
                n -= senders;
            }
        }
        double seconds = avgRtcpSizeBytes * n / bandwidth;
        if (seconds < minSeconds)
        {
            seconds = minSeconds;
        }
        seconds *= random.nextDouble() + 0.5;
        seconds /= COMPENSATION;
        return (long)(seconds * 1e9);
    }

    private void updateAverageSize(final int sizeBytes)
    {
        avgRtcpSizeBytes += (sizeBytes + IP_UDP_OVERHEAD_BYTES - avgRtcpSizeBytes) / 16.0;
    }
}
