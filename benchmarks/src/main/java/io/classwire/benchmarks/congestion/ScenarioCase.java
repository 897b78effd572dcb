package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckSpec;

import java.util.List;
import java.util.function.Function;

/**
 * One scenario of the suite: an id for the command line, a file name, a description of the setting, the lab spec,
 * and the goals judged on its figures.
 *
 * @param id    command-line id, e.g. "5.1" or "loss10".
 * @param slug  base name of its CSV and chart, e.g. "rfc8867-5.1".
 * @param title one line, e.g. "Variable capacity, one flow".
 * @param setup the parameters in words, for the report.
 * @param spec  what the lab runs.
 * @param goals the goals judged on the run's figures (may be empty).
 * @param notes case-specific observations computed from the figures, in words (may be empty).
 */
public record ScenarioCase(String id, String slug, String title, String setup, BottleneckSpec spec,
    Function<ScenarioMetrics, List<GoalResult>> goals, Function<ScenarioMetrics, String> notes)
{
    /**
     * A scenario without case-specific notes.
     *
     * @param id    command-line id.
     * @param slug  base name of its files.
     * @param title one line.
     * @param setup the parameters in words.
     * @param spec  what the lab runs.
     * @param goals the goals.
     */
    public ScenarioCase(final String id, final String slug, final String title, final String setup,
        final BottleneckSpec spec, final Function<ScenarioMetrics, List<GoalResult>> goals)
    {
        this(id, slug, title, setup, spec, goals, m -> "");
    }
}
