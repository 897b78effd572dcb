package io.classwire.core.session;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RtpPacket;
import org.agrona.DirectBuffer;

import java.util.SplittableRandom;

/**
 * The RTP session with one peer (RFC 3550, with the AVPF feedback rules of RFC 4585): local {@link SendStream}s and
 * remote {@link ReceiveStream}s by SSRC, RTCP reports on the RFC 3550 schedule, early feedback, and send and receive
 * paths built as {@link StageChain}s where later layers (congestion control, NACK/RTX, FEC, jitter buffer, security)
 * insert their stages. Single-threaded: owned by the agent that polls its transport (usually a
 * {@link SessionAgent}); every method must be called from that thread.
 *
 * <pre>{@code
 * RtpSession session = agent.addSession(peerId, new SessionContext().cname("alice").randomSeed(seed));
 * SendStream audio = session.addSendStream(48_000, 111);
 * session.rtpHandler((stream, packet, arrivalNs) -> ...);
 * audio.send(nowNs, rtpTimestamp, false, payload, 0, payloadLength);
 * }</pre>
 *
 * <p>Time: {@link #doWork(long)} sends regular reports when the {@link RtcpScheduler} says so; the scheduler starts at
 * the first call that carries a time ({@code doWork}, {@code onDatagram} or a feedback request).
 */
public final class RtpSession implements AutoCloseable
{
    /** Feedback sources had nothing to write; nothing was sent. */
    public static final int FEEDBACK_EMPTY = 0;
    /** The feedback went out now, as an early RTCP packet. */
    public static final int FEEDBACK_SENT = 1;
    /** An early packet was not allowed (RFC 4585 section 3.5.2); the feedback goes with the next regular report. */
    public static final int FEEDBACK_DEFERRED = 2;
    /** The feedback queue is full. */
    public static final int FEEDBACK_QUEUE_FULL = -1;
    /** The bytes given to {@link #sendFeedback} are not whole RTCP feedback packets. */
    public static final int FEEDBACK_INVALID = -2;
    /** The session is closed. */
    public static final int FEEDBACK_CLOSED = -3;
    /** The transport refused the early packet; the feedback is lost and may be requested again. */
    public static final int FEEDBACK_SEND_FAILED = -4;

    private final SessionContext context;
    private final int peerId;
    private final SplittableRandom random;
    private final int receiverSsrc;
    private final SessionCounters counters = new SessionCounters();
    private final SendStreams sendStreams;
    private final ReceiveStreams receiveStreams;
    private final SendPath sendPath;
    private final RtcpReceiver rtcpReceiver;
    private final RtcpSender rtcpSender;
    private final RtcpController rtcp;
    private final ReceivePath receivePath;
    private boolean closed;
    private long lastNowNs;

    /**
     * Create a session with one peer over a transport; concludes the context.
     *
     * @param context   configuration, one per session.
     * @param transport the transport reaching the peer (a socket endpoint or a lab node).
     * @param peerId    the peer's id on that transport.
     */
    public RtpSession(final SessionContext context, final DatagramTransport transport, final int peerId)
    {
        this.context = context.conclude();
        this.peerId = peerId;
        this.random = new SplittableRandom(context.randomSeed());
        final RtcpScheduler scheduler = new RtcpScheduler(
            context.sessionBandwidthBps(), context.rtcpMinIntervalNs(), random.split());
        this.receiverSsrc = random.nextInt();
        this.sendStreams = new SendStreams(context.maxSendStreams());
        this.receiveStreams = new ReceiveStreams(context.maxReceiveStreams());
        this.sendPath = new SendPath(transport, peerId, context.mtuBytes());
        final FeedbackQueue feedbackQueue = new FeedbackQueue(
            context.feedbackQueueBytes(), context.maxFeedbackSources());
        this.rtcpReceiver = new RtcpReceiver(
            context.epochOffsetNs(), receiveStreams, sendStreams, counters, ReceivePath.noRtpHandler());
        this.rtcpSender = new RtcpSender(
            context, sendStreams, receiveStreams, feedbackQueue, sendPath, counters, receiverSsrc);
        this.rtcp = new RtcpController(scheduler, rtcpSender, feedbackQueue, sendStreams, receiveStreams, counters,
            context.regularReportSpacingNs());
        this.receivePath = new ReceivePath(context, receiveStreams, sendStreams, rtcpReceiver);
    }

    /**
     * Add a local stream with a random SSRC, unique in this session (RFC 3550 section 8.1).
     *
     * @param clockRateHz RTP clock rate of its payload, e.g. 48000 for Opus.
     * @param payloadType 0..127.
     * @return the new stream.
     * @throws IllegalStateException when the session already has its maximum of send streams or is closed.
     */
    public SendStream addSendStream(final int clockRateHz, final int payloadType)
    {
        int ssrc = random.nextInt();
        while (ssrc == receiverSsrc || sendStreams.find(ssrc) != null || receiveStreams.find(ssrc) != null)
        {
            ssrc = random.nextInt();
        }
        return addSendStream(ssrc, clockRateHz, payloadType);
    }

    /**
     * Add a local stream with a chosen SSRC (a relay forwarding a publisher's SSRC, a test).
     *
     * @param ssrc        the SSRC; not one already used in this session.
     * @param clockRateHz RTP clock rate of its payload.
     * @param payloadType 0..127.
     * @return the new stream.
     * @throws IllegalStateException    when the session already has its maximum of send streams or is closed.
     * @throws IllegalArgumentException on a duplicate SSRC, a bad clock rate or payload type.
     */
    public SendStream addSendStream(final int ssrc, final int clockRateHz, final int payloadType)
    {
        if (closed || sendStreams.isFull())
        {
            throw new IllegalStateException(closed ? "session closed" :
                "already " + sendStreams.count() + " send streams (maxSendStreams)");
        }
        if (sendStreams.find(ssrc) != null || receiveStreams.find(ssrc) != null)
        {
            throw new IllegalArgumentException("SSRC already in use: " + Integer.toUnsignedString(ssrc));
        }
        if (clockRateHz <= 0 || payloadType < 0 || payloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            throw new IllegalArgumentException("bad clock rate or payload type: " + clockRateHz + ", " + payloadType);
        }
        final SendStream stream = new SendStream(
            sendPath, ssrc, clockRateHz, payloadType, random.nextInt(), context.mtuBytes());
        sendStreams.add(stream);
        return stream;
    }

    /**
     * @param handler called for each RTP packet that reaches the end of the receive path, and for new and ended
     *                streams; null for none.
     * @return this session.
     */
    public RtpSession rtpHandler(final RtpHandler handler)
    {
        receivePath.rtpHandler(handler);
        rtcpReceiver.rtpHandler(handler == null ? ReceivePath.noRtpHandler() : handler);
        return this;
    }

    /**
     * @param handler called for each Classwire control message from the peer; without one they are dropped.
     * @return this session.
     */
    public RtpSession controlHandler(final DatagramHandler handler)
    {
        receivePath.controlHandler(handler);
        return this;
    }

    /**
     * @param listener told of every RTPFB and PSFB feedback packet the peer sends (NACK, PLI, FIR, TWCC, ...).
     * @return this session.
     */
    public RtpSession addFeedbackListener(final FeedbackListener listener)
    {
        rtcpReceiver.addListener(listener);
        return this;
    }

    /**
     * @param listener told of every valid APP packet the peer sends.
     * @return this session.
     */
    public RtpSession addAppListener(final AppPacketListener listener)
    {
        rtcpReceiver.addAppListener(listener);
        return this;
    }

    /**
     * @param listener a listener added before; nothing happens if it was not.
     * @return this session.
     */
    public RtpSession removeAppListener(final AppPacketListener listener)
    {
        rtcpReceiver.removeAppListener(listener);
        return this;
    }

    /**
     * @param extension asked for its packets at every regular report, after the SDES.
     * @return this session.
     */
    public RtpSession addReportExtension(final ReportExtension extension)
    {
        rtcpSender.addExtension(extension);
        return this;
    }

    /**
     * @param extension an extension added before; nothing happens if it was not.
     * @return this session.
     */
    public RtpSession removeReportExtension(final ReportExtension extension)
    {
        rtcpSender.removeExtension(extension);
        return this;
    }

    /**
     * @param listener a listener added before; nothing happens if it was not.
     * @return this session.
     */
    public RtpSession removeFeedbackListener(final FeedbackListener listener)
    {
        rtcpReceiver.removeListener(listener);
        return this;
    }

    /**
     * Run one datagram from the peer through the receive path. Never throws for bad input: every datagram is counted
     * at the stage that consumed, dropped or delivered it.
     *
     * @param buffer     holding the datagram; only read during the call.
     * @param offset     of its first byte.
     * @param length     in bytes.
     * @param receivedNs arrival time on the transport's clock.
     */
    public void onDatagram(final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        onTime(receivedNs);
        if (closed)
        {
            counters.datagramsAfterClose++;
            return;
        }
        receivePath.onDatagram(peerId, buffer, offset, length, receivedNs);
    }

    /**
     * Send a regular RTCP report if one is due.
     *
     * @param nowNs current time.
     * @return work done: 1 when a report went out, else 0.
     */
    public int doWork(final long nowNs)
    {
        onTime(nowNs);
        return closed ? 0 : rtcp.doWork(nowNs);
    }

    /** @return when {@link #doWork(long)} next has a report to send; 0 before the first call, none once closed. */
    public long nextDeadlineNs()
    {
        if (closed)
        {
            return TimedAgent.NO_DEADLINE;
        }
        return rtcp.nextDeadlineNs();
    }

    /**
     * Ask for a feedback source to write its feedback: now, as an early RTCP packet, when RFC 4585 allows one, else
     * into the next regular report. The source writes when the packet is built, so deferred feedback is fresh.
     *
     * @param nowNs  current time.
     * @param source writes the feedback packets; queued once however often it is requested before it writes.
     * @return {@link #FEEDBACK_SENT}, {@link #FEEDBACK_DEFERRED}, {@link #FEEDBACK_EMPTY}, or a negative
     *         {@code FEEDBACK_} failure.
     */
    public int requestFeedback(final long nowNs, final FeedbackSource source)
    {
        onTime(nowNs);
        if (closed)
        {
            return FEEDBACK_CLOSED;
        }
        return rtcp.requestFeedback(nowNs, source);
    }

    /**
     * Send ready-made feedback packets (built with e.g. {@link io.classwire.core.wire.PictureLossIndication#build}):
     * now when RFC 4585 allows an early packet, else with the next regular report. The bytes are copied.
     *
     * @param nowNs  current time.
     * @param buffer holding one or more whole RTPFB/PSFB packets.
     * @param offset of the first byte.
     * @param length in bytes.
     * @return as {@link #requestFeedback}; {@link #FEEDBACK_INVALID} when the bytes are not feedback packets.
     */
    public int sendFeedback(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        onTime(nowNs);
        if (closed)
        {
            return FEEDBACK_CLOSED;
        }
        return rtcp.sendFeedback(nowNs, buffer, offset, length);
    }

    /**
     * Say goodbye: send a last report with BYE for every local SSRC (RFC 3550 section 6.6), then refuse further
     * sends and ignore further datagrams. Idempotent. Does not close the transport, which the agent owns.
     *
     * @param nowNs current time.
     */
    public void close(final long nowNs)
    {
        if (closed)
        {
            return;
        }
        onTime(nowNs);
        rtcp.sendBye(nowNs);
        closed = true;
        sendPath.close();
    }

    /** Close at the latest time the session has seen; see {@link #close(long)}. */
    @Override
    public void close()
    {
        close(lastNowNs);
    }

    /** @return true once closed. */
    public boolean isClosed()
    {
        return closed;
    }

    /** @return the peer's id on the transport. */
    public int peerId()
    {
        return peerId;
    }

    /** @return the concluded configuration. */
    public SessionContext context()
    {
        return context;
    }

    /** @return the SSRC our reports come from: the first send stream's, or a receive-only SSRC when none. */
    public int reporterSsrc()
    {
        return rtcpSender.reporterSsrc();
    }

    /** @return number of local streams. */
    public int sendStreamCount()
    {
        return sendStreams.count();
    }

    /**
     * @param index 0 to {@link #sendStreamCount()} - 1, in the order they were added.
     * @return the stream.
     */
    public SendStream sendStream(final int index)
    {
        return sendStreams.get(index);
    }

    /**
     * @param ssrc a local SSRC.
     * @return its stream, or null.
     */
    public SendStream sendStreamBySsrc(final int ssrc)
    {
        return sendStreams.find(ssrc);
    }

    /** @return number of remote streams tracked. */
    public int receiveStreamCount()
    {
        return receiveStreams.count();
    }

    /**
     * @param index 0 to {@link #receiveStreamCount()} - 1.
     * @return the stream.
     */
    public ReceiveStream receiveStream(final int index)
    {
        return receiveStreams.get(index);
    }

    /**
     * @param ssrc a remote SSRC.
     * @return its stream, or null.
     */
    public ReceiveStream receiveStreamBySsrc(final int ssrc)
    {
        return receiveStreams.find(ssrc);
    }

    /** @return the receive path, to read its counters or insert stages (e.g. before "deliver"). */
    public StageChain receiveChain()
    {
        return receivePath.chain();
    }

    /** @return the RTP send path, to read its counters or insert stages (e.g. before "transport-out"). */
    public StageChain sendChain()
    {
        return sendPath.rtpChain();
    }

    /** @return the RTCP send path. */
    public StageChain rtcpSendChain()
    {
        return sendPath.rtcpChain();
    }

    /** @return the session's RTCP and feedback counters. */
    public SessionCounters counters()
    {
        return counters;
    }

    /** @return an immutable snapshot of every stream's statistics, to hand to another thread or print. */
    public SessionStats stats()
    {
        return SessionStats.of(this);
    }

    /** @return the three chains' stage tables and the session counters, for logs and the CLI. */
    public String describe()
    {
        return receivePath.chain().describe() + sendPath.rtpChain().describe() + sendPath.rtcpChain().describe() +
            counters + '\n';
    }

    private void onTime(final long nowNs)
    {
        rtcp.start(nowNs);
        lastNowNs = nowNs;
    }
}
