package io.classwire.core.session;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.Sdes;

import java.security.SecureRandom;
import java.util.SplittableRandom;

/**
 * Configuration of one {@link RtpSession}: fluent setters, then {@link #conclude()} validates and fills defaults (the
 * session's constructor calls it). Use one context per session; it is read on the session's thread only.
 *
 * <p>Time and randomness are injected: protocol code never reads the wall clock. {@link #epochOffsetNs(long)} maps
 * the agent's {@code nowNs} to Unix time for the NTP timestamps of sender reports, and {@link #randomSeed(long)}
 * seeds the SSRCs, initial sequence numbers and RTCP interval dithering, so a lab run with a fixed seed is
 * reproducible.
 */
public final class SessionContext
{
    /** Default session bandwidth: 1 Mbit/s; RTCP gets 5% of it (RFC 3550 section 6.2). */
    public static final long DEFAULT_SESSION_BANDWIDTH_BPS = 1_000_000L;
    /** Default minimum regular RTCP interval: 1 s, the usual AVPF choice (RFC 4585 section 3.4 allows less). */
    public static final long DEFAULT_RTCP_MIN_INTERVAL_NS = 1_000_000_000L;
    /** Default largest datagram the session sends: 1200 bytes, safe through tunnels and TURN. */
    public static final int DEFAULT_MTU_BYTES = 1200;
    /** Default number of remote SSRCs tracked. */
    public static final int DEFAULT_MAX_RECEIVE_STREAMS = 16;
    /** Default number of local SSRCs. */
    public static final int DEFAULT_MAX_SEND_STREAMS = 4;
    /** Default clock rate for payload types without an explicit one (Opus, RFC 7587). */
    public static final int DEFAULT_CLOCK_RATE_HZ = 48_000;
    /** Default bytes of raw feedback packets that may wait for the next RTCP report (at most half the MTU). */
    public static final int DEFAULT_FEEDBACK_QUEUE_BYTES = 512;
    /** Default number of feedback sources that may wait for the next RTCP report. */
    public static final int DEFAULT_MAX_FEEDBACK_SOURCES = 8;
    /** Most streams either way: one SR or RR carries at most 31 report blocks, one SDES or BYE at most 31 sources. */
    public static final int MAX_STREAMS = 31;
    /** Smallest MTU accepted: room for a full report with headroom to spare. */
    public static final int MIN_MTU_BYTES = 256;

    private String cname;
    private long sessionBandwidthBps = DEFAULT_SESSION_BANDWIDTH_BPS;
    private long rtcpMinIntervalNs = DEFAULT_RTCP_MIN_INTERVAL_NS;
    private long regularReportSpacingNs;
    private boolean reducedSizeRtcp;
    private long epochOffsetNs;
    private long randomSeed;
    private boolean randomSeedSet;
    private int mtuBytes = DEFAULT_MTU_BYTES;
    private int maxReceiveStreams = DEFAULT_MAX_RECEIVE_STREAMS;
    private int maxSendStreams = DEFAULT_MAX_SEND_STREAMS;
    private int defaultClockRateHz = DEFAULT_CLOCK_RATE_HZ;
    private final int[] clockRatesHz = new int[RtpPacket.MAX_PAYLOAD_TYPE + 1];
    private int feedbackQueueBytes = -1;
    private int maxFeedbackSources = DEFAULT_MAX_FEEDBACK_SOURCES;
    private boolean concluded;

    /**
     * Validate every value and fill the defaults of those left unset; safe to call more than once.
     *
     * @return this context.
     * @throws IllegalStateException when a value is out of range.
     */
    public SessionContext conclude()
    {
        if (!randomSeedSet)
        {
            // Not the clock: SSRCs must differ between endpoints that never met (RFC 3550 section 8.1).
            randomSeed = new SecureRandom().nextLong();
            randomSeedSet = true;
        }
        if (null == cname)
        {
            cname = "cw-" + Long.toHexString(new SplittableRandom(randomSeed ^ 0x5DEECE66DL).nextLong());
        }
        require(cname.length() <= Sdes.MAX_ITEM_LENGTH, "cname longer than 255 characters");
        for (int i = 0; i < cname.length(); i++)
        {
            require(cname.charAt(i) < 0x80, "cname must be US-ASCII: " + cname);
        }
        require(sessionBandwidthBps > 0, "sessionBandwidthBps must be positive: " + sessionBandwidthBps);
        require(rtcpMinIntervalNs > 0, "rtcpMinIntervalNs must be positive: " + rtcpMinIntervalNs);
        require(regularReportSpacingNs >= 0, "regularReportSpacingNs must not be negative: " + regularReportSpacingNs);
        require(mtuBytes >= MIN_MTU_BYTES && mtuBytes <= RtpPacket.MAX_PACKET_LENGTH,
            "mtuBytes must be " + MIN_MTU_BYTES + ".." + RtpPacket.MAX_PACKET_LENGTH + ": " + mtuBytes);
        require(maxReceiveStreams >= 1 && maxReceiveStreams <= MAX_STREAMS,
            "maxReceiveStreams must be 1.." + MAX_STREAMS + ": " + maxReceiveStreams);
        require(maxSendStreams >= 1 && maxSendStreams <= MAX_STREAMS,
            "maxSendStreams must be 1.." + MAX_STREAMS + ": " + maxSendStreams);
        require(defaultClockRateHz > 0, "defaultClockRateHz must be positive: " + defaultClockRateHz);
        if (feedbackQueueBytes < 0)
        {
            feedbackQueueBytes = Math.min(DEFAULT_FEEDBACK_QUEUE_BYTES, mtuBytes / 2);
        }
        require(feedbackQueueBytes >= 0 && feedbackQueueBytes <= mtuBytes / 2,
            "feedbackQueueBytes must be 0..mtuBytes/2: " + feedbackQueueBytes);
        require(maxFeedbackSources >= 0, "maxFeedbackSources must not be negative: " + maxFeedbackSources);
        concluded = true;
        return this;
    }

    /** @return true once {@link #conclude()} has succeeded. */
    public boolean isConcluded()
    {
        return concluded;
    }

    /**
     * @param cname canonical name sent in SDES (RFC 3550 section 6.5.1), US-ASCII, at most 255 characters; when unset,
     *              a random one is derived from the seed (RFC 7022 style).
     * @return this context.
     */
    public SessionContext cname(final String cname)
    {
        this.cname = cname;
        return this;
    }

    /** @return the canonical name sent in SDES. */
    public String cname()
    {
        return cname;
    }

    /**
     * @param sessionBandwidthBps session bandwidth in bits/s; RTCP uses 5% of it.
     * @return this context.
     */
    public SessionContext sessionBandwidthBps(final long sessionBandwidthBps)
    {
        this.sessionBandwidthBps = sessionBandwidthBps;
        return this;
    }

    /** @return the session bandwidth in bits/s. */
    public long sessionBandwidthBps()
    {
        return sessionBandwidthBps;
    }

    /**
     * @param rtcpMinIntervalNs minimum regular RTCP interval before randomisation (halved for the first report).
     * @return this context.
     */
    public SessionContext rtcpMinIntervalNs(final long rtcpMinIntervalNs)
    {
        this.rtcpMinIntervalNs = rtcpMinIntervalNs;
        return this;
    }

    /**
     * RFC 4585's T_rr_interval (section 3.5.3): a regular report that falls due sooner than this after the last one
     * sent is suppressed, with the schedule going on as if it had been sent, unless feedback is waiting. With a short
     * {@link #rtcpMinIntervalNs} this makes RTCP follow the loss: frequent while NACKs are due, sparse on a clean path.
     *
     * @param regularReportSpacingNs minimum spacing of regular reports, 0 (the default) for none.
     * @return this context.
     */
    public SessionContext regularReportSpacingNs(final long regularReportSpacingNs)
    {
        this.regularReportSpacingNs = regularReportSpacingNs;
        return this;
    }

    /** @return the minimum spacing of regular reports without feedback (T_rr_interval), 0 for none. */
    public long regularReportSpacingNs()
    {
        return regularReportSpacingNs;
    }

    /** @return the minimum regular RTCP interval in ns. */
    public long rtcpMinIntervalNs()
    {
        return rtcpMinIntervalNs;
    }

    /**
     * @param reducedSizeRtcp whether early feedback goes out alone, without RR and SDES (RFC 5506); off by default.
     *                        Reduced-size packets are accepted on receive either way.
     * @return this context.
     */
    public SessionContext reducedSizeRtcp(final boolean reducedSizeRtcp)
    {
        this.reducedSizeRtcp = reducedSizeRtcp;
        return this;
    }

    /** @return whether early feedback is sent as reduced-size RTCP. */
    public boolean reducedSizeRtcp()
    {
        return reducedSizeRtcp;
    }

    /**
     * @param epochOffsetNs nanoseconds to add to the agent's {@code nowNs} to get Unix time, for NTP timestamps. In
     *                      real time the application measures it once at start-up; in virtual time any value works
     *                      (round-trip times only use differences).
     * @return this context.
     */
    public SessionContext epochOffsetNs(final long epochOffsetNs)
    {
        this.epochOffsetNs = epochOffsetNs;
        return this;
    }

    /** @return nanoseconds added to {@code nowNs} to get Unix time. */
    public long epochOffsetNs()
    {
        return epochOffsetNs;
    }

    /**
     * @param randomSeed seed of the session's SSRCs, initial sequence numbers and RTCP dithering; when unset,
     *                   {@link #conclude()} draws one from {@link SecureRandom} (set it for reproducible runs).
     * @return this context.
     */
    public SessionContext randomSeed(final long randomSeed)
    {
        this.randomSeed = randomSeed;
        this.randomSeedSet = true;
        return this;
    }

    /** @return the random seed. */
    public long randomSeed()
    {
        return randomSeed;
    }

    /**
     * @param mtuBytes largest datagram the session sends, RTP header and RTCP compounds included.
     * @return this context.
     */
    public SessionContext mtuBytes(final int mtuBytes)
    {
        this.mtuBytes = mtuBytes;
        return this;
    }

    /** @return the largest datagram the session sends. */
    public int mtuBytes()
    {
        return mtuBytes;
    }

    /**
     * @param maxReceiveStreams remote SSRCs tracked at once, 1..31; RTP from more is dropped and counted.
     * @return this context.
     */
    public SessionContext maxReceiveStreams(final int maxReceiveStreams)
    {
        this.maxReceiveStreams = maxReceiveStreams;
        return this;
    }

    /** @return the number of remote SSRCs tracked at once. */
    public int maxReceiveStreams()
    {
        return maxReceiveStreams;
    }

    /**
     * @param maxSendStreams local SSRCs, 1..31.
     * @return this context.
     */
    public SessionContext maxSendStreams(final int maxSendStreams)
    {
        this.maxSendStreams = maxSendStreams;
        return this;
    }

    /** @return the number of local SSRCs allowed. */
    public int maxSendStreams()
    {
        return maxSendStreams;
    }

    /**
     * Declare the RTP clock rate of a payload type, used for the jitter of remote streams that carry it.
     *
     * @param payloadType 0..127.
     * @param clockRateHz its clock rate, e.g. 48000 for Opus or 90000 for video.
     * @return this context.
     */
    public SessionContext clockRate(final int payloadType, final int clockRateHz)
    {
        if (payloadType < 0 || payloadType > RtpPacket.MAX_PAYLOAD_TYPE || clockRateHz <= 0)
        {
            throw new IllegalArgumentException("bad payload type or clock rate: " + payloadType + ", " + clockRateHz);
        }
        clockRatesHz[payloadType] = clockRateHz;
        return this;
    }

    /**
     * @param payloadType 0..127 (higher bits are ignored).
     * @return its declared clock rate, or {@link #defaultClockRateHz()} when none was declared.
     */
    public int clockRateHz(final int payloadType)
    {
        final int rate = clockRatesHz[payloadType & RtpPacket.PAYLOAD_TYPE_MASK];
        return rate != 0 ? rate : defaultClockRateHz;
    }

    /**
     * @param defaultClockRateHz clock rate assumed for payload types without a declared one.
     * @return this context.
     */
    public SessionContext defaultClockRateHz(final int defaultClockRateHz)
    {
        this.defaultClockRateHz = defaultClockRateHz;
        return this;
    }

    /** @return the clock rate assumed for undeclared payload types. */
    public int defaultClockRateHz()
    {
        return defaultClockRateHz;
    }

    /**
     * @param feedbackQueueBytes bytes of raw feedback ({@link RtpSession#sendFeedback}) that may wait for the next
     *                           report, at most half the MTU; unset, {@link #DEFAULT_FEEDBACK_QUEUE_BYTES} capped at
     *                           half the MTU.
     * @return this context.
     */
    public SessionContext feedbackQueueBytes(final int feedbackQueueBytes)
    {
        this.feedbackQueueBytes = feedbackQueueBytes;
        return this;
    }

    /** @return bytes of raw feedback that may wait for the next report. */
    public int feedbackQueueBytes()
    {
        return feedbackQueueBytes;
    }

    /**
     * @param maxFeedbackSources feedback sources ({@link RtpSession#requestFeedback}) that may wait at once.
     * @return this context.
     */
    public SessionContext maxFeedbackSources(final int maxFeedbackSources)
    {
        this.maxFeedbackSources = maxFeedbackSources;
        return this;
    }

    /** @return feedback sources that may wait at once. */
    public int maxFeedbackSources()
    {
        return maxFeedbackSources;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "SessionContext{cname=" + cname +
            ", sessionBandwidthBps=" + sessionBandwidthBps +
            ", rtcpMinIntervalMs=" + rtcpMinIntervalNs / 1_000_000 +
            ", reducedSizeRtcp=" + reducedSizeRtcp +
            ", mtuBytes=" + mtuBytes +
            ", maxReceiveStreams=" + maxReceiveStreams +
            ", maxSendStreams=" + maxSendStreams +
            ", defaultClockRateHz=" + defaultClockRateHz +
            ", declaredClockRates=" + declaredClockRates() + '}';
    }

    private String declaredClockRates()
    {
        final StringBuilder sb = new StringBuilder("[");
        for (int pt = 0; pt < clockRatesHz.length; pt++)
        {
            if (clockRatesHz[pt] != 0)
            {
                sb.append(sb.length() > 1 ? ", " : "").append(pt).append('=').append(clockRatesHz[pt]);
            }
        }
        return sb.append(']').toString();
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }
}
