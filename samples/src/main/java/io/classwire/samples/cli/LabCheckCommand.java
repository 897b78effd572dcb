package io.classwire.samples.cli;

import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.probe.NetworkProbe;
import io.classwire.core.probe.ProbeConfig;
import io.classwire.core.probe.ProbeResponder;
import io.classwire.core.probe.ProbeResult;
import io.classwire.core.probe.ResponderLimits;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import io.classwire.samples.lab.ProxiedLoopback;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code classwire lab check}: the pre-class network check (RTT, jitter, loss, up/down bandwidth, grade) run against a
 * probe responder through a network profile, in virtual time or over real sockets through the impairment proxy.
 */
@Command(
    name = "check",
    mixinStandardHelpOptions = true,
    description = {
        "Run the pre-class network check (docs/network-check.md) through a network profile: RTT, jitter, loss,",
        "up/down bandwidth and a quality grade, within a time budget. Virtual time by default; --real runs it",
        "over loopback sockets through the impairment proxy." })
final class LabCheckCommand implements Callable<Integer>
{
    @Option(names = "--profile", defaultValue = "4g", converter = NetworkProfileConverter.class,
        description = "network profile (default: ${DEFAULT-VALUE})")
    NetworkProfile profile;

    @Option(names = "--budget", defaultValue = "5", description = "time budget in seconds (default: ${DEFAULT-VALUE})")
    int budgetSeconds;

    @Option(names = "--real", description = "run over real UDP sockets on loopback through the impairment proxy")
    boolean real;

    @Option(names = "--seed", defaultValue = "1", description = "seed for the impairments (default: ${DEFAULT-VALUE})")
    long seed;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception
    {
        if (budgetSeconds < 2 || budgetSeconds > 60)
        {
            throw new IllegalArgumentException("--budget must be 2..60 seconds: " + budgetSeconds);
        }
        final ProbeConfig config = new ProbeConfig().timeBudgetNs(budgetSeconds * 1_000_000_000L);
        final ProbeResult result = real ? runReal(config) : runVirtual(profile, seed, config);
        out.printf("network check through %s (%s, budget %d s, seed %d)%n", profile.profileName(),
            real ? "real sockets via the impairment proxy" : "virtual time", budgetSeconds, seed);
        print(out, result);
        return 0;
    }

    static void print(final PrintStream out, final ProbeResult result)
    {
        out.printf("  grade      %s (score %.0f/100)%n", result.grade(), result.score());
        out.printf("  RTT        min %.1f ms, p50 %.1f ms, p95 %.1f ms (%d/%d echoes)%n", result.rttMinMs(),
            result.rttP50Ms(), result.rttP95Ms(), result.echoesReceived(), result.echoesSent());
        out.printf("  jitter     %.1f ms (up %.1f, down %.1f)%n", result.jitterMs(), result.jitterUpMs(),
            result.jitterDownMs());
        out.printf("  loss       %.1f%% (up %.1f%%, down %.1f%%)%n", result.lossPercent(), result.lossUpPercent(),
            result.lossDownPercent());
        out.printf("  bandwidth  up %s%.2f Mbps, down %s%.2f Mbps%n", result.upLowerBound() ? ">= " : "",
            result.upBps() / 1e6, result.downLowerBound() ? ">= " : "", result.downBps() / 1e6);
        out.printf("  took       %.2f s%n", result.durationNs() / 1e9);
        for (final String reason : result.reasons())
        {
            out.println("  - " + reason);
        }
    }

    static ProbeResult runVirtual(final NetworkProfile profile, final long seed, final ProbeConfig config)
    {
        final Simulator simulator = new Simulator(seed);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode client = network.addNode("client");
        final SimNode server = network.addNode("server");
        network.connect("client", "server", profile);
        final NetworkProbe probe = NetworkProbe.start(client, client.peerId("server", 0), config);
        simulator.addAgent(new ProbeResponder(server, new ResponderLimits()), server);
        simulator.addAgent(probe, client);
        final long stepNs = 100_000_000L;
        while (!probe.isDone() && simulator.nowNs() < config.timeBudgetNs() * 2)
        {
            simulator.runFor(stepNs);
        }
        if (!probe.isDone())
        {
            throw new IllegalStateException("network check did not finish within twice its budget");
        }
        return probe.result();
    }

    private ProbeResult runReal(final ProbeConfig config) throws InterruptedException
    {
        try (ProxiedLoopback loopback = new ProxiedLoopback(profile, seed))
        {
            final NettyUdpEndpoint server = loopback.server();
            final NettyUdpEndpoint client = loopback.client();
            loopback.warmUp();
            final NetworkProbe probe = NetworkProbe.start(client, loopback.serverPeerIdAtClient(), config);
            final RealTimeAgentRunner serverRunner =
                RealTimeAgentRunner.start(new ProbeResponder(server, new ResponderLimits()), server.context());
            final RealTimeAgentRunner clientRunner = RealTimeAgentRunner.start(probe, client.context());
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
                clientRunner.close();
                serverRunner.close();
            }
            if (!probe.isDone())
            {
                throw new IllegalStateException("network check did not finish within twice its budget");
            }
            return probe.result();
        }
    }
}
