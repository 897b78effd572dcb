package io.classwire.media.audio;

import io.classwire.media.quality.DelayAlignment;
import io.classwire.media.quality.LogSpectralDistance;
import io.classwire.media.quality.SegmentalSnr;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Opus through concentus on the speech excerpt: lossless quality, degradation with loss, PLC and FEC. */
class AudioCodecTest
{
    private static final long SEED = 0xC0DE_C001L;

    @Test
    void shouldDecodeLosslessSpeechWithModestSegmentalSnrAndSmallSpectralDistance()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final byte[][] packets = TestAudio.encode(speech, new AudioEncoder());
        final short[] decoded = TestAudio.decode(packets, null, false);
        final int delay = DelayAlignment.findDelay(speech, decoded, 4800);
        final double segSnr = SegmentalSnr.compute(speech, decoded, delay);
        final double lsd = new LogSpectralDistance(48_000, 20_000).compute(speech, decoded, delay);
        final double lsdWideband = new LogSpectralDistance(48_000, 8_000).compute(speech, decoded, delay);
        System.out.printf("lossless 32 kbit/s: codec delay %d samples (%.2f ms), segSNR %.2f dB, LSD %.2f dB " +
            "(0-20 kHz), %.2f dB (0-8 kHz), %.1f bytes/frame%n", delay, delay / 48.0, segSnr, lsd, lsdWideband,
            Arrays.stream(packets).mapToInt(p -> p.length).average().orElse(0));
        assertTrue(delay > 0 && delay < 960, "Opus adds a few ms of algorithmic delay: " + delay);
        assertTrue(segSnr > 5.0, "segSNR " + segSnr);
        // fine-resolution spectra: the codec fills the valleys between harmonics with noise at its own level, so
        // even a transparent-sounding decode keeps a few dB of log-spectral distance
        assertTrue(lsd < 8.0 && lsdWideband < 8.0, "LSD " + lsd + ", " + lsdWideband);
    }

    @Test
    void shouldDegradeMonotonicallyWithLossWhenConcealing()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final byte[][] packets = TestAudio.encode(speech, new AudioEncoder());
        final short[] lossless = TestAudio.decode(packets, null, false);
        final int delay = DelayAlignment.findDelay(speech, lossless, 4800);
        final LogSpectralDistance lsd = new LogSpectralDistance(48_000, 20_000);
        double previousSnr = Double.MAX_VALUE;
        double previousLsd = -1;
        for (final double loss : new double[] { 0.0, 0.10, 0.30 })
        {
            final boolean[] lost = randomLoss(packets.length, loss, new SplittableRandom(SEED));
            final short[] decoded = TestAudio.decode(packets, lost, false);
            final double snr = SegmentalSnr.compute(speech, decoded, delay);
            final double distance = lsd.compute(speech, decoded, delay);
            System.out.printf("loss %.0f %% (PLC): segSNR %.2f dB, LSD %.2f dB%n", loss * 100, snr, distance);
            assertTrue(snr < previousSnr, "seed " + SEED + ": segSNR must fall with loss, " + snr + " at " + loss);
            assertTrue(distance > previousLsd, "seed " + SEED + ": LSD must grow with loss, " + distance);
            previousSnr = snr;
            previousLsd = distance;
        }
    }

    @Test
    void shouldRecoverLostFramesCloserWithFecThanWithPlc()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final AudioEncoder encoder = new AudioEncoder().inbandFec(true);
        encoder.onLossPercent(10);
        encoder.onLossPercent(10);
        final byte[][] packets = TestAudio.encode(speech, encoder);
        final short[] lossless = TestAudio.decode(packets, null, false);
        final boolean[] lost = new boolean[packets.length];
        for (int i = 5; i < packets.length - 1; i += 10)
        {
            lost[i] = true;
        }
        final short[] withFec = TestAudio.decode(packets, lost, true);
        final short[] withPlc = TestAudio.decode(packets, lost, false);
        double fecError = 0;
        double plcError = 0;
        int withLbrr = 0;
        final AudioDecoder probe = new AudioDecoder();
        for (int i = 0; i < packets.length; i++)
        {
            if (lost[i])
            {
                withLbrr += probe.hasFec(new UnsafeBuffer(packets[i + 1]), 0, packets[i + 1].length) ? 1 : 0;
                fecError += errorEnergy(lossless, withFec, i);
                plcError += errorEnergy(lossless, withPlc, i);
            }
        }
        System.out.printf("lost frames: error energy vs lossless decode, FEC %.3g, PLC %.3g (%.1f dB better); " +
            "%d of the next packets carried LBRR%n", fecError, plcError, 10 * Math.log10(plcError / fecError),
            withLbrr);
        assertTrue(withLbrr > 10, "the encoder adds LBRR once told about loss");
        assertTrue(fecError < plcError / 2, "FEC should beat PLC clearly: " + fecError + " vs " + plcError);
    }

    @Test
    void shouldConcealExactlyTheRequestedLength()
    {
        final AudioDecoder decoder = new AudioDecoder();
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final byte[][] packets = TestAudio.encode(Arrays.copyOf(speech, 9600), new AudioEncoder());
        final short[] out = new short[4000];
        for (final byte[] packet : packets)
        {
            assertEquals(960, decoder.decode(new UnsafeBuffer(packet), 0, packet.length, out, 0));
        }
        for (final int samples : new int[] { 960, 480, 120, 1920, 2880 })
        {
            Arrays.fill(out, (short)12345);
            assertEquals(samples, decoder.conceal(out, 7, samples));
            assertEquals(12345, out[6], "nothing written before the frame");
            assertEquals(12345, out[7 + samples], "nothing written after the frame");
        }
        assertEquals(AudioDecoder.BAD_ARGUMENT, decoder.conceal(out, 0, 100), "not a multiple of 2.5 ms");
        assertEquals(AudioDecoder.BAD_ARGUMENT, decoder.conceal(out, 3500, 960), "no room");
        assertEquals(AudioDecoder.BAD_ARGUMENT, decoder.conceal(out, 0, 6000), "over 120 ms");
        assertEquals(5, decoder.framesConcealed());
    }

    private static double errorEnergy(final short[] expected, final short[] actual, final int frame)
    {
        double sum = 0;
        for (int n = frame * 960; n < (frame + 1) * 960; n++)
        {
            final double e = expected[n] - actual[n];
            sum += e * e;
        }
        return sum;
    }

    static boolean[] randomLoss(final int packets, final double probability, final SplittableRandom random)
    {
        final boolean[] lost = new boolean[packets];
        for (int i = 1; i < packets; i++)
        {
            lost[i] = random.nextDouble() < probability;
        }
        return lost;
    }
}
