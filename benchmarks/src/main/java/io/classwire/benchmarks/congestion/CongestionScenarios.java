package io.classwire.benchmarks.congestion;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * The congestion-control scenario suite from the command line: runs the RFC 8867 cases and the libwebrtc
 * regressions in the lab's virtual time, writes a CSV and a chart per run, and replaces the congestion section of
 * docs/benchmarks.md with the figures. Run from the repository root:
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.classwire.benchmarks.congestion.CongestionScenarios
 * </pre>
 *
 * Agrona needs {@code jdk.internal.misc} exported, which {@code -cp} does not do (the jar's manifest only applies to
 * {@code -jar}); without the export the command starts itself again in a child JVM with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -Djava.awt.headless=true}.
 */
@Command(name = "CongestionScenarios", mixinStandardHelpOptions = true,
    description = "Runs the congestion-control scenario suite in virtual time and reports the figures.")
public final class CongestionScenarios implements Callable<Integer>
{
    static final String COMMAND =
        "java -cp benchmarks/target/benchmarks.jar io.classwire.benchmarks.congestion.CongestionScenarios";
    private static final String EXPORTS = "java.base/jdk.internal.misc=ALL-UNNAMED";

    @Option(names = "--case", split = ",", defaultValue = "all",
        description = "Case ids to run, comma-separated, or 'all' (default). Ids: 5.1 5.2 5.3 5.4 5.5 5.6-300 " +
            "5.6-1000 5.7 5.8 steps loss10 loss3 pause applimited.")
    private List<String> caseIds = new ArrayList<>();

    @Option(names = "--out-dir", defaultValue = "docs/congestion",
        description = "Where the CSVs and charts go (default: ${DEFAULT-VALUE}).")
    private Path outDir;

    @Option(names = "--update-doc", defaultValue = "docs/benchmarks.md",
        description = "Markdown file whose congestion section is replaced (default: ${DEFAULT-VALUE}); only when " +
            "all cases run.")
    private Path doc;

    @Option(names = "--no-doc", description = "Do not touch the markdown file.")
    private boolean noDoc;

    @Option(names = "--no-charts", description = "Skip the PNG charts.")
    private boolean noCharts;

    @Option(names = "--seed", defaultValue = "1", description = "Simulator seed (default: ${DEFAULT-VALUE}).")
    private long seed;

    /**
     * Entry point.
     *
     * @param args command-line arguments; {@code --help} lists them.
     */
    public static void main(final String[] args) throws IOException, InterruptedException
    {
        if (!Object.class.getModule().isExported("jdk.internal.misc", CongestionScenarios.class.getModule()))
        {
            System.exit(relaunch(args));
        }
        System.setProperty("java.awt.headless", "true");
        System.exit(new CommandLine(new CongestionScenarios()).execute(args));
    }

    private static int relaunch(final String[] args) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ManagementFactory.getRuntimeMXBean().getInputArguments());
        command.add("--add-exports");
        command.add(EXPORTS);
        command.add("-Djava.awt.headless=true");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(CongestionScenarios.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws IOException
    {
        final long startNs = System.nanoTime();
        final String machine = Machine.describe();
        final boolean all = caseIds.isEmpty() || caseIds.contains("all");
        final List<ScenarioCase> cases = new ArrayList<>();
        if (all)
        {
            cases.addAll(ScenarioCatalog.all());
        }
        else
        {
            for (final String id : caseIds)
            {
                cases.add(ScenarioCatalog.byId(id.trim()));
            }
        }
        Files.createDirectories(outDir);
        final PrintStream console = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        final List<ScenarioResult> results = new ArrayList<>();
        double wallSeconds = 0;
        for (final ScenarioCase scenario : cases)
        {
            final ScenarioResult result = ScenarioResult.run(scenario, seed);
            results.add(result);
            wallSeconds += result.wallSeconds();
            ScenarioCsvWriter.write(result.metrics().data(), outDir.resolve(scenario.slug() + ".csv"));
            if (!noCharts)
            {
                ScenarioChartWriter.write(scenario.id() + " — " + scenario.title(), result.metrics().data(),
                    outDir.resolve(scenario.slug() + ".png"));
            }
            console.printf(Locale.ROOT, "%-10s %5.1f s  utilization %s  p95 queuing %s  goals met %d/%d%n",
                scenario.id(), result.wallSeconds(), Format.percent(result.metrics().utilization()),
                Format.ms(result.metrics().queueDelay().p95Ms()),
                result.goals().stream().filter(GoalResult::met).count(), result.goals().size());
        }
        final Path relativeOut = doc.toAbsolutePath().getParent().relativize(outDir.toAbsolutePath());
        final String report = CongestionReport.render(results, command(), machine,
            LocalDate.now(ZoneOffset.UTC).toString(), wallSeconds, (System.nanoTime() - startNs) / 1e9, relativeOut);
        if (!noDoc && all)
        {
            final String document = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
            Files.writeString(doc, MarkedSection.replace(document, MarkedSection.BEGIN, MarkedSection.END, report),
                StandardCharsets.UTF_8);
            console.println("updated " + doc);
        }
        else
        {
            console.println(report);
            if (!noDoc)
            {
                console.println("(" + doc + " not updated: only a subset of the cases ran)");
            }
        }
        return 0;
    }

    private String command()
    {
        final StringBuilder command = new StringBuilder(COMMAND);
        if (seed != 1)
        {
            command.append(" --seed ").append(seed);
        }
        if (!outDir.equals(Path.of("docs/congestion")))
        {
            command.append(" --out-dir ").append(outDir);
        }
        if (!doc.equals(Path.of("docs/benchmarks.md")))
        {
            command.append(" --update-doc ").append(doc);
        }
        return command.toString();
    }
}
