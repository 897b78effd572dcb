package io.classwire.samples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code classwire check serve} and {@code check run} over loopback sockets (real time, bounded waits). */
class CheckCommandTest
{
    @Test
    void shouldCheckTwoLearnersAgainstOneResponderInAcceptMode() throws Exception
    {
        final ByteArrayOutputStream serverOut = new ByteArrayOutputStream();
        final CheckServeCommand serve = new CheckServeCommand();
        serve.out = new PrintStream(serverOut, true, StandardCharsets.UTF_8);
        final ExecutorService executor = Executors.newSingleThreadExecutor();
        try
        {
            final Future<Integer> server = executor.submit(() -> new CommandLine(serve).execute(
                "--listen", "127.0.0.1:0", "--accept", "8", "--duration", "60"));
            assertTrue(serve.ready.await(20, TimeUnit.SECONDS), "responder up: " + serverOut);
            for (int learner = 0; learner < 2; learner++)
            {
                final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                final CheckRunCommand run = new CheckRunCommand();
                run.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
                final int exit =
                    new CommandLine(run).execute("--to", "127.0.0.1:" + serve.boundPort, "--budget", "2");
                final String report = bytes.toString(StandardCharsets.UTF_8);
                assertEquals(0, exit, report);
                assertTrue(report.contains("network check to 127.0.0.1:" + serve.boundPort), report);
                assertTrue(report.contains("grade"), report);
                // loopback: the echo requests come back (a loaded machine may stall past the wait for a few)
                final java.util.regex.Matcher echoes =
                    java.util.regex.Pattern.compile("\\((\\d+)/(\\d+) echoes\\)").matcher(report);
                assertTrue(echoes.find(), report);
                final int received = Integer.parseInt(echoes.group(1));
                final int sent = Integer.parseInt(echoes.group(2));
                assertTrue(sent > 0 && received >= sent * 0.9, report);
            }
            serve.stop.countDown();
            assertEquals(0, server.get(20, TimeUnit.SECONDS));
            final String served = serverOut.toString(StandardCharsets.UTF_8);
            assertTrue(served.contains("accept mode: up to 8 learner sockets"), served);
            assertTrue(served.contains("peerSocketsOpened=3"),
                "each learner, and the warm-up client, got a socket of its own: " + served);
            assertTrue(served.matches("(?s).*answered [1-9]\\d* echo requests.*"), served);
        }
        finally
        {
            serve.stop.countDown();
            executor.shutdownNow();
        }
    }

    @Test
    void shouldRejectBadArgumentsWithUsageErrors()
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ClasswireCli()).setErr(new PrintWriter(err));
        assertEquals(2, commandLine.execute("check", "run", "--to", "127.0.0.1:0"));
        assertTrue(err.toString().contains("--to needs a port"), err.toString());
        assertEquals(2, commandLine.execute("check", "run", "--to", "127.0.0.1:7000", "--budget", "0"));
        assertTrue(err.toString().contains("--budget must be 2..60"), err.toString());
        assertEquals(2, commandLine.execute("check", "serve", "--listen", "127.0.0.1:0", "--accept", "-1"));
        assertTrue(err.toString().contains("--accept must not be negative"), err.toString());
        assertEquals(2, commandLine.execute("check"));
    }
}
