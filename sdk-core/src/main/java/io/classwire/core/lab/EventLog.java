package io.classwire.core.lab;

/**
 * Compact text record of every packet decision in a run, one line each, so two runs can be compared byte for byte.
 *
 * <p>Line format: {@code <timeNs> <link> <what> <linkSeq> <lengthBytes>} where {@code what} is {@code +} (delivered),
 * {@code ++} (duplicate delivered) or {@code x:<cause>} (dropped, see {@link DropCause#shortName()}). Drops are logged
 * when decided, deliveries when they happen. Single-threaded.
 */
public final class EventLog
{
    private final StringBuilder text = new StringBuilder(1 << 16);
    private long lineCount;

    EventLog()
    {
    }

    void delivered(final long timeNs, final String linkName, final boolean duplicate, final long sequence,
        final int lengthBytes)
    {
        line(timeNs, linkName, duplicate ? "++" : "+", sequence, lengthBytes);
    }

    void dropped(final long timeNs, final String linkName, final DropCause cause, final long sequence,
        final int lengthBytes)
    {
        text.append(timeNs).append(' ').append(linkName).append(" x:").append(cause.shortName())
            .append(' ').append(sequence).append(' ').append(lengthBytes).append('\n');
        lineCount++;
    }

    private void line(final long timeNs, final String linkName, final String what, final long sequence,
        final int lengthBytes)
    {
        text.append(timeNs).append(' ').append(linkName).append(' ').append(what)
            .append(' ').append(sequence).append(' ').append(lengthBytes).append('\n');
        lineCount++;
    }

    /**
     * Everything logged so far.
     *
     * @return the log text, lines ending in {@code '\n'}.
     */
    public String text()
    {
        return text.toString();
    }

    /**
     * Number of lines logged so far.
     *
     * @return the line count.
     */
    public long lineCount()
    {
        return lineCount;
    }

    /** Forget everything logged so far. */
    public void clear()
    {
        text.setLength(0);
        lineCount = 0;
    }
}
