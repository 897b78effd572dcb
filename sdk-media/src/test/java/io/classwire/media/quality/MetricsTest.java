package io.classwire.media.quality;

import io.classwire.media.audio.FrameType;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Signal metrics on synthetic signals with known answers, and the loss and delay bookkeeping. */
class MetricsTest
{
    private static final long SEED = 0x0A11_7E57L;

    @Test
    void shouldMatchANaiveDftWhenTransformingRandomData()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (final int size : new int[] { 2, 8, 64, 256 })
        {
            final double[] re = new double[size];
            final double[] im = new double[size];
            for (int i = 0; i < size; i++)
            {
                re[i] = random.nextDouble(-1, 1);
                im[i] = random.nextDouble(-1, 1);
            }
            final double[] re0 = re.clone();
            final double[] im0 = im.clone();
            final Fft fft = new Fft(size);
            fft.forward(re, im);
            for (int k = 0; k < size; k++)
            {
                double sr = 0;
                double si = 0;
                for (int n = 0; n < size; n++)
                {
                    final double angle = -2 * Math.PI * k * n / size;
                    sr += re0[n] * Math.cos(angle) - im0[n] * Math.sin(angle);
                    si += re0[n] * Math.sin(angle) + im0[n] * Math.cos(angle);
                }
                assertEquals(sr, re[k], 1e-9, "seed " + SEED + " size " + size + " bin " + k);
                assertEquals(si, im[k], 1e-9, "seed " + SEED + " size " + size + " bin " + k);
            }
            fft.inverse(re, im);
            for (int n = 0; n < size; n++)
            {
                assertEquals(re0[n], re[n], 1e-12);
                assertEquals(im0[n], im[n], 1e-12);
            }
        }
    }

    @Test
    void shouldFindAKnownDelayInNoisySpeechLikeSignal()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final short[] reference = new short[96_000];
        double phase = 0;
        for (int i = 0; i < reference.length; i++)
        {
            // gliding harmonic tone with an envelope: aperiodic enough to have one clear correlation peak
            phase += 2 * Math.PI * (120 + 60 * Math.sin(i / 7000.0)) / 48_000;
            final double envelope = 0.5 + 0.5 * Math.sin(i / 3000.0);
            reference[i] = (short)(envelope * (6000 * Math.sin(phase) + 3000 * Math.sin(3 * phase)) +
                random.nextInt(-300, 301));
        }
        for (final int delay : new int[] { 0, 1, 313, 4_801, 23_999 })
        {
            final short[] degraded = new short[reference.length + delay];
            for (int i = 0; i < reference.length; i++)
            {
                degraded[i + delay] = (short)(reference[i] / 2 + random.nextInt(-200, 201));
            }
            assertEquals(delay, DelayAlignment.findDelay(reference, degraded, 24_000), "delay " + delay);
            final int[] blocks = DelayAlignment.blockDelays(reference, degraded, 9600, delay + 3, 10);
            for (final int block : blocks)
            {
                assertEquals(delay, block, "block delay, true delay " + delay);
            }
        }
    }

    @Test
    void shouldGiveSegmentalSnrOfKnownNoiseAndClamp()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final short[] reference = new short[48_000];
        final short[] noisy = new short[48_000];
        for (int i = 0; i < reference.length; i++)
        {
            reference[i] = (short)(10_000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
            // uniform noise on [-a, a] has power a^2 / 3; a = 1000 -> SNR = 10 log10(5e7 / 333333) = 21.76 dB
            noisy[i] = (short)(reference[i] + random.nextInt(-1000, 1001));
        }
        assertEquals(21.76, SegmentalSnr.compute(reference, noisy, 0), 0.2);
        assertEquals(SegmentalSnr.MAX_DB, SegmentalSnr.compute(reference, reference, 0), 0.0);
        final short[] inverted = new short[reference.length];
        for (int i = 0; i < reference.length; i++)
        {
            inverted[i] = (short)(-reference[i] * 3);
        }
        assertEquals(SegmentalSnr.MIN_DB, SegmentalSnr.compute(reference, inverted, 0), 0.0);
        assertTrue(Double.isNaN(SegmentalSnr.compute(new short[9600], noisy, 0)), "silent reference has no segments");
    }

    @Test
    void shouldGiveLogSpectralDistanceOfAKnownGain()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final short[] reference = new short[48_000];
        final short[] louder = new short[48_000];
        for (int i = 0; i < reference.length; i++)
        {
            reference[i] = (short)random.nextInt(-4000, 4001);
            louder[i] = (short)(reference[i] * 2);
        }
        final LogSpectralDistance lsd = new LogSpectralDistance(48_000, 24_000);
        assertEquals(0.0, lsd.compute(reference, reference, 0), 1e-9);
        // doubling the amplitude raises every bin by 20 log10(2) = 6.02 dB
        assertEquals(6.02, lsd.compute(reference, louder, 0), 0.01);
        assertTrue(Double.isNaN(lsd.compute(new short[4096], louder, 0)));
    }

    @Test
    void shouldComputeResidualLossAndConcealedRatio()
    {
        final LossStats stats = new LossStats();
        for (int i = 0; i < 100; i++)
        {
            stats.onSent(960);
        }
        for (int i = 0; i < 90; i++)
        {
            stats.onReceived();
            stats.onDecoded(960);
        }
        for (int i = 0; i < 6; i++)
        {
            stats.onRecovered();
        }
        for (int i = 0; i < 100; i++)
        {
            stats.onPlayed(i < 4 ? FrameType.CONCEALED : i < 10 ? FrameType.FEC_RECOVERED : FrameType.NORMAL);
        }
        for (int i = 0; i < 25; i++)
        {
            stats.onPlayed(FrameType.SILENCE);
        }
        assertEquals(0.10, stats.networkLoss(), 1e-12);
        assertEquals(0.04, stats.residualPacketLoss(), 1e-12);
        assertEquals(0.04, stats.residualFrameLoss(), 1e-12);
        assertEquals(0.04, stats.concealedRatio(), 1e-12, "silence is not counted as played audio");
        assertEquals(0.06, stats.fecRatio(), 1e-12);
    }

    @Test
    void shouldReportMouthToEarPercentiles()
    {
        final MouthToEar delays = new MouthToEar();
        for (int i = 1; i <= 1000; i++)
        {
            delays.record(1_000_000_000L, 1_000_000_000L + i * 100_000L);
        }
        assertEquals(1000, delays.count());
        assertEquals(50.0, delays.percentileMs(50), 0.05);
        assertEquals(95.0, delays.percentileMs(95), 0.1);
        assertEquals(100.0, delays.maxMs(), 0.1);
        delays.reset();
        assertEquals(0, delays.count());
    }
}
