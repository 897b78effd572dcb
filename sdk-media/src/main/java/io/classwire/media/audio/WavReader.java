package io.classwire.media.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads RIFF/WAVE files holding mono 16-bit little-endian PCM (format tag 1, or WAVE_FORMAT_EXTENSIBLE with the PCM
 * sub-format) and rejects anything else with a {@link WavFormatException} that says what is wrong and at which byte.
 * For test clips and tools, not for the media path: it allocates the whole sample array.
 *
 * <pre>
 * offset  size  field                  checked
 *  0      4     "RIFF"                 exact
 *  4      4     RIFF size (LE)         size + 8 must not exceed the bytes present
 *  8      4     "WAVE"                 exact
 * 12      ...   chunks: id (4), size (4, LE), body, pad byte when size is odd
 *               "fmt " body: format tag (2), channels (2), sample rate (4), byte rate (4), block align (2),
 *                            bits per sample (2) [, extension size (2), valid bits (2), channel mask (4),
 *                            sub-format GUID (16), whose first two bytes are the real format tag]
 *               "data" body: the samples; other chunks (LIST, fact, ...) are skipped
 * </pre>
 */
public final class WavReader
{
    /** Format tag of integer PCM. */
    public static final int FORMAT_PCM = 1;
    /** Format tag that defers to a sub-format GUID. */
    public static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final int RIFF_HEADER_LENGTH = 12;
    private static final int CHUNK_HEADER_LENGTH = 8;
    private static final int MIN_FMT_LENGTH = 16;
    private static final int EXTENSIBLE_FMT_LENGTH = 40;
    private static final int SUB_FORMAT_OFFSET = 24;

    private WavReader()
    {
    }

    /**
     * Read a WAV file.
     *
     * @param path of the file.
     * @return its samples and sample rate.
     * @throws WavFormatException when the file is not mono 16-bit PCM WAV or is truncated.
     * @throws IOException        when the file cannot be read.
     */
    public static PcmClip read(final Path path) throws IOException
    {
        return read(Files.readAllBytes(path));
    }

    /**
     * Read a WAV file from a stream, to its end (the stream is not closed).
     *
     * @param in the stream.
     * @return its samples and sample rate.
     * @throws WavFormatException when the bytes are not mono 16-bit PCM WAV or are truncated.
     * @throws IOException        when the stream fails.
     */
    public static PcmClip read(final InputStream in) throws IOException
    {
        return read(in.readAllBytes());
    }

    /**
     * Parse a WAV file held in memory.
     *
     * @param bytes the whole file.
     * @return its samples and sample rate.
     * @throws WavFormatException when the bytes are not mono 16-bit PCM WAV or are truncated.
     */
    public static PcmClip read(final byte[] bytes) throws WavFormatException
    {
        if (bytes.length < RIFF_HEADER_LENGTH)
        {
            throw new WavFormatException("not a WAV file: " + bytes.length + " bytes, a RIFF header needs 12");
        }
        expectTag(bytes, 0, "RIFF");
        expectTag(bytes, 8, "WAVE");
        final long riffSize = u32(bytes, 4);
        if (riffSize + 8 > bytes.length)
        {
            throw new WavFormatException(
                "truncated WAV file: RIFF size says " + (riffSize + 8) + " bytes, only " + bytes.length + " present");
        }
        final int end = (int)(riffSize + 8);
        int sampleRateHz = -1;
        int position = RIFF_HEADER_LENGTH;
        while (position + CHUNK_HEADER_LENGTH <= end)
        {
            final String id = tag(bytes, position);
            final long size = u32(bytes, position + 4);
            final int body = position + CHUNK_HEADER_LENGTH;
            if (size > end - body)
            {
                throw new WavFormatException("truncated WAV file: chunk '" + id + "' at byte " + position +
                    " declares " + size + " bytes, only " + (end - body) + " remain");
            }
            if ("fmt ".equals(id))
            {
                sampleRateHz = readFormat(bytes, body, (int)size);
            }
            else if ("data".equals(id))
            {
                if (sampleRateHz < 0)
                {
                    throw new WavFormatException("'data' chunk at byte " + position + " before any 'fmt ' chunk");
                }
                return new PcmClip(sampleRateHz, samples(bytes, body, (int)size));
            }
            position = body + (int)size + (int)(size & 1);
        }
        throw new WavFormatException(sampleRateHz < 0 ? "no 'fmt ' chunk" : "no 'data' chunk");
    }

    private static int readFormat(final byte[] bytes, final int body, final int size) throws WavFormatException
    {
        if (size < MIN_FMT_LENGTH)
        {
            throw new WavFormatException("'fmt ' chunk of " + size + " bytes, at least 16 expected");
        }
        int formatTag = u16(bytes, body);
        if (formatTag == FORMAT_EXTENSIBLE)
        {
            if (size < EXTENSIBLE_FMT_LENGTH)
            {
                throw new WavFormatException("extensible 'fmt ' chunk of " + size + " bytes, 40 expected");
            }
            formatTag = u16(bytes, body + SUB_FORMAT_OFFSET);
        }
        final int channels = u16(bytes, body + 2);
        final long sampleRateHz = u32(bytes, body + 4);
        final long byteRate = u32(bytes, body + 8);
        final int blockAlign = u16(bytes, body + 12);
        final int bitsPerSample = u16(bytes, body + 14);
        if (formatTag != FORMAT_PCM)
        {
            throw new WavFormatException("unsupported format tag " + formatTag + ", only integer PCM (1) is read");
        }
        if (channels != 1)
        {
            throw new WavFormatException("unsupported channel count " + channels + ", only mono is read");
        }
        if (bitsPerSample != 16 || blockAlign != 2)
        {
            throw new WavFormatException("unsupported sample format: " + bitsPerSample + " bits, block align " +
                blockAlign + "; only 16-bit (block align 2) is read");
        }
        if (sampleRateHz <= 0 || sampleRateHz > 1_000_000)
        {
            throw new WavFormatException("invalid sample rate " + sampleRateHz);
        }
        if (byteRate != sampleRateHz * blockAlign)
        {
            throw new WavFormatException("inconsistent byte rate " + byteRate + ", expected " +
                (sampleRateHz * blockAlign) + " for " + sampleRateHz + " Hz mono 16-bit");
        }
        return (int)sampleRateHz;
    }

    private static short[] samples(final byte[] bytes, final int body, final int size) throws WavFormatException
    {
        if ((size & 1) != 0)
        {
            throw new WavFormatException("'data' chunk of " + size + " bytes is not a whole number of 2-byte samples");
        }
        final short[] samples = new short[size / 2];
        for (int i = 0; i < samples.length; i++)
        {
            samples[i] = (short)((bytes[body + 2 * i] & 0xFF) | (bytes[body + 2 * i + 1] << 8));
        }
        return samples;
    }

    private static void expectTag(final byte[] bytes, final int offset, final String expected)
        throws WavFormatException
    {
        final String actual = tag(bytes, offset);
        if (!expected.equals(actual))
        {
            throw new WavFormatException("not a WAV file: expected '" + expected + "' at byte " + offset +
                ", found '" + printable(actual) + "'");
        }
    }

    private static String tag(final byte[] bytes, final int offset)
    {
        final char[] chars = new char[4];
        for (int i = 0; i < 4; i++)
        {
            chars[i] = (char)(bytes[offset + i] & 0xFF);
        }
        return new String(chars);
    }

    private static String printable(final String tag)
    {
        final StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tag.length(); i++)
        {
            final char c = tag.charAt(i);
            if (c >= 0x20 && c < 0x7F)
            {
                sb.append(c);
            }
            else
            {
                sb.append(String.format("\\x%02x", (int)c));
            }
        }
        return sb.toString();
    }

    private static int u16(final byte[] bytes, final int offset)
    {
        return (bytes[offset] & 0xFF) | ((bytes[offset + 1] & 0xFF) << 8);
    }

    private static long u32(final byte[] bytes, final int offset)
    {
        return (u16(bytes, offset) | ((long)u16(bytes, offset + 2) << 16)) & 0xFFFF_FFFFL;
    }
}
