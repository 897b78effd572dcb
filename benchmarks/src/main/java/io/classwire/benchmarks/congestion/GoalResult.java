package io.classwire.benchmarks.congestion;

import java.util.function.DoubleFunction;

/**
 * One benchmark goal judged on one run: what was wanted, what was measured, whether it was met and, if not, by how
 * much it was missed.
 *
 * @param caseId    the scenario.
 * @param goal      the goal, e.g. "utilization ≥ 90%".
 * @param source    where the goal comes from (the issue, the RFC, a libwebrtc test).
 * @param measured  the figure, formatted.
 * @param met       whether the goal was met.
 * @param shortfall by how much it was missed, empty when met.
 */
public record GoalResult(String caseId, String goal, String source, String measured, boolean met, String shortfall)
{
    /**
     * Judge "value ≥ threshold".
     *
     * @param caseId    the scenario.
     * @param goal      the goal's wording.
     * @param source    where it comes from.
     * @param value     the measured value.
     * @param threshold the least acceptable value.
     * @param format    how to print values and differences.
     * @return the result.
     */
    public static GoalResult atLeast(final String caseId, final String goal, final String source, final double value,
        final double threshold, final DoubleFunction<String> format)
    {
        final boolean met = value >= threshold;
        return new GoalResult(caseId, goal, source, format.apply(value), met,
            met ? "" : Double.isNaN(value) ? "not measured" : format.apply(threshold - value) + " short");
    }

    /**
     * Judge "value ≤ threshold"; NaN and infinity ("never") miss.
     *
     * @param caseId    the scenario.
     * @param goal      the goal's wording.
     * @param source    where it comes from.
     * @param value     the measured value.
     * @param threshold the largest acceptable value.
     * @param format    how to print values and differences.
     * @return the result.
     */
    public static GoalResult atMost(final String caseId, final String goal, final String source, final double value,
        final double threshold, final DoubleFunction<String> format)
    {
        final boolean met = value <= threshold;
        final String shortfall;
        if (met)
        {
            shortfall = "";
        }
        else if (Double.isNaN(value))
        {
            shortfall = "not measured";
        }
        else if (Double.isInfinite(value))
        {
            shortfall = "never reached before the next change";
        }
        else
        {
            shortfall = format.apply(value - threshold) + " over";
        }
        return new GoalResult(caseId, goal, source, format.apply(value), met, shortfall);
    }

    /**
     * Judge "low ≤ value ≤ high".
     *
     * @param caseId the scenario.
     * @param goal   the goal's wording.
     * @param source where it comes from.
     * @param value  the measured value.
     * @param low    the least acceptable value.
     * @param high   the largest acceptable value.
     * @param format how to print values and differences.
     * @return the result.
     */
    public static GoalResult within(final String caseId, final String goal, final String source, final double value,
        final double low, final double high, final DoubleFunction<String> format)
    {
        final boolean met = value >= low && value <= high;
        final String shortfall;
        if (met)
        {
            shortfall = "";
        }
        else if (Double.isNaN(value))
        {
            shortfall = "not measured";
        }
        else
        {
            shortfall = value < low ? format.apply(low - value) + " below" : format.apply(value - high) + " above";
        }
        return new GoalResult(caseId, goal, source, format.apply(value), met, shortfall);
    }
}
