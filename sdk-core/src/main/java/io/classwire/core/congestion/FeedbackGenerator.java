package io.classwire.core.congestion;

import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.SeqUnwrapper;
import io.classwire.core.wire.TransportFeedbackBuilder;
import io.classwire.core.wire.WireStatus;
import org.agrona.MutableDirectBuffer;

import java.util.Arrays;

/**
 * Receiver side of transport-wide congestion control: records (transport sequence, arrival time) of every packet and
 * periodically emits transport-wide feedback packets (draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3)
 * covering everything received since the previous feedback.
 *
 * <p>Interval: feedback should cost at most a share (default 5%) of the received rate, so the interval is
 * {@code (average feedback bytes + 28 IP/UDP bytes) * 8 / (share * received rate)}, clamped to [50, 250] ms, the
 * range libwebrtc's receive-side proxy uses: at 1 Mbit/s that gives 50 ms, at 30 kbit/s 250 ms.
 *
 * <p>Splitting: when the builder refuses a packet (size limit or a receive delta beyond +-8 s), the feedback built so
 * far is returned and the next {@link #poll} call, due immediately, starts a new one at that packet.
 *
 * <p>Late packets: a packet older than the reporting window (already reported lost) moves the window back, so the next
 * feedback re-reports from it and the sender learns it arrived (the sender ignores the duplicates). Duplicated packets
 * keep their first arrival time. Arrays are sized at construction: nothing allocates per packet or per feedback.
 *
 * <p>Single-threaded: owned by the receiving agent's thread.
 */
public final class FeedbackGenerator
{
    /** Default share of the received rate that feedback may use. */
    public static final double DEFAULT_FEEDBACK_SHARE = 0.05;
    /** Shortest interval between feedbacks. */
    public static final long MIN_INTERVAL_NS = 50_000_000L;
    /** Longest interval between feedbacks. */
    public static final long MAX_INTERVAL_NS = 250_000_000L;
    /** Interval used before the received rate is known. */
    public static final long DEFAULT_INTERVAL_NS = 100_000_000L;
    /** IPv4 and UDP header bytes each feedback datagram costs on top of the RTCP packet. */
    public static final int IP_UDP_OVERHEAD_BYTES = 28;

    private static final long NONE = -1;
    private static final double RATE_SMOOTHING = 0.25;
    private static final double SIZE_SMOOTHING = 0.2;

    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final TransportFeedbackBuilder builder;
    private final int mask;
    private final long[] slotSequences;
    private final long[] arrivalsUs;
    private final int senderSsrc;
    private final int mediaSsrc;
    private final double feedbackShare;

    private long windowStart = NONE;
    private long highest = NONE;
    private int feedbackCount;
    private boolean splitPending;
    private long nextFeedbackNs = TimedAgent.NO_DEADLINE;
    private long intervalNs = DEFAULT_INTERVAL_NS;
    private long lastRoundNs = NONE;
    private long bytesSinceRound;
    private double receivedRateBps;
    private double averageFeedbackBytes = 40;

    private long receivedPackets;
    private long receivedBytes;
    private long duplicatePackets;
    private long stalePackets;
    private long lateRewinds;
    private long feedbackPackets;
    private long feedbackBytes;

    /**
     * Create a generator with a 4096-packet window, 1200-byte feedbacks and a 5% share.
     *
     * @param senderSsrc SSRC put in the feedback's sender field.
     * @param mediaSsrc  SSRC put in the media source field (informational).
     */
    public FeedbackGenerator(final int senderSsrc, final int mediaSsrc)
    {
        this(senderSsrc, mediaSsrc, 4096, TransportFeedbackBuilder.DEFAULT_MAX_PACKET_BYTES, DEFAULT_FEEDBACK_SHARE);
    }

    /**
     * Create a generator.
     *
     * @param senderSsrc     SSRC put in the feedback's sender field.
     * @param mediaSsrc      SSRC put in the media source field.
     * @param windowPackets  how many recent sequence numbers are remembered; a power of two, at least 64.
     * @param maxPacketBytes size limit of each feedback packet (see {@link TransportFeedbackBuilder}).
     * @param feedbackShare  share of the received rate feedback may use, in (0, 1).
     */
    public FeedbackGenerator(
        final int senderSsrc,
        final int mediaSsrc,
        final int windowPackets,
        final int maxPacketBytes,
        final double feedbackShare)
    {
        if (windowPackets < 64 || Integer.bitCount(windowPackets) != 1)
        {
            throw new IllegalArgumentException("windowPackets must be a power of two >= 64: " + windowPackets);
        }
        if (!(feedbackShare > 0.0 && feedbackShare < 1.0))
        {
            throw new IllegalArgumentException("feedbackShare must be in (0, 1): " + feedbackShare);
        }
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.feedbackShare = feedbackShare;
        this.builder = new TransportFeedbackBuilder(maxPacketBytes);
        this.mask = windowPackets - 1;
        this.slotSequences = new long[windowPackets];
        this.arrivalsUs = new long[windowPackets];
        Arrays.fill(slotSequences, NONE);
    }

    /**
     * Record one received packet that carried a transport-wide sequence number.
     *
     * @param transportSequence 16-bit transport-wide sequence number from the header extension.
     * @param arrivalNs         arrival time on the receiver's clock.
     * @param sizeBytes         packet size, for the received-rate estimate.
     */
    public void onPacketReceived(final int transportSequence, final long arrivalNs, final int sizeBytes)
    {
        final long sequence = unwrapper.unwrap(transportSequence);
        receivedPackets++;
        receivedBytes += sizeBytes;
        bytesSinceRound += sizeBytes;
        if (highest != NONE && sequence <= highest - mask)
        {
            stalePackets++;
            return;
        }
        final int slot = (int)sequence & mask;
        if (slotSequences[slot] == sequence)
        {
            duplicatePackets++;
            return;
        }
        final boolean hadPending = isPending();
        slotSequences[slot] = sequence;
        arrivalsUs[slot] = Math.floorDiv(arrivalNs, 1000);
        if (windowStart == NONE)
        {
            windowStart = sequence;
            lastRoundNs = arrivalNs;
        }
        else if (sequence < windowStart)
        {
            windowStart = sequence;
            lateRewinds++;
        }
        if (sequence > highest)
        {
            highest = sequence;
        }
        windowStart = Math.max(windowStart, highest - mask);
        if (!hadPending && (nextFeedbackNs == TimedAgent.NO_DEADLINE || nextFeedbackNs < arrivalNs))
        {
            // After an idle spell, wait a short interval so the first feedback covers more than one packet.
            nextFeedbackNs = arrivalNs + Math.min(intervalNs, MIN_INTERVAL_NS);
        }
    }

    /**
     * When {@link #poll} next has a feedback to emit.
     *
     * @return the deadline, or {@link TimedAgent#NO_DEADLINE} when nothing is waiting to be reported.
     */
    public long nextDeadlineNs()
    {
        return isPending() ? nextFeedbackNs : TimedAgent.NO_DEADLINE;
    }

    /**
     * Build the next feedback packet if one is due. Call again while it returns a positive length: a split feedback
     * continues immediately.
     *
     * @param nowNs  current time on the receiver's clock.
     * @param buffer to write the RTCP packet into.
     * @param offset of the packet's first byte.
     * @return bytes written, 0 when nothing is due, or a negative {@link WireStatus} code when the buffer is too small.
     */
    public int poll(final long nowNs, final MutableDirectBuffer buffer, final int offset)
    {
        if (!isPending() || (!splitPending && nowNs < nextFeedbackNs))
        {
            return 0;
        }
        if (!splitPending)
        {
            startRound(nowNs);
        }
        builder.reset(senderSsrc, mediaSsrc, (int)windowStart, feedbackCount);
        long lastAdded = NONE;
        boolean refused = false;
        for (long sequence = windowStart; sequence <= highest; sequence++)
        {
            final int slot = (int)sequence & mask;
            if (slotSequences[slot] != sequence)
            {
                continue;
            }
            if (!builder.addReceived((int)sequence, arrivalsUs[slot]))
            {
                refused = true;
                break;
            }
            lastAdded = sequence;
        }
        if (lastAdded == NONE)
        {
            // Cannot happen with a sane builder (its first packet always fits); drop the window rather than spin.
            windowStart = highest + 1;
            splitPending = false;
            return 0;
        }
        final int length = builder.build(buffer, offset);
        if (length < 0)
        {
            return length;
        }
        feedbackCount = (feedbackCount + 1) & 0xFF;
        windowStart = lastAdded + 1;
        splitPending = refused;
        feedbackPackets++;
        feedbackBytes += length;
        averageFeedbackBytes += SIZE_SMOOTHING * (length - averageFeedbackBytes);
        if (!splitPending)
        {
            nextFeedbackNs = nowNs + intervalNs;
        }
        return length;
    }

    private void startRound(final long nowNs)
    {
        final long elapsedNs = nowNs - lastRoundNs;
        if (elapsedNs > 0)
        {
            final double sampleBps = bytesSinceRound * 8e9 / elapsedNs;
            receivedRateBps = receivedRateBps == 0.0 ? sampleBps :
                receivedRateBps + RATE_SMOOTHING * (sampleBps - receivedRateBps);
            bytesSinceRound = 0;
            lastRoundNs = nowNs;
            intervalNs = intervalFor(receivedRateBps, averageFeedbackBytes + IP_UDP_OVERHEAD_BYTES, feedbackShare);
        }
    }

    /**
     * The feedback interval that keeps feedback within a share of the received rate.
     *
     * @param receivedRateBps   received media rate.
     * @param bytesPerFeedback  bytes each feedback costs on the wire.
     * @param share             share of the received rate allowed.
     * @return the interval in nanoseconds, in [{@link #MIN_INTERVAL_NS}, {@link #MAX_INTERVAL_NS}].
     */
    public static long intervalFor(final double receivedRateBps, final double bytesPerFeedback, final double share)
    {
        if (receivedRateBps <= 0.0)
        {
            return MAX_INTERVAL_NS;
        }
        final double intervalNs = bytesPerFeedback * 8e9 / (share * receivedRateBps);
        return (long)Math.max(MIN_INTERVAL_NS, Math.min(MAX_INTERVAL_NS, intervalNs));
    }

    private boolean isPending()
    {
        return windowStart != NONE && windowStart <= highest;
    }

    /**
     * Current interval between feedbacks.
     *
     * @return nanoseconds.
     */
    public long intervalNs()
    {
        return intervalNs;
    }

    /**
     * Smoothed received rate used to choose the interval.
     *
     * @return bits per second.
     */
    public double receivedRateBps()
    {
        return receivedRateBps;
    }

    /**
     * Packets recorded.
     *
     * @return the count, duplicates included.
     */
    public long receivedPackets()
    {
        return receivedPackets;
    }

    /**
     * Bytes recorded.
     *
     * @return the count.
     */
    public long receivedBytes()
    {
        return receivedBytes;
    }

    /**
     * Packets received more than once.
     *
     * @return the count.
     */
    public long duplicatePackets()
    {
        return duplicatePackets;
    }

    /**
     * Packets too old to report (beyond the window).
     *
     * @return the count.
     */
    public long stalePackets()
    {
        return stalePackets;
    }

    /**
     * Late packets that moved the reporting window back.
     *
     * @return the count.
     */
    public long lateRewinds()
    {
        return lateRewinds;
    }

    /**
     * Feedback packets built.
     *
     * @return the count.
     */
    public long feedbackPackets()
    {
        return feedbackPackets;
    }

    /**
     * Bytes of feedback built (RTCP packets only, without IP/UDP headers).
     *
     * @return the count.
     */
    public long feedbackBytes()
    {
        return feedbackBytes;
    }
}
