package io.classwire.samples.cli;

import io.classwire.core.probe.NetworkProbe;
import io.classwire.core.probe.ProbeConfig;
import io.classwire.core.probe.ProbeResult;
import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.Callable;

/**
 * {@code classwire check run}: the pre-class network check from this machine to a probe responder
 * ({@code classwire check serve}, or any server embedding {@link io.classwire.core.probe.ProbeResponder}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Check the network to a probe responder before a class: RTT, jitter, loss, up/down bandwidth and a",
        "quality grade, within a time budget. Exit code 0 when the check finished (whatever the grade), 1 when",
        "the responder never answered." },
    footer = { "", "Example:", "  classwire check run --to 127.0.0.1:7000 --budget 5" })
final class CheckRunCommand implements Callable<Integer>
{
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", converter = HostPortConverter.class,
        description = "The probe responder.")
    InetSocketAddress to;

    @Option(names = "--budget", paramLabel = "S", defaultValue = "5",
        description = "Time budget in seconds, 2..60 (default: ${DEFAULT-VALUE}).")
    int budgetSeconds;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception
    {
        if (budgetSeconds < 2 || budgetSeconds > 60)
        {
            // the echo phase alone takes a second (ProbeConfig)
            throw new CommandLine.ParameterException(spec.commandLine(), "--budget must be 2..60 seconds");
        }
        if (to.getPort() == 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to needs a port other than 0");
        }
        final ProbeConfig config = new ProbeConfig().timeBudgetNs(budgetSeconds * 1_000_000_000L);
        final String host = to.getAddress().getHostAddress();
        final EndpointContext context = new EndpointContext()
            .bindAddress(to.getAddress().isLoopbackAddress() ? host : "0.0.0.0").connectTo(host, to.getPort());
        final ProbeResult result;
        try (NettyUdpEndpoint client = NettyUdpEndpoint.open(context))
        {
            final NetworkProbe probe = NetworkProbe.start(client, client.peerId(host, to.getPort()), config);
            final RealTimeAgentRunner runner = RealTimeAgentRunner.start(probe, client.context());
            try
            {
                final long deadlineNs = System.nanoTime() + 2 * config.timeBudgetNs() + 1_000_000_000L;
                while (!probe.isDone() && System.nanoTime() - deadlineNs < 0)
                {
                    Thread.sleep(10);
                }
            }
            finally
            {
                runner.close();
            }
            if (!probe.isDone())
            {
                out.println("network check to " + host + ":" + to.getPort() +
                    " did not finish within twice its budget");
                return 1;
            }
            result = probe.result();
        }
        out.printf("network check to %s:%d (budget %d s)%n", host, to.getPort(), budgetSeconds);
        LabCheckCommand.print(out, result);
        out.flush();
        return result.echoesReceived() > 0 ? 0 : 1;
    }
}
