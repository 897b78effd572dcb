package io.classwire.media.audio.session;

import io.classwire.core.recovery.FecReceiveStage;
import io.classwire.core.recovery.NackGenerator;
import io.classwire.core.recovery.NackStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.transport.TimedAgent;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.FrameType;
import io.classwire.media.audio.JitterBuffer;

/**
 * Receives one Opus stream on an {@link RtpSession}, repairs it and plays it out; single-threaded (the session's
 * agent thread runs the stages, {@link #doWork} and {@link #pull}).
 *
 * <p>Stages inserted before the session's {@code deliver}:
 * <pre>
 *   audio-learn -> rtx -> fec -> red -> nack -> audio-jitter
 * </pre>
 * {@code audio-learn} learns the SSRCs by payload type from the first packets, as a receiver of a standard sender
 * (GStreamer's rtpbin, ffmpeg) must when signalling names no SSRCs: the first SSRC carrying the Opus (or RED) payload
 * type is the media stream, then the first other SSRC carrying the RTX payload type is its RFC 4588 stream and the
 * first carrying the FEC payload type its repair stream. SSRCs given with {@link #expectMediaSsrc(int)} restrict the
 * choice. Until a stream is learned its stage passes everything; a sender without RED or FEC leaves those stages
 * idle. The recovery stages are those of {@code io.classwire.core.recovery}, created on learning (once per stream).
 *
 * <p>{@code audio-jitter} puts the stream's Opus packets into a {@link JitterBuffer}, flagging those that RTX, FEC
 * or RED restored so their late arrival does not raise the target delay. The NACK generator's playout delay follows
 * the jitter buffer's target, so nothing is requested that cannot arrive before it plays; its RTT comes from a send
 * stream to the same peer ({@link #rttFrom}), is set with {@link #rttNs(long)}, or else is measured from the time
 * between a gap and the retransmission that fills it ({@link RtxRttEstimator}, or, with a NACK loss timeout, the
 * generator's own measurement from each packet's first request, {@link NackGenerator#measuredRttNs()}; RFC 3611
 * RRTR/DLRR, which would let a receive-only peer measure it from RTCP, is not implemented).
 *
 * <p>Add the receiver to the session's agent as a task (it sends the NACKs) and call {@link #pull} every 20 ms.
 * Bad input is counted, never thrown: malformed Opus payloads ({@link #malformed()}), malformed RTX/RED/FEC packets
 * (the stage's drop counters in the chain, and {@link #recoveryMalformed()}).
 */
public final class AudioReceiver implements TimedAgent
{
    /** Name of the stage that learns SSRCs. */
    public static final String LEARN_STAGE = "audio-learn";
    /** Name of the stage that feeds the jitter buffer. */
    public static final String JITTER_STAGE = "audio-jitter";

    private static final String NAME = "audio-receiver";
    private static final long LOSS_INTERVAL_NS = 500_000_000L;
    private static final int FRAME_MS = AudioFormat.FRAME_SAMPLES * 1000 / AudioFormat.SAMPLE_RATE_HZ;
    private static final int FEC_MARGIN_MS = 10;
    private static final long FEC_HOLD_NS = 2_000_000_000L;
    private static final double RECOVERY_ENTER_LOSS = 0.01;
    private static final double RECOVERY_EXIT_LOSS = 0.002;
    private static final double EARLY_ENTER_LOSS = 0.1;
    private static final long WARM_UP_PACKETS = 100;

    private final AudioSessionContext context;
    private final JitterBuffer jitterBuffer;
    private final AudioReceivePath path;
    private final boolean canRecover;
    private long nextLossCheckNs;
    private boolean recovering;
    private int budgetMs;
    private int fecHoldMs;
    private long fecHoldSinceNs;
    private boolean heavyLoss;
    private boolean burstyLoss;

    /**
     * Plug into the session's receive chain.
     *
     * @param session the session from the sender.
     * @param context settings; {@link AudioSessionContext#conclude()} is called here.
     */
    public AudioReceiver(final RtpSession session, final AudioSessionContext context)
    {
        this.context = context.conclude();
        this.jitterBuffer = new JitterBuffer(context.jitterBuffer());
        this.path = new AudioReceivePath(session, context, jitterBuffer);
        this.canRecover = context.receivesRepairs();
    }

    /**
     * Only accept this SSRC as the media stream (signalling named it).
     *
     * @param ssrc the sender's media SSRC.
     * @return this.
     */
    public AudioReceiver expectMediaSsrc(final int ssrc)
    {
        path.mediaExpected = true;
        path.expectedMediaSsrc = ssrc;
        return this;
    }

    /**
     * @param stream a local send stream to the same peer whose receiver reports measure the RTT; null for none.
     * @return this.
     */
    public AudioReceiver rttFrom(final SendStream stream)
    {
        path.rttSource = stream;
        if (path.nackStage != null)
        {
            path.nackStage.rttFrom(stream);
        }
        return this;
    }

    /**
     * @param rttNs round-trip time to assume when no send stream measures it (0 or less: the NACK context's).
     * @return this.
     */
    public AudioReceiver rttNs(final long rttNs)
    {
        path.rttNs = rttNs;
        if (path.nackStage != null && rttNs > 0)
        {
            path.nackStage.generator().rttNs(rttNs);
        }
        return this;
    }

    /**
     * Produce the next 20 ms (the jitter buffer's pull size) of audio.
     *
     * @param nowNs  playout time, on the session's clock.
     * @param pcm    destination.
     * @param offset first sample written.
     * @return what the samples are made of.
     */
    public FrameType pull(final long nowNs, final short[] pcm, final int offset)
    {
        return jitterBuffer.pull(nowNs, pcm, offset);
    }

    /**
     * Produce the next 20 ms of audio at the start of {@code pcm}.
     *
     * @param nowNs playout time.
     * @param pcm   destination.
     * @return what the samples are made of.
     */
    public FrameType pull(final long nowNs, final short[] pcm)
    {
        return jitterBuffer.pull(nowNs, pcm, 0);
    }

    /**
     * Send due NACKs, with the playout deadline following the jitter buffer's target.
     *
     * @param nowNs current time.
     * @return work done.
     */
    @Override
    public int doWork(final long nowNs)
    {
        int work = followFecSpan(nowNs);
        if (nowNs >= nextLossCheckNs)
        {
            nextLossCheckNs = nowNs + LOSS_INTERVAL_NS;
            updateRecoveryDelay();
            work++;
        }
        final NackStage nackStage = path.nackStage;
        if (nackStage == null || !recovering)
        {
            return work;
        }
        if (path.rttSource == null && path.rttNs <= 0)
        {
            // With a loss timeout a packet is often requested before the gap that RtxRttEstimator starts from is
            // seen, which would shorten its samples; the generator knows when each packet was first requested.
            final long measuredNs = context.nack().lossTimeoutNs() > 0 ?
                nackStage.generator().measuredRttNs() : path.rttEstimator.rttNs();
            if (measuredNs > 0)
            {
                nackStage.generator().rttNs(measuredNs);
            }
        }
        nackStage.generator().playoutDelayNs(jitterBuffer.targetDelayMs() * 1_000_000L);
        return work + nackStage.doWork(nowNs);
    }

    // While the path loses packets, hold the latency budget in the buffer so retransmissions and FEC repairs arrive
    // before their packet plays (the sender plans its protection for the same budget), and send NACKs; on a clean
    // path the buffer follows the network jitter alone and reordering triggers no retransmission. Loss is measured
    // before recovery, with late (reordered) packets taking their loss back.
    private void updateRecoveryDelay()
    {
        if (!canRecover)
        {
            return;
        }
        final double loss = path.lossPattern.lossRate();
        // early in a stream one reordered packet still in flight is a large fraction: ask for more evidence
        final double enter = path.networkPackets < WARM_UP_PACKETS ? EARLY_ENTER_LOSS : RECOVERY_ENTER_LOSS;
        if (context.recoverAlways() || (!recovering && loss >= enter))
        {
            recovering = true;
        }
        else if (recovering && loss < RECOVERY_EXIT_LOSS)
        {
            recovering = false;
        }
        heavyLoss = path.networkPackets >= WARM_UP_PACKETS && context.heavyLoss(heavyLoss, loss);
        burstyLoss = path.networkPackets >= WARM_UP_PACKETS &&
            AudioSessionContext.burstyLoss(burstyLoss, loss, path.lossPattern.meanBurstPackets());
        final long budgetNs = heavyLoss || burstyLoss ? context.heavyLossBudgetNs() : context.latencyBudgetNs();
        budgetMs = recovering ? (int)(budgetNs / 1_000_000L) : 0;
        jitterBuffer.minimumDelayMs(Math.max(budgetMs, fecHoldMs));
    }

    // The sender's FEC blocks say what it plans for: hold a block's first packet until its last one and the repairs
    // can be here, even when this end's own loss measurement has not (yet) chosen the same budget. Rises at once,
    // falls after FEC_HOLD_NS of smaller blocks.
    private int followFecSpan(final long nowNs)
    {
        final FecReceiveStage fec = path.fecStage;
        final int needMs = fec == null || fec.decoder().lastBlockSpanPackets() == 0 ? 0 :
            fec.decoder().lastBlockSpanPackets() * FRAME_MS + FEC_MARGIN_MS;
        if (needMs >= fecHoldMs)
        {
            fecHoldSinceNs = nowNs;
            if (needMs == fecHoldMs)
            {
                return 0;
            }
        }
        else if (nowNs - fecHoldSinceNs < FEC_HOLD_NS)
        {
            return 0;
        }
        fecHoldMs = needMs;
        fecHoldSinceNs = nowNs;
        jitterBuffer.minimumDelayMs(Math.max(budgetMs, fecHoldMs)).inbandFecWait(fecHoldMs == 0);
        return 1;
    }

    /** @return the loss rate of the media stream before recovery, 0..1 (decaying with a 250 packet half-life). */
    public double lossRate()
    {
        return path.lossPattern.lossRate();
    }

    /**
     * @return whether this end holds the long (heavy-loss) budget because losses come in long bursts
     *         ({@link AudioSessionContext#burstyLoss}).
     */
    public boolean burstyLoss()
    {
        return burstyLoss;
    }

    /** @return the mean loss burst of the media stream before recovery, packets (0 before any loss). */
    public double meanBurstPackets()
    {
        return path.lossPattern.meanBurstPackets();
    }

    /** @return the RTT measured from retransmissions ({@link RtxRttEstimator}), or -1 before the first. */
    public long measuredRttNs()
    {
        return path.rttEstimator.rttNs();
    }

    /** @return true while the receiver sees loss and holds the latency budget for recovery. */
    public boolean recovering()
    {
        return recovering;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        final NackStage nackStage = path.nackStage;
        return Math.min(nextLossCheckNs, nackStage == null || !recovering ? NO_DEADLINE : nackStage.nextDeadlineNs());
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
    }

    /** @return the jitter buffer, for its counters and target delay. */
    public JitterBuffer jitterBuffer()
    {
        return jitterBuffer;
    }

    /** @return true once the media SSRC is known. */
    public boolean mediaKnown()
    {
        return path.mediaKnown;
    }

    /** @return the media SSRC; valid when {@link #mediaKnown()}. */
    public int mediaSsrc()
    {
        return path.mediaSsrc;
    }

    /** @return true once the RTX SSRC is known. */
    public boolean rtxKnown()
    {
        return path.rtxKnown;
    }

    /** @return the RTX SSRC; valid when {@link #rtxKnown()}. */
    public int rtxSsrc()
    {
        return path.rtxSsrc;
    }

    /** @return true once the FEC SSRC is known. */
    public boolean fecKnown()
    {
        return path.fecKnown;
    }

    /** @return the FEC SSRC; valid when {@link #fecKnown()}. */
    public int fecSsrc()
    {
        return path.fecSsrc;
    }

    /** @return Opus packets stored in the jitter buffer as they came from the network. */
    public long packetsReceived()
    {
        return path.inserted[AudioReceivePath.SOURCE_NETWORK];
    }

    /** @return packets restored by RTX and stored in the jitter buffer in time (neither late nor duplicate). */
    public long recoveredByRtx()
    {
        return path.inserted[AudioReceivePath.SOURCE_RTX];
    }

    /** @return packets rebuilt by FEC and stored in the jitter buffer in time. */
    public long recoveredByFec()
    {
        return path.inserted[AudioReceivePath.SOURCE_FEC];
    }

    /** @return packets taken from RED redundant blocks and stored in the jitter buffer in time. */
    public long recoveredByRed()
    {
        return path.inserted[AudioReceivePath.SOURCE_RED];
    }

    /** @return NACK packets sent. */
    public long nacksSent()
    {
        return path.nackStage == null ? 0 : path.nackStage.nacksWritten();
    }

    /** @return the NACK generator, for its counters; null until the media stream is known or without RTX. */
    public NackGenerator nackGenerator()
    {
        return path.nackStage == null ? null : path.nackStage.generator();
    }

    /** @return packets that arrived after their audio was played or concealed. */
    public long late()
    {
        return jitterBuffer.counters().late();
    }

    /** @return Opus payloads that failed validation. */
    public long malformed()
    {
        return path.malformed + jitterBuffer.counters().malformed();
    }

    /** @return RTX, RED or FEC packets dropped as malformed. */
    public long recoveryMalformed()
    {
        return path.recoveryMalformed;
    }

    /** @return packets of other SSRCs (or before the media stream was learned) passed on untouched. */
    public long otherSsrcPackets()
    {
        return path.otherSsrcPackets;
    }

    /** @return packets of the media SSRC with a payload type that is neither Opus nor a known RED. */
    public long unknownPayloadType()
    {
        return path.unknownPayloadType;
    }

    /** @return RTX packets seen before any media packet (not learned: their stream is unknown). */
    public long rtxBeforeMedia()
    {
        return path.rtxBeforeMedia;
    }
}
