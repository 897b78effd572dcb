package io.classwire.core.session;

import io.classwire.core.wire.SeqNum;

/**
 * Reception statistics of one RTP source, as RFC 3550 appendix A.1 (sequence validation with probation), A.3 (lost
 * packets, fraction lost per interval) and A.8 (interarrival jitter) define them. Single-threaded: owned by the agent
 * that processes the source's packets.
 */
public final class ReceiveStatistics
{
    /** Sequential packets needed before a new source is valid (RFC 3550 A.1 MIN_SEQUENTIAL). */
    public static final int MIN_SEQUENTIAL = 2;
    /** Largest jump forward still treated as in-sequence (A.1 MAX_DROPOUT). */
    public static final int MAX_DROPOUT = 3000;
    /** Largest jump backward still treated as a late packet (A.1 MAX_MISORDER). */
    public static final int MAX_MISORDER = 100;

    private final int clockRateHz;
    private int maxSeq;
    private long cycles;
    private int baseSeq;
    private int badSeq = -1;
    private int probation = MIN_SEQUENTIAL;
    private long received;
    private long expectedPrior;
    private long receivedPrior;
    private long lastArrivalNs;
    private int lastTimestamp;
    private boolean haveTransit;
    private double jitterTicks;
    private boolean initialised;
    private long duplicatesOrLate;

    /**
     * @param clockRateHz RTP clock rate of the source's payload (e.g. 48000 for Opus).
     */
    public ReceiveStatistics(final int clockRateHz)
    {
        if (clockRateHz <= 0)
        {
            throw new IllegalArgumentException("clock rate must be positive: " + clockRateHz);
        }
        this.clockRateHz = clockRateHz;
    }

    /**
     * Account for one received packet.
     *
     * @param seq          its 16-bit sequence number.
     * @param rtpTimestamp its RTP timestamp.
     * @param arrivalNs    its arrival time on the receiver's clock.
     * @return true when the packet is valid for the source (false while on probation or after a wild jump).
     */
    public boolean onPacket(final int seq, final int rtpTimestamp, final long arrivalNs)
    {
        final int s = seq & SeqNum.MASK;
        if (!initialised)
        {
            initSequence(s);
            maxSeq = (s - 1) & SeqNum.MASK;
            initialised = true;
        }
        if (!updateSequence(s))
        {
            return false;
        }
        updateJitter(rtpTimestamp, arrivalNs);
        return true;
    }

    private boolean updateSequence(final int seq)
    {
        final int delta = (seq - maxSeq) & SeqNum.MASK;
        if (probation > 0)
        {
            if (seq == ((maxSeq + 1) & SeqNum.MASK))
            {
                probation--;
                maxSeq = seq;
                if (probation == 0)
                {
                    initSequence(seq);
                    received++;
                    return true;
                }
            }
            else
            {
                probation = MIN_SEQUENTIAL - 1;
                maxSeq = seq;
            }
            return false;
        }
        if (delta < MAX_DROPOUT)
        {
            if (seq < maxSeq)
            {
                cycles += SeqNum.MODULUS;
            }
            maxSeq = seq;
        }
        else if (delta <= SeqNum.MODULUS - MAX_MISORDER)
        {
            if (seq == badSeq)
            {
                // Two sequential packets after a big jump: assume the source restarted without changing SSRC.
                initSequence(seq);
            }
            else
            {
                badSeq = (seq + 1) & SeqNum.MASK;
                return false;
            }
        }
        else
        {
            duplicatesOrLate++;
        }
        received++;
        return true;
    }

    private void initSequence(final int seq)
    {
        baseSeq = seq;
        maxSeq = seq;
        badSeq = -1;
        cycles = 0;
        received = 0;
        receivedPrior = 0;
        expectedPrior = 0;
    }

    private void updateJitter(final int rtpTimestamp, final long arrivalNs)
    {
        if (haveTransit)
        {
            // A.8's D(i-1, i) is a difference of transit times, so it needs only the arrival and timestamp deltas.
            // Taking deltas (rather than arrivalNs * clockRate, which overflows for System.nanoTime()-scale clocks)
            // keeps the arithmetic small, and the 32-bit timestamp difference survives a timestamp wrap.
            final double arrivalDeltaTicks = (arrivalNs - lastArrivalNs) * (double)clockRateHz / 1e9;
            final double d = arrivalDeltaTicks - (rtpTimestamp - lastTimestamp);
            jitterTicks += (Math.abs(d) - jitterTicks) / 16.0;
        }
        lastArrivalNs = arrivalNs;
        lastTimestamp = rtpTimestamp;
        haveTransit = true;
    }

    /** @return the RTP clock rate the jitter is measured in. */
    public int clockRateHz()
    {
        return clockRateHz;
    }

    /** @return the extended highest sequence number received (cycles plus max sequence), A.3. */
    public long extendedHighestSeq()
    {
        return cycles + maxSeq;
    }

    /** @return packets expected since the first valid one, A.3. */
    public long expected()
    {
        return probation > 0 ? 0 : extendedHighestSeq() - baseSeq + 1;
    }

    /** @return valid packets received, duplicates and late packets included (as RFC 3550 counts them). */
    public long received()
    {
        return received;
    }

    /** @return cumulative number lost, clamped to the 24-bit signed range of a report block. */
    public int cumulativeLost()
    {
        final long lost = expected() - received;
        return (int)Math.max(-0x80_0000L, Math.min(0x7F_FFFFL, lost));
    }

    /**
     * Fraction lost since the previous call, in 1/256 units (A.3), and start a new interval. Call once per report.
     *
     * @return the fraction lost, 0..255; 0 when packets were duplicated beyond the loss.
     */
    public int takeFractionLost()
    {
        final long expected = expected();
        final long expectedInterval = expected - expectedPrior;
        final long receivedInterval = received - receivedPrior;
        expectedPrior = expected;
        receivedPrior = received;
        final long lostInterval = expectedInterval - receivedInterval;
        if (expectedInterval == 0 || lostInterval <= 0)
        {
            return 0;
        }
        return (int)Math.min(255, (lostInterval << 8) / expectedInterval);
    }

    /** @return interarrival jitter in RTP timestamp units, as the report block field carries it. */
    public int jitterTicks()
    {
        return (int)jitterTicks;
    }

    /** @return interarrival jitter in nanoseconds. */
    public long jitterNs()
    {
        return (long)(jitterTicks * 1_000_000_000L / clockRateHz);
    }

    /** @return packets whose sequence number was at or behind the highest seen (late or duplicated). */
    public long lateOrDuplicate()
    {
        return duplicatesOrLate;
    }

    /** @return true once the source passed probation. */
    public boolean isValid()
    {
        return initialised && probation == 0;
    }
}
