package io.classwire.core.session;

import io.classwire.core.wire.WireStatus;

/**
 * Codes a {@link PacketStage} puts in {@link PacketContext#dropReason(int)} when it drops a packet, so that
 * {@link StageChain} can count drops by stage and by reason. Negative codes are the {@link WireStatus} failures of
 * the wire parsers, passed through unchanged; positive codes are the session's own reasons. Later layers may add
 * codes above {@link #FIRST_EXTENSION_CODE}.
 */
public final class DropReason
{
    /** Not dropped. */
    public static final int NONE = 0;
    /** Empty, or shorter than the fixed header its first byte announces ({@code PacketClassifier.MALFORMED}). */
    public static final int MALFORMED = 1;
    /** A first byte the session does not speak: STUN, DTLS, QUIC, TURN ({@code PacketClassifier.UNKNOWN}). */
    public static final int UNKNOWN_PROTOCOL = 2;
    /** A control message arrived and no control handler is registered. */
    public static final int NO_CONTROL_HANDLER = 3;
    /** A new remote SSRC arrived while the session already tracks its maximum number of receive streams. */
    public static final int TOO_MANY_STREAMS = 4;
    /** RTP from a remote SSRC that said BYE. */
    public static final int STREAM_ENDED = 5;
    /** RTP whose SSRC is one of our own send streams (a loop, or an SSRC collision, RFC 3550 section 8.2). */
    public static final int SSRC_COLLISION = 6;
    /** The transport's outgoing queue was full. */
    public static final int BACK_PRESSURED = 7;
    /** The transport does not know the peer or is closed. */
    public static final int NOT_CONNECTED = 8;
    /** The packet is larger than the MTU or the transport's datagram limit. */
    public static final int TOO_LARGE = 9;
    /** The session is closed. */
    public static final int SESSION_CLOSED = 10;
    /** First code free for stages added by later layers (congestion control, recovery, security). */
    public static final int FIRST_EXTENSION_CODE = 32;

    /** Smallest code {@link StageChain} counts separately; smaller codes are counted as "other". */
    static final int MIN_COUNTED = -WireStatus.CODE_COUNT;
    /** Largest code {@link StageChain} counts separately; larger codes are counted as "other". */
    static final int MAX_COUNTED = FIRST_EXTENSION_CODE + 31;

    private DropReason()
    {
    }

    /**
     * Name a drop reason for logs and stage tables.
     *
     * @param reason a code from this class or a {@link WireStatus} failure.
     * @return a short name.
     */
    public static String describe(final int reason)
    {
        if (reason < 0)
        {
            return WireStatus.describe(reason);
        }
        switch (reason)
        {
            case NONE: return "none";
            case MALFORMED: return "malformed";
            case UNKNOWN_PROTOCOL: return "unknown protocol";
            case NO_CONTROL_HANDLER: return "no control handler";
            case TOO_MANY_STREAMS: return "too many streams";
            case STREAM_ENDED: return "stream ended";
            case SSRC_COLLISION: return "ssrc collision";
            case BACK_PRESSURED: return "back pressured";
            case NOT_CONNECTED: return "not connected";
            case TOO_LARGE: return "too large";
            case SESSION_CLOSED: return "session closed";
            default: return "reason " + reason;
        }
    }
}
