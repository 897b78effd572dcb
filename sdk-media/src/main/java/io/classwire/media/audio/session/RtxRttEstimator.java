package io.classwire.media.audio.session;

import io.classwire.core.wire.SeqUnwrapper;

import java.util.Arrays;

/**
 * Round-trip time as a receive-only peer can measure it: from the first NACK sent after a gap in the media sequence
 * numbers was seen ({@link #onNackSent}; from the gap itself until then) to the arrival of the RFC 4588
 * retransmission of a missing packet. Starting at the NACK rather than the gap leaves out the request's wait for
 * the reordering delay and the RTCP schedule, which is not part of the round trip and, counted in, spaced retries
 * too far apart; what remains is the path both ways and the sender's turnaround, so the minimum over recent
 * samples is a slight overestimate of the RTT; retries (a lost NACK or retransmission) only give larger samples.
 * Without it a receiver that sends no media has no RTT at all (RFC 3611 RRTR/DLRR is not implemented).
 * Package-private; single-threaded; allocation-free.
 */
final class RtxRttEstimator
{
    private static final int SLOTS = 256;
    private static final int MAX_GAP = 64;
    private static final int SAMPLES = 8;

    private final SeqUnwrapper sequences = new SeqUnwrapper();
    private final long[] gapSeq = new long[SLOTS];
    private final long[] gapNs = new long[SLOTS];
    private final long[] samplesNs = new long[SAMPLES];
    private int sampleCount;
    private int nextSample;
    private long rttNs = -1;
    private long recordedThrough = -1;
    private long nackedThrough = -1;

    RtxRttEstimator()
    {
        Arrays.fill(gapSeq, -1);
    }

    /** A media packet straight from the network: note when the numbers it skipped went missing. */
    void onNetworkPacket(final int seq, final long nowNs)
    {
        final long highest = sequences.highest();
        final long extended = sequences.unwrap(seq);
        if (highest < 0 || extended <= highest + 1)
        {
            return;
        }
        for (long missing = Math.max(highest + 1, extended - MAX_GAP); missing < extended; missing++)
        {
            final int slot = (int)(missing & (SLOTS - 1));
            gapSeq[slot] = missing;
            gapNs[slot] = nowNs;
        }
        recordedThrough = extended - 1;
    }

    /**
     * A NACK went out at {@code nackNs}, the first since the previous call: it asked for every gap seen before then
     * that no earlier NACK covered, so their samples start there.
     */
    void onNackSent(final long nackNs)
    {
        for (long seq = Math.max(nackedThrough + 1, recordedThrough - SLOTS + 1); seq <= recordedThrough; seq++)
        {
            final int slot = (int)(seq & (SLOTS - 1));
            if (gapSeq[slot] == seq && gapNs[slot] < nackNs)
            {
                gapNs[slot] = nackNs;
            }
        }
        nackedThrough = recordedThrough;
    }

    /** A retransmission restored {@code seq}: one sample when its gap was seen. */
    void onRetransmission(final int seq, final long nowNs)
    {
        final long extended = sequences.peek(seq);
        final int slot = (int)(extended & (SLOTS - 1));
        if (extended < 0 || gapSeq[slot] != extended)
        {
            return;
        }
        gapSeq[slot] = -1;
        samplesNs[nextSample] = nowNs - gapNs[slot];
        nextSample = (nextSample + 1) % SAMPLES;
        sampleCount = Math.min(SAMPLES, sampleCount + 1);
        long min = Long.MAX_VALUE;
        for (int i = 0; i < sampleCount; i++)
        {
            min = Math.min(min, samplesNs[i]);
        }
        rttNs = min;
    }

    /** @return the estimate, or -1 before the first retransmission. */
    long rttNs()
    {
        return rttNs;
    }
}
