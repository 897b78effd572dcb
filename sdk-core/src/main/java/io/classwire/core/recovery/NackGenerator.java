package io.classwire.core.recovery;

import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.SeqUnwrapper;
import org.agrona.MutableDirectBuffer;

/**
 * Receiver side of NACK (RFC 4585 section 6.2.1): watches the sequence numbers of one media stream, tracks each lost
 * packet, and decides when to ask for it, under four rules.
 * <ol>
 *   <li><b>Deadline.</b> A lost packet's expected arrival is interpolated between its neighbours' arrivals; it plays
 *       out {@code playoutDelayNs} later. It is requested only while a retransmission can still make it:
 *       {@code now + rtt + margin <= expected + playoutDelay}. Past that it is given up ({@link #abandonedLate()}),
 *       asked for or not: bandwidth spent on a packet that will be dropped on arrival is wasted.</li>
 *   <li><b>Reordering.</b> A gap may be reordering: the first request waits {@code reorderDelayNs} after the gap
 *       was seen, or until {@code reorderPackets} newer packets have arrived, whichever is first.</li>
 *   <li><b>Retries.</b> Unanswered requests are repeated, the n-th retry {@code max(rtt * 1.5, 20 ms) *
 *       backoff^(n-1)} after the previous one, up to {@code maxRequests}; never sooner, so the sender's
 *       once-per-RTT rule is never tested.</li>
 *   <li><b>Rate.</b> NACK packets spend a token bucket ({@code maxNacksPerSecond}, small burst) and carry at most
 *       {@code maxSeqsPerNack} numbers, oldest (closest to its deadline) first.</li>
 * </ol>
 * Options serve a sender that repairs by retransmission alone over a path that loses the NACKs as well
 * ({@link NackContext#redundantRequests(boolean)}, {@link NackContext#lossTimeoutNs(long)}): every NACK then names
 * every packet still recoverable (or, with {@link NackContext#redundantMissTarget(double)}, every one whose repeat is
 * near, spaced for the loss measured), and a packet overdue against the stream's cadence counts as lost before the
 * next packet shows the gap. The round-trip time can be measured from the requests ({@link #measuredRttNs()}).
 * A packet that arrives late, or is rebuilt by RTX, FEC or RED, clears its state: feed every packet of the stream,
 * whatever delivered it, to {@link #onPacket}. Time is injected; the generator never reads a clock and allocates
 * nothing after construction. Single-threaded.
 */
public final class NackGenerator
{
    /** {@link #onPacket} result: the newest packet so far, no gap. */
    public static final int IN_ORDER = 0;
    /** {@link #onPacket} result: the newest packet so far, after a gap that is now tracked. */
    public static final int GAP = 1;
    /** {@link #onPacket} result: a tracked lost packet arrived (late, retransmitted or rebuilt). */
    public static final int RECOVERED = 2;
    /** {@link #onPacket} result: seen before, or older than anything tracked. */
    public static final int DUPLICATE = 3;
    /** {@link #onPacket} result: a jump past the largest gap; tracking restarted. */
    public static final int DISCONTINUITY = 4;

    private static final int RTT_SAMPLES = 8;
    /** Packets over which the loss estimate of the adaptive repeat spacing averages. */
    private static final double LOSS_WINDOW_PACKETS = 100;
    // the loss timeout's learnt extra wait (packets predicted lost that then came in sequence) fades over ~5 s of audio
    private static final long TIMEOUT_EXTRA_DECAY_PACKETS = 256;
    /** Predictions ahead of the newest packet at most, whatever the playout delay. */
    private static final int MAX_PREDICTED = 50;

    private final NackContext context;
    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final MissingPackets missing;
    private final TokenBucket nackBudget;
    private final int[] lost;
    private final RecentMinimum requestRtt = new RecentMinimum(RTT_SAMPLES);
    private final StreamCadence cadence = new StreamCadence();
    private long rttNs;
    private long playoutDelayNs;
    private long highest = -1;
    private long highestArrivalNs;
    private long trackedThrough = -1;
    // until measured, assume heavy loss: at the start of a stream, repeating too often costs only retransmissions
    private double lossEstimate = 0.5;
    private long timeoutExtraNs;
    private long newerArrivals;
    private long rateLimitedUntilNs;
    private long packets;
    private long lossesDetected;
    private long recoveredBeforeNack;
    private long recoveredAfterNack;
    private long abandonedLate;
    private long abandonedRetries;
    private long requestsAbandonedLate;
    private long overflowDropped;
    private long discontinuities;
    private long nacksSent;
    private long seqsRequested;
    private long retriesRequested;
    private long rateLimited;
    private long lossesPredicted;
    private long predictedArrived;

    /**
     * @param context configuration; concluded here.
     */
    public NackGenerator(final NackContext context)
    {
        this.context = context.conclude();
        this.missing = new MissingPackets(context.maxMissing());
        this.nackBudget = new TokenBucket(context.maxNacksPerSecond(), context.nackBurst());
        this.lost = new int[context.maxSeqsPerNack()];
        this.rttNs = context.rttNs();
        this.playoutDelayNs = context.playoutDelayNs();
    }

    /**
     * A packet of the stream arrived (as sent, retransmitted, or rebuilt from redundancy).
     *
     * @param seq   its sequence number.
     * @param nowNs arrival time.
     * @return {@link #IN_ORDER}, {@link #GAP}, {@link #RECOVERED}, {@link #DUPLICATE} or {@link #DISCONTINUITY}.
     */
    public int onPacket(final int seq, final long nowNs)
    {
        packets++;
        final long ext = unwrapper.unwrap(seq);
        if (highest < 0)
        {
            highest = ext;
            trackedThrough = ext;
            highestArrivalNs = nowNs;
            if (context.lossTimeoutNs() > 0)
            {
                cadence.onNewest(ext, nowNs);
            }
            return IN_ORDER;
        }
        if (ext <= highest)
        {
            final int index = ext == highest ? -1 : missing.indexOf(ext);
            if (index < 0)
            {
                return DUPLICATE;
            }
            if (missing.requests[index] > 0)
            {
                recoveredAfterNack++;
                requestRtt.add(nowNs - missing.firstRequestNs[index]);
            }
            else
            {
                recoveredBeforeNack++;
            }
            missing.remove(index);
            return RECOVERED;
        }
        newerArrivals++;
        final long gap = ext - highest - 1;
        int result = gap == 0 ? IN_ORDER : GAP;
        if (gap > context.maxGapPackets())
        {
            missing.clear();
            cadence.reset();
            discontinuities++;
            result = DISCONTINUITY;
        }
        else
        {
            if (context.lossTimeoutNs() > 0)
            {
                cadence.onNewest(ext, nowNs);
            }
            timeoutExtraNs -= timeoutExtraNs / TIMEOUT_EXTRA_DECAY_PACKETS;
            // gap losses then one arrival, each moving the average 1/LOSS_WINDOW_PACKETS of the way
            final double keep = 1.0 - 1.0 / LOSS_WINDOW_PACKETS;
            lossEstimate = (1.0 - (1.0 - lossEstimate) * Math.pow(keep, gap)) * keep;
            if (ext <= trackedThrough)
            {
                // predicted lost by the timeout, yet here in sequence: only late (perhaps already given up). A
                // sender that paces unevenly (ffmpeg -re) does this all the time: wait that much longer from now on
                predictedArrived++;
                final long overdueNs = nowNs - highestArrivalNs -
                    (long)((ext - highest) * cadence.intervalNs()) - context.lossTimeoutNs();
                // a quarter of the way at a time: one odd packet on a lossy path must not cost the chances of many
                final long wantNs = Math.min(playoutDelayNs / 2, overdueNs + overdueNs / 4);
                timeoutExtraNs += Math.max(0, wantNs - timeoutExtraNs) / 4;
                final int index = missing.indexOf(ext);
                if (index >= 0)
                {
                    missing.remove(index);
                }
            }
            for (long s = Math.max(highest, trackedThrough) + 1; s < ext; s++)
            {
                track(s, highestArrivalNs + (nowNs - highestArrivalNs) * (s - highest) / (ext - highest), nowNs,
                    nowNs + context.reorderDelayNs());
            }
        }
        highest = ext;
        trackedThrough = Math.max(trackedThrough, ext);
        highestArrivalNs = nowNs;
        return result;
    }

    // With a loss timeout: the packets after the newest one that are overdue by the timeout count as lost now.
    private void predictLosses(final long nowNs)
    {
        long dueNs;
        while ((dueNs = nextPredictionNs()) <= nowNs)
        {
            trackedThrough++;
            track(trackedThrough, dueNs - context.lossTimeoutNs() - timeoutExtraNs, nowNs, nowNs);
            lossesPredicted++;
        }
    }

    // When the packet after the last one tracked is overdue; never with no timeout, no known cadence, or a playout
    // delay's worth (at most MAX_PREDICTED) already predicted.
    private long nextPredictionNs()
    {
        final double intervalNs = cadence.intervalNs();
        final long ahead = trackedThrough - highest;
        if (context.lossTimeoutNs() <= 0 || highest < 0 || intervalNs <= 0 ||
            ahead >= Math.max(1, Math.min(MAX_PREDICTED, (long)(playoutDelayNs / intervalNs))))
        {
            return Long.MAX_VALUE;
        }
        return highestArrivalNs + (long)((ahead + 1) * intervalNs) + context.lossTimeoutNs() + timeoutExtraNs;
    }

    private void track(final long ext, final long expectedNs, final long nowNs, final long firstRequestNs)
    {
        if (missing.isFull())
        {
            missing.remove(0);
            overflowDropped++;
        }
        missing.add(ext, expectedNs, nowNs, newerArrivals, firstRequestNs);
        lossesDetected++;
    }

    /**
     * Choose the sequence numbers to request now, and record them as requested.
     *
     * @param nowNs current time.
     * @param out   receives up to {@code maxSeqsPerNack} 16-bit sequence numbers, oldest first.
     * @return how many; 0 when nothing is due or the NACK rate cap holds them back.
     */
    public int poll(final long nowNs, final int[] out)
    {
        predictLosses(nowNs);
        int due = 0;
        int i = 0;
        while (i < missing.size())
        {
            if (nowNs + rttNs + context.marginNs() > missing.expectedNs[i] + playoutDelayNs)
            {
                requestsAbandonedLate += missing.requests[i];
                missing.remove(i);
                abandonedLate++;
                continue;
            }
            if (missing.requests[i] >= context.maxRequests())
            {
                if (nowNs >= missing.nextRequestNs[i])
                {
                    missing.remove(i);
                    abandonedRetries++;
                    continue;
                }
            }
            else if (isDue(i, nowNs))
            {
                due++;
            }
            i++;
        }
        if (due == 0)
        {
            return 0;
        }
        if (!nackBudget.tryConsume(1, nowNs))
        {
            rateLimited++;
            rateLimitedUntilNs = nackBudget.availableAtNs(1, nowNs);
            return 0;
        }
        final int limit = Math.min(out.length, context.maxSeqsPerNack());
        // redundant: name every packet, or with a miss target every packet whose next repeat is half a spacing off
        final long earlyNs = context.redundantMissTarget() > 0 ? repeatSpacingNs() / 2 : Long.MAX_VALUE / 4;
        int count = 0;
        for (i = 0; i < missing.size() && count < limit; i++)
        {
            if (missing.requests[i] < context.maxRequests() && (isDue(i, nowNs) ||
                context.redundantRequests() && nowNs >= missing.nextRequestNs[i] - earlyNs))
            {
                final int requests = ++missing.requests[i];
                if (requests == 1)
                {
                    missing.firstRequestNs[i] = nowNs;
                }
                missing.nextRequestNs[i] = nowNs + retryIntervalNs(requests);
                out[count++] = (int)(missing.seq[i] & 0xFFFF);
                if (requests > 1)
                {
                    retriesRequested++;
                }
            }
        }
        nacksSent++;
        seqsRequested += count;
        return count;
    }

    private boolean isDue(final int i, final long nowNs)
    {
        return nowNs >= missing.nextRequestNs[i] ||
            (missing.requests[i] == 0 && newerArrivals - missing.arrivalsAtDetect[i] >= context.reorderPackets());
    }

    private long retryIntervalNs(final int requestsMade)
    {
        if (context.redundantRequests() && context.redundantMissTarget() > 0)
        {
            return repeatSpacingNs();
        }
        final double base = Math.max(rttNs * context.retryRttFactor(), context.minRetryIntervalNs());
        return (long)Math.min(base * Math.pow(context.backoffFactor(), requestsMade - 1), 60e9);
    }

    // Spread the chances a packet needs over the time it has: with a request (NACK out, retransmission back) getting
    // through with probability (1 - loss)^2, k = log(target) / log(1 - (1 - loss)^2) requests leave it lost with the
    // target probability; between the retry floor and one RTT (after that the answer to the previous one is known).
    private long repeatSpacingNs()
    {
        final double success = (1.0 - lossEstimate) * (1.0 - lossEstimate);
        final double chances = success >= 1.0 ? 1.0 :
            Math.max(1.0, Math.ceil(Math.log(context.redundantMissTarget()) / Math.log(1.0 - success)));
        final long floorNs = context.minRetryIntervalNs();
        final long windowNs = playoutDelayNs - rttNs - context.marginNs();
        return Math.max(floorNs, Math.min(Math.max(floorNs, rttNs), (long)(windowNs / chances)));
    }

    /**
     * Poll and write the result as one NACK packet ({@link NackPacket#build}); numbers that do not fit the capacity
     * stay due for the next call.
     *
     * @param nowNs      current time.
     * @param buffer     destination.
     * @param offset     where the packet starts.
     * @param capacity   bytes available.
     * @param senderSsrc SSRC of the NACK's sender (our reporter SSRC).
     * @param mediaSsrc  SSRC of the media stream.
     * @return bytes written, 0 when nothing is due (or nothing fits).
     */
    public int writeNack(
        final long nowNs,
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int senderSsrc,
        final int mediaSsrc)
    {
        final int count = poll(nowNs, lost);
        if (count == 0)
        {
            return 0;
        }
        final int maxItems = (capacity - 12) / NackPacket.ITEM_LENGTH;
        final int length = maxItems < 1 ? -1 :
            NackPacket.build(buffer, offset, capacity, senderSsrc, mediaSsrc, lost, count, maxItems);
        final int covered = length < 0 ? 0 :
            NackPacket.coveredCount(lost, count, (length - 12) / NackPacket.ITEM_LENGTH);
        for (int i = covered; i < count; i++)
        {
            final int index = missing.indexOf(unwrapper.peek(lost[i]));
            if (index >= 0)
            {
                missing.requests[index]--;
                missing.nextRequestNs[index] = nowNs;
                seqsRequested--;
            }
        }
        return Math.max(length, 0);
    }

    /**
     * When {@link #poll} next has something to request (or must check a deadline), for a timer.
     *
     * @return the time, or {@link Long#MAX_VALUE} when nothing is tracked (nor, with a loss timeout, expected).
     */
    public long nextDeadlineNs()
    {
        long earliest = nextPredictionNs();
        for (int i = 0; i < missing.size(); i++)
        {
            final boolean quickly = missing.requests[i] == 0 &&
                newerArrivals - missing.arrivalsAtDetect[i] >= context.reorderPackets();
            earliest = Math.min(earliest, quickly ? missing.detectedNs[i] : missing.nextRequestNs[i]);
        }
        return earliest == Long.MAX_VALUE ? earliest : Math.max(earliest, rateLimitedUntilNs);
    }

    /**
     * @param rttNs the current round-trip time; ignored when not positive.
     */
    public void rttNs(final long rttNs)
    {
        if (rttNs > 0)
        {
            this.rttNs = rttNs;
        }
    }

    /** @return the round-trip time in use. */
    public long rttNs()
    {
        return rttNs;
    }

    /**
     * @param playoutDelayNs the jitter buffer's current target delay.
     */
    public void playoutDelayNs(final long playoutDelayNs)
    {
        this.playoutDelayNs = Math.max(0, playoutDelayNs);
    }

    /** @return the playout delay in use. */
    public long playoutDelayNs()
    {
        return playoutDelayNs;
    }

    /** @return lost packets tracked now. */
    public int missingCount()
    {
        return missing.size();
    }

    /** @return packets fed to {@link #onPacket}. */
    public long packets()
    {
        return packets;
    }

    /** @return lost packets detected (gaps). */
    public long lossesDetected()
    {
        return lossesDetected;
    }

    /** @return tracked packets that arrived before any request (reordering). */
    public long recoveredBeforeNack()
    {
        return recoveredBeforeNack;
    }

    /** @return tracked packets that arrived after at least one request. */
    public long recoveredAfterNack()
    {
        return recoveredAfterNack;
    }

    /** @return lost packets given up because a retransmission could no longer arrive before playout. */
    public long abandonedLate()
    {
        return abandonedLate;
    }

    /** @return requests made, in all, for the packets given up as too late (divide by {@link #abandonedLate()}). */
    public long requestsAbandonedLate()
    {
        return requestsAbandonedLate;
    }

    /** @return lost packets given up after the last allowed request went unanswered. */
    public long abandonedRetries()
    {
        return abandonedRetries;
    }

    /** @return lost packets dropped from tracking because too many were tracked. */
    public long overflowDropped()
    {
        return overflowDropped;
    }

    /** @return jumps treated as discontinuities. */
    public long discontinuities()
    {
        return discontinuities;
    }

    /** @return NACK packets produced (polls that returned numbers). */
    public long nacksSent()
    {
        return nacksSent;
    }

    /** @return sequence numbers requested, retries included. */
    public long seqsRequested()
    {
        return seqsRequested;
    }

    /** @return requests that were retries. */
    public long retriesRequested()
    {
        return retriesRequested;
    }

    /**
     * The round-trip time as the requests measure it: the minimum over recent recoveries of the time from a packet's
     * first request to its arrival (the round trip plus the sender's turnaround; an answer to a later request only
     * gives a larger sample).
     *
     * @return the measurement, or -1 before the first requested packet arrived.
     */
    public long measuredRttNs()
    {
        return requestRtt.value();
    }

    /**
     * @return the spacing of the stream's packets, the median arrival gap between consecutive ones among the 64
     *         newest, ns (0 before 16 such gaps were seen, and without a loss timeout, which alone needs it).
     */
    public long meanIntervalNs()
    {
        return (long)cadence.intervalNs();
    }

    /** @return the media loss rate the adaptive repeat spacing goes by, 0..1 (0.5 until measured). */
    public double lossEstimate()
    {
        return lossEstimate;
    }

    /** @return lost packets detected by the loss timeout rather than from a gap. */
    public long lossesPredicted()
    {
        return lossesPredicted;
    }

    /** @return the extra wait the loss timeout learnt from predictions that then arrived in sequence, ns. */
    public long timeoutExtraNs()
    {
        return timeoutExtraNs;
    }

    /** @return packets predicted lost that then arrived in sequence (late, not lost). */
    public long predictedArrived()
    {
        return predictedArrived;
    }

    /** @return polls held back by the NACK rate cap. */
    public long rateLimited()
    {
        return rateLimited;
    }
}
