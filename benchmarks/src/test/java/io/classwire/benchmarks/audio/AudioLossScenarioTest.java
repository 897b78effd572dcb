package io.classwire.benchmarks.audio;

import io.classwire.benchmarks.audio.AudioLossScenario.Loss;
import io.classwire.media.audio.lab.AudioLabRun.Result;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioLossScenarioTest
{
    private static final long SEED = 7L;

    @Test
    void shouldRecoverPartOfTheLossWhenTwentyPercentRandomLoss() throws IOException
    {
        final short[] speech = AudioLossBenchmark.loadSpeech("en", 10);
        final Result r = AudioLossScenario.run(speech, new Loss(0.2, 0), 50, 0, SEED, false);
        final String seen = "seed " + SEED + ": " + r;
        assertTrue(r.networkLoss() > 0.1 && r.networkLoss() < 0.3, seen);
        assertTrue(r.residualFrameLoss() < r.networkLoss(), seen);
        assertTrue(r.mos() > 1.0 && r.mos() <= 4.5, seen);
        assertTrue(r.p50Ms() >= 50 && r.p95Ms() >= r.p50Ms() && r.p95Ms() < 400, seen);
        assertTrue(r.segSnrDb() > 0 && r.lsdDb() > 0, seen);
        assertEquals(0.0, r.overheadPercent(), seen);
    }

    @Test
    void shouldPlayEverythingWithoutOverheadWhenNoLoss() throws IOException
    {
        final short[] speech = AudioLossBenchmark.loadSpeech("zh", 5);
        final Result r = AudioLossScenario.run(speech, new Loss(0.0, 0), 20, 0, SEED, false);
        final String seen = "seed " + SEED + ": " + r;
        assertEquals(0.0, r.networkLoss(), seen);
        assertEquals(0.0, r.residualFrameLoss(), seen);
        assertEquals(0.0, r.freezesPerMinute(), seen);
        assertEquals(0.0, r.overheadPercent(), seen);
        assertTrue(r.mos() > 4.0 && r.mos() <= 4.5, seen);
    }

    @Test
    void shouldCutResidualLossWithTheFullPlanAndCostNothingWhenClean() throws IOException
    {
        final short[] speech = AudioLossBenchmark.loadSpeech("en", 6);
        final Result fecOnly = AudioLossScenario.run(speech, new Loss(0.3, 0), 50, 0, SEED, false);
        final Result classwire = AudioLossScenario.run(speech, new Loss(0.3, 0), 50, 0, SEED, true);
        final String seen = "seed " + SEED + ": " + fecOnly + " vs " + classwire;
        // the repair packets share the link, so the two runs draw different losses of the same rate
        assertTrue(fecOnly.networkLoss() > 0.2 && classwire.networkLoss() > 0.2 && classwire.networkLoss() < 0.4, seen);
        assertTrue(classwire.residualFrameLoss() < fecOnly.residualFrameLoss(), seen);
        assertTrue(classwire.overheadPercent() > 0, seen);
        final Result clean = AudioLossScenario.run(speech, new Loss(0.0, 0), 50, 0, SEED, true);
        assertEquals(0.0, clean.residualFrameLoss(), "seed " + SEED + ": " + clean);
        assertEquals(0.0, clean.overheadPercent(), "nothing spent while the plan asks for nothing: " + clean);
    }
}
