package io.classwire.media.audio.session;

import io.classwire.core.recovery.NackContext;
import io.classwire.core.recovery.ProtectionPolicyContext;
import io.classwire.media.audio.AudioEncoder;
import io.classwire.media.audio.JitterBufferConfig;

/**
 * Settings shared by an {@link AudioSender} and an {@link AudioReceiver}: payload types (what signalling would
 * negotiate), encoder settings, which protections may be used, and the receiver's buffers. Fluent setters; the
 * sender and receiver call {@link #conclude()}. Not thread-safe: configure, then hand over.
 */
public final class AudioSessionContext
{
    /** Default Opus payload type (the value most SDP offers use). */
    public static final int DEFAULT_MEDIA_PAYLOAD_TYPE = 111;
    /** Default RFC 4588 RTX payload type, {@code apt=111}. */
    public static final int DEFAULT_RTX_PAYLOAD_TYPE = 112;
    /** Default RFC 2198 RED payload type. */
    public static final int DEFAULT_RED_PAYLOAD_TYPE = 63;
    /** Default payload type of our FEC repair stream. */
    public static final int DEFAULT_FEC_PAYLOAD_TYPE = 118;
    /** Payload type value that turns an optional stream off. */
    public static final int NONE = -1;
    /** Default latency budget the sender's policy plans for: a packet may play this long after its expected arrival. */
    public static final long DEFAULT_LATENCY_BUDGET_NS = 80_000_000L;
    /** Default latency budget while loss is heavy: continuity matters more than delay there. */
    public static final long DEFAULT_HEAVY_LOSS_BUDGET_NS = 200_000_000L;
    /** Default loss rate from which the heavy-loss budget applies (left below three quarters of it). */
    public static final double DEFAULT_HEAVY_LOSS_RATE = 0.4;
    /** Mean loss burst, packets, from which losses count as bursty (see {@link #burstyLoss}). */
    public static final double BURSTY_ENTER_MEAN_BURST = 2.4;
    /** Mean loss burst below which they no longer do. */
    public static final double BURSTY_EXIT_MEAN_BURST = 1.9;
    /** Loss rate from which bursts count. */
    public static final double BURSTY_ENTER_LOSS = 0.02;
    /** Loss rate below which they no longer do. */
    public static final double BURSTY_EXIT_LOSS = 0.015;
    /** Default cap on protection overhead for audio, as a fraction of the Opus bitrate (a voice stream is small). */
    public static final double DEFAULT_MAX_OVERHEAD = 10.0;
    /** Default age after which the sender forgets a packet (no retransmission is useful later). */
    public static final long DEFAULT_HISTORY_AGE_NS = 1_000_000_000L;
    /** Default RTX byte budget, bit/s. */
    public static final long DEFAULT_RTX_MAX_BITRATE_BPS = 256_000L;
    /** Default age at which an open FEC block is closed with what it has (a pause in the stream). */
    public static final long DEFAULT_FEC_MAX_BLOCK_AGE_NS = 200_000_000L;

    private int mediaPayloadType = DEFAULT_MEDIA_PAYLOAD_TYPE;
    private int rtxPayloadType = DEFAULT_RTX_PAYLOAD_TYPE;
    private int redPayloadType = DEFAULT_RED_PAYLOAD_TYPE;
    private int fecPayloadType = DEFAULT_FEC_PAYLOAD_TYPE;
    private int bitrateBps = AudioEncoder.DEFAULT_BITRATE_BPS;
    private boolean inbandFec = true;
    private boolean dtx;
    private boolean sendRed = true;
    private boolean sendFec = true;
    private long latencyBudgetNs = DEFAULT_LATENCY_BUDGET_NS;
    private long heavyLossBudgetNs = DEFAULT_HEAVY_LOSS_BUDGET_NS;
    private double heavyLossRate = DEFAULT_HEAVY_LOSS_RATE;
    private boolean recoverAlways;
    private long historyAgeNs = DEFAULT_HISTORY_AGE_NS;
    private long rtxMaxBitrateBps = DEFAULT_RTX_MAX_BITRATE_BPS;
    private long fecMaxBlockAgeNs = DEFAULT_FEC_MAX_BLOCK_AGE_NS;
    private ProtectionPolicyContext policy;
    private NackContext nack;
    private JitterBufferConfig jitterBuffer;
    private boolean concluded;

    /**
     * Validate and fill defaults; idempotent.
     *
     * @return this.
     * @throws IllegalArgumentException when two streams share a payload type or a value is out of range.
     */
    public AudioSessionContext conclude()
    {
        if (concluded)
        {
            return this;
        }
        requirePayloadType(mediaPayloadType, false);
        requirePayloadType(rtxPayloadType, true);
        requirePayloadType(redPayloadType, true);
        requirePayloadType(fecPayloadType, true);
        if (distinct(mediaPayloadType, rtxPayloadType) || distinct(mediaPayloadType, redPayloadType) ||
            distinct(mediaPayloadType, fecPayloadType) || distinct(rtxPayloadType, redPayloadType) ||
            distinct(rtxPayloadType, fecPayloadType) || distinct(redPayloadType, fecPayloadType))
        {
            throw new IllegalArgumentException("payload types must differ: " + this);
        }
        if (heavyLossBudgetNs < latencyBudgetNs || !(heavyLossRate > 0 && heavyLossRate <= 1))
        {
            throw new IllegalArgumentException("heavy-loss budget below the budget or bad rate: " + this);
        }
        if (latencyBudgetNs <= 0 || historyAgeNs <= 0 || rtxMaxBitrateBps < 0 || fecMaxBlockAgeNs <= 0)
        {
            throw new IllegalArgumentException("durations and budgets must be positive: " + this);
        }
        policy = policy == null ? new ProtectionPolicyContext().audio(true).maxOverhead(DEFAULT_MAX_OVERHEAD) : policy;
        policy.conclude();
        nack = nack == null ? policy.nack() : nack;
        nack.conclude();
        jitterBuffer = jitterBuffer == null ? new JitterBufferConfig() : jitterBuffer;
        jitterBuffer.conclude();
        concluded = true;
        return this;
    }

    private static void requirePayloadType(final int payloadType, final boolean optional)
    {
        if ((payloadType < 0 || payloadType > 127) && !(optional && payloadType == NONE))
        {
            throw new IllegalArgumentException("payload type must be 0..127" + (optional ? " or NONE" : "") + ": " +
                payloadType);
        }
    }

    private static boolean distinct(final int a, final int b)
    {
        return a != NONE && a == b;
    }

    /**
     * @param payloadType Opus payload type, 0..127 (dynamic: 96..127).
     * @return this.
     */
    public AudioSessionContext mediaPayloadType(final int payloadType)
    {
        this.mediaPayloadType = payloadType;
        return this;
    }

    /** @return Opus payload type. */
    public int mediaPayloadType()
    {
        return mediaPayloadType;
    }

    /**
     * @param payloadType RTX payload type ({@code apt} = the media payload type), or {@link #NONE}: no NACK/RTX.
     * @return this.
     */
    public AudioSessionContext rtxPayloadType(final int payloadType)
    {
        this.rtxPayloadType = payloadType;
        return this;
    }

    /** @return whether a receiver with these settings can repair losses: an RTX, FEC or RED payload type is set. */
    public boolean receivesRepairs()
    {
        return rtxPayloadType != NONE || fecPayloadType != NONE || redPayloadType != NONE;
    }

    /** @return RTX payload type or {@link #NONE}. */
    public int rtxPayloadType()
    {
        return rtxPayloadType;
    }

    /**
     * @param payloadType RED payload type, or {@link #NONE}: never send RED, and treat it as unknown on receipt.
     * @return this.
     */
    public AudioSessionContext redPayloadType(final int payloadType)
    {
        this.redPayloadType = payloadType;
        return this;
    }

    /** @return RED payload type or {@link #NONE}. */
    public int redPayloadType()
    {
        return redPayloadType;
    }

    /**
     * @param payloadType FEC repair stream payload type, or {@link #NONE}: no FEC stream.
     * @return this.
     */
    public AudioSessionContext fecPayloadType(final int payloadType)
    {
        this.fecPayloadType = payloadType;
        return this;
    }

    /** @return FEC payload type or {@link #NONE}. */
    public int fecPayloadType()
    {
        return fecPayloadType;
    }

    /**
     * @param bitrateBps initial Opus bitrate; {@link AudioSender#bitrateBps(int)} changes it at run time.
     * @return this.
     */
    public AudioSessionContext bitrateBps(final int bitrateBps)
    {
        this.bitrateBps = bitrateBps;
        return this;
    }

    /** @return initial Opus bitrate, bit/s. */
    public int bitrateBps()
    {
        return bitrateBps;
    }

    /**
     * @param inbandFec true to let Opus add LBRR (in-band FEC) when the receiver reports loss.
     * @return this.
     */
    public AudioSessionContext inbandFec(final boolean inbandFec)
    {
        this.inbandFec = inbandFec;
        return this;
    }

    /** @return whether Opus in-band FEC is enabled. */
    public boolean inbandFec()
    {
        return inbandFec;
    }

    /**
     * @param dtx true for discontinuous transmission (RFC 7587 section 3.1.3).
     * @return this.
     */
    public AudioSessionContext dtx(final boolean dtx)
    {
        this.dtx = dtx;
        return this;
    }

    /** @return whether DTX is enabled. */
    public boolean dtx()
    {
        return dtx;
    }

    /**
     * @param red  false to keep the sender from ever using RED, whatever the plan says.
     * @param fec  false to keep the sender from ever sending FEC repairs (no FEC stream is created).
     * @return this.
     */
    public AudioSessionContext sendProtection(final boolean red, final boolean fec)
    {
        this.sendRed = red;
        this.sendFec = fec;
        return this;
    }

    /** @return whether the sender may use RED (and a RED payload type is set). */
    public boolean sendRed()
    {
        return sendRed && redPayloadType != NONE;
    }

    /** @return whether the sender may send FEC repairs (and a FEC payload type is set). */
    public boolean sendFec()
    {
        return sendFec && fecPayloadType != NONE;
    }

    /**
     * @param latencyBudgetNs what the sender's policy assumes the receiver allows between a packet's expected arrival
     *                        and its playout (its jitter buffer delay); decides whether NACK can help.
     * @return this.
     */
    public AudioSessionContext latencyBudgetNs(final long latencyBudgetNs)
    {
        this.latencyBudgetNs = latencyBudgetNs;
        return this;
    }

    /** @return latency budget, ns. */
    public long latencyBudgetNs()
    {
        return latencyBudgetNs;
    }

    /**
     * Trade delay for continuity on a very lossy path: from {@code lossRate} on (until the loss falls under three
     * quarters of it) both ends use {@code budgetNs} instead of {@link #latencyBudgetNs()}, which lets NACK/RTX fit
     * longer round trips and FEC use longer blocks.
     *
     * @param budgetNs the heavy-loss budget, at least the normal one.
     * @param lossRate loss rate from which it applies, in (0, 1].
     * @return this.
     */
    public AudioSessionContext heavyLoss(final long budgetNs, final double lossRate)
    {
        this.heavyLossBudgetNs = budgetNs;
        this.heavyLossRate = lossRate;
        return this;
    }

    /**
     * Hold the latency budget and send NACKs from the first packet, instead of only once loss has been measured
     * (the default, so a clean path plays with the network's jitter alone and reordering asks for nothing). For a
     * sender that repairs by retransmission alone (a standard sender with RFC 4588 RTX and no FEC), every loss
     * before the measure settles is otherwise a loss for good.
     *
     * @param recoverAlways true to recover from the start and never stop.
     * @return this.
     */
    public AudioSessionContext recoverAlways(final boolean recoverAlways)
    {
        this.recoverAlways = recoverAlways;
        return this;
    }

    /** @return true when the receiver recovers from the first packet on ({@link #recoverAlways(boolean)}). */
    public boolean recoverAlways()
    {
        return recoverAlways;
    }

    /** @return latency budget while loss is heavy, ns. */
    public long heavyLossBudgetNs()
    {
        return heavyLossBudgetNs;
    }

    /** @return loss rate from which the heavy-loss budget applies. */
    public double heavyLossRate()
    {
        return heavyLossRate;
    }

    /**
     * Whether the heavy-loss budget applies, with hysteresis.
     *
     * @param heavyNow whether it applied so far.
     * @param lossRate the measured loss rate.
     * @return whether it applies now.
     */
    public boolean heavyLoss(final boolean heavyNow, final double lossRate)
    {
        return heavyNow ? lossRate >= heavyLossRate * 0.75 : lossRate >= heavyLossRate;
    }

    /**
     * Whether losses come in bursts long enough to need the heavy-loss budget too, with hysteresis: a mean run of
     * {@link #BURSTY_ENTER_MEAN_BURST} or more consecutive losses (left below {@link #BURSTY_EXIT_MEAN_BURST}) at a
     * loss rate of at least {@link #BURSTY_ENTER_LOSS} (left below {@link #BURSTY_EXIT_LOSS}). A burst of b packets
     * takes b packet intervals to end before any repair can start (a NACK, or the rest of an FEC block that spans
     * it), so the moderate budget that fits independent losses leaves a bursty path 3-5 % lost (Gilbert-Elliott 10 %,
     * mean burst 5: docs/benchmarks.md). Independent (Bernoulli) loss has a mean burst of 1 / (1 - p): 1.43 at 30 %.
     *
     * @param burstyNow        whether it applied so far.
     * @param lossRate         the measured loss rate.
     * @param meanBurstPackets the measured mean loss burst, packets (0 when unknown).
     * @return whether it applies now.
     */
    public static boolean burstyLoss(final boolean burstyNow, final double lossRate, final double meanBurstPackets)
    {
        return burstyNow ? meanBurstPackets >= BURSTY_EXIT_MEAN_BURST && lossRate >= BURSTY_EXIT_LOSS :
            meanBurstPackets >= BURSTY_ENTER_MEAN_BURST && lossRate >= BURSTY_ENTER_LOSS;
    }

    /**
     * @param historyAgeNs how long sent packets stay available for retransmission.
     * @return this.
     */
    public AudioSessionContext historyAgeNs(final long historyAgeNs)
    {
        this.historyAgeNs = historyAgeNs;
        return this;
    }

    /** @return history age, ns. */
    public long historyAgeNs()
    {
        return historyAgeNs;
    }

    /**
     * @param rtxMaxBitrateBps byte budget of retransmissions (congestion control may lower it at run time).
     * @return this.
     */
    public AudioSessionContext rtxMaxBitrateBps(final long rtxMaxBitrateBps)
    {
        this.rtxMaxBitrateBps = rtxMaxBitrateBps;
        return this;
    }

    /** @return RTX byte budget, bit/s. */
    public long rtxMaxBitrateBps()
    {
        return rtxMaxBitrateBps;
    }

    /**
     * @param fecMaxBlockAgeNs an FEC block open this long is closed with what it has.
     * @return this.
     */
    public AudioSessionContext fecMaxBlockAgeNs(final long fecMaxBlockAgeNs)
    {
        this.fecMaxBlockAgeNs = fecMaxBlockAgeNs;
        return this;
    }

    /** @return FEC block age limit, ns. */
    public long fecMaxBlockAgeNs()
    {
        return fecMaxBlockAgeNs;
    }

    /**
     * @param policy protection policy settings (audio is assumed); null for the defaults.
     * @return this.
     */
    public AudioSessionContext policy(final ProtectionPolicyContext policy)
    {
        this.policy = policy;
        return this;
    }

    /** @return protection policy settings (after {@link #conclude()}). */
    public ProtectionPolicyContext policy()
    {
        return policy;
    }

    /**
     * @param nack receiver NACK settings; null for the policy's.
     * @return this.
     */
    public AudioSessionContext nack(final NackContext nack)
    {
        this.nack = nack;
        return this;
    }

    /** @return receiver NACK settings (after {@link #conclude()}). */
    public NackContext nack()
    {
        return nack;
    }

    /**
     * @param jitterBuffer receiver jitter buffer settings; null for the defaults.
     * @return this.
     */
    public AudioSessionContext jitterBuffer(final JitterBufferConfig jitterBuffer)
    {
        this.jitterBuffer = jitterBuffer;
        return this;
    }

    /** @return jitter buffer settings (after {@link #conclude()}). */
    public JitterBufferConfig jitterBuffer()
    {
        return jitterBuffer;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "AudioSessionContext{pt=" + mediaPayloadType + ", rtx=" + rtxPayloadType + ", red=" + redPayloadType +
            ", fec=" + fecPayloadType + ", bitrateBps=" + bitrateBps + ", inbandFec=" + inbandFec + ", dtx=" + dtx +
            ", sendRed=" + sendRed + ", sendFec=" + sendFec + ", latencyBudgetNs=" + latencyBudgetNs + '}';
    }
}
