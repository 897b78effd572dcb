package io.classwire.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code classwire check}: the pre-class network check against a real server, and that server. */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = "Pre-class network check over the real network (docs/network-check.md): a probe responder to run "
        + "on a server, and the check a learner's machine runs against it.",
    subcommands = { CheckServeCommand.class, CheckRunCommand.class })
final class CheckCommand implements Runnable
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Without a subcommand there is nothing to do: show the usage and fail. */
    @Override
    public void run()
    {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing required subcommand");
    }
}
