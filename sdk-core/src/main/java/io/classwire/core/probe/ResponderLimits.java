package io.classwire.core.probe;

import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;

/**
 * Bounds on what a {@link ProbeResponder} holds and sends, so that it cannot be used as an amplifier or be made to
 * hold unbounded state. Fluent setters; {@link #conclude()} validates and fills the defaults; a concluded object must
 * not be changed afterwards.
 *
 * <p>Defaults: 64 probes tracked at once, forgotten after 10 s idle; a downlink train is clamped to 250 packets of
 * at most 1200 bytes, 300,000 bytes and 25 Mbps; one probe gets at most 2 MB of downlink trains in its life; all
 * downlink trains together are held to 50 Mbps by a token bucket. The echo reply is never larger than its request and
 * a train report never larger than one train packet, so only downlink trains send more than they receive, and those
 * need the cookie of an echo reply, which a sender of forged source addresses never sees.
 */
public final class ResponderLimits
{
    private int maxProbes = 64;
    private long probeIdleTimeoutNs = TimeUnit.SECONDS.toNanos(10);
    private int maxTrainPackets = 250;
    private int maxPacketBytes = ProbeConfig.DEFAULT_MAX_PACKET_BYTES;
    private long maxTrainBytes = 300_000;
    private long maxRateBps = 25_000_000;
    private long maxBytesPerProbe = 2_000_000;
    private long maxDownlinkBps = 50_000_000;
    private long reportDelayNs = TimeUnit.MILLISECONDS.toNanos(150);
    private byte[] cookieKey;

    /**
     * Validate every value and fill the defaults of those left unset; safe to call more than once.
     *
     * @return this object.
     * @throws IllegalStateException when a value is out of range.
     */
    public ResponderLimits conclude()
    {
        require(maxProbes >= 1 && maxProbes <= 65_536, "maxProbes must be 1..65536: " + maxProbes);
        require(probeIdleTimeoutNs > 0, "probeIdleTimeoutNs must be positive");
        require(maxTrainPackets >= 1 && maxTrainPackets <= 0xFFFF, "maxTrainPackets must be 1..65535");
        require(maxPacketBytes >= ProbeMessage.TRAIN_PACKET_MIN_LENGTH && maxPacketBytes <= 0xFFFF,
            "maxPacketBytes must be " + ProbeMessage.TRAIN_PACKET_MIN_LENGTH + "..65535");
        require(maxTrainBytes >= maxPacketBytes, "maxTrainBytes must hold at least one packet");
        require(maxRateBps >= 8_000, "maxRateBps must be at least 8 kbps");
        require(maxBytesPerProbe >= maxPacketBytes, "maxBytesPerProbe must hold at least one packet");
        require(maxDownlinkBps >= 8_000, "maxDownlinkBps must be at least 8 kbps");
        require(reportDelayNs > 0, "reportDelayNs must be positive");
        if (cookieKey == null)
        {
            cookieKey = new byte[ProbeCookies.KEY_BYTES];
            new SecureRandom().nextBytes(cookieKey);
        }
        return this;
    }

    private static void require(final boolean condition, final String message)
    {
        if (!condition)
        {
            throw new IllegalStateException(message);
        }
    }

    /**
     * @param maxProbes probe runs tracked at once; the least recently active is forgotten to make room.
     * @return this object.
     */
    public ResponderLimits maxProbes(final int maxProbes)
    {
        this.maxProbes = maxProbes;
        return this;
    }

    /** @return probe runs tracked at once. */
    public int maxProbes()
    {
        return maxProbes;
    }

    /**
     * @param probeIdleTimeoutNs how long a probe run's state outlives its last message.
     * @return this object.
     */
    public ResponderLimits probeIdleTimeoutNs(final long probeIdleTimeoutNs)
    {
        this.probeIdleTimeoutNs = probeIdleTimeoutNs;
        return this;
    }

    /** @return the probe idle timeout in nanoseconds. */
    public long probeIdleTimeoutNs()
    {
        return probeIdleTimeoutNs;
    }

    /**
     * @param maxTrainPackets most packets in a downlink train, and in an uplink train that is tracked.
     * @return this object.
     */
    public ResponderLimits maxTrainPackets(final int maxTrainPackets)
    {
        this.maxTrainPackets = maxTrainPackets;
        return this;
    }

    /** @return the most packets in a train. */
    public int maxTrainPackets()
    {
        return maxTrainPackets;
    }

    /**
     * @param maxPacketBytes largest downlink train packet and echo reply.
     * @return this object.
     */
    public ResponderLimits maxPacketBytes(final int maxPacketBytes)
    {
        this.maxPacketBytes = maxPacketBytes;
        return this;
    }

    /** @return the largest packet sent, in bytes. */
    public int maxPacketBytes()
    {
        return maxPacketBytes;
    }

    /**
     * @param maxTrainBytes most bytes in one downlink train.
     * @return this object.
     */
    public ResponderLimits maxTrainBytes(final long maxTrainBytes)
    {
        this.maxTrainBytes = maxTrainBytes;
        return this;
    }

    /** @return the most bytes in one downlink train. */
    public long maxTrainBytes()
    {
        return maxTrainBytes;
    }

    /**
     * @param maxRateBps fastest pacing of one downlink train.
     * @return this object.
     */
    public ResponderLimits maxRateBps(final long maxRateBps)
    {
        this.maxRateBps = maxRateBps;
        return this;
    }

    /** @return the fastest train pacing in bits per second. */
    public long maxRateBps()
    {
        return maxRateBps;
    }

    /**
     * @param maxBytesPerProbe most downlink train bytes one probe run may receive in its life.
     * @return this object.
     */
    public ResponderLimits maxBytesPerProbe(final long maxBytesPerProbe)
    {
        this.maxBytesPerProbe = maxBytesPerProbe;
        return this;
    }

    /** @return the per-probe downlink byte allowance. */
    public long maxBytesPerProbe()
    {
        return maxBytesPerProbe;
    }

    /**
     * @param maxDownlinkBps long-run rate of all downlink trains together; the bucket holds one train's worth.
     * @return this object.
     */
    public ResponderLimits maxDownlinkBps(final long maxDownlinkBps)
    {
        this.maxDownlinkBps = maxDownlinkBps;
        return this;
    }

    /** @return the aggregate downlink rate limit in bits per second. */
    public long maxDownlinkBps()
    {
        return maxDownlinkBps;
    }

    /**
     * @param reportDelayNs how long after an uplink train's latest packet a partial train is reported.
     * @return this object.
     */
    public ResponderLimits reportDelayNs(final long reportDelayNs)
    {
        this.reportDelayNs = reportDelayNs;
        return this;
    }

    /** @return the partial-train report delay in nanoseconds. */
    public long reportDelayNs()
    {
        return reportDelayNs;
    }

    /**
     * @param cookieKey key of the echo cookie, at least 16 bytes (copied); random from {@link SecureRandom} unless set.
     *                  Tests set it to make runs repeatable; several responders behind one address may share it.
     * @return this object.
     * @throws IllegalArgumentException when the key is shorter than 16 bytes.
     */
    public ResponderLimits cookieKey(final byte[] cookieKey)
    {
        if (cookieKey == null || cookieKey.length < 16)
        {
            throw new IllegalArgumentException("cookie key must have at least 16 bytes");
        }
        this.cookieKey = cookieKey.clone();
        return this;
    }

    /** @return the cookie key; set once concluded. */
    byte[] cookieKey()
    {
        return cookieKey;
    }
}
