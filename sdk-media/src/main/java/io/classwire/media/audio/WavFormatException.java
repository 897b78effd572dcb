package io.classwire.media.audio;

import java.io.IOException;

/** Thrown by {@link WavReader} when bytes are not a WAV file it supports; the message names what is wrong. */
public final class WavFormatException extends IOException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong with the file, and where.
     */
    public WavFormatException(final String message)
    {
        super(message);
    }
}
