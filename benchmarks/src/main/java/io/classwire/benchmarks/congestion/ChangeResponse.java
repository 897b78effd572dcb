package io.classwire.benchmarks.congestion;

/**
 * How the media flows answered one change of a run (capacity step, flow start, pause, resume, application limit).
 * Times are seconds from the change; {@link Double#POSITIVE_INFINITY} means "not before the next change", NaN
 * means "does not apply" (e.g. no flow's share was raised).
 *
 * @param atSec          when the change happened.
 * @param label          what changed.
 * @param riseSec        for flows whose fair share rose (or that started): time until the last of them reached 90%
 *                       of its new share.
 * @param reactSec       for flows whose share fell: time until the last of them came down to 110% of its new share.
 * @param convergenceSec time until every active flow's 1 s mean send rate was within ±10% of its share and stayed
 *                       there until the next change.
 */
public record ChangeResponse(double atSec, String label, double riseSec, double reactSec, double convergenceSec)
{
}
