package io.classwire.core.recovery;

import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtxPayload;
import io.classwire.core.wire.SeqHandler;

/**
 * Answers NACKs (RFC 4585 generic NACK) with RFC 4588 retransmissions of packets from an {@link RtpPacketHistory}.
 * Two limits keep it from making congestion worse:
 * <ul>
 *   <li>a packet is retransmitted at most once per round-trip time: a second request inside one RTT was sent before
 *       the first retransmission could have arrived, so answering it only duplicates bytes;</li>
 *   <li>retransmissions spend a byte {@link TokenBucket} refilled at {@link #maxBitrateBps(long)}, which congestion
 *       control sets to the share of its estimate it allows for repair; {@link #bytesSent()} counts what went out so
 *       the estimator can charge it (bytes sent through {@link SendStreamRtxOutput} also pass the session's send
 *       stages).</li>
 * </ul>
 * Requests are answered in the order the NACK lists them. Single-threaded (the session's agent thread);
 * allocation-free.
 */
public final class RtxSender
{
    /** The packet was retransmitted. */
    public static final int RESENT = 0;
    /** The packet is not in the history (never sent, evicted, too old). */
    public static final int NOT_FOUND = 1;
    /** The packet was retransmitted less than one RTT ago. */
    public static final int TOO_SOON = 2;
    /** The byte budget is spent. */
    public static final int RATE_LIMITED = 3;
    /** The output refused the packet. */
    public static final int SEND_FAILED = 4;
    /** Round-trip time assumed until {@link #rttNs(long)} is called: a typical intercontinental path. */
    public static final long DEFAULT_RTT_NS = 100_000_000L;

    private final RtpPacketHistory history;
    private final RtxOutput output;
    private final TokenBucket budget;
    private final RtpPacket original = new RtpPacket();
    private final SeqHandler nackHandler = this::onRequested;
    private long rttNs = DEFAULT_RTT_NS;
    private long maxBitrateBps;
    private long nowNs;
    private int resentInNack;
    private long requests;
    private long packetsSent;
    private long bytesSent;
    private long notFound;
    private long tooSoon;
    private long rateLimited;
    private long sendFailures;

    /**
     * @param history       where the originals are.
     * @param output        where retransmissions go.
     * @param maxBitrateBps byte budget refill rate, in bits per second.
     * @param burstBytes    bytes that may go out at once after a quiet spell, at least one packet's worth.
     */
    public RtxSender(
        final RtpPacketHistory history, final RtxOutput output, final long maxBitrateBps, final int burstBytes)
    {
        this.history = history;
        this.output = output;
        this.maxBitrateBps = maxBitrateBps;
        this.budget = new TokenBucket(maxBitrateBps / 8, burstBytes);
    }

    /**
     * Answer every sequence number a NACK lists.
     *
     * @param nack  a NACK whose {@link NackPacket#validate()} returned OK, for this history's SSRC.
     * @param nowNs current time.
     * @return packets retransmitted.
     */
    public int onNack(final NackPacket nack, final long nowNs)
    {
        this.nowNs = nowNs;
        resentInNack = 0;
        nack.forEachLost(nackHandler);
        return resentInNack;
    }

    private void onRequested(final int seq)
    {
        if (resend(seq, nowNs) == RESENT)
        {
            resentInNack++;
        }
    }

    /**
     * Retransmit one packet if the limits allow.
     *
     * @param seq   its sequence number.
     * @param nowNs current time.
     * @return {@link #RESENT}, {@link #NOT_FOUND}, {@link #TOO_SOON}, {@link #RATE_LIMITED} or {@link #SEND_FAILED}.
     */
    public int resend(final int seq, final long nowNs)
    {
        requests++;
        final int handle = history.find(seq, nowNs);
        if (handle == RtpPacketHistory.NOT_FOUND)
        {
            notFound++;
            return NOT_FOUND;
        }
        if (history.resendCount(handle) > 0 && nowNs - history.lastResendNs(handle) < rttNs)
        {
            tooSoon++;
            return TOO_SOON;
        }
        history.wrap(handle, original);
        // RFC 4588 section 4: the original's padding is not carried, the OSN is added.
        final int estimate = original.length() - original.paddingLength() + RtxPayload.OSN_LENGTH;
        if (!budget.tryConsume(estimate, nowNs))
        {
            rateLimited++;
            return RATE_LIMITED;
        }
        final int sent = output.sendRtx(original, nowNs);
        if (sent <= 0)
        {
            budget.refund(estimate);
            sendFailures++;
            return SEND_FAILED;
        }
        history.onResent(handle, nowNs);
        packetsSent++;
        bytesSent += sent;
        return RESENT;
    }

    /**
     * @param rttNs the current round-trip time estimate (e.g. {@code SendStream.smoothedRttNs()}); ignored when not
     *              positive.
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
     * @param bitrateBps byte budget refill rate, in bits per second; the burst stays as configured.
     */
    public void maxBitrateBps(final long bitrateBps)
    {
        this.maxBitrateBps = bitrateBps;
        budget.configure(bitrateBps / 8, budget.capacity());
    }

    /** @return the budget refill rate in bits per second. */
    public long maxBitrateBps()
    {
        return maxBitrateBps;
    }

    /** @return sequence numbers asked for. */
    public long requests()
    {
        return requests;
    }

    /** @return retransmissions sent. */
    public long packetsSent()
    {
        return packetsSent;
    }

    /** @return bytes of retransmissions sent (whole RTX packets), for congestion control to charge. */
    public long bytesSent()
    {
        return bytesSent;
    }

    /** @return requests for packets not in the history. */
    public long notFound()
    {
        return notFound;
    }

    /** @return requests refused because the packet went out less than one RTT before. */
    public long tooSoon()
    {
        return tooSoon;
    }

    /** @return requests refused by the byte budget. */
    public long rateLimited()
    {
        return rateLimited;
    }

    /** @return retransmissions the output refused. */
    public long sendFailures()
    {
        return sendFailures;
    }
}
