package io.classwire.media.audio;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeStretcherTest
{
    /** 200 Hz with two harmonics: a voiced-like signal whose period is exactly 240 samples at 48 kHz. */
    private static short[] voiced(final int length)
    {
        final short[] pcm = new short[length];
        for (int i = 0; i < length; i++)
        {
            final double t = 2 * Math.PI * 200 * i / 48_000.0;
            pcm[i] = (short)(8000 * Math.sin(t) + 4000 * Math.sin(2 * t + 0.3) + 2000 * Math.sin(3 * t + 1.1));
        }
        return pcm;
    }

    @Test
    void shouldFindThePitchPeriodOfAVoicedSignal()
    {
        final TimeStretcher stretcher = new TimeStretcher();
        assertEquals(240, stretcher.pitchPeriod(voiced(960), 0, 960));
        assertTrue(stretcher.lastCorrelation() > 0.99);
    }

    @Test
    void shouldRemoveExactlyOnePeriodWhenAccelerating()
    {
        final TimeStretcher stretcher = new TimeStretcher();
        final short[] in = voiced(2000);
        final short[] out = new short[3000];
        for (final int length : new int[] { 960, 1920 })
        {
            final int written = stretcher.accelerate(in, 40, length, out, 0);
            assertEquals(length - 240, written);
            assertEquals(240, stretcher.lastPeriod());
            // a periodic signal shortened by a whole period is the same signal, so the splice is seamless
            for (int i = 0; i < written; i++)
            {
                assertEquals(in[40 + i], out[i], 2, "sample " + i);
            }
        }
    }

    @Test
    void shouldAddExactlyOnePeriodWhenExpanding()
    {
        final TimeStretcher stretcher = new TimeStretcher();
        final short[] in = voiced(2000);
        final short[] out = new short[3000];
        final int written = stretcher.expand(in, 0, 960, out, 0);
        assertEquals(1200, written);
        for (int i = 0; i < written; i++)
        {
            assertEquals(in[i % 240], out[i], 2, "sample " + i);
        }
    }

    @Test
    void shouldJoinContinuouslyOnSpeech()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final TimeStretcher stretcher = new TimeStretcher();
        final short[] out = new short[3000];
        int stretched = 0;
        for (int frame = 0; frame < 190; frame++)
        {
            final int offset = frame * 960;
            final int written = stretcher.accelerate(speech, offset, 960, out, 0);
            assertTrue(written == 960 || written == 960 - stretcher.lastPeriod(), "frame " + frame);
            if (written < 960)
            {
                stretched++;
                assertTrue(stretcher.lastPeriod() >= TimeStretcher.MIN_LAG &&
                    stretcher.lastPeriod() <= TimeStretcher.MAX_LAG);
                assertEquals(speech[offset], out[0], "starts where the previous segment left off");
                assertEquals(speech[offset + 959], out[written - 1], "ends where the next segment begins");
            }
            final int expanded = stretcher.expand(speech, offset, 960, out, 0);
            assertTrue(expanded == 960 || expanded == 960 + stretcher.lastPeriod(), "frame " + frame);
        }
        assertTrue(stretched > 60, "most voiced frames can be stretched: " + stretched);
    }

    @Test
    void shouldLeaveLoudNoiseAlone()
    {
        final SplittableRandom random = new SplittableRandom(99);
        final short[] noise = new short[960];
        for (int i = 0; i < noise.length; i++)
        {
            noise[i] = (short)random.nextInt(-8000, 8001);
        }
        final TimeStretcher stretcher = new TimeStretcher();
        final short[] out = new short[2000];
        assertEquals(960, stretcher.accelerate(noise, 0, 960, out, 0));
        assertEquals(960, stretcher.expand(noise, 0, 960, out, 0));
        assertEquals(0, stretcher.lastPeriod());
        assertEquals(500, stretcher.accelerate(noise, 0, 500, out, 0), "too short to stretch");
    }
}
