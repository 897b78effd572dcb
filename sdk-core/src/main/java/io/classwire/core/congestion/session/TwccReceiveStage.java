package io.classwire.core.congestion.session;

import io.classwire.core.congestion.FeedbackGenerator;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.HeaderExtensionReader;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.Sdes;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The receiving half of transport-wide congestion control on an {@link RtpSession}: a {@code twcc} stage after
 * {@code rtp-validate} in the receive chain reads each packet's transport-wide sequence number
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01) into a {@link FeedbackGenerator}; as a task of the owning
 * agent it sends the generator's RTCP transport feedback (RTPFB, FMT 15) at the generator's own deadline, every 50 to
 * 250 ms as the received rate requires, as an RTCP datagram of its own pushed into the session's {@code rtcp-send}
 * chain (so encryption stages there still apply).
 *
 * <pre>
 *   receive: ... rtp-validate --&gt; twcc (FeedbackGenerator.onPacketReceived) --&gt; ssrc-demux --&gt; ...
 *   doWork:  generator due --&gt; [RR(0 blocks) + SDES CNAME] + TWCC --&gt; rtcp-send chain --&gt; transport-out
 * </pre>
 *
 * <p>Why outside the RTCP schedule: RFC 4585's early-feedback rule allows one early packet between two regular
 * reports, so feedback through {@link RtpSession#requestFeedback} arrives on the RTCP timer (about every 90 ms with
 * a 100 ms minimum interval) instead of the generator's interval, and the delay-based estimator reacts a report late.
 * The transport-wide feedback draft (section 3.1) and RFC 8888 (section 3.1) let congestion feedback follow its own
 * timing, with its rate bounded by the generator's share of the received rate (5%) rather than by the RTCP
 * bandwidth. With reduced-size RTCP (RFC 5506) the datagram is the feedback packet alone; otherwise it is an RFC
 * 3550 compound: an empty receiver report and an SDES CNAME in front. These packets are not counted in the RTCP
 * interval computation.
 *
 * <p>Packets without the extension pass untouched. A send the chain refuses is counted ({@link #sendFailures()}) and
 * its feedback is lost (the next one covers the later packets; the sender's history treats the gap as unreported).
 * Single-threaded (the session's agent); nothing allocates per packet or per feedback.
 */
public final class TwccReceiveStage implements PacketStage, TimedAgent
{
    /** Name of the stage in the receive chain. */
    public static final String NAME = "twcc";
    /** Stage after which this one is inserted. */
    public static final String AFTER = "rtp-validate";
    /** Largest feedback packet built. */
    public static final int MAX_FEEDBACK_BYTES = 500;

    private static final int PREFIX_CAPACITY = 8 + 8 + 256 + 4;

    private final int extensionId;
    private final HeaderExtensionReader extensions = new HeaderExtensionReader();
    private final UnsafeBuffer datagram = new UnsafeBuffer(new byte[PREFIX_CAPACITY + MAX_FEEDBACK_BYTES]);
    private final PacketContext rtcpContext = new PacketContext();
    private FeedbackGenerator generator;
    private RtpSession session;
    private String cname;
    private long numberedPackets;
    private long feedbackPackets;
    private long sendFailures;
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
        cname = session.context().reducedSizeRtcp() ? null : session.context().cname();
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
        if (generator == null || generator.nextDeadlineNs() > nowNs || session.isClosed())
        {
            return 0;
        }
        int work = 0;
        while (true)
        {
            final int prefix = writePrefix();
            final int length = prefix < 0 ? prefix : generator.poll(nowNs, datagram, prefix);
            if (length <= 0)
            {
                // A negative length cannot happen with MAX_FEEDBACK_BYTES of room; stop rather than spin.
                return work;
            }
            rtcpContext.reset(datagram, 0, prefix + length, session.peerId(), nowNs).kind(PacketContext.KIND_RTCP);
            if (session.rtcpSendChain().process(rtcpContext) == DROP)
            {
                sendFailures++;
            }
            else
            {
                feedbackPackets++;
                feedbackBytes += prefix + length;
            }
            work++;
        }
    }

    // RFC 3550 section 6.1: a compound starts with a report and carries the CNAME; RFC 5506 drops both.
    private int writePrefix()
    {
        if (cname == null)
        {
            return 0;
        }
        final int ssrc = session.reporterSsrc();
        final int report = ReceiverReport.build(datagram, 0, PREFIX_CAPACITY, ssrc, 0);
        if (report < 0)
        {
            return report;
        }
        final int sdes = Sdes.buildCname(datagram, report, PREFIX_CAPACITY - report, ssrc, cname);
        return sdes < 0 ? sdes : report + sdes;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return generator == null ? TimedAgent.NO_DEADLINE : generator.nextDeadlineNs();
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
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
     * Feedback datagrams handed to the {@code rtcp-send} chain.
     *
     * @return the count.
     */
    public long feedbackPackets()
    {
        return feedbackPackets;
    }

    /**
     * Feedback datagrams the {@code rtcp-send} chain refused (transport back-pressure, closed).
     *
     * @return the count.
     */
    public long sendFailures()
    {
        return sendFailures;
    }

    /**
     * Feedback bytes sent, compound prefix included.
     *
     * @return the count.
     */
    public long feedbackBytes()
    {
        return feedbackBytes;
    }
}
