package io.classwire.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code classwire lab}: the network lab's tools, one subcommand each. */
@Command(
    name = "lab",
    mixinStandardHelpOptions = true,
    description = "Network lab: impaired networks for tests and demos (see docs/lab.md).",
    subcommands = { LabRunCommand.class, LabCheckCommand.class, LabProxyCommand.class })
final class LabCommand implements Runnable
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
