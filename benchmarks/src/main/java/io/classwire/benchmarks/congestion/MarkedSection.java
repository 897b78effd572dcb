package io.classwire.benchmarks.congestion;

/**
 * Replaces the text between two marker lines of a document and leaves everything else byte for byte as it was; if the
 * markers are missing, appends them with the content at the end.
 */
public final class MarkedSection
{
    /** Marker opening the congestion section of docs/benchmarks.md. */
    public static final String BEGIN = "<!-- congestion:begin -->";
    /** Marker closing it. */
    public static final String END = "<!-- congestion:end -->";

    private MarkedSection()
    {
    }

    /**
     * Put {@code content} between the markers.
     *
     * @param document the whole document.
     * @param begin    opening marker.
     * @param end      closing marker.
     * @param content  the new section body; a trailing newline is added if missing.
     * @return the new document.
     * @throws IllegalArgumentException if only one marker is present, or they are out of order.
     */
    public static String replace(final String document, final String begin, final String end, final String content)
    {
        final String body = content.endsWith("\n") ? content : content + "\n";
        final int beginAt = document.indexOf(begin);
        final int endAt = document.indexOf(end);
        if (beginAt < 0 && endAt < 0)
        {
            final String separator = document.isEmpty() || document.endsWith("\n\n") ? "" :
                document.endsWith("\n") ? "\n" : "\n\n";
            return document + separator + begin + "\n" + body + end + "\n";
        }
        if (beginAt < 0 || endAt < 0 || endAt < beginAt)
        {
            throw new IllegalArgumentException("markers " + begin + " and " + end + " must both be present, in order");
        }
        final int bodyStart = beginAt + begin.length();
        return document.substring(0, bodyStart) + "\n" + body + document.substring(endAt);
    }
}
