package io.classwire.core.session;

/**
 * Conversions between nanoseconds on an epoch clock and the 64-bit NTP timestamps of RTCP sender reports (RFC 3550
 * section 4: seconds since 1900-01-01 in the high word, binary fraction in the low word). The "compact" form is the
 * middle 32 bits (16.16 fixed point), used by the LSR and DLSR fields of report blocks.
 */
public final class NtpTime
{
    /** Seconds from 1900-01-01 (NTP era 0) to 1970-01-01 (Unix epoch). */
    public static final long UNIX_EPOCH_OFFSET_SECONDS = 2_208_988_800L;
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private NtpTime()
    {
    }

    /**
     * @param unixNs nanoseconds since the Unix epoch.
     * @return the 64-bit NTP timestamp.
     */
    public static long fromUnixNs(final long unixNs)
    {
        final long seconds = Math.floorDiv(unixNs, NANOS_PER_SECOND) + UNIX_EPOCH_OFFSET_SECONDS;
        final long nanos = Math.floorMod(unixNs, NANOS_PER_SECOND);
        final long fraction = (nanos << 32) / NANOS_PER_SECOND;
        return (seconds << 32) | fraction;
    }

    /**
     * @param ntp a 64-bit NTP timestamp.
     * @return nanoseconds since the Unix epoch (era 0 only, which lasts until 2036).
     */
    public static long toUnixNs(final long ntp)
    {
        final long seconds = (ntp >>> 32) - UNIX_EPOCH_OFFSET_SECONDS;
        final long nanos = ((ntp & 0xFFFF_FFFFL) * NANOS_PER_SECOND) >>> 32;
        return seconds * NANOS_PER_SECOND + nanos;
    }

    /**
     * @param ntp a 64-bit NTP timestamp.
     * @return its middle 32 bits, the compact 16.16 form used by LSR.
     */
    public static int compact(final long ntp)
    {
        return (int)(ntp >>> 16);
    }

    /**
     * @param durationNs a non-negative duration.
     * @return the duration in units of 1/65536 s, saturated to 32 bits (the DLSR encoding).
     */
    public static int compactDuration(final long durationNs)
    {
        if (durationNs <= 0)
        {
            return 0;
        }
        final long units = (durationNs << 16) / NANOS_PER_SECOND;
        return units > 0xFFFF_FFFFL ? -1 : (int)units;
    }

    /**
     * @param compactUnits an unsigned 16.16 duration.
     * @return the duration in nanoseconds.
     */
    public static long compactToNs(final int compactUnits)
    {
        return ((compactUnits & 0xFFFF_FFFFL) * NANOS_PER_SECOND) >>> 16;
    }

    /**
     * Round-trip time from a report block (RFC 3550 section 6.4.1): arrival time minus LSR minus DLSR.
     *
     * @param arrivalCompact compact NTP time at which the report block arrived.
     * @param lsr            last SR timestamp field of the block (0 when no SR was received yet).
     * @param dlsr           delay since last SR field of the block.
     * @return round-trip time in nanoseconds, or -1 when the block carries no SR echo or the result is negative.
     */
    public static long rttNs(final int arrivalCompact, final int lsr, final int dlsr)
    {
        if (lsr == 0)
        {
            return -1;
        }
        final int rttUnits = arrivalCompact - lsr - dlsr;
        if (rttUnits < 0)
        {
            return -1;
        }
        return compactToNs(rttUnits);
    }
}
