package io.classwire.samples.pcap;

import io.classwire.core.lab.PcapWriter;
import io.classwire.core.wire.RtcpCompoundReader;
import io.classwire.core.wire.RtcpCompoundValidator;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticSessionTest
{
    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryPacketKindOurParsersAccept() throws Exception
    {
        final Path file = write(false);
        final Set<String> kinds = new HashSet<>();
        final ByteBuffer pcap = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int position = 24;
        int records = 0;
        while (position < pcap.capacity())
        {
            final int length = pcap.getInt(position + 8);
            final int udp = position + 16 + 14 + 20;
            final int dstPort = Short.toUnsignedInt(pcap.order(ByteOrder.BIG_ENDIAN).getShort(udp + 2));
            pcap.order(ByteOrder.LITTLE_ENDIAN);
            final UnsafeBuffer payload = new UnsafeBuffer(pcap.array(), udp + 8, length - 42);
            if (dstPort == SyntheticSession.RTP_PORT)
            {
                final RtpPacket rtp = new RtpPacket().wrap(payload, 0, payload.capacity());
                assertEquals(WireStatus.OK, rtp.validate(), "record " + records);
                assertTrue(rtp.extension(), "every RTP packet carries header extensions");
                kinds.add("rtp-pt-" + rtp.payloadType());
            }
            else
            {
                assertEquals(SyntheticSession.RTCP_PORT, dstPort);
                assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(payload, 0, payload.capacity()));
                final RtcpCompoundReader reader = new RtcpCompoundReader().wrap(payload, 0, payload.capacity());
                while (reader.next())
                {
                    kinds.add("rtcp-" + reader.packetType() + (reader.packetType() >= RtcpHeader.PT_RTPFB ?
                        "-" + reader.countOrFormat() : ""));
                }
            }
            position += 16 + length;
            records++;
        }
        assertEquals(pcap.capacity(), position, "records fill the file exactly");
        for (final String kind : List.of("rtp-pt-111", "rtp-pt-112", "rtp-pt-63", "rtcp-200", "rtcp-201", "rtcp-202",
            "rtcp-203", "rtcp-205-1", "rtcp-205-15", "rtcp-206-1", "rtcp-206-4"))
        {
            assertTrue(kinds.contains(kind), "missing " + kind + " in " + kinds);
        }
    }

    @Test
    void shouldDissectCleanlyInTsharkWhenInstalled() throws Exception
    {
        Assumptions.assumeTrue(tsharkAvailable(), "tshark not installed");
        for (final boolean mux : new boolean[] { false, true })
        {
            final Path file = write(mux);
            final String verbose = tshark(file, "-V", "-d", "udp.port==5004,rtp", "-d", "udp.port==5005,rtcp");
            assertFalse(verbose.contains("Malformed"), "malformed packet in tshark output (mux=" + mux + ")");
            assertFalse(verbose.contains("Expert Info (Warning") || verbose.contains("Expert Info (Error"),
                "tshark expert warning (mux=" + mux + ")");
            for (final String expected : List.of("Transport-wide Congestion Control", "Generic negative acknowledgement",
                "Picture Loss Indication", "Full Intra Request", "Goodbye", "Source description", "Sender Report",
                "Receiver Report", "DynamicRTP-Type-112", "RFC 5285 Header Extension (One-Byte Header)"))
            {
                assertTrue(verbose.contains(expected), "tshark did not show " + expected + " (mux=" + mux + ")");
            }
            final String summary = tshark(file, "-T", "fields", "-e", "frame.protocols",
                "-d", "udp.port==5004,rtp", "-d", "udp.port==5005,rtcp");
            for (final String protocols : summary.split("\n"))
            {
                assertTrue(protocols.endsWith(":rtp") || protocols.endsWith(":rtcp"),
                    "frame not dissected as RTP/RTCP: " + protocols);
            }
        }
    }

    private Path write(final boolean mux) throws Exception
    {
        final Path file = dir.resolve(mux ? "mux.pcap" : "session.pcap");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file));
            PcapWriter writer = new PcapWriter(out))
        {
            new SyntheticSession(writer, mux).write();
            assertTrue(writer.packetsWritten() > 100);
        }
        return file;
    }

    private static boolean tsharkAvailable()
    {
        try
        {
            final Process process = new ProcessBuilder("tshark", "-v").redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0;
        }
        catch (final Exception ex)
        {
            return false;
        }
    }

    private static String tshark(final Path file, final String... args) throws Exception
    {
        final List<String> command = new java.util.ArrayList<>(List.of("tshark", "-r", file.toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "tshark did not finish");
        assertEquals(0, process.exitValue(), "tshark failed");
        return output;
    }
}
