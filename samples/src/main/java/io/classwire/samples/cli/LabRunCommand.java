package io.classwire.samples.cli;

import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.samples.lab.LabRun;
import io.classwire.samples.lab.StreamMeter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code classwire lab run}: two peers exchange a paced 20 ms media-like stream and its RTCP through a network
 * profile, in virtual time (default) or over real loopback sockets through the impairment proxy ({@code --real}).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Two peers exchange a paced 20 ms media-like stream (and its RTCP) through a network profile, in the lab's",
        "virtual time (default, seconds of network in milliseconds) or over real loopback sockets through the",
        "impairment proxy (--real). Prints progress each second and a summary." })
final class LabRunCommand implements Callable<Integer>
{
    @Option(names = "--profile", defaultValue = "4g", converter = NetworkProfileConverter.class,
        description = "network profile (default: ${DEFAULT-VALUE}); see docs/network-profiles.md")
    NetworkProfile profile;

    @Option(names = "--duration", defaultValue = "10", description = "seconds of media (default: ${DEFAULT-VALUE})")
    int durationSeconds;

    @Option(names = "--real", description = "run over real UDP sockets on loopback through the impairment proxy")
    boolean real;

    @Option(names = "--seed", defaultValue = "1", description = "seed for impairments and RTCP (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--payload-bytes", defaultValue = "160",
        description = "payload per 20 ms packet, 8..1200 (default: ${DEFAULT-VALUE}, i.e. 64 kbps)")
    int payloadBytes;

    PrintStream out = System.out;

    @Override
    public Integer call() throws Exception
    {
        if (durationSeconds < 1 || durationSeconds > 3600)
        {
            throw new IllegalArgumentException("--duration must be 1..3600 seconds: " + durationSeconds);
        }
        if (payloadBytes < 8 || payloadBytes > 1200)
        {
            throw new IllegalArgumentException("--payload-bytes must be 8..1200: " + payloadBytes);
        }
        final LabRun run = new LabRun(profile, seed, payloadBytes);
        out.printf("lab run: profile %s, %d s, %s, %d-byte payload every 20 ms each way, seed %d%n",
            profile.profileName(), durationSeconds, real ? "real sockets through the impairment proxy" :
            "virtual time", payloadBytes, seed);
        final long startNs = System.nanoTime();
        if (real)
        {
            run.runReal(durationSeconds, second -> progress(run, second));
        }
        else
        {
            run.runVirtual(durationSeconds, second -> progress(run, second));
        }
        final double wallSeconds = (System.nanoTime() - startNs) / 1e9;
        summary(run, wallSeconds);
        return 0;
    }

    private void progress(final LabRun run, final int second)
    {
        out.printf("t=%3ds  up: sent %5d recv %5d lost %4d  |  down: sent %5d recv %5d lost %4d%n", second,
            run.uplinkSent(), run.uplink().received(), run.uplink().lost(),
            run.downlinkSent(), run.downlink().received(), run.downlink().lost());
    }

    private void summary(final LabRun run, final double wallSeconds)
    {
        out.println();
        out.printf("summary (%s, %.1f s wall clock%s)%n", profile.profileName(), wallSeconds,
            real ? ", " + run.realTransport() : "");
        out.println("direction         sent  received  lost   lost%  dup  reord  delay p50/p95/p99 ms");
        line("up (alice->bob)", run.uplinkSent(), run.uplink());
        line("down (bob->alice)", run.downlinkSent(), run.downlink());
        rtcp("alice", run.aliceSession());
        rtcp("bob", run.bobSession());
    }

    private void line(final String name, final long sent, final StreamMeter meter)
    {
        final long lost = Math.max(0, sent - meter.received());
        out.printf("%-17s %5d  %8d  %4d  %5.1f%%  %3d  %5d  %6.1f / %6.1f / %6.1f%n", name, sent, meter.received(),
            lost, sent == 0 ? 0.0 : 100.0 * lost / sent, meter.duplicates(), meter.reordered(),
            meter.delayMs(50), meter.delayMs(95), meter.delayMs(99));
    }

    private void rtcp(final String name, final RtpSession session)
    {
        if (session == null || session.sendStreamCount() == 0)
        {
            return;
        }
        final SendStream stream = session.sendStream(0);
        out.printf("RTCP seen by %-5s: RTT %.1f ms (smoothed %.1f), remote reports cumulative loss %d, jitter %.1f ms%n",
            name, stream.rttNs() / 1e6, stream.smoothedRttNs() / 1e6, stream.remoteCumulativeLost(),
            stream.remoteJitterNs() / 1e6);
    }
}
