package io.classwire.benchmarks.audio;

import io.classwire.core.lab.LinkConfig;
import io.classwire.media.audio.lab.AudioLabRun;
import io.classwire.media.audio.lab.AudioLabRun.Result;
import io.classwire.media.audio.lab.AudioSocketRun;

/**
 * One cell of the audio loss benchmark: a speech clip through {@link AudioLabRun} (or {@link AudioSocketRun} over
 * real sockets) over a link with the cell's loss model, one-way delay and jitter (reordering allowed) in the media
 * direction. Jitter is netem-style: the delay is uniform in {@code delay +- jitter} (netem's {@code delay D J}). The
 * reverse direction, which carries the RTCP reports and NACKs, has the same delay and jitter but no loss, so that
 * only the media direction is impaired.
 */
public final class AudioLossScenario
{
    /** Name of the baseline plan: Opus in-band FEC driven by the receiver's reports, no transport protection. */
    public static final String PLAN_OPUS_FEC = "opus-fec only";
    /** Name of the full plan: the ProtectionPolicy's NACK/RTX, RED and FEC on top of in-band FEC. */
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
     * Run one cell in the lab, in virtual time.
     *
     * @param speech    the clip, 48 kHz mono.
     * @param loss      the loss model of the media direction.
     * @param delayMs   one-way propagation delay, both directions.
     * @param jitterMs  delay spread (uniform +-), both directions.
     * @param seed      simulator seed.
     * @param classwire false for {@link #PLAN_OPUS_FEC}, true for {@link #PLAN_CLASSWIRE}.
     * @return the cell's metrics.
     */
    public static Result run(
        final short[] speech, final Loss loss, final int delayMs, final int jitterMs, final long seed,
        final boolean classwire)
    {
        return AudioLabRun.run(speech, media(loss, delayMs, jitterMs), reports(delayMs, jitterMs), seed, classwire);
    }

    /**
     * Run one cell over real UDP sockets on loopback through the impairment proxy, in real time.
     *
     * @param speech    the clip, 48 kHz mono.
     * @param loss      the loss model of the media direction.
     * @param delayMs   one-way propagation delay, both directions.
     * @param jitterMs  delay spread (uniform +-), both directions.
     * @param seed      the proxy's seed.
     * @param classwire false for {@link #PLAN_OPUS_FEC}, true for {@link #PLAN_CLASSWIRE}.
     * @return the cell's metrics.
     * @throws InterruptedException if interrupted while the run waits.
     */
    public static Result runOverSockets(
        final short[] speech, final Loss loss, final int delayMs, final int jitterMs, final long seed,
        final boolean classwire) throws InterruptedException
    {
        return AudioSocketRun.run(speech, media(loss, delayMs, jitterMs), reports(delayMs, jitterMs), seed,
            classwire);
    }

    private static LinkConfig media(final Loss loss, final int delayMs, final int jitterMs)
    {
        final LinkConfig.Builder media = LinkConfig.builder().propagationDelayMs(delayMs).jitterMs(jitterMs)
            .jitterDistribution(LinkConfig.JitterDistribution.UNIFORM).reorderingAllowed(true);
        if (loss.rate() > 0 && loss.meanBurst() > 0)
        {
            media.burstLoss(loss.rate(), loss.meanBurst());
        }
        else if (loss.rate() > 0)
        {
            media.randomLossRate(loss.rate());
        }
        return media.build();
    }

    private static LinkConfig reports(final int delayMs, final int jitterMs)
    {
        return LinkConfig.builder().propagationDelayMs(delayMs).jitterMs(jitterMs)
            .jitterDistribution(LinkConfig.JitterDistribution.UNIFORM).reorderingAllowed(true).build();
    }
}
