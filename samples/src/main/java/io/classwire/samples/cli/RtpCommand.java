package io.classwire.samples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code classwire rtp}: plain RTP/RTCP interop with standard stacks (GStreamer, ffmpeg, hardware encoders). */
@Command(
    name = "rtp",
    mixinStandardHelpOptions = true,
    description = {
        "Plain RTP/RTCP over UDP on separate RTP and RTCP ports (no encryption, no handshake): Opus PT 111,",
        "RTX PT 112 (RFC 4588), AVPF generic NACK. See docs/interop.md." },
    subcommands = { RtpRecvCommand.class, RtpSendCommand.class, RtpCompareCommand.class })
final class RtpCommand implements Runnable
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
