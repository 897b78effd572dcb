package io.classwire.samples.cli;

import io.classwire.core.lab.EndpointWarmUp;
import io.classwire.core.probe.ProbeResponder;
import io.classwire.core.probe.ResponderCounters;
import io.classwire.core.probe.ResponderLimits;
import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code classwire check serve}: a probe responder on a UDP port, answering the pre-class network checks of any
 * number of learners (up to the responder's limits) until {@code --duration} ends or Ctrl-C.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
        "Answer pre-class network checks on a UDP port (the probe responder), until --duration or Ctrl-C.",
        "With --accept N (Linux) each of up to N learners gets a socket of its own on the port after its first",
        "datagram, which allocates nothing per datagram (EndpointContext.acceptPeers)." },
    footer = { "", "Example:", "  classwire check serve --listen 127.0.0.1:7000 --accept 64" })
final class CheckServeCommand implements java.util.concurrent.Callable<Integer>
{
    private static final long SHUTDOWN_HOOK_WAIT_MS = 5_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = HostPortConverter.class,
        description = "Address and port to answer on (a specific address, not 0.0.0.0, with --accept); port 0 "
            + "picks a free one.")
    InetSocketAddress listen;

    @Option(names = "--accept", paramLabel = "N", defaultValue = "0",
        description = "Give up to N learners a socket of their own (Linux; default ${DEFAULT-VALUE}: off).")
    int accept;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
        description = "Stop after S seconds; 0 (default) runs until Ctrl-C.")
    long durationS;

    PrintStream out = System.out;

    /** Counted down once the endpoint is open and answering; for tests and embedding. */
    final CountDownLatch ready = new CountDownLatch(1);
    /** Count down to stop before the duration ends. */
    final CountDownLatch stop = new CountDownLatch(1);
    volatile int boundPort;

    @Override
    public Integer call() throws Exception
    {
        if (durationS < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must not be negative");
        }
        if (accept < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--accept must not be negative");
        }
        final EndpointContext context = new EndpointContext()
            .bindAddress(listen.getAddress().getHostAddress()).bindPort(listen.getPort()).acceptPeers(accept);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() ->
        {
            stop.countDown();
            awaitQuietly(finished);
        }, "classwire-check-serve-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (NettyUdpEndpoint endpoint = NettyUdpEndpoint.open(context))
        {
            boundPort = endpoint.localPort();
            warmUp(endpoint);
            final ProbeResponder responder = new ProbeResponder(endpoint, new ResponderLimits());
            out.printf("probe responder on %s:%d%s%n", listen.getAddress().getHostAddress(), boundPort,
                accept > 0 ? " (accept mode: up to " + accept + " learner sockets)" : "");
            out.flush();
            final RealTimeAgentRunner runner = RealTimeAgentRunner.start(responder, endpoint.context());
            try
            {
                ready.countDown();
                if (durationS > 0)
                {
                    stop.await(durationS, TimeUnit.SECONDS);
                }
                else
                {
                    stop.await();
                }
            }
            finally
            {
                runner.close();
            }
            final ResponderCounters counters = responder.counters();
            out.printf("answered %d echo requests and %d train reports; malformed %d%n", counters.echoReplies(),
                counters.trainReports(), counters.malformedMessages());
            out.println("endpoint " + endpoint.counters());
            out.flush();
        }
        finally
        {
            finished.countDown();
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // the JVM is already shutting down: the hook is running
            }
        }
        return 0;
    }

    // A first learner must not measure our cold code: unwarmed, a fresh server answered its first check with an RTT
    // p95 of ~190 ms on loopback (2 ms from the second on; warming the responder's code in virtual time did not
    // help, the socket path is what is cold). So a throw-away local client exchanges a few bursts with the endpoint
    // before the responder starts. It stays registered as a
    // peer (in accept mode it takes one of the --accept sockets).
    private void warmUp(final NettyUdpEndpoint endpoint) throws InterruptedException
    {
        final String host = listen.getAddress().isAnyLocalAddress() ? "127.0.0.1" :
            listen.getAddress().getHostAddress();
        try (NettyUdpEndpoint local = NettyUdpEndpoint.open(
            new EndpointContext().bindAddress(host).connectTo(host, boundPort)))
        {
            EndpointWarmUp.run(
                local, local.peerId(host, boundPort), endpoint, endpoint.peerId(host, local.localPort()));
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(SHUTDOWN_HOOK_WAIT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
