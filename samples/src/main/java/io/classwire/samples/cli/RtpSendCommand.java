package io.classwire.samples.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.PcmClip;
import io.classwire.media.audio.WavReader;
import io.classwire.samples.rtp.RtpSendRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code classwire rtp send}: send a WAV file as Opus/RTP to a standard receiver and answer its NACKs with RTX. */
@Command(
    name = "send",
    mixinStandardHelpOptions = true,
    description = {
        "Send a 48 kHz mono WAV file as Opus/RTP (PT 111, 20 ms frames) in real time to a standard receiver on",
        "separate RTP and RTCP ports, answering its generic NACKs with RFC 4588 RTX (PT 112)." })
final class RtpSendCommand implements Callable<Integer>
{
    @Option(names = "--to", required = true, converter = HostPortConverter.class,
        description = "receiver's RTP address, e.g. 127.0.0.1:5004")
    InetSocketAddress to;

    @Option(names = "--rtcp-to", converter = HostPortConverter.class,
        description = "receiver's RTCP address (default: its RTP port + 1)")
    InetSocketAddress rtcpTo;

    @Option(names = "--in", required = true, description = "WAV file, 48 kHz mono 16-bit PCM")
    Path inWav;

    @Option(names = "--bind", defaultValue = "0.0.0.0", description = "local address (default: ${DEFAULT-VALUE})")
    String bindAddress;

    @Option(names = "--port", defaultValue = "0", description = "local RTP port (default: any)")
    int localRtpPort;

    @Option(names = "--rtcp-port", defaultValue = "0",
        description = "local RTCP port where reports and NACKs arrive (default: any)")
    int localRtcpPort;

    @Option(names = "--bitrate", defaultValue = "32000", description = "Opus bitrate, bit/s (default: ${DEFAULT-VALUE})")
    int bitrateBps;

    @Option(names = "--linger", defaultValue = "1",
        description = "seconds to keep answering NACKs after the last frame (default: ${DEFAULT-VALUE})")
    double lingerSeconds;

    @Option(names = "--stats", description = "write statistics to this JSON file")
    Path statsJson;

    @Option(names = "--cname", defaultValue = "classwire-send", description = "RTCP CNAME (default: ${DEFAULT-VALUE})")
    String cname;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception
    {
        final PcmClip clip = WavReader.read(inWav);
        if (clip.sampleRateHz() != AudioFormat.SAMPLE_RATE_HZ)
        {
            throw new IllegalArgumentException("the WAV file must be 48 kHz mono, not " + clip.sampleRateHz() + " Hz");
        }
        final int rtcpPort = rtcpTo != null ? rtcpTo.getPort() : to.getPort() + 1;
        final String rtcpHost = rtcpTo != null ? rtcpTo.getHostString() : to.getHostString();
        if (!rtcpHost.equals(to.getHostString()))
        {
            throw new IllegalArgumentException("--rtcp-to must name the same host as --to");
        }
        final RtpSendRun run = RtpSendRun.start(bindAddress, localRtpPort, localRtcpPort, to.getHostString(),
            to.getPort(), rtcpPort, clip.samples(), bitrateBps, cname);
        try
        {
            out.printf("rtp send: %.1f s of %s to %s (RTCP %s:%d), reports and NACKs on local port %d%n",
                clip.durationSeconds(), inWav, to, rtcpHost, rtcpPort, run.rtcpPort());
            run.awaitEnd((long)(lingerSeconds * 1e9));
        }
        finally
        {
            run.close();
        }
        final Map<String, Object> stats = run.stats();
        out.println("sent: " + stats);
        if (statsJson != null)
        {
            Files.writeString(statsJson, JSON.std.with(JSON.Feature.PRETTY_PRINT_OUTPUT).asString(stats) + "\n", StandardCharsets.UTF_8);
            out.println("statistics written to " + statsJson);
        }
        return 0;
    }
}
