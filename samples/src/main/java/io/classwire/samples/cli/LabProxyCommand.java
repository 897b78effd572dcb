package io.classwire.samples.cli;

import io.classwire.core.lab.ImpairmentProxy;
import io.classwire.core.lab.ImpairmentProxyContext;
import io.classwire.core.lab.LinkStats;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.ProxyCounters;
import io.classwire.core.lab.ProxyDirection;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code classwire lab proxy}: runs an {@link ImpairmentProxy} between one client and one upstream server, printing
 * per-second counters and a summary on exit (after {@code --duration} or on Ctrl-C).
 */
@Command(
    name = "proxy",
    mixinStandardHelpOptions = true,
    description = {
        "Forward UDP between one client and an upstream server through a named network profile's impairments.",
        "The client sends to --listen; replies go back to the client address seen last." },
    footer = {
        "", "Example:",
        "  classwire lab proxy --profile subway \\",
        "      --listen 127.0.0.1:5000 --to 127.0.0.1:6000" })
final class LabProxyCommand implements Callable<Integer>
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long SHUTDOWN_HOOK_WAIT_MS = 5_000;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--profile", required = true, paramLabel = "NAME", converter = NetworkProfileConverter.class,
        completionCandidates = NetworkProfileConverter.Names.class,
        description = "Network profile: ${COMPLETION-CANDIDATES} (see docs/network-profiles.md).")
    NetworkProfile profile;

    @Option(names = "--listen", required = true, paramLabel = "HOST:PORT", converter = HostPortConverter.class,
        description = "Where the client sends; port 0 picks a free port.")
    InetSocketAddress listen;

    @Option(names = "--to", required = true, paramLabel = "HOST:PORT", converter = HostPortConverter.class,
        description = "The upstream server.")
    InetSocketAddress upstream;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
        description = "Seed of the impairments' randomness (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--duration", paramLabel = "S", defaultValue = "0",
        description = "Stop after S seconds; 0 (default) runs until Ctrl-C.")
    long durationS;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "4096",
        description = "Datagrams held for delayed delivery at most; more are dropped as overload "
            + "(default: ${DEFAULT-VALUE}).")
    int maxInFlight;

    @Override
    public Integer call() throws InterruptedException
    {
        validate();
        final PrintWriter out = spec.commandLine().getOut();
        final ImpairmentProxy proxy;
        try
        {
            proxy = ImpairmentProxy.launch(new ImpairmentProxyContext()
                .listenAddress(listen)
                .upstreamAddress(upstream)
                .profile(profile)
                .seed(seed)
                .maxInFlightPackets(maxInFlight));
        }
        catch (final IllegalStateException ex)
        {
            final Throwable cause = ex.getCause();
            spec.commandLine().getErr().println("classwire lab proxy: " + ex.getMessage() +
                (cause == null ? "" : " (" + cause.getMessage() + ")"));
            return 1;
        }

        out.printf(
            "proxy %s -> %s, profile %s, seed %d%n", proxy.localAddress(), upstream, profile.profileName(), seed);
        out.println("  uplink:   " + profile.uplink());
        out.println("  downlink: " + profile.downlink());
        out.flush();

        final CountDownLatch stopRequested = new CountDownLatch(1);
        final CountDownLatch finished = new CountDownLatch(1);
        final Thread hook = new Thread(() -> awaitSummary(stopRequested, finished), "classwire-lab-proxy-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            printEverySecond(proxy.counters(), out, stopRequested);
        }
        finally
        {
            proxy.close();
            printSummary(proxy, out);
            finished.countDown();
            removeHook(hook);
        }
        return 0;
    }

    private void validate()
    {
        if (upstream.getPort() == 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--to needs a port other than 0");
        }
        if (durationS < 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--duration must not be negative");
        }
        if (maxInFlight <= 0)
        {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-in-flight must be positive");
        }
    }

    private void printEverySecond(final ProxyCounters counters, final PrintWriter out,
        final CountDownLatch stopRequested) throws InterruptedException
    {
        final long startNs = System.nanoTime();
        final long endNs = durationS > 0 ? startNs + durationS * SECOND_NS : Long.MAX_VALUE;
        final long[] previous = new long[2 * Column.values().length];
        for (long second = 1; ; second++)
        {
            final long tickNs = startNs + second * SECOND_NS;
            final long untilNs = Math.min(tickNs, endNs);
            if (stopRequested.await(untilNs - System.nanoTime(), TimeUnit.NANOSECONDS) || untilNs < tickNs)
            {
                return;
            }
            out.println(secondLine(second, counters, previous));
            out.flush();
            if (untilNs == endNs)
            {
                return;
            }
        }
    }

    private static String secondLine(final long second, final ProxyCounters counters, final long[] previous)
    {
        final StringBuilder line = new StringBuilder(160).append(String.format(Locale.ROOT, "%5ds", second));
        for (final ProxyDirection direction : ProxyDirection.values())
        {
            line.append(direction == ProxyDirection.UPLINK ? "  " : " | ").append(direction.shortName());
            for (final Column column : Column.values())
            {
                final int index = direction.ordinal() * Column.values().length + column.ordinal();
                final long value = column.read(counters, direction);
                final long delta = value - previous[index];
                previous[index] = value;
                if (column == Column.KBITS)
                {
                    line.append(String.format(Locale.ROOT, " %.1f kbit/s", delta * 8 / 1000.0));
                }
                else
                {
                    line.append(' ').append(column.label).append('=').append(delta);
                }
            }
        }
        return line.append(" | inflight=").append(counters.inFlightPackets()).toString();
    }

    private static void printSummary(final ImpairmentProxy proxy, final PrintWriter out)
    {
        final ProxyCounters counters = proxy.counters();
        out.println("summary:");
        for (final ProxyDirection direction : ProxyDirection.values())
        {
            out.println("  " + counters.appendDirection(new StringBuilder(), direction));
            final LinkStats stats = proxy.stats(direction);
            out.printf(Locale.ROOT, "    model: loss %.2f%%, queue delay p50 %.1f ms p99 %.1f ms max %.1f ms%n",
                100.0 * stats.lossRate(),
                stats.queueDelayHistogramNs().getValueAtPercentile(50.0) / 1e6,
                stats.queueDelayHistogramNs().getValueAtPercentile(99.0) / 1e6,
                stats.maxQueueDelayNs() / 1e6);
        }
        out.println("  socket errors=" + counters.socketErrors());
        out.flush();
    }

    private static void awaitSummary(final CountDownLatch stopRequested, final CountDownLatch finished)
    {
        stopRequested.countDown();
        try
        {
            // Keep the JVM alive until the main thread has closed the proxy and printed the summary.
            finished.await(SHUTDOWN_HOOK_WAIT_MS, TimeUnit.MILLISECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void removeHook(final Thread hook)
    {
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // The JVM is already shutting down (Ctrl-C): the hook is running and must stay.
        }
    }

    /** Per-second columns: packets received, forwarded, dropped by the model, dropped as overload; forwarded rate. */
    private enum Column
    {
        RX("rx"),
        FWD("fwd"),
        DROP("drop"),
        OVERLOAD("overload"),
        KBITS("");

        private final String label;

        Column(final String label)
        {
            this.label = label;
        }

        long read(final ProxyCounters counters, final ProxyDirection direction)
        {
            switch (this)
            {
                case RX:
                    return counters.receivedPackets(direction);
                case FWD:
                    return counters.forwardedPackets(direction);
                case DROP:
                    return counters.droppedPackets(direction);
                case OVERLOAD:
                    return counters.overloadDrops(direction);
                default:
                    return counters.forwardedBytes(direction);
            }
        }
    }
}
