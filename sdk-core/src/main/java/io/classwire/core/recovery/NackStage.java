package io.classwire.core.recovery;

import io.classwire.core.session.FeedbackSource;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.transport.TimedAgent;
import org.agrona.MutableDirectBuffer;

/**
 * Connects a {@link NackGenerator} to a session. As a receive-path stage (after RTX, FEC and RED, so packets rebuilt
 * there count as received) it feeds the generator every packet of the media stream; as an agent task it asks the
 * session for feedback when the generator has something due ({@link RtpSession#requestFeedback}), and as the
 * {@link FeedbackSource} it writes the NACK at the moment the RTCP packet is built, early or with the next regular
 * report as RFC 4585 allows. The round-trip time comes from a local send stream's reports when there is one.
 * Single-threaded; allocation-free.
 */
public final class NackStage implements PacketStage, TimedAgent, FeedbackSource
{
    /** The stage's name in the receive chain. */
    public static final String NAME = "nack";

    private static final long FAILURE_BACKOFF_NS = 5_000_000L;
    private static final long NO_NACK = Long.MIN_VALUE;

    private final RtpSession session;
    private final NackGenerator generator;
    private final int mediaSsrc;
    private SendStream rttSource;
    private boolean requested;
    private long backoffUntilNs;
    private long feedbackRequests;
    private long nacksWritten;
    private long firstNackNs = NO_NACK;

    /**
     * @param session   the session that sends the NACKs.
     * @param generator decides what to request.
     * @param mediaSsrc the remote media stream.
     */
    public NackStage(final RtpSession session, final NackGenerator generator, final int mediaSsrc)
    {
        this.session = session;
        this.generator = generator;
        this.mediaSsrc = mediaSsrc;
    }

    /**
     * @param stream a local send stream to the same peer whose reports measure the round-trip time; null for none.
     * @return this for chaining.
     */
    public NackStage rttFrom(final SendStream stream)
    {
        this.rttSource = stream;
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        if (packet.ssrc() == mediaSsrc)
        {
            generator.onPacket(packet.sequenceNumber(), packet.timeNs());
        }
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        if (rttSource != null)
        {
            generator.rttNs(rttSource.smoothedRttNs());
        }
        if (requested || nextDeadlineNs() > nowNs)
        {
            return 0;
        }
        requested = true;
        feedbackRequests++;
        final int result = session.requestFeedback(nowNs, this);
        if (result != RtpSession.FEEDBACK_DEFERRED)
        {
            requested = false;
        }
        if (result < 0)
        {
            // A full feedback queue or a refused send: try again a little later, not in a tight loop.
            backoffUntilNs = nowNs + FAILURE_BACKOFF_NS;
        }
        return 1;
    }

    /** {@inheritDoc} */
    @Override
    public int writeFeedback(final MutableDirectBuffer buffer, final int offset, final int capacity, final long nowNs)
    {
        requested = false;
        final int length = generator.writeNack(nowNs, buffer, offset, capacity, session.reporterSsrc(), mediaSsrc);
        if (length > 0)
        {
            nacksWritten++;
            if (firstNackNs == NO_NACK)
            {
                firstNackNs = nowNs;
            }
        }
        return length;
    }

    /**
     * When the first NACK since the previous call was written, and forget it: a receive-only peer measures the
     * round-trip time from the request that went out, not from when the gap was seen (the request may have waited
     * for the RTCP schedule). A caller that asks at each packet, before noting its gaps, may take this time as the
     * first request for the gaps noted so far that no earlier NACK covered; a NACK written before such a gap was
     * due, or one the rate cap held back, only lengthens that sample.
     *
     * @return the time, or {@link Long#MIN_VALUE} when no NACK was written since.
     */
    public long takeFirstNackNs()
    {
        final long nackNs = firstNackNs;
        firstNackNs = NO_NACK;
        return nackNs;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return requested ? NO_DEADLINE : Math.max(generator.nextDeadlineNs(), backoffUntilNs);
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
    }

    /** @return the generator, for its counters. */
    public NackGenerator generator()
    {
        return generator;
    }

    /** @return feedback requests made to the session. */
    public long feedbackRequests()
    {
        return feedbackRequests;
    }

    /** @return NACK packets written into RTCP. */
    public long nacksWritten()
    {
        return nacksWritten;
    }
}
