package io.classwire.samples.cli;

import io.classwire.core.lab.PcapWriter;
import io.classwire.samples.pcap.SyntheticSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code classwire pcap OUT}: write a synthetic Classwire session as a libpcap capture for Wireshark. */
@Command(
    name = "pcap",
    mixinStandardHelpOptions = true,
    description = {
        "Write a short synthetic session (Opus RTP with header extensions, RTX, RED, SR, RR, SDES, BYE, NACK, PLI,",
        "FIR, transport-wide feedback) as a libpcap file. Dissect it with:",
        "  tshark -r OUT -d udp.port==5004,rtp -d udp.port==5005,rtcp" })
final class PcapCommand implements Callable<Integer>
{
    @Parameters(index = "0", paramLabel = "OUT", description = "capture file to write")
    Path out;

    @Option(names = "--rtcp-mux", description = "send RTCP on the RTP port (RFC 5761) instead of port 5005")
    boolean rtcpMux;

    @Override
    public Integer call() throws Exception
    {
        final Path parent = out.toAbsolutePath().getParent();
        if (parent != null)
        {
            Files.createDirectories(parent);
        }
        final long packets;
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out));
            PcapWriter writer = new PcapWriter(file))
        {
            new SyntheticSession(writer, rtcpMux).write();
            packets = writer.packetsWritten();
        }
        System.out.printf("wrote %d packets to %s%n", packets, out);
        System.out.printf("dissect with: tshark -r %s -d udp.port==%d,rtp%s%n", out, SyntheticSession.RTP_PORT,
            rtcpMux ? "" : " -d udp.port==" + SyntheticSession.RTCP_PORT + ",rtcp");
        return 0;
    }
}
