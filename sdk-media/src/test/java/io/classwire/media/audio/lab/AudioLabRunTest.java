package io.classwire.media.audio.lab;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.media.audio.WavReader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioLabRunTest
{
    private static final long SEED = 11L;

    @Test
    void shouldPlayEveryFrameWhenTheLinkIsClean() throws IOException
    {
        final short[] speech = speech();
        final LinkConfig link = LinkConfig.builder().propagationDelayMs(30).build();
        final AudioLabRun.Result r = AudioLabRun.run(speech, link, link, SEED);
        assertEquals(0.0, r.networkLoss());
        assertEquals(0.0, r.residualFrameLoss());
        assertEquals(0.0, r.concealedRatio());
        assertEquals(0.0, r.freezesPerMinute());
        assertEquals(0.0, r.overheadPercent());
        // 30 ms on the wire, the 5 ms pull phase and at least the 20 ms minimum buffer
        assertTrue(r.p50Ms() >= 50 && r.p95Ms() < 150, "seed " + SEED + ": p50 " + r.p50Ms() + " p95 " + r.p95Ms());
        assertTrue(r.segSnrDb() > 5 && r.mos() > 4.0, "seed " + SEED + ": " + r.segSnrDb() + " dB, MOS " + r.mos());
    }

    @Test
    void shouldRecoverSomeLossAndRepeatExactlyWhenSameSeed() throws IOException
    {
        final short[] speech = speech();
        final AudioLabRun.Result first = AudioLabRun.run(speech, NetworkProfile.LOSSY_30, SEED);
        final AudioLabRun.Result second = AudioLabRun.run(speech, NetworkProfile.LOSSY_30, SEED);
        assertArrayEquals(first.played(), second.played(), "seed " + SEED);
        assertTrue(first.networkLoss() > 0.15 && first.networkLoss() < 0.45, "seed " + SEED + ": " + first);
        assertTrue(first.residualFrameLoss() <= first.networkLoss(), "seed " + SEED + ": " + first);
        assertTrue(first.mos() > 1.0 && first.mos() <= 4.5, "seed " + SEED + ": " + first);
    }

    private static short[] speech() throws IOException
    {
        try (InputStream in = AudioLabRunTest.class.getResourceAsStream("/speech/en_excerpt_4s.wav"))
        {
            return WavReader.read(in).samples();
        }
    }
}
