package io.classwire.samples.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code classwire lab proxy}: argument errors and a short real run over loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LabProxyCommandTest
{
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldListValidProfilesWhenTheProfileIsUnknown()
    {
        final int exitCode = run(
            "lab", "proxy", "--profile", "moon", "--listen", "127.0.0.1:0", "--to", "127.0.0.1:6000");
        assertEquals(2, exitCode);
        assertTrue(err.toString().contains("unknown network profile 'moon'"), err::toString);
        assertTrue(err.toString().contains("subway") && err.toString().contains("home-wifi"), err::toString);
    }

    @Test
    void shouldExplainAnAddressThatIsNotHostColonPort()
    {
        assertEquals(2, run("lab", "proxy", "--profile", "4g", "--listen", "localhost5000", "--to", "127.0.0.1:6000"));
        assertTrue(err.toString().contains("expected HOST:PORT"), err::toString);
    }

    @Test
    void shouldRejectAPortOutOfRangeAndAnUpstreamPortOfZero()
    {
        assertEquals(2, run(
            "lab", "proxy", "--profile", "4g", "--listen", "127.0.0.1:70000", "--to", "127.0.0.1:6000"));
        assertTrue(err.toString().contains("0-65535"), err::toString);
        assertEquals(2, run("lab", "proxy", "--profile", "4g", "--listen", "127.0.0.1:0", "--to", "127.0.0.1:0"));
        assertTrue(err.toString().contains("--to needs a port"), err::toString);
    }

    @Test
    void shouldParseIpv4AndBracketedIpv6Addresses()
    {
        final HostPortConverter converter = new HostPortConverter();
        assertEquals(new InetSocketAddress(LOOPBACK, 5000), converter.convert("127.0.0.1:5000"));
        final InetSocketAddress v6 = converter.convert("[::1]:6000");
        assertEquals(6000, v6.getPort());
        assertTrue(v6.getAddress().isLoopbackAddress());
    }

    @Test
    void shouldAskForASubcommandWhenLabIsGivenNone()
    {
        assertEquals(2, run("lab"));
        assertTrue(err.toString().contains("Missing required subcommand"), err::toString);
    }

    @Test
    void shouldForwardThenPrintASummaryWhenTheDurationEnds() throws Exception
    {
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            DatagramSocket client = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            upstream.setSoTimeout(10_000);
            final int listenPort = freePort();
            final AtomicInteger exitCode = new AtomicInteger(-1);
            final Thread runner = new Thread(() -> exitCode.set(run("lab", "proxy", "--profile", "good",
                "--listen", "127.0.0.1:" + listenPort, "--to", "127.0.0.1:" + upstream.getLocalPort(),
                "--seed", "7", "--duration", "2")));
            runner.start();
            final long deadlineNs = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!out.toString().contains("proxy ") && System.nanoTime() - deadlineNs < 0)
            {
                Thread.onSpinWait();
            }

            final byte[] payload = "hello".getBytes(StandardCharsets.US_ASCII);
            client.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(LOOPBACK, listenPort)));
            final DatagramPacket received = new DatagramPacket(new byte[100], 100);
            upstream.receive(received);
            assertEquals("hello", new String(received.getData(), 0, received.getLength(), StandardCharsets.US_ASCII));

            runner.join();
            assertEquals(0, exitCode.get(), err::toString);
            final String output = out.toString();
            assertTrue(output.contains("profile lan, seed 7"), output);
            assertTrue(output.contains("    1s  up rx="), output);
            assertTrue(output.contains("summary:"), output);
            assertTrue(output.contains("up: rx=1 fwd=1 drop=0"), output);
        }
    }

    private int run(final String... args)
    {
        return new picocli.CommandLine(new ClasswireCli())
            .setOut(new PrintWriter(out, true))
            .setErr(new PrintWriter(err, true))
            .execute(args);
    }

    private static int freePort() throws Exception
    {
        try (DatagramSocket probe = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0)))
        {
            return probe.getLocalPort();
        }
    }
}
