package io.classwire.core.congestion;

/**
 * What a paced packet carries, as int codes so that queues and histories hold them without boxing. The code is also
 * the pacer's priority: a lower code is sent first ({@link #AUDIO} before {@link #RETRANSMISSION} before
 * {@link #VIDEO} before {@link #DATA} before {@link #PADDING}).
 *
 * <p>Audio goes first because it is small and a late audio packet is an audible gap; retransmissions go before new
 * video because the receiver is already waiting for them; interaction data goes after video because the allocator
 * already reserves its small share and it tolerates tens of milliseconds; padding only fills probes.
 */
public final class PacketKind
{
    /** Audio media. */
    public static final int AUDIO = 0;
    /** A retransmission (RTX) of any media. */
    public static final int RETRANSMISSION = 1;
    /** Video media. */
    public static final int VIDEO = 2;
    /** Interaction and bulk data (events, file transfer). */
    public static final int DATA = 3;
    /** Padding sent only to probe the path. */
    public static final int PADDING = 4;
    /** Number of kinds; codes are {@code 0 .. COUNT - 1}. */
    public static final int COUNT = 5;

    private PacketKind()
    {
    }

    /**
     * Whether a code names a kind.
     *
     * @param kind a code.
     * @return true for {@code 0 .. COUNT - 1}.
     */
    public static boolean isValid(final int kind)
    {
        return kind >= 0 && kind < COUNT;
    }

    /**
     * Whether a kind counts as application traffic (everything but padding), for application-limited detection.
     *
     * @param kind a valid code.
     * @return false only for {@link #PADDING}.
     */
    public static boolean isMedia(final int kind)
    {
        return kind != PADDING;
    }

    /**
     * A short name for logs.
     *
     * @param kind a code.
     * @return e.g. {@code "audio"}, or {@code "unknown"}.
     */
    public static String name(final int kind)
    {
        switch (kind)
        {
            case AUDIO: return "audio";
            case RETRANSMISSION: return "retransmission";
            case VIDEO: return "video";
            case DATA: return "data";
            case PADDING: return "padding";
            default: return "unknown";
        }
    }
}
