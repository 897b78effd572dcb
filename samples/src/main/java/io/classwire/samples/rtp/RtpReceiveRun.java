package io.classwire.samples.rtp;

import io.classwire.core.recovery.NackContext;
import io.classwire.core.recovery.NackGenerator;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtcpScheduler;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.session.SessionCounters;
import io.classwire.core.transport.PortPairTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.FrameType;
import io.classwire.media.audio.JitterBufferCounters;
import io.classwire.media.audio.session.AudioReceiver;
import io.classwire.media.audio.session.AudioSessionContext;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Receives Opus audio from a standard RTP sender (GStreamer {@code rtpbin}, ffmpeg, a hardware encoder) on separate
 * RTP and RTCP ports, in real time: an {@link AudioReceiver} (SSRCs learnt from payload types 111/112, generic NACK,
 * RFC 4588 RTX, jitter buffer) on an {@link RtpSession} over {@link RtpPorts}, played out every 20 ms into memory.
 *
 * <p>RTCP (receiver reports, NACKs) goes to the address given at start, or else back to the source of the sender's
 * RTCP (symmetric RTCP, RFC 4961). The run ends at {@link #awaitEnd}: after a maximum duration, when the sender says
 * BYE, or when no media arrived for an idle timeout. Threads: an agent thread runs the session; the caller's thread
 * only starts, waits and closes, and reads the results after {@link #close()}.
 */
public final class RtpReceiveRun implements AutoCloseable
{
    private static final long FRAME_NS = AudioFormat.FRAME_DURATION_MS * 1_000_000L;
    private static final long WAIT_STEP_MS = 20;
    /** Spacing of regular reports that carry no feedback (RFC 4585 T_rr_interval). */
    static final long REGULAR_REPORT_SPACING_NS = 500_000_000L;
    /** Generous average RTCP compound size (RR, SDES, NACK; IP and UDP headers included) for the interval. */
    private static final long RTCP_SIZE_BYTES = 160;
    /** Loss timeout of {@code rtp recv}'s redundant NACKs, ms. */
    public static final int DEFAULT_LOSS_TIMEOUT_MS = 10;
    private static final int REDUNDANT_MAX_REQUESTS = 50;
    private static final int REDUNDANT_NACK_BURST = 4;

    private final RtpPorts ports;
    private final RtpSession session;
    private final AudioReceiver receiver;
    private final Playout playout = new Playout();
    private final AgentRun run;
    private final long startNs;
    private long closedNs;
    private volatile long lastMediaArrivalNs;
    private volatile boolean ended;
    private volatile boolean drained;

    private RtpReceiveRun(
        final RtpPorts ports, final InetSocketAddress rtcpTo, final String cname, final int latencyMs,
        final int rttMs, final int rtcpIntervalMs, final NackContext nack, final boolean reducedSizeRtcp)
    {
        this.ports = ports;
        final PortPairTransport transport = ports.transport();
        final int peer = rtcpTo == null ? transport.peerId("", 0, 0) :
            transport.peerId(rtcpTo.getHostString(), 0, rtcpTo.getPort());
        if (peer < 0)
        {
            throw new IllegalArgumentException("cannot reach RTCP destination " + rtcpTo);
        }
        transport.defaultPeer(peer);
        final SessionAgent agent = new SessionAgent("rtp-recv", transport);
        final long nowNs = ports.context().clock().nanoTime();
        this.session = agent.addSession(peer,
            sessionContext(cname, nowNs, rtcpIntervalMs).reducedSizeRtcp(reducedSizeRtcp));
        // A standard sender repairs by retransmission alone (no FEC): NACK from the first packet, whatever the path
        this.receiver = new AudioReceiver(
            session, new AudioSessionContext().latencyBudgetNs(latencyMs * 1_000_000L).recoverAlways(true)
                .heavyLoss(latencyMs * 1_000_000L, AudioSessionContext.DEFAULT_HEAVY_LOSS_RATE).nack(nack));
        if (rttMs > 0)
        {
            receiver.rttNs(rttMs * 1_000_000L);
        }
        agent.addTask(receiver).addTask(playout);
        this.startNs = nowNs;
        this.run = new AgentRun(ports, agent);
    }

    /**
     * NACKs for a sender that repairs by retransmission alone over a path that loses the requests too (the default
     * of {@code rtp recv}): each feedback packet names every missing packet that can still arrive in time (GStreamer's
     * {@code rtprtxsend} answers every request, so each is an independent chance), a NACK is asked for half an RTCP
     * interval after the previous one whatever the RTT, so every RTCP packet the schedule allows carries one, and a
     * packet overdue by {@code lossTimeoutMs} against the stream's cadence is asked for before the next packet shows
     * the gap. Requests end when a retransmission could no longer arrive before playout.
     *
     * @param rtcpIntervalMs minimum RTCP interval, ms.
     * @param lossTimeoutMs  loss timeout, ms; 0 to detect losses from gaps only.
     * @return a new NACK context.
     */
    public static NackContext redundantNack(final int rtcpIntervalMs, final int lossTimeoutMs)
    {
        final long retryNs = Math.max(1, rtcpIntervalMs) * 500_000L;
        return new NackContext().redundantRequests(true).retry(0.0, retryNs, 1.0).maxRequests(REDUNDANT_MAX_REQUESTS)
            .rateLimit((int)(2_000_000_000L / Math.max(1, rtcpIntervalMs * 1_000_000L) + 1), REDUNDANT_NACK_BURST)
            .marginNs(5_000_000L).lossTimeoutNs(lossTimeoutMs * 1_000_000L);
    }

    /**
     * The previous {@code rtp recv} NACKs: only what is due, retries half an RTT apart without backoff, losses from
     * gaps (InteropBench at 30 % loss, one run each: residual 9.0 % at one RTT, 6.7 % at half).
     *
     * @return a new NACK context.
     */
    public static NackContext spacedNack()
    {
        return new NackContext().retry(0.5, 20_000_000L, 1.0).marginNs(5_000_000L);
    }

    /**
     * The session settings both interop runs use: an AVPF minimum RTCP interval below RFC 3550's 5 s (RFC 4585
     * section 3.4) with the session bandwidth raised so that RTCP's 5 % share allows it, Opus and RTX clock rates, wall-clock NTP timestamps in sender reports. A NACK waits for the next
     * regular report when an early one was already sent in this interval (RFC 4585 section 3.5.2), so the interval
     * bounds how fast a receiver asks again.
     *
     * @param cname          our RTCP CNAME.
     * @param nowNs          the endpoint clock's current time.
     * @param rtcpIntervalMs minimum RTCP interval.
     * @return a new context.
     */
    static SessionContext sessionContext(final String cname, final long nowNs, final int rtcpIntervalMs)
    {
        // RFC 3550's interval is the larger of the minimum and what the RTCP bandwidth share allows for two members
        // and the average report size: give RTCP enough bandwidth that the minimum is the interval in effect
        final long bandwidthBps = Math.max(SessionContext.DEFAULT_SESSION_BANDWIDTH_BPS,
            RTCP_SIZE_BYTES * 2 * 8 * 20 * 1000L / rtcpIntervalMs);
        return new SessionContext()
            .cname(cname)
            .epochOffsetNs(System.currentTimeMillis() * 1_000_000L - nowNs)
            .rtcpMinIntervalNs(rtcpIntervalMs * 1_000_000L)
            // RFC 4585 T_rr_interval: a report every interval only while feedback (NACKs) waits, else every 500 ms
            .regularReportSpacingNs(REGULAR_REPORT_SPACING_NS)
            .sessionBandwidthBps(bandwidthBps)
            .clockRate(AudioSessionContext.DEFAULT_MEDIA_PAYLOAD_TYPE, AudioFormat.SAMPLE_RATE_HZ)
            .clockRate(AudioSessionContext.DEFAULT_RTX_PAYLOAD_TYPE, AudioFormat.SAMPLE_RATE_HZ);
    }

    /**
     * Bind the ports and start receiving.
     *
     * @param bindAddress local address.
     * @param rtpPort     local RTP port (0 for any).
     * @param rtcpPort    local RTCP port (0 for any).
     * @param rtcpTo      where to send our RTCP; null to answer the source of the sender's RTCP.
     * @param cname       our RTCP CNAME.
     * @param latencyMs   delay the jitter buffer holds from the first packet, so retransmissions arrive in time
     *                    (the latency budget).
     * @param rttMs       round-trip time to the sender to plan NACKs with; 0 to measure it from retransmissions.
     * @param rtcpIntervalMs minimum RTCP interval, ms.
     * @return the running receiver.
     */
    public static RtpReceiveRun start(
        final String bindAddress, final int rtpPort, final int rtcpPort, final InetSocketAddress rtcpTo,
        final String cname, final int latencyMs, final int rttMs, final int rtcpIntervalMs)
    {
        return start(bindAddress, rtpPort, rtcpPort, rtcpTo, cname, latencyMs, rttMs, rtcpIntervalMs,
            redundantNack(rtcpIntervalMs, DEFAULT_LOSS_TIMEOUT_MS), false);
    }

    /**
     * Bind the ports and start receiving with the given NACK settings.
     *
     * @param bindAddress    local address.
     * @param rtpPort        local RTP port (0 for any).
     * @param rtcpPort       local RTCP port (0 for any).
     * @param rtcpTo         where to send our RTCP; null to answer the source of the sender's RTCP.
     * @param cname          our RTCP CNAME.
     * @param latencyMs      delay the jitter buffer holds from the first packet.
     * @param rttMs          round-trip time to plan NACKs with; 0 to measure it.
     * @param rtcpIntervalMs minimum RTCP interval, ms.
     * @param nack           NACK settings, e.g. {@link #redundantNack} or {@link #spacedNack()}.
     * @param reducedSizeRtcp send early feedback as a bare NACK, without RR and SDES (RFC 5506; the sender must
     *                        accept it, which SDP signals with {@code a=rtcp-rsize}; GStreamer's session does).
     * @return the running receiver.
     */
    public static RtpReceiveRun start(
        final String bindAddress, final int rtpPort, final int rtcpPort, final InetSocketAddress rtcpTo,
        final String cname, final int latencyMs, final int rttMs, final int rtcpIntervalMs, final NackContext nack,
        final boolean reducedSizeRtcp)
    {
        final RtpPorts ports = RtpPorts.open(bindAddress, rtpPort, rtcpPort);
        try
        {
            return new RtpReceiveRun(ports, rtcpTo, cname, latencyMs, rttMs, rtcpIntervalMs, nack, reducedSizeRtcp);
        }
        catch (final RuntimeException ex)
        {
            ports.transport().close();
            throw ex;
        }
    }

    /** @return the bound RTP port. */
    public int rtpPort()
    {
        return ports.rtpPort();
    }

    /** @return the bound RTCP port. */
    public int rtcpPort()
    {
        return ports.rtcpPort();
    }

    /**
     * Wait until the run should end.
     *
     * @param maxDurationNs  longest run from start; 0 or less for no limit.
     * @param idleTimeoutNs  end once media started and then nothing arrived for this long.
     * @param firstMediaNs   give up if no media arrived this long after start; 0 or less to wait for ever.
     * @return why it ended: "duration", "bye", "idle" or "no-media".
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public String awaitEnd(final long maxDurationNs, final long idleTimeoutNs, final long firstMediaNs)
        throws InterruptedException
    {
        while (true)
        {
            Thread.sleep(WAIT_STEP_MS);
            final long nowNs = ports.context().clock().nanoTime();
            final long lastNs = lastMediaArrivalNs;
            if (drained)
            {
                return "bye";
            }
            if (maxDurationNs > 0 && nowNs - startNs >= maxDurationNs)
            {
                return "duration";
            }
            // after BYE the drain decides, however long the buffer is
            if (lastNs != 0 && !ended && nowNs - lastNs >= idleTimeoutNs)
            {
                return "idle";
            }
            if (lastNs == 0 && firstMediaNs > 0 && nowNs - startNs >= firstMediaNs)
            {
                return "no-media";
            }
        }
    }

    /** Stop the agent, send our BYE, close both sockets; idempotent. Results are readable afterwards. */
    @Override
    public void close()
    {
        if (closedNs == 0)
        {
            closedNs = run.nowNs();
        }
        run.close();
    }

    /** @return the audio played while media flowed (the tail after the last packet is cut), 48 kHz mono. */
    public short[] played()
    {
        return Arrays.copyOf(playout.pcm, playout.samplesWithMedia());
    }

    /** @return the receiver, for its counters (after {@link #close()}). */
    public AudioReceiver receiver()
    {
        return receiver;
    }

    /** @return the session, for its statistics (after {@link #close()}). */
    public RtpSession session()
    {
        return session;
    }

    /** @return the media stream's RTP statistics, or null when no media arrived. */
    public ReceiveStream mediaStream()
    {
        return receiver.mediaKnown() ? session.receiveStreamBySsrc(receiver.mediaSsrc()) : null;
    }

    /**
     * Packets that were lost and not recovered, plus those that arrived too late to play, per packet expected.
     *
     * @return residual packet loss 0..1; 0 when nothing was expected.
     */
    public double residualLoss()
    {
        final ReceiveStream media = mediaStream();
        if (media == null || media.expected() <= 0)
        {
            return 0.0;
        }
        final long unrecovered = Math.max(0, media.cumulativeLost() - recovered());
        return Math.min(1.0, (unrecovered + receiver.late()) / (double)media.expected());
    }

    private long recovered()
    {
        return receiver.recoveredByRtx() + receiver.recoveredByFec() + receiver.recoveredByRed();
    }

    /**
     * @param endReason what {@link #awaitEnd} returned.
     * @return the run's statistics as an ordered map (see docs/interop.md for each field), after {@link #close()}.
     */
    public Map<String, Object> stats(final String endReason)
    {
        final Map<String, Object> stats = new LinkedHashMap<>();
        final ReceiveStream media = mediaStream();
        final ReceiveStream rtx = receiver.rtxKnown() ? session.receiveStreamBySsrc(receiver.rtxSsrc()) : null;
        final long expected = media == null ? 0 : media.expected();
        final long lost = media == null ? 0 : Math.max(0, media.cumulativeLost());
        stats.put("end", endReason);
        stats.put("mediaSsrc", media == null ? "" : hex(media.ssrc()));
        stats.put("rtxSsrc", rtx == null ? "" : hex(rtx.ssrc()));
        stats.put("packetsReceived", receiver.packetsReceived());
        stats.put("packetsExpected", expected);
        stats.put("lostBeforeRecovery", lost);
        stats.put("lossBeforeRecovery", expected == 0 ? 0.0 : lost / (double)expected);
        stats.put("nacksSent", receiver.nacksSent());
        stats.put("rtxReceived", rtx == null ? 0L : rtx.packetsReceived());
        stats.put("recoveredByRtx", receiver.recoveredByRtx());
        stats.put("recoveredByFec", receiver.recoveredByFec() + receiver.recoveredByRed());
        stats.put("late", receiver.late());
        stats.put("lostAfterRecovery", Math.max(0, lost - recovered()) + receiver.late());
        stats.put("residualLoss", residualLoss());
        stats.put("malformed", receiver.malformed() + receiver.recoveryMalformed());
        stats.put("jitterMs", media == null ? 0.0 : media.jitterNs() / 1e6);
        stats.put("frames", playout.frameStats());
        final Map<String, Object> delay = new LinkedHashMap<>();
        delay.put("targetMs", receiver.jitterBuffer().targetDelayMs());
        delay.put("meanBufferMs", playout.meanBufferMs());
        delay.put("maxBufferMs", playout.maxBufferMs);
        stats.put("jitterBufferDelay", delay);
        stats.put("nack", nackStats());
        stats.put("rtcpSent", rtcpSentStats());
        stats.put("rtcpReceived", session.counters().rtcpCompoundsReceived());
        stats.put("rtcpInvalid", session.counters().rtcpPacketsInvalid());
        stats.put("byeReceived", session.counters().byesReceived());
        stats.put("unknownSourceDrops", ports.transport().unknownSourceDrops());
        return stats;
    }

    private Map<String, Object> nackStats()
    {
        final Map<String, Object> nack = new LinkedHashMap<>();
        final NackGenerator generator = receiver.nackGenerator();
        if (generator != null)
        {
            nack.put("lossesDetected", generator.lossesDetected());
            nack.put("seqsRequested", generator.seqsRequested());
            nack.put("retriesRequested", generator.retriesRequested());
            nack.put("recoveredBeforeNack", generator.recoveredBeforeNack());
            nack.put("recoveredAfterNack", generator.recoveredAfterNack());
            nack.put("abandonedLate", generator.abandonedLate());
            nack.put("requestsAbandonedLate", generator.requestsAbandonedLate());
            nack.put("abandonedRetries", generator.abandonedRetries());
            nack.put("rateLimited", generator.rateLimited());
            nack.put("lossesPredicted", generator.lossesPredicted());
            nack.put("predictedArrived", generator.predictedArrived());
            nack.put("lossEstimate", generator.lossEstimate());
            nack.put("recovering", receiver.recovering());
            nack.put("lossRate", receiver.lossRate());
            nack.put("rttMs", generator.rttNs() / 1e6);
            nack.put("playoutDelayMs", generator.playoutDelayNs() / 1e6);
        }
        return nack;
    }

    // What our RTCP costs: packets by kind and the mean rate with IPv4 and UDP headers, over the whole run.
    private Map<String, Object> rtcpSentStats()
    {
        final SessionCounters counters = session.counters();
        final long packets = counters.regularReportsSent() + counters.earlyFeedbackSent() + counters.byesSent();
        final long bytes = counters.rtcpBytesSent() + packets * RtcpScheduler.IP_UDP_OVERHEAD_BYTES;
        final double seconds = Math.max(1e-3, ((closedNs == 0 ? run.nowNs() : closedNs) - startNs) / 1e9);
        final Map<String, Object> rtcp = new LinkedHashMap<>();
        rtcp.put("regular", counters.regularReportsSent());
        rtcp.put("suppressed", counters.regularReportsSuppressed());
        rtcp.put("early", counters.earlyFeedbackSent());
        rtcp.put("bytesWithIpUdp", bytes);
        rtcp.put("seconds", seconds);
        rtcp.put("packetsPerSecond", packets / seconds);
        rtcp.put("kbitPerSecond", bytes * 8 / seconds / 1000);
        return rtcp;
    }

    private static String hex(final int ssrc)
    {
        return String.format(Locale.ROOT, "0x%08x", ssrc);
    }

    /** Pulls 20 ms every 20 ms once media is known, keeps the samples and per-frame kinds; agent thread only. */
    private final class Playout implements TimedAgent
    {
        private final short[] frame = new short[AudioFormat.FRAME_SAMPLES];
        private final long[] frameTypes = new long[FrameType.COUNT];
        private short[] pcm = new short[AudioFormat.SAMPLE_RATE_HZ * 10];
        private FrameType[] kinds = new FrameType[500];
        private int frames;
        private int framesWithMedia;
        private long nextPullNs;
        private double bufferMsSum;
        private double maxBufferMs;
        private long drainUntilNs;

        @Override
        public int doWork(final long nowNs)
        {
            if (!receiver.mediaKnown())
            {
                return 0;
            }
            final ReceiveStream media = session.receiveStreamBySsrc(receiver.mediaSsrc());
            if (media != null)
            {
                lastMediaArrivalNs = media.lastArrivalNs();
                if (media.isEnded() && !ended)
                {
                    // after BYE, keep playing what the buffer still holds
                    ended = true;
                    drainUntilNs = nowNs + (receiver.jitterBuffer().targetDelayMs() + 60) * 1_000_000L;
                }
            }
            if (ended && nowNs >= drainUntilNs)
            {
                drained = true;
            }
            if (nextPullNs == 0)
            {
                nextPullNs = nowNs;
            }
            if (nowNs < nextPullNs)
            {
                return 0;
            }
            // a stalled thread catches up one frame per cycle, never in a burst that would empty the buffer
            nextPullNs = Math.max(nextPullNs + FRAME_NS, nowNs - 5 * FRAME_NS);
            append(receiver.pull(nowNs, frame), nowNs);
            return 1;
        }

        private void append(final FrameType type, final long nowNs)
        {
            if ((frames + 1) * AudioFormat.FRAME_SAMPLES > pcm.length)
            {
                pcm = Arrays.copyOf(pcm, pcm.length * 2);
            }
            if (frames == kinds.length)
            {
                kinds = Arrays.copyOf(kinds, kinds.length * 2);
            }
            System.arraycopy(frame, 0, pcm, frames * AudioFormat.FRAME_SAMPLES, AudioFormat.FRAME_SAMPLES);
            kinds[frames++] = type;
            final double levelMs = receiver.jitterBuffer().bufferLevelMs();
            bufferMsSum += levelMs;
            maxBufferMs = Math.max(maxBufferMs, levelMs);
            // frames pulled within the buffer delay of the last arrival still carry media; later ones are the tail
            if (nowNs - lastMediaArrivalNs <= (receiver.jitterBuffer().targetDelayMs() + 40) * 1_000_000L)
            {
                framesWithMedia = frames;
            }
        }

        int samplesWithMedia()
        {
            return framesWithMedia * AudioFormat.FRAME_SAMPLES;
        }

        double meanBufferMs()
        {
            return frames == 0 ? 0.0 : bufferMsSum / frames;
        }

        Map<String, Object> frameStats()
        {
            Arrays.fill(frameTypes, 0);
            for (int i = 0; i < framesWithMedia; i++)
            {
                frameTypes[kinds[i].ordinal()]++;
            }
            final long silence = frameTypes[FrameType.SILENCE.ordinal()];
            final long concealed = frameTypes[FrameType.CONCEALED.ordinal()];
            final long audible = framesWithMedia - silence;
            final Map<String, Object> stats = new LinkedHashMap<>();
            stats.put("played", (long)framesWithMedia);
            for (final FrameType type : FrameType.values())
            {
                stats.put(type.name().toLowerCase(Locale.ROOT), frameTypes[type.ordinal()]);
            }
            stats.put("concealedRatio", audible <= 0 ? 0.0 : concealed / (double)audible);
            final JitterBufferCounters counters = receiver.jitterBuffer().counters();
            stats.put("decoderFecRecoveries", counters.fecRecoveries());
            return stats;
        }

        @Override
        public long nextDeadlineNs()
        {
            return nextPullNs == 0 ? NO_DEADLINE : nextPullNs;
        }

        @Override
        public String roleName()
        {
            return "playout";
        }
    }
}
