package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.BottleneckLab;

import java.util.List;

/**
 * One scenario run and its figures.
 *
 * @param scenario    what was run.
 * @param seed        the simulator seed.
 * @param metrics     the figures.
 * @param goals       the goals judged on them.
 * @param wallSeconds how long the run took on this machine (the only machine-dependent figure).
 */
public record ScenarioResult(ScenarioCase scenario, long seed, ScenarioMetrics metrics, List<GoalResult> goals,
    double wallSeconds)
{
    /**
     * Run a scenario in the lab's virtual time and compute its figures.
     *
     * @param scenario what to run.
     * @param seed     simulator seed; same seed, same figures.
     * @return the result.
     */
    public static ScenarioResult run(final ScenarioCase scenario, final long seed)
    {
        final long startNs = System.nanoTime();
        final BottleneckLab lab = new BottleneckLab(seed, scenario.spec());
        lab.run();
        final ScenarioMetrics metrics = new ScenarioMetrics(lab);
        final List<GoalResult> goals = scenario.goals().apply(metrics);
        return new ScenarioResult(scenario, seed, metrics, goals, (System.nanoTime() - startNs) / 1e9);
    }
}
