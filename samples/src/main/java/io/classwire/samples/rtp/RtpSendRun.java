package io.classwire.samples.rtp;

import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.transport.PortPairTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.session.AudioSender;
import io.classwire.media.audio.session.AudioSessionContext;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Sends a clip as Opus/RTP (payload type 111, 20 ms frames, in-band FEC) to a standard RTP receiver on separate RTP
 * and RTCP ports, in real time, and answers its AVPF generic NACKs with RFC 4588 retransmissions (payload type 112,
 * own SSRC, SSRC-multiplexed): an {@link AudioSender} on an {@link RtpSession} over {@link RtpPorts}. RED and packet
 * FEC stay off, since a standard receiver would not know their payload types. Threads as in {@link RtpReceiveRun}.
 */
public final class RtpSendRun implements AutoCloseable
{
    private static final long FRAME_NS = AudioFormat.FRAME_DURATION_MS * 1_000_000L;

    private final RtpPorts ports;
    private final RtpSession session;
    private final AudioSender sender;
    private final AgentRun run;
    private volatile boolean done;

    private RtpSendRun(
        final RtpPorts ports, final String host, final int rtpPort, final int rtcpPort, final short[] pcm,
        final int bitrateBps, final String cname)
    {
        this.ports = ports;
        final PortPairTransport transport = ports.transport();
        final int peer = transport.peerId(host, rtpPort, rtcpPort);
        if (peer < 0)
        {
            throw new IllegalArgumentException("cannot reach " + host + ":" + rtpPort + "/" + rtcpPort);
        }
        // the receiver's RTCP may come from any port of its host (GStreamer sends it from an ephemeral one)
        transport.defaultPeer(peer);
        final SessionAgent agent = new SessionAgent("rtp-send", transport);
        final long nowNs = ports.context().clock().nanoTime();
        this.session = agent.addSession(peer, RtpReceiveRun.sessionContext(cname, nowNs, 100));
        this.sender = new AudioSender(session, new AudioSessionContext()
            .bitrateBps(bitrateBps)
            .redPayloadType(AudioSessionContext.NONE)
            .fecPayloadType(AudioSessionContext.NONE)
            .sendProtection(false, false));
        agent.addTask(sender).addTask(new Talker(pcm, nowNs + FRAME_NS));
        this.run = new AgentRun(ports, agent);
    }

    /**
     * Bind local ports and start sending at once.
     *
     * @param bindAddress   local address.
     * @param localRtpPort  local RTP port (0 for any).
     * @param localRtcpPort local RTCP port, where the receiver's reports and NACKs arrive (0 for any).
     * @param host          receiver host.
     * @param rtpPort       receiver RTP port.
     * @param rtcpPort      receiver RTCP port.
     * @param pcm           48 kHz mono samples; whole 20 ms frames are sent.
     * @param bitrateBps    Opus bitrate.
     * @param cname         our RTCP CNAME.
     * @return the running sender.
     */
    public static RtpSendRun start(
        final String bindAddress, final int localRtpPort, final int localRtcpPort, final String host,
        final int rtpPort, final int rtcpPort, final short[] pcm, final int bitrateBps, final String cname)
    {
        final RtpPorts ports = RtpPorts.open(bindAddress, localRtpPort, localRtcpPort);
        try
        {
            return new RtpSendRun(ports, host, rtpPort, rtcpPort, pcm, bitrateBps, cname);
        }
        catch (final RuntimeException ex)
        {
            ports.transport().close();
            throw ex;
        }
    }

    /** @return the local RTCP port (receiver reports and NACKs come here). */
    public int rtcpPort()
    {
        return ports.rtcpPort();
    }

    /**
     * Wait until every frame was sent, then linger so late NACKs are still answered.
     *
     * @param lingerNs time to keep answering after the last frame.
     * @throws InterruptedException when the waiting thread is interrupted.
     */
    public void awaitEnd(final long lingerNs) throws InterruptedException
    {
        while (!done)
        {
            Thread.sleep(10);
        }
        Thread.sleep(lingerNs / 1_000_000L);
    }

    /** Stop the agent, send BYE, close both sockets; idempotent. */
    @Override
    public void close()
    {
        run.close();
    }

    /** @return the sender, for its counters (after {@link #close()}). */
    public AudioSender sender()
    {
        return sender;
    }

    /** @return the run's statistics as an ordered map, after {@link #close()}. */
    public Map<String, Object> stats()
    {
        final Map<String, Object> stats = new LinkedHashMap<>();
        final SendStream media = sender.mediaStream();
        stats.put("mediaSsrc", String.format(Locale.ROOT, "0x%08x", media.ssrc()));
        stats.put("framesSent", sender.framesSent());
        stats.put("packetsSent", media.packetsSent());
        stats.put("opusBytesSent", sender.opusBytesSent());
        stats.put("nacksReceived", session.counters().feedbackReceived());
        stats.put("rtxPacketsSent", sender.rtxPacketsSent());
        stats.put("rtxBytesSent", sender.rtxBytesSent());
        stats.put("reportsReceived", media.reportsReceived());
        stats.put("remoteCumulativeLost", media.remoteCumulativeLost());
        stats.put("remoteJitterMs", media.remoteJitterNs() / 1e6);
        stats.put("rttMs", media.smoothedRttNs() / 1e6);
        stats.put("rtcpInvalid", session.counters().rtcpPacketsInvalid());
        return stats;
    }

    /** Sends frame k at start + k x 20 ms; agent thread only. */
    private final class Talker implements TimedAgent
    {
        private final short[] pcm;
        private final int frames;
        private final long firstNs;
        private int sent;

        Talker(final short[] pcm, final long firstNs)
        {
            this.pcm = pcm;
            this.frames = pcm.length / AudioFormat.FRAME_SAMPLES;
            this.firstNs = firstNs;
            if (frames == 0)
            {
                done = true;
            }
        }

        @Override
        public int doWork(final long nowNs)
        {
            if (sent >= frames || nowNs < nextDeadlineNs())
            {
                return 0;
            }
            sender.sendFrame(nowNs, pcm, sent * AudioFormat.FRAME_SAMPLES);
            if (++sent == frames)
            {
                done = true;
            }
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return sent >= frames ? NO_DEADLINE : firstNs + sent * FRAME_NS;
        }

        @Override
        public String roleName()
        {
            return "talker";
        }
    }
}
