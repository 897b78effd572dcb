package io.classwire.samples.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabCheckCommandTest
{
    @Test
    void shouldGradeLanExcellentAndSatellitePoorInVirtualTime()
    {
        final String lan = run("--profile", "lan");
        assertTrue(lan.contains("grade      EXCELLENT"), lan);
        final String satellite = run("--profile", "satellite");
        assertTrue(satellite.contains("grade      POOR"), satellite);
        assertTrue(satellite.contains("round-trip time"), "a reason names the RTT: " + satellite);
    }

    @Test
    void shouldRejectUnknownProfileAndBadBudget()
    {
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = new CommandLine(new ClasswireCli()).setErr(new PrintWriter(err));
        assertEquals(2, commandLine.execute("lab", "check", "--profile", "moon"));
        assertTrue(err.toString().contains("lossy-30"), "lists valid profiles: " + err);
        final LabCheckCommand command = new LabCheckCommand();
        command.budgetSeconds = 0;
        final IllegalArgumentException error =
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, command::call);
        assertTrue(error.getMessage().contains("--budget"));
    }

    private static String run(final String... args)
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final LabCheckCommand command = new LabCheckCommand();
        command.out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertEquals(0, new CommandLine(command).execute(args));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
