package io.classwire.core.wire;

/**
 * Validation results returned by every wire parser, as int codes so that the hot path allocates nothing. A parser
 * returns {@link #OK} or one of the negative codes; callers count the code and drop the packet.
 */
public final class WireStatus
{
    /** The packet is well formed. */
    public static final int OK = 0;
    /** Fewer bytes than the fixed header or a declared length needs. */
    public static final int TRUNCATED = -1;
    /** More bytes than any legal packet of this kind may have, or trailing bytes after a declared length. */
    public static final int OVERSIZED = -2;
    /** The version field is not 2. */
    public static final int BAD_VERSION = -3;
    /** A length field is inconsistent with the bytes present or with the format's rules. */
    public static final int BAD_LENGTH = -4;
    /** Padding flag set with a padding count of 0 or larger than the payload. */
    public static final int BAD_PADDING = -5;
    /** A count field (CSRC count, report count, chunk count, status count) disagrees with the contents. */
    public static final int BAD_COUNT = -6;
    /** A type field (payload type, packet type, format) is not the one this parser reads or is reserved. */
    public static final int BAD_TYPE = -7;
    /** A field holds a value the format forbids (e.g. a reserved id, a zero-length item where one is required). */
    public static final int BAD_VALUE = -8;

    private WireStatus()
    {
    }

    /**
     * @param status a code returned by a parser.
     * @return a short human-readable name, for logs and counters.
     */
    public static String describe(final int status)
    {
        switch (status)
        {
            case OK: return "ok";
            case TRUNCATED: return "truncated";
            case OVERSIZED: return "oversized";
            case BAD_VERSION: return "bad version";
            case BAD_LENGTH: return "bad length";
            case BAD_PADDING: return "bad padding";
            case BAD_COUNT: return "inconsistent count";
            case BAD_TYPE: return "bad type";
            case BAD_VALUE: return "bad value";
            default: return "unknown status " + status;
        }
    }

    /** Number of distinct failure codes, for sizing per-code counter arrays indexed by {@code -status}. */
    public static final int CODE_COUNT = 9;
}
