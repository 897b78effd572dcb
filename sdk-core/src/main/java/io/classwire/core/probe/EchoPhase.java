package io.classwire.core.probe;

import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The first phase of a {@link NetworkProbe}: paced echo requests, and from their replies the round-trip time, the
 * interarrival jitter of each direction and the loss of each direction. Single-threaded; allocation-free until
 * {@link #rttPercentileNs(double)} sorts a copy once the run is over.
 *
 * <p>Round-trip time of one echo: arrival of the reply minus the request's send time, minus the time the responder
 * held it (its receive-to-send interval on its own clock). Jitter: RFC 3550 section 6.4.1 interarrival jitter, with
 * the transit of the request (responder receive time minus client send time) for the uplink and of the reply (client
 * arrival minus responder send time) for the downlink; the clocks' offset cancels in the differences. Loss: each reply
 * carries how many requests the responder had received, which splits round-trip loss into its two directions.
 */
final class EchoPhase
{
    private static final long MIN_GRACE_NS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long NO_REPLY_GRACE_NS = TimeUnit.SECONDS.toNanos(1);

    private final ProbeChannel channel;
    private final long intervalNs;
    private final int echoBytes;
    private final long[] rttSamplesNs;
    private final long[] repliedSequences;
    private long startNs;
    private long sendEndNs;
    private int sent;
    private int replies;
    private long maxRttNs;
    private int highestRepliedSequence = -1;
    private long requestsReceivedAtHighest;
    private int cookie;
    private boolean hasPreviousTransit;
    private long previousUpTransitNs;
    private long previousDownTransitNs;
    private double upJitterNs;
    private double downJitterNs;

    EchoPhase(final ProbeChannel channel, final ProbeConfig config)
    {
        this.channel = channel;
        this.intervalNs = config.echoIntervalNs();
        this.echoBytes = config.echoBytes();
        final int maxEchoes = (int)Math.min(1 << 20, config.echoPhaseNs() / config.echoIntervalNs() + 1);
        this.rttSamplesNs = new long[maxEchoes];
        this.repliedSequences = new long[(maxEchoes + 63) >>> 6];
        this.sendEndNs = Long.MIN_VALUE;
    }

    /**
     * Start sending now.
     *
     * @param nowNs   current time.
     * @param phaseNs how long to send.
     */
    void start(final long nowNs, final long phaseNs)
    {
        startNs = nowNs;
        sendEndNs = nowNs + phaseNs;
    }

    /**
     * Send the echo requests that are due.
     *
     * @param nowNs current time.
     * @return requests sent.
     */
    int doWork(final long nowNs)
    {
        int work = 0;
        long dueNs;
        while (sent < rttSamplesNs.length && (dueNs = startNs + sent * intervalNs) <= nowNs && dueNs < sendEndNs)
        {
            final int length = ProbeMessageWriter.writeEchoRequest(
                channel.buffer(), 0, echoBytes, channel.probeId(), sent, nowNs, echoBytes);
            channel.send(length);
            sent++;
            work++;
        }
        return work;
    }

    /** @return when the next request is due, or when waiting for late replies ends. */
    long nextDeadlineNs()
    {
        final long dueNs = startNs + sent * intervalNs;
        return sent < rttSamplesNs.length && dueNs < sendEndNs ? dueNs : sendEndNs + graceNs();
    }

    /**
     * @param nowNs current time.
     * @return true once sending is over and every reply is in or the wait for stragglers has run out.
     */
    boolean isDone(final long nowNs)
    {
        if (nowNs < sendEndNs && sent < rttSamplesNs.length)
        {
            return false;
        }
        return replies == sent || nowNs >= sendEndNs + graceNs();
    }

    private long graceNs()
    {
        return replies == 0 ? NO_REPLY_GRACE_NS : Math.min(NO_REPLY_GRACE_NS, Math.max(MIN_GRACE_NS, 2 * maxRttNs));
    }

    /**
     * Account an echo reply.
     *
     * @param message    a validated reply of this probe.
     * @param receivedNs its arrival time.
     */
    void onReply(final ProbeMessage message, final long receivedNs)
    {
        final int sequence = message.sequence();
        if (sequence < 0 || sequence >= sent || (repliedSequences[sequence >>> 6] & (1L << sequence)) != 0)
        {
            return;
        }
        repliedSequences[sequence >>> 6] |= 1L << sequence;
        final long heldNs = message.responderSendNs() - message.responderReceiveNs();
        final long rttNs = Math.max(0, receivedNs - message.clientSendNs() - heldNs);
        rttSamplesNs[replies++] = rttNs;
        maxRttNs = Math.max(maxRttNs, rttNs);
        cookie = message.cookie();
        if (sequence > highestRepliedSequence)
        {
            highestRepliedSequence = sequence;
            requestsReceivedAtHighest = message.requestsReceived();
        }
        final long upTransitNs = message.responderReceiveNs() - message.clientSendNs();
        final long downTransitNs = receivedNs - message.responderSendNs();
        if (hasPreviousTransit)
        {
            upJitterNs += (Math.abs(upTransitNs - previousUpTransitNs) - upJitterNs) / 16.0;
            downJitterNs += (Math.abs(downTransitNs - previousDownTransitNs) - downJitterNs) / 16.0;
        }
        hasPreviousTransit = true;
        previousUpTransitNs = upTransitNs;
        previousDownTransitNs = downTransitNs;
    }

    int sent()
    {
        return sent;
    }

    int replies()
    {
        return replies;
    }

    /** @return the cookie from the latest reply, for downlink train requests; meaningful once a reply arrived. */
    int cookie()
    {
        return cookie;
    }

    long maxRttNs()
    {
        return maxRttNs;
    }

    /**
     * @param percentile in (0, 100].
     * @return the nearest-rank percentile of the round-trip samples, or -1 without samples. Allocates a sorted copy.
     */
    long rttPercentileNs(final double percentile)
    {
        if (replies == 0)
        {
            return -1;
        }
        final long[] sorted = Arrays.copyOf(rttSamplesNs, replies);
        Arrays.sort(sorted);
        final int rank = (int)Math.ceil(percentile / 100.0 * replies);
        return sorted[Math.max(0, Math.min(replies - 1, rank - 1))];
    }

    double upJitterNs()
    {
        return upJitterNs;
    }

    double downJitterNs()
    {
        return downJitterNs;
    }

    /** @return round-trip loss as a fraction of requests sent, or NaN when none were sent. */
    double roundTripLoss()
    {
        return sent == 0 ? Double.NaN : 1.0 - (double)replies / sent;
    }

    /**
     * @return loss of requests on the way to the responder, among those up to the highest sequence replied to, or
     *         NaN without a reply.
     */
    double upLoss()
    {
        if (highestRepliedSequence < 0)
        {
            return Double.NaN;
        }
        return clamp(1.0 - (double)requestsReceivedAtHighest / (highestRepliedSequence + 1));
    }

    /** @return loss of replies on the way back, against the requests the responder said it received, or NaN. */
    double downLoss()
    {
        if (highestRepliedSequence < 0 || requestsReceivedAtHighest == 0)
        {
            return Double.NaN;
        }
        return clamp(1.0 - (double)replies / requestsReceivedAtHighest);
    }

    private static double clamp(final double fraction)
    {
        return Math.max(0.0, Math.min(1.0, fraction));
    }
}
