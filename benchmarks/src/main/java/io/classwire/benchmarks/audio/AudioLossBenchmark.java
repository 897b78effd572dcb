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

    @Option(names = "--clip", description = "en or zh (default ${DEFAULT-VALUE}).")
    private String clip = "en";

    @Option(names = "--seconds", description = "speech per cell, s (default ${DEFAULT-VALUE}).")
    private int seconds = 20;

    @Option(names = "--cells", description = "all or goals (default ${DEFAULT-VALUE}).")
    private String cells = "all";

    @Option(names = "--update-doc", description = "Markdown file whose audio-loss section is replaced.")
    private Path updateDoc;

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
     * Load a clip from the classpath ({@code /speech/<name>_48k.wav}) and cut it to a length.
     *
     * @param name    {@code en} or {@code zh}.
     * @param seconds length kept, whole frames.
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
            final int frames = Math.min(pcm.length(), seconds * AudioFormat.SAMPLE_RATE_HZ) /
                AudioFormat.FRAME_SAMPLES;
            return Arrays.copyOf(pcm.samples(), frames * AudioFormat.FRAME_SAMPLES);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException
    {
        final short[] speech = loadSpeech(clip, seconds);
        final long startNs = System.nanoTime();
        final String goals = Goals.table(speech);
        final StringBuilder grid = new StringBuilder();
        if ("all".equals(cells))
        {
            grid.append("| loss | delay ms | jitter ms | plan | net loss | residual | concealed | freezes/min | ")
                .append("m2e p50 | m2e p95 | segSNR dB | LSD dB | MOS | overhead | Opus kbps |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
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
            System.err.println();
        }
        final long elapsedS = (System.nanoTime() - startNs) / 1_000_000_000L;
        final String section = section(goals, grid.toString(), elapsedS);
        System.out.println(section);
        if (updateDoc != null)
        {
            replaceSection(updateDoc, section);
        }
        return 0;
    }

    private static String row(
        final Loss loss, final int delay, final int jitter, final boolean classwire, final Result r)
    {
        return String.format(Locale.ROOT, "| %s | %d | %d | %s | %.1f%% | %.2f%% | %.2f%% | %.1f | %.0f | %.0f | " +
            "%.1f | %.1f | %.2f | %.1f%% | %.1f |", loss.label(), delay, jitter,
            classwire ? AudioLossScenario.PLAN_CLASSWIRE : AudioLossScenario.PLAN_OPUS_FEC,
            100 * r.networkLoss(), 100 * r.residualFrameLoss(), 100 * r.concealedRatio(), r.freezesPerMinute(),
            r.p50Ms(), r.p95Ms(), r.segSnrDb(), r.lsdDb(), r.mos(), r.overheadPercent(), r.mediaKbps());
    }

    private String section(final String goals, final String grid, final long elapsedS)
    {
        final List<String> lines = new ArrayList<>();
        lines.add(BEGIN);
        lines.add("## Audio loss benchmark (speech through the lab)");
        lines.add("");
        lines.add("Generated by `java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar " +
            getClass().getName() + " --clip " +
            clip + " --seconds " + seconds + " --cells " + cells +
            (updateDoc == null ? "" : " --update-doc " + updateDoc) + "` on " +
            Runtime.getRuntime().availableProcessors() + " cores, " + System.getProperty("os.name") + " " +
            System.getProperty("os.arch") + ", Java " + System.getProperty("java.version") + ", " +
            Instant.now().truncatedTo(ChronoUnit.SECONDS) + " (" + elapsedS + " s).");
        lines.add("");
        lines.add("Each cell: " + seconds + " s of synthetic espeak-ng " + clip + " teacher speech (clean synthetic " +
            "speech: use the quality columns to compare cells, not as absolute figures), 20 ms Opus frames at 32 " +
            "kbit/s as RTP through a `SimulatedNetwork` link with the cell's loss, one-way delay and mean jitter " +
            "(reordering allowed), a receiver report with the fraction lost every second on the loss-free reverse " +
            "link driving Opus in-band FEC, the adaptive `JitterBuffer` pulled every 20 ms, seed " + SEED + ". " +
            "Residual = frames neither received in time nor rebuilt; concealed = share of played frames; freezes " +
            "= `FreezeDetector` windows (2 s, > 4 % bad frames) per minute; m2e = send time of a frame to the time it " +
            "is played; segSNR and LSD (to 20 kHz) after `DelayAlignment`; MOS = E-model with the m2e median and the " +
            "residual loss; overhead = transport protection bytes / Opus bytes (the in-band FEC is inside the Opus " +
            "bitrate, shown as Opus kbps). GE = Gilbert-Elliott bursty loss with mean burst b packets.");
        lines.add("");
        lines.add("Two rows per cell. \"opus-fec only\": no transport protection. \"classwire\": the sender also " +
            "feeds each receiver report to `io.classwire.core.recovery.ProtectionPolicy` (audio context, loss " +
            "burst unknown, RTT unknown, latency budget = the jitter buffer target) and applies the RED distance " +
            "(RFC 2198, `RedEncoder`/`RedDecoder`) of its plan. Where the plan asks for packet FEC (Reed-Solomon or " +
            "XOR, the policy's choice at heavy loss or when RED does not fit the latency budget), RED at distance 3 " +
            "stands in, and the plan's NACK/RTX is not wired: both are still to do in this benchmark, so this row " +
            "is not yet the full plan.");
        lines.add("");
        lines.add("### Goals");
        lines.add("");
        lines.add(goals);
        lines.add("Why goals are missed with Opus in-band FEC alone: LBRR rebuilds only the frame just before a " +
            "received packet, so every loss followed by another loss stays lost, and the hint only reaches the " +
            "encoder after the first one-second report (smoothed). The residual-loss and freeze goals need " +
            "transport recovery (NACK/RTX within the RTT, RED, RS FEC). The delay goal: the lab's jitter is " +
            "exponential, so a 30 ms mean gives a network p95 of about 50 + 30 ln 20 = 140 ms before any " +
            "buffering; the jitter buffer, which targets its 95th delay percentile plus one packet while FEC is " +
            "on, cannot also stay under 150 ms at the 95th percentile.");
        lines.add("");
        if (!grid.isEmpty())
        {
            lines.add("### Full grid");
            lines.add("");
            lines.add(grid);
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
