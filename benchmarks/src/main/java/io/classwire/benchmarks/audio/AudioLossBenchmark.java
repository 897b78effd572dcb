package io.classwire.benchmarks.audio;

import io.classwire.benchmarks.audio.AudioLossScenario.Loss;
import io.classwire.media.audio.lab.AudioLabRun.Result;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.PcmClip;
import io.classwire.media.audio.WavReader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Command-line audio loss benchmark: runs {@link AudioLossScenario} over the grid of loss models, one-way delays and
 * jitters of the issue "Loss recovery and concealment with real Opus audio", prints a Markdown report and optionally
 * replaces the section between {@value #BEGIN} and {@value #END} of a document with it.
 */
@Command(name = "audio-loss", mixinStandardHelpOptions = true,
    description = "Speech through the lab at random and bursty loss; residual loss, freezes, delay, quality, MOS.")
public final class AudioLossBenchmark implements Callable<Integer>
{
    /** Marker opening the generated section. */
    public static final String BEGIN = "<!-- audio-loss:begin -->";
    /** Marker closing the generated section. */
    public static final String END = "<!-- audio-loss:end -->";

    private static final long SEED = 20_261_125L;
    private static final Loss[] LOSSES = {
        new Loss(0.0, 0), new Loss(0.1, 0), new Loss(0.2, 0), new Loss(0.3, 0), new Loss(0.5, 0), new Loss(0.7, 0),
        new Loss(0.8, 0), new Loss(0.1, 2), new Loss(0.1, 5), new Loss(0.3, 2), new Loss(0.3, 5) };
    private static final int[] DELAYS_MS = { 20, 50, 100 };
    private static final int[] JITTERS_MS = { 0, 30 };
    private static final Loss[] SOCKET_LOSSES = { new Loss(0.0, 0), new Loss(0.3, 0), new Loss(0.5, 0) };
    private static final String HEADER = "| loss | delay ms | jitter +-ms | plan | net loss | residual | concealed | " +
        "freezes/min | m2e p50 | m2e p95 | segSNR dB | LSD dB | MOS | overhead | Opus kbps | recovery |\n" +
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n";

    @Option(names = "--clip", description = "en, zh or both: goal cells per clip, the grid for the first " +
        "(default ${DEFAULT-VALUE}).")
    private String clip = "both";

    @Option(names = "--seconds", description = "speech per grid cell, s (default ${DEFAULT-VALUE}).")
    private int seconds = 20;

    @Option(names = "--goal-seconds", description = "speech per goal cell, s, the clip repeated " +
        "(default ${DEFAULT-VALUE}).")
    private int goalSeconds = 60;

    @Option(names = "--cells", description = "all (goals, lab grid, sockets) or goals (default ${DEFAULT-VALUE}).")
    private String cells = "all";

    @Option(names = "--update-doc", description = "Markdown file whose audio-loss section is replaced.")
    private Path updateDoc;

    @Option(names = "--cell", description = "run one lab cell instead, both plans, and print its two rows: " +
        "LOSS,DELAY_MS,JITTER_MS[,BURST], e.g. 0.7,50,0 (loss 0..1; BURST > 0 for Gilbert-Elliott).")
    private String cell;

    /**
     * Run from the command line.
     *
     * @param args picocli arguments; see {@code --help}.
     */
    public static void main(final String[] args)
    {
        System.exit(new CommandLine(new AudioLossBenchmark()).execute(args));
    }

    /**
     * Load a clip from the classpath ({@code /speech/<name>_48k.wav}) and cut or repeat it to a length.
     *
     * @param name    {@code en} or {@code zh}.
     * @param seconds length, whole frames; a shorter clip is repeated.
     * @return the samples, 48 kHz mono.
     * @throws IOException if the resource is missing or not a 48 kHz WAV.
     */
    public static short[] loadSpeech(final String name, final int seconds) throws IOException
    {
        final String resource = "/speech/" + name + "_48k.wav";
        try (InputStream in = AudioLossBenchmark.class.getResourceAsStream(resource))
        {
            if (in == null)
            {
                throw new IOException("no such clip on the classpath: " + resource);
            }
            final PcmClip pcm = WavReader.read(in);
            if (pcm.sampleRateHz() != AudioFormat.SAMPLE_RATE_HZ)
            {
                throw new IOException(resource + " is not 48 kHz: " + pcm.sampleRateHz());
            }
            // a clip shorter than asked for is repeated (goal cells run a minute so freezes per minute resolve)
            final short[] speech = new short[seconds * AudioFormat.SAMPLE_RATE_HZ / AudioFormat.FRAME_SAMPLES *
                AudioFormat.FRAME_SAMPLES];
            for (int i = 0; i < speech.length; i++)
            {
                speech[i] = pcm.samples()[i % pcm.length()];
            }
            return speech;
        }
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException, InterruptedException
    {
        final String[] clips = "both".equals(clip) ? new String[] { "en", "zh" } : new String[] { clip };
        if (cell != null)
        {
            return runCell(clips);
        }
        final long startNs = System.nanoTime();
        final StringBuilder goals = new StringBuilder(Goals.header());
        for (final String name : clips)
        {
            goals.append(Goals.rows(name, loadSpeech(name, goalSeconds)));
            System.err.print('g');
        }
        final StringBuilder grid = new StringBuilder();
        final StringBuilder sockets = new StringBuilder();
        if ("all".equals(cells))
        {
            final short[] speech = loadSpeech(clips[0], seconds);
            grid.append(HEADER);
            for (final Loss loss : LOSSES)
            {
                for (final int delay : DELAYS_MS)
                {
                    for (final int jitter : JITTERS_MS)
                    {
                        for (final boolean classwire : new boolean[] { false, true })
                        {
                            final Result r = AudioLossScenario.run(speech, loss, delay, jitter, SEED, classwire);
                            grid.append(row(loss, delay, jitter, classwire, r)).append('\n');
                            System.err.print('.');
                        }
                    }
                }
            }
            sockets.append(HEADER);
            for (final Loss loss : SOCKET_LOSSES)
            {
                for (final boolean classwire : new boolean[] { false, true })
                {
                    final Result r = AudioLossScenario.runOverSockets(speech, loss, 50, 0, SEED, classwire);
                    sockets.append(row(loss, 50, 0, classwire, r)).append('\n');
                    System.err.print('s');
                }
            }
            System.err.println();
        }
        final long elapsedS = (System.nanoTime() - startNs) / 1_000_000_000L;
        final String section = section(clips, goals.toString(), grid.toString(), sockets.toString(), elapsedS);
        System.out.println(section);
        if (updateDoc != null)
        {
            replaceSection(updateDoc, section);
        }
        return 0;
    }

    private Integer runCell(final String[] clips) throws IOException
    {
        final String[] parts = cell.split(",");
        if (parts.length < 3 || parts.length > 4)
        {
            throw new CommandLine.ParameterException(new CommandLine(this),
                "--cell wants LOSS,DELAY_MS,JITTER_MS[,BURST], got " + cell);
        }
        final Loss loss = new Loss(Double.parseDouble(parts[0]), parts.length == 4 ? Double.parseDouble(parts[3]) : 0);
        final int delay = Integer.parseInt(parts[1]);
        final int jitter = Integer.parseInt(parts[2]);
        System.out.print(HEADER);
        for (final String name : clips)
        {
            final short[] speech = loadSpeech(name, goalSeconds);
            for (final boolean classwire : new boolean[] { false, true })
            {
                final Result r = AudioLossScenario.run(speech, loss, delay, jitter, SEED, classwire);
                System.out.println(row(loss, delay, jitter, classwire, r) + " " + name);
            }
        }
        return 0;
    }

    private static String row(
        final Loss loss, final int delay, final int jitter, final boolean classwire, final Result r)
    {
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %.1f%% | %.2f%% | %.2f%% | %.1f | %.0f | %.0f | " +
            "%.1f | %.1f | %.2f | %.1f%% | %.1f | %s |", loss.label(), delay, jitter,
            classwire ? AudioLossScenario.PLAN_CLASSWIRE : AudioLossScenario.PLAN_OPUS_FEC,
            100 * r.networkLoss(), 100 * r.residualFrameLoss(), 100 * r.concealedRatio(), r.freezesPerMinute(),
            r.p50Ms(), r.p95Ms(), r.segSnrDb(), r.lsdDb(), r.mos(), r.overheadPercent(), r.mediaKbps(),
            r.recovery());
    }

    private String section(
        final String[] clips, final String goals, final String grid, final String sockets, final long elapsedS)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(BEGIN);
        lines.add("## Audio loss benchmark (speech through the lab)");
        lines.add("");
        lines.add("Generated by `java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp " +
            "benchmarks/target/benchmarks.jar " + getClass().getName() + " --clip " + clip + " --seconds " + seconds +
            " --goal-seconds " + goalSeconds + " --cells " + cells +
            (updateDoc == null ? "" : " --update-doc " + updateDoc) + "` on " +
            Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " +
            System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", " +
            Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (" + elapsedS + " s, other jobs sharing the machine).");
        lines.add("");
        lines.add("Each cell: synthetic espeak-ng teacher speech (" + String.join(" and ", clips) + "; clean " +
            "synthetic speech: use the quality columns to compare cells, not as absolute figures), 20 ms Opus " +
            "frames at 32 kbit/s sent by `AudioSender` on an `RtpSession`, received by `AudioReceiver` (adaptive " +
            "`JitterBuffer` pulled every 20 ms), seed " + SEED + ". The media link has the cell's loss, one-way " +
            "delay and jitter; the reverse link (RTCP receiver reports every 100-150 ms, NACKs) the same delay " +
            "and jitter without loss. **Jitter model: netem-style, the delay uniform in delay +- jitter** " +
            "(`LinkConfig.JitterDistribution.UNIFORM`, as `tc netem delay 50ms 30ms`), with reordering. " +
            "Residual = frames neither decoded nor rebuilt (start-up included); concealed = share of played " +
            "frames; freezes = `FreezeDetector` windows (2 s of played speech, >= 4 % concealed) per minute; m2e " +
            "= send time of a frame to the time it is played; segSNR and LSD (to 20 kHz) after `DelayAlignment`; " +
            "MOS = E-model with the m2e median and the residual loss; overhead = RED, FEC and RTX bytes / Opus " +
            "bytes (RTCP not counted; in-band FEC is inside the Opus bitrate). GE = Gilbert-Elliott bursty loss " +
            "with mean burst b packets. Recovery = the final plan (nack, redN, rs(k,m), xorLxD) and the packets " +
            "RTX, FEC and RED restored in time, and packets that arrived too late to play.");
        lines.add("");
        lines.add("Two rows per cell. \"opus-fec only\": Opus in-band FEC driven by the reports, no RTX, RED or FEC " +
            "stream. \"classwire\": the full `ProtectionPolicy` plan on top: NACK/RTX (RTT from RTCP at the " +
            "sender, from retransmissions at the receiver), RED, XOR or Reed-Solomon FEC, within the latency " +
            "budget (80 ms; 200 ms while loss is at least 40 %) that the receiver's jitter buffer holds while it " +
            "sees loss; nothing is spent while the path is clean.");
        lines.add("");
        lines.add("### Goals (" + goalSeconds + " s per cell, the clip repeated)");
        lines.add("");
        lines.add(goals);
        lines.add("Freezes: a 2 s window is the unit, so a run can show at most 30 per minute, and a " + seconds +
            " s grid cell resolves steps of " + String.format(Locale.ROOT, "%.0f", 60.0 / seconds) +
            " per minute; the goal cells run " + goalSeconds + " s so that one freeze is " +
            String.format(Locale.ROOT, "%.0f", 60.0 / goalSeconds) + " per minute. Start-up (unprotected until the " +
            "first receiver reports that show loss, 0.3-1 s in) weighs three times less than in the grid; at 70 % it " +
            "is the one freeze left in the goal cells.");
        lines.add("");
        if (!grid.isEmpty())
        {
            lines.add("### Full grid, lab (" + clips[0] + ", " + seconds + " s per cell)");
            lines.add("");
            lines.add(grid);
            lines.add("### Real sockets (" + clips[0] + ", " + seconds + " s per cell, real time)");
            lines.add("");
            lines.add("Both ends on Netty UDP endpoints on loopback, each on its own agent thread, through the " +
                "`ImpairmentProxy` applying the same links; not deterministic (thread scheduling on a loaded " +
                "machine).");
            lines.add("");
            lines.add(sockets);
        }
        lines.add(END);
        return String.join("\n", lines);
    }

    private static void replaceSection(final Path doc, final String section) throws IOException
    {
        final String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        final int begin = text.indexOf(BEGIN);
        final int end = text.indexOf(END);
        final String updated;
        if (begin >= 0 && end > begin)
        {
            updated = text.substring(0, begin) + section + text.substring(end + END.length());
        }
        else
        {
            updated = text + (text.isEmpty() || text.endsWith("\n") ? "" : "\n") + "\n" + section + "\n";
        }
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }
}
