package io.classwire.samples.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.classwire.core.recovery.NackContext;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.PcmClip;
import io.classwire.media.audio.WavWriter;
import io.classwire.samples.rtp.RtpReceiveRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code classwire rtp recv}: receive Opus audio from a standard RTP sender on separate RTP and RTCP ports, repair
 * it with NACK/RTX, play it into a WAV file and write statistics as JSON.
 */
@Command(
    name = "recv",
    mixinStandardHelpOptions = true,
    description = {
        "Receive Opus/RTP (PT 111, RTX PT 112) from a standard sender on separate RTP and RTCP ports, ask for lost",
        "packets with generic NACKs, play through the jitter buffer into a WAV file and print statistics.",
        "Ends after --duration, when the sender says BYE, or after --idle seconds without media." })
final class RtpRecvCommand implements Callable<Integer>
{
    @Option(names = "--port", defaultValue = "5004", description = "local RTP port (default: ${DEFAULT-VALUE})")
    int rtpPort;

    @Option(names = "--rtcp-port", description = "local RTCP port (default: RTP port + 1)")
    Integer rtcpPort;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "local address (default: ${DEFAULT-VALUE})")
    String bindAddress;

    @Option(names = "--rtcp-to", converter = HostPortConverter.class,
        description = "send receiver reports and NACKs here, e.g. the sender's RTCP receive port " +
            "(default: back to where the sender's RTCP comes from)")
    InetSocketAddress rtcpTo;

    @Option(names = "--out", description = "write the played audio to this WAV file (48 kHz mono)")
    Path outWav;

    @Option(names = "--stats", description = "write statistics to this JSON file")
    Path statsJson;

    @Option(names = "--duration", defaultValue = "0",
        description = "stop after this many seconds; 0 waits for BYE or idle (default: ${DEFAULT-VALUE})")
    double durationSeconds;

    @Option(names = "--idle", defaultValue = "2",
        description = "stop this many seconds after the last media packet (default: ${DEFAULT-VALUE})")
    double idleSeconds;

    @Option(names = "--latency-ms", defaultValue = "200",
        description = "jitter buffer delay held from the first packet, so retransmissions arrive in time " +
            "(default: ${DEFAULT-VALUE}, as a tuned GStreamer receiver)")
    int latencyMs;

    @Option(names = "--rtt-ms", defaultValue = "0",
        description = "round-trip time to the sender for NACK timing; 0 measures it from retransmissions " +
            "(default: ${DEFAULT-VALUE})")
    int rttMs;

    @Option(names = "--rtcp-interval-ms", defaultValue = "10",
        description = "minimum RTCP interval; a NACK that cannot go early waits for the next report " +
            "(default: ${DEFAULT-VALUE})")
    int rtcpIntervalMs;

    @Option(names = "--nack", defaultValue = "redundant",
        description = "redundant: every RTCP packet names every lost packet that can still arrive in time; " +
            "spaced: only what is due, retries half an RTT apart (default: ${DEFAULT-VALUE})")
    String nackMode;

    @Option(names = "--loss-timeout-ms", defaultValue = "10",
        description = "with --nack redundant, ask for a packet this late against the stream's cadence without " +
            "waiting for the next one; 0 detects losses from gaps only (default: ${DEFAULT-VALUE})")
    int lossTimeoutMs;

    @Option(names = "--rtcp-rsize",
        description = "send early NACKs as reduced-size RTCP, without RR and SDES (RFC 5506; only to a sender " +
            "that accepts it, as GStreamer does; SDP a=rtcp-rsize)")
    boolean reducedSizeRtcp;

    @Option(names = "--cname", defaultValue = "classwire-recv", description = "RTCP CNAME (default: ${DEFAULT-VALUE})")
    String cname;

    @Option(names = "--verbose", description = "print the session's stage tables and RTCP counters at the end")
    boolean verbose;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception
    {
        final int rtcp = rtcpPort == null ? rtpPort + 1 : rtcpPort;
        if (rtpPort < 0 || rtpPort > 65534 || rtcp < 0 || rtcp > 65535)
        {
            throw new IllegalArgumentException("ports must be in 0-65535: " + rtpPort + ", " + rtcp);
        }
        if (durationSeconds < 0 || idleSeconds <= 0 || latencyMs < 20 || latencyMs > 2000 ||
            rtcpIntervalMs < 5 || lossTimeoutMs < 0)
        {
            throw new IllegalArgumentException("--duration must be >= 0, --idle > 0, --latency-ms 20..2000, " +
                "--rtcp-interval-ms >= 5, --loss-timeout-ms >= 0");
        }
        final NackContext nack;
        switch (nackMode)
        {
            case "redundant" -> nack = RtpReceiveRun.redundantNack(rtcpIntervalMs, lossTimeoutMs);
            case "spaced" -> nack = RtpReceiveRun.spacedNack();
            default -> throw new IllegalArgumentException("--nack must be redundant or spaced: " + nackMode);
        }
        final RtpReceiveRun run = RtpReceiveRun.start(
            bindAddress, rtpPort, rtcp, rtcpTo, cname, latencyMs, rttMs, rtcpIntervalMs, nack, reducedSizeRtcp);
        final String end;
        try
        {
            out.printf("rtp recv: RTP on %s:%d, RTCP on %s:%d, RTCP to %s%n", bindAddress, run.rtpPort(),
                bindAddress, run.rtcpPort(), rtcpTo == null ? "the sender's RTCP source" : rtcpTo);
            end = run.awaitEnd((long)(durationSeconds * 1e9), (long)(idleSeconds * 1e9), 0);
        }
        finally
        {
            run.close();
        }
        final Map<String, Object> stats = run.stats(end);
        report(stats);
        if (verbose)
        {
            out.println(run.session().describe());
            out.println("NACK generator: " + run.receiver().nackGenerator());
        }
        if (outWav != null)
        {
            WavWriter.write(outWav, new PcmClip(AudioFormat.SAMPLE_RATE_HZ, run.played()));
            out.println("played audio written to " + outWav);
        }
        if (statsJson != null)
        {
            Files.writeString(statsJson, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(stats) + "\n", StandardCharsets.UTF_8);
            out.println("statistics written to " + statsJson);
        }
        return 0;
    }

    private void report(final Map<String, Object> stats)
    {
        out.printf("ended (%s): %s packets received of %s expected, %s lost before recovery, %s NACKs sent, " +
            "%s RTX received, %s recovered, residual loss %.2f%%%n", stats.get("end"), stats.get("packetsReceived"),
            stats.get("packetsExpected"), stats.get("lostBeforeRecovery"), stats.get("nacksSent"),
            stats.get("rtxReceived"), stats.get("recoveredByRtx"), 100 * (Double)stats.get("residualLoss"));
        out.println("frames: " + stats.get("frames"));
        out.println("jitter buffer: " + stats.get("jitterBufferDelay"));
        out.println("rtcp sent: " + stats.get("rtcpSent"));
    }
}
