package io.classwire.samples.cli;

import com.fasterxml.jackson.jr.ob.JSON;
import io.classwire.media.audio.WavReader;
import io.classwire.samples.rtp.InteropBench;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code classwire rtp recv} and {@code rtp send} against each other over loopback, and argument checks. */
class RtpCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReceiveWhatSendSendsAndWriteWavAndStats() throws Exception
    {
        final Path speech = dir.resolve("speech.wav");
        try (InputStream in = RtpCommandTest.class.getResourceAsStream("/speech/en_excerpt_4s.wav");
            OutputStream out = Files.newOutputStream(speech))
        {
            in.transferTo(out);
        }
        final Path wav = dir.resolve("out.wav");
        final Path stats = dir.resolve("stats.json");
        final ByteArrayOutputStream recvText = new ByteArrayOutputStream();
        final RtpRecvCommand recv = new RtpRecvCommand();
        recv.out = new PrintStream(recvText, true, StandardCharsets.UTF_8);
        final int[] ports = InteropBench.freePorts(2);
        final int[] recvExit = new int[1];
        final Thread receiver = new Thread(() -> recvExit[0] = new CommandLine(recv).execute(
            "--bind", "127.0.0.1", "--port", Integer.toString(ports[0]), "--rtcp-port", Integer.toString(ports[1]),
            "--out", wav.toString(),
            "--stats", stats.toString(), "--duration", "12", "--idle", "1"));
        receiver.start();
        Thread.sleep(500);
        final RtpSendCommand send = new RtpSendCommand();
        send.out = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        assertEquals(0, new CommandLine(send).execute(
            "--to", "127.0.0.1:" + ports[0], "--rtcp-to", "127.0.0.1:" + ports[1], "--in", speech.toString(),
            "--bind", "127.0.0.1", "--linger", "0.2"));
        receiver.join(15_000);

        final String text = recvText.toString(StandardCharsets.UTF_8);
        assertEquals(0, recvExit[0], text);
        assertTrue(text.contains("ended (bye)"), text);
        final String json = Files.readString(stats);
        final Map<String, Object> parsed = JSON.std.mapFrom(json);
        assertEquals(200, ((Number)parsed.get("packetsReceived")).intValue(), json);
        assertEquals(0.0, ((Number)parsed.get("residualLoss")).doubleValue(), json);
        assertTrue(WavReader.read(wav).durationSeconds() > 3.5, WavReader.read(wav).durationSeconds() + " s " + json);
    }

    @Test
    void shouldRefuseBadArguments()
    {
        final RtpRecvCommand recv = new RtpRecvCommand();
        recv.out = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        final CommandLine recvLine = new CommandLine(recv);
        recvLine.setErr(new PrintWriter(Writer.nullWriter()));
        assertNotEquals(0, recvLine.execute("--port", "5004", "--latency-ms", "5"));
        final CommandLine sendLine = new CommandLine(new RtpSendCommand());
        sendLine.setErr(new PrintWriter(Writer.nullWriter()));
        assertNotEquals(0, sendLine.execute("--to", "127.0.0.1:5004"));
        assertNotEquals(0, sendLine.execute("--to", "nohost:x", "--in", "a.wav"));
    }
}
