package io.classwire.benchmarks.audio;

import io.classwire.core.lab.LinkConfig;
import io.classwire.media.audio.lab.AudioLabRun;
import io.classwire.media.audio.lab.AudioLabRun.Result;

/**
 * One cell of the audio loss benchmark: a speech clip through {@link AudioLabRun} over a link with the cell's loss
 * model, one-way delay and mean jitter (reordering allowed) in the media direction. The reverse direction, which
 * carries the receiver reports that drive Opus in-band FEC, has the same delay and jitter but no loss, so that only
 * the media direction is impaired.
 */
public final class AudioLossScenario
{
    /** Name of the plan this scenario runs: Opus in-band FEC driven by the receiver's loss hint. */
    public static final String PLAN_OPUS_FEC = "opus-fec only";
    /** Name of the plan with the ProtectionPolicy's RED distance on top of in-band FEC. */
    public static final String PLAN_CLASSWIRE = "classwire";

    private AudioLossScenario()
    {
    }

    /**
     * The loss model of a cell.
     *
     * @param rate      mean loss rate, 0..1.
     * @param meanBurst mean burst length in packets for Gilbert-Elliott loss, or 0 for Bernoulli loss.
     */
    public record Loss(double rate, double meanBurst)
    {
        /** @return a short label such as {@code 30%} or {@code GE 30% b5}. */
        public String label()
        {
            final String percent = Math.round(rate * 100) + "%";
            return meanBurst > 0 ? "GE " + percent + " b" + Math.round(meanBurst) : percent;
        }
    }

    /**
     * Run one cell.
     *
     * @param speech   the clip, 48 kHz mono.
     * @param loss     the loss model of the media direction.
     * @param delayMs  one-way propagation delay, both directions.
     * @param jitterMs mean jitter, both directions.
     * @param seed     simulator seed.
     * @param classwire false for {@link #PLAN_OPUS_FEC}, true for {@link #PLAN_CLASSWIRE}.
     * @return the cell's metrics.
     */
    public static Result run(
        final short[] speech, final Loss loss, final int delayMs, final int jitterMs, final long seed,
        final boolean classwire)
    {
        final LinkConfig.Builder media = LinkConfig.builder().propagationDelayMs(delayMs).jitterMs(jitterMs)
            .reorderingAllowed(true);
        if (loss.rate() > 0 && loss.meanBurst() > 0)
        {
            media.burstLoss(loss.rate(), loss.meanBurst());
        }
        else if (loss.rate() > 0)
        {
            media.randomLossRate(loss.rate());
        }
        final LinkConfig reports = LinkConfig.builder().propagationDelayMs(delayMs).jitterMs(jitterMs).build();
        return AudioLabRun.run(speech, media.build(), reports, seed, classwire);
    }
}
