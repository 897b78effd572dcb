package io.classwire.media.audio;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WavRoundTripTest
{
    @Test
    void shouldRoundTripRandomSamplesWhenWrittenAndReadBack()
    {
        final long seed = 0x3A11_0001L;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 50; trial++)
        {
            final short[] samples = new short[random.nextInt(5000)];
            for (int i = 0; i < samples.length; i++)
            {
                samples[i] = (short)random.nextInt();
            }
            final int rate = random.nextBoolean() ? 48_000 : 8_000 + random.nextInt(88_000);
            final byte[] file = WavWriter.toBytes(rate, samples, 0, samples.length);
            final PcmClip clip = assertDoesNotThrowWav(file);
            assertEquals(rate, clip.sampleRateHz(), "seed " + seed + " trial " + trial);
            assertArrayEquals(samples, clip.samples(), "seed " + seed + " trial " + trial);
        }
    }

    @Test
    void shouldReadTheSpeechExcerptAsFourSecondsOf48kHzMono()
    {
        final PcmClip clip = TestAudio.clip(TestAudio.EN);
        assertEquals(48_000, clip.sampleRateHz());
        assertEquals(192_000, clip.length());
        assertEquals(4.0, clip.durationSeconds(), 1e-9);
    }

    @Test
    void shouldMatchTheResourceBytesWhenRewritten() throws IOException
    {
        final byte[] original;
        try (var in = WavRoundTripTest.class.getResourceAsStream(TestAudio.EN))
        {
            original = in.readAllBytes();
        }
        final PcmClip clip = WavReader.read(original);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        WavWriter.write(out, clip.sampleRateHz(), clip.samples(), 0, clip.length());
        assertArrayEquals(original, out.toByteArray(), "the excerpt has a canonical 44-byte header");
    }

    @Test
    void shouldWriteAndReadFiles() throws IOException
    {
        final Path file = Files.createTempFile("classwire-wav", ".wav");
        try
        {
            final PcmClip clip = new PcmClip(48_000, TestAudio.sine(4800, 440, 10_000));
            WavWriter.write(file, clip);
            assertArrayEquals(clip.samples(), WavReader.read(file).samples());
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void shouldSkipUnknownChunksAndAcceptExtensiblePcm() throws IOException
    {
        final short[] samples = { 1, -2, 3, -4 };
        final byte[] canonical = WavWriter.toBytes(16_000, samples, 0, samples.length);
        // insert an odd-sized LIST chunk (with its pad byte) between fmt and data, as editors do
        final byte[] list = { 'L', 'I', 'S', 'T', 3, 0, 0, 0, 'a', 'b', 'c', 0 };
        final byte[] withList = new byte[canonical.length + list.length];
        System.arraycopy(canonical, 0, withList, 0, 36);
        System.arraycopy(list, 0, withList, 36, list.length);
        System.arraycopy(canonical, 36, withList, 36 + list.length, canonical.length - 36);
        putU32(withList, 4, withList.length - 8);
        assertArrayEquals(samples, WavReader.read(withList).samples());

        final byte[] extensible = extensible(canonical, 1);
        assertArrayEquals(samples, WavReader.read(extensible).samples());
        assertError(extensible(canonical, 3), "unsupported format tag 3");
    }

    @Test
    void shouldExplainWhatIsWrongWithBadHeaders()
    {
        final short[] samples = new short[8];
        final byte[] good = WavWriter.toBytes(48_000, samples, 0, samples.length);

        assertError(new byte[5], "not a WAV file: 5 bytes");
        assertError(edit(good, 0, 'X'), "expected 'RIFF' at byte 0, found 'XIFF'");
        assertError(edit(good, 8, 'M'), "expected 'WAVE' at byte 8");
        assertError(Arrays.copyOf(good, good.length - 2), "truncated WAV file: RIFF size says 60 bytes, only 58");
        assertError(editU16(good, 22, 2), "unsupported channel count 2");
        assertError(editU16(good, 34, 8), "unsupported sample format: 8 bits");
        assertError(editU16(good, 20, 3), "unsupported format tag 3");
        assertError(editU32(good, 28, 1234), "inconsistent byte rate 1234");
        assertError(editU32(good, 24, 0), "invalid sample rate 0");
        assertError(editU32(good, 40, 1000), "chunk 'data' at byte 36 declares 1000 bytes, only 16 remain");
        assertError(editU32(good, 40, 15), "not a whole number of 2-byte samples");
        assertError(edit(good, 12, 'd', 'a', 't', 'a'), "'data' chunk at byte 12 before any 'fmt ' chunk");
        assertError(editU32(good, 16, 8), "'fmt ' chunk of 8 bytes, at least 16 expected");
        assertError(edit(good, 36, 'j', 'u', 'n', 'k'), "no 'data' chunk");
    }

    @Test
    void shouldRejectBadWriterArguments()
    {
        final short[] samples = new short[4];
        assertThrows(IllegalArgumentException.class, () -> WavWriter.toBytes(0, samples, 0, 4));
        assertThrows(IllegalArgumentException.class, () -> WavWriter.toBytes(48_000, samples, 2, 3));
        assertThrows(IllegalArgumentException.class, () -> WavWriter.toBytes(48_000, samples, -1, 1));
    }

    private static PcmClip assertDoesNotThrowWav(final byte[] file)
    {
        try
        {
            return WavReader.read(file);
        }
        catch (final WavFormatException ex)
        {
            throw new AssertionError(ex);
        }
    }

    private static void assertError(final byte[] file, final String expected)
    {
        final WavFormatException ex = assertThrows(WavFormatException.class, () -> WavReader.read(file));
        assertTrue(ex.getMessage().contains(expected), "message '" + ex.getMessage() + "' lacks '" + expected + "'");
    }

    private static byte[] extensible(final byte[] canonical, final int subFormat)
    {
        final byte[] out = new byte[canonical.length + 24];
        System.arraycopy(canonical, 0, out, 0, 36);
        putU32(out, 4, out.length - 8);
        putU32(out, 16, 40);
        out[20] = (byte)0xFE;
        out[21] = (byte)0xFF;
        out[36] = 22;
        out[38] = 16;
        out[44] = (byte)subFormat;
        System.arraycopy(canonical, 36, out, 60, canonical.length - 36);
        return out;
    }

    private static byte[] edit(final byte[] bytes, final int offset, final char... chars)
    {
        final byte[] copy = bytes.clone();
        for (int i = 0; i < chars.length; i++)
        {
            copy[offset + i] = (byte)chars[i];
        }
        return copy;
    }

    private static byte[] editU16(final byte[] bytes, final int offset, final int value)
    {
        final byte[] copy = bytes.clone();
        copy[offset] = (byte)value;
        copy[offset + 1] = (byte)(value >> 8);
        return copy;
    }

    private static byte[] editU32(final byte[] bytes, final int offset, final int value)
    {
        final byte[] copy = bytes.clone();
        putU32(copy, offset, value);
        return copy;
    }

    private static void putU32(final byte[] bytes, final int offset, final int value)
    {
        for (int i = 0; i < 4; i++)
        {
            bytes[offset + i] = (byte)(value >> (8 * i));
        }
    }
}
