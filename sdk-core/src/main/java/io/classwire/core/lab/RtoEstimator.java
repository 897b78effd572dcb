package io.classwire.core.lab;

/**
 * TCP retransmission timeout from RTT samples (RFC 6298): smoothed RTT and RTT variation with gains 1/8 and 1/4,
 * RTO = SRTT + 4 * RTTVAR clamped to [min, max], doubled on each timeout until a new sample arrives.
 *
 * <p>The minimum is Linux's 200 ms rather than RFC 6298's conservative 1 s, so competing flows recover from
 * timeouts at the pace of deployed stacks. Single-threaded.
 */
final class RtoEstimator
{
    static final long INITIAL_RTO_NS = 1_000_000_000L;
    static final long MIN_RTO_NS = 200_000_000L;
    static final long MAX_RTO_NS = 60_000_000_000L;

    private long srttNs;
    private long rttVarNs;
    private long rtoNs = INITIAL_RTO_NS;
    private boolean hasSample;

    void onSample(final long rttNs)
    {
        if (!hasSample)
        {
            srttNs = rttNs;
            rttVarNs = rttNs / 2;
            hasSample = true;
        }
        else
        {
            rttVarNs += (Math.abs(srttNs - rttNs) - rttVarNs) / 4;
            srttNs += (rttNs - srttNs) / 8;
        }
        rtoNs = clamp(srttNs + 4 * rttVarNs);
    }

    void backOff()
    {
        rtoNs = Math.min(rtoNs * 2, MAX_RTO_NS);
    }

    long rtoNs()
    {
        return rtoNs;
    }

    long srttNs()
    {
        return srttNs;
    }

    private static long clamp(final long valueNs)
    {
        return Math.max(MIN_RTO_NS, Math.min(valueNs, MAX_RTO_NS));
    }
}
