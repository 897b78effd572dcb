package io.classwire.core.recovery;

import io.classwire.core.session.DropReason;

/**
 * {@link DropReason} codes of the recovery stages, in the range the session leaves to later layers.
 */
public final class RecoveryDropReason
{
    /** A packet of the protected stream that was already delivered (received twice, or rebuilt before it came). */
    public static final int DUPLICATE = DropReason.FIRST_EXTENSION_CODE + 16;
    /** A retransmission or rebuilt packet whose media stream the session does not know (yet). */
    public static final int UNKNOWN_MEDIA_STREAM = DropReason.FIRST_EXTENSION_CODE + 17;

    private RecoveryDropReason()
    {
    }
}
