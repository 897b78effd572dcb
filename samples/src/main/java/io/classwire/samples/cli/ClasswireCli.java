package io.classwire.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of the {@code classwire} command-line tool; each job is a subcommand. */
@Command(
    name = "classwire",
    mixinStandardHelpOptions = true,
    version = "classwire 0.1.0-SNAPSHOT",
    description = "Classwire real-time classroom SDK: tools and sample apps.",
    subcommands = { PcapCommand.class, LabCommand.class, CheckCommand.class, RtpCommand.class })
public final class ClasswireCli implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run()
    {
        spec.commandLine().usage(System.out);
    }

    /**
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new ClasswireCli()).execute(args));
    }
}
