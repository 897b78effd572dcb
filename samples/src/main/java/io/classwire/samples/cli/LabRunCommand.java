package io.classwire.samples.cli;

import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.PcmClip;
import io.classwire.media.audio.WavReader;
import io.classwire.media.audio.WavWriter;
import io.classwire.media.audio.lab.AudioLabRun;
import io.classwire.samples.lab.LabRun;
import io.classwire.samples.lab.StreamMeter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
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

    @Option(names = "--audio", description = "send synthetic speech as Opus/RTP with loss recovery (in-band FEC, and " +
        "the protection plan's NACK/RTX, RED and FEC) on the profile's uplink instead of the media-like stream, and " +
        "print loss, freezes, delay and quality")
    boolean audio;

    @Option(names = "--out", description = "with --audio: write the played audio to this WAV file")
    Path outWav;

    @Option(names = "--no-recovery", description = "with --audio: Opus in-band FEC only, without the protection " +
        "plan's NACK/RTX, RED and FEC (to hear the difference)")
    boolean noRecovery;

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
        if (audio)
        {
            return runAudio();
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

    private int runAudio() throws IOException
    {
        if (real)
        {
            throw new IllegalArgumentException("--audio runs in virtual time only; drop --real");
        }
        final short[] speech = speech(durationSeconds);
        out.printf("lab run --audio: profile %s, %d s of synthetic English speech as 20 ms Opus frames on the uplink, " +
            "%s, seed %d%n", profile.profileName(), durationSeconds,
            noRecovery ? "in-band FEC only" : "with loss recovery", seed);
        final AudioLabRun.Result r = AudioLabRun.run(speech, profile, seed, !noRecovery);
        out.printf("network loss %.1f%%, residual frame loss %.2f%%, concealed %.2f%%, freezes %.1f/min%n",
            100 * r.networkLoss(), 100 * r.residualFrameLoss(), 100 * r.concealedRatio(), r.freezesPerMinute());
        out.printf("mouth-to-ear p50 %.0f ms, p95 %.0f ms; segSNR %.1f dB, LSD %.1f dB; MOS %.2f; Opus %.1f kbit/s%n",
            r.p50Ms(), r.p95Ms(), r.segSnrDb(), r.lsdDb(), r.mos(), r.mediaKbps());
        out.printf("protection overhead %.1f%% of the Opus bytes; recovery: %s%n", r.overheadPercent(), r.recovery());
        if (outWav != null)
        {
            WavWriter.write(outWav, new PcmClip(AudioFormat.SAMPLE_RATE_HZ, r.played()));
            out.println("played audio written to " + outWav);
        }
        return 0;
    }

    /** The bundled excerpt, repeated to whole 20 ms frames of the requested length. */
    private static short[] speech(final int seconds) throws IOException
    {
        final short[] excerpt;
        try (InputStream in = LabRunCommand.class.getResourceAsStream("/speech/en_excerpt_4s.wav"))
        {
            if (in == null)
            {
                throw new IOException("speech excerpt missing from the class path");
            }
            excerpt = WavReader.read(in).samples();
        }
        final short[] speech = new short[seconds * AudioFormat.SAMPLE_RATE_HZ];
        for (int i = 0; i < speech.length; i++)
        {
            speech[i] = excerpt[i % excerpt.length];
        }
        return speech;
    }
}
