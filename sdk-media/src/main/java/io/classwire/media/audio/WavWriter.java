package io.classwire.media.audio;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes mono 16-bit little-endian PCM as a canonical 44-byte-header WAV file, which {@link WavReader} and common
 * tools (sox, ffmpeg, Audacity) read. For test output and tools; allocates the file image.
 */
public final class WavWriter
{
    /** Bytes of the canonical header before the samples. */
    public static final int HEADER_LENGTH = 44;
    private static final int MAX_SAMPLES = (Integer.MAX_VALUE - HEADER_LENGTH) / 2;

    private WavWriter()
    {
    }

    /**
     * Encode samples as a WAV file image.
     *
     * @param sampleRateHz samples per second, positive.
     * @param samples      source array.
     * @param offset       first sample to write.
     * @param length       number of samples.
     * @return the file's bytes.
     * @throws IllegalArgumentException for a non-positive rate or a range outside {@code samples}.
     */
    public static byte[] toBytes(final int sampleRateHz, final short[] samples, final int offset, final int length)
    {
        if (sampleRateHz <= 0)
        {
            throw new IllegalArgumentException("sample rate must be positive: " + sampleRateHz);
        }
        if (offset < 0 || length < 0 || length > samples.length - offset || length > MAX_SAMPLES)
        {
            throw new IllegalArgumentException("range [" + offset + ", +" + length + ") outside " + samples.length +
                " samples");
        }
        final int dataBytes = length * 2;
        final byte[] bytes = new byte[HEADER_LENGTH + dataBytes];
        putTag(bytes, 0, "RIFF");
        putU32(bytes, 4, 36 + dataBytes);
        putTag(bytes, 8, "WAVE");
        putTag(bytes, 12, "fmt ");
        putU32(bytes, 16, 16);
        putU16(bytes, 20, WavReader.FORMAT_PCM);
        putU16(bytes, 22, 1);
        putU32(bytes, 24, sampleRateHz);
        putU32(bytes, 28, sampleRateHz * 2);
        putU16(bytes, 32, 2);
        putU16(bytes, 34, 16);
        putTag(bytes, 36, "data");
        putU32(bytes, 40, dataBytes);
        for (int i = 0; i < length; i++)
        {
            final short s = samples[offset + i];
            bytes[HEADER_LENGTH + 2 * i] = (byte)s;
            bytes[HEADER_LENGTH + 2 * i + 1] = (byte)(s >> 8);
        }
        return bytes;
    }

    /**
     * Write samples to a stream as a WAV file (the stream is not closed).
     *
     * @param out          the stream.
     * @param sampleRateHz samples per second, positive.
     * @param samples      source array.
     * @param offset       first sample to write.
     * @param length       number of samples.
     * @throws IOException when the stream fails.
     */
    public static void write(
        final OutputStream out, final int sampleRateHz, final short[] samples, final int offset, final int length)
        throws IOException
    {
        out.write(toBytes(sampleRateHz, samples, offset, length));
    }

    /**
     * Write a clip to a file, replacing it.
     *
     * @param path of the file.
     * @param clip samples and rate.
     * @throws IOException when the file cannot be written.
     */
    public static void write(final Path path, final PcmClip clip) throws IOException
    {
        Files.write(path, toBytes(clip.sampleRateHz(), clip.samples(), 0, clip.length()));
    }

    private static void putTag(final byte[] bytes, final int offset, final String tag)
    {
        for (int i = 0; i < 4; i++)
        {
            bytes[offset + i] = (byte)tag.charAt(i);
        }
    }

    private static void putU16(final byte[] bytes, final int offset, final int value)
    {
        bytes[offset] = (byte)value;
        bytes[offset + 1] = (byte)(value >> 8);
    }

    private static void putU32(final byte[] bytes, final int offset, final int value)
    {
        putU16(bytes, offset, value);
        putU16(bytes, offset + 2, value >>> 16);
    }
}
