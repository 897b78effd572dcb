package io.classwire.benchmarks.congestion;

/**
 * Fairness among media flows sharing a bottleneck direction, over the samples where at least two flows were sending
 * and none had started, paused or resumed in the previous 10 s.
 *
 * @param ratio         largest over smallest of the flows' mean goodput over those samples.
 * @param jain1s        mean Jain's index over 1 s windows.
 * @param jain5s        mean Jain's index over 5 s windows.
 * @param jain20s       mean Jain's index over 20 s windows.
 * @param worstRatio5s  largest max/min goodput ratio of any 5 s window.
 * @param judgedSec     how many seconds were judged.
 */
public record Fairness(double ratio, double jain1s, double jain5s, double jain20s, double worstRatio5s,
    double judgedSec)
{
}
