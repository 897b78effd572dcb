package io.classwire.core.congestion.session;

import io.classwire.core.congestion.FeedbackGenerator;
import io.classwire.core.session.FeedbackSource;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.HeaderExtensionReader;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The receiving half of transport-wide congestion control on an {@link RtpSession}: a {@code twcc} stage after
 * {@code rtp-validate} in the receive chain reads each packet's transport-wide sequence number
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) into a {@link FeedbackGenerator}; as a task of the owning
 * agent it asks the session to send the generator's RTCP transport feedback (RTPFB, FMT 15) when due, and writes it
 * as a {@link FeedbackSource} when the session builds the RTCP packet (early when RFC 4585 allows, else with the next
 * regular report).
 *
 * <pre>
 *   receive: ... rtp-validate --&gt; twcc (FeedbackGenerator.onPacketReceived) --&gt; ssrc-demux --&gt; ...
 *   doWork: due? --&gt; RtpSession.requestFeedback(this) --&gt; writeFeedback: FeedbackGenerator.poll
 * </pre>
 *
 * <p>Packets without the extension pass untouched. A feedback packet that does not fit the room the session offers
 * is dropped and counted ({@link #overflows()}); the generator's packets are kept small (500 bytes) so that is rare.
 * Single-threaded (the session's agent); nothing allocates per packet.
 */
public final class TwccReceiveStage implements PacketStage, FeedbackSource, TimedAgent
{
    /** Name of the stage in the receive chain. */
    public static final String NAME = "twcc";
    /** Stage after which this one is inserted. */
    public static final String AFTER = "rtp-validate";
    /** Largest feedback packet built. */
    public static final int MAX_FEEDBACK_BYTES = 500;

    private final int extensionId;
    private final HeaderExtensionReader extensions = new HeaderExtensionReader();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[2 * MAX_FEEDBACK_BYTES]);
    private FeedbackGenerator generator;
    private RtpSession session;
    private boolean requested;
    private long retryNs = Long.MIN_VALUE;
    private long numberedPackets;
    private long overflows;
    private long feedbackBytes;

    /**
     * Create a stage.
     *
     * @param extensionId the RFC 8285 id negotiated for the transport-wide sequence extension.
     */
    public TwccReceiveStage(final int extensionId)
    {
        if (extensionId < 1 || extensionId > HeaderExtensionReader.TWO_BYTE_MAX_ID)
        {
            throw new IllegalArgumentException("bad extension id " + extensionId);
        }
        this.extensionId = extensionId;
    }

    /**
     * Insert the stage into the session's receive chain after {@code rtp-validate}.
     *
     * @param session the session.
     * @return this.
     */
    public TwccReceiveStage attach(final RtpSession session)
    {
        this.session = session;
        generator = new FeedbackGenerator(session.reporterSsrc(), 0, 4096, MAX_FEEDBACK_BYTES,
            FeedbackGenerator.DEFAULT_FEEDBACK_SHARE);
        session.receiveChain().insertAfter(AFTER, this);
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        final long found = extensions.wrap(packet.rtp()).find(extensionId);
        if (found != HeaderExtensionReader.NOT_FOUND &&
            TransportSequenceExtension.validate(HeaderExtensionReader.packedLength(found)) == WireStatus.OK)
        {
            generator.onPacketReceived(
                TransportSequenceExtension.sequenceNumber(packet.buffer(), HeaderExtensionReader.packedOffset(found)),
                packet.timeNs(), packet.length());
            numberedPackets++;
        }
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        if (requested || generator == null || nextDeadlineNs() > nowNs)
        {
            return 0;
        }
        final int result = session.requestFeedback(nowNs, this);
        // Sent or deferred, the session calls writeFeedback; until then there is nothing to do here.
        requested = result == RtpSession.FEEDBACK_DEFERRED;
        if (result < 0)
        {
            // Queue full or closed: try again a feedback interval later rather than spin.
            retryNs = nowNs + FeedbackGenerator.MIN_INTERVAL_NS;
        }
        return 1;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return requested || generator == null ? TimedAgent.NO_DEADLINE : Math.max(retryNs, generator.nextDeadlineNs());
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public int writeFeedback(final MutableDirectBuffer buffer, final int offset, final int capacity, final long nowNs)
    {
        requested = false;
        int written = 0;
        while (true)
        {
            final int length = generator.poll(nowNs, scratch, 0);
            if (length <= 0)
            {
                break;
            }
            if (written + length > capacity)
            {
                overflows++;
                break;
            }
            buffer.putBytes(offset + written, scratch, 0, length);
            written += length;
        }
        feedbackBytes += written;
        return written;
    }

    /**
     * The generator (diagnostics).
     *
     * @return the generator, or null before {@link #attach}.
     */
    public FeedbackGenerator generator()
    {
        return generator;
    }

    /**
     * Packets that carried a transport-wide sequence number.
     *
     * @return the count.
     */
    public long numberedPackets()
    {
        return numberedPackets;
    }

    /**
     * Feedback packets dropped because they did not fit.
     *
     * @return the count.
     */
    public long overflows()
    {
        return overflows;
    }

    /**
     * Feedback bytes written.
     *
     * @return the count.
     */
    public long feedbackBytes()
    {
        return feedbackBytes;
    }
}
