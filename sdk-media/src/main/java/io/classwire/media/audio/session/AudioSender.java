package io.classwire.media.audio.session;

import io.classwire.core.recovery.AdaptiveFecEncoder;
import io.classwire.core.recovery.FecSender;
import io.classwire.core.recovery.NackResponder;
import io.classwire.core.recovery.ProtectionPlan;
import io.classwire.core.recovery.ProtectionPolicy;
import io.classwire.core.recovery.RedEncoder;
import io.classwire.core.recovery.ReportedLossEstimator;
import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.recovery.RtxSender;
import io.classwire.core.recovery.SendStreamRtxOutput;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RedPayload;
import io.classwire.media.audio.AudioEncoder;
import io.classwire.media.audio.AudioFormat;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * Sends one Opus stream on an {@link RtpSession} with the loss recovery the receiver's reports call for;
 * single-threaded (the session's agent thread calls {@link #sendFrame} and {@link #doWork}).
 *
 * <ul>
 * <li>Media: 20 ms Opus frames (VOIP, in-band FEC hinted by the reported loss, optional DTX), one per RTP packet
 *     (RFC 7587), marker on the first packet of a talkspurt, suppressed DTX frames not sent.</li>
 * <li>NACK/RTX: a packet history (as plain Opus, see {@link PlainHistoryStage}) and an RFC 4588 stream with its own
 *     SSRC answering AVPF generic NACKs, once per RTT per packet, within a byte budget.</li>
 * <li>RED (RFC 2198) at the plan's distance; plain Opus while the distance is 0, so a clean path costs nothing.</li>
 * <li>FEC: XOR or Reed-Solomon repairs on their own stream, as the plan says ({@link AdaptiveFecEncoder}).</li>
 * <li>Plan: on each RTCP receiver report about our audio, {@link ProtectionPolicy} is updated with the reported loss
 *     (from cumulative counts, so reordering is not counted as loss), the RTT from LSR/DLSR and the configured latency
 *     budget (the heavy-loss one from {@link AudioSessionContext#heavyLossRate()} on, as the receiver does). Before
 *     the first report nothing is spent on protection. Packets that reordering left in flight at a report are not
 *     taken for losses ({@link SettledLossFilter}).</li>
 * </ul>
 * Add the sender to the session's agent as a task ({@code agent.addTask(sender)}) so the plan follows the reports
 * and FEC repairs are flushed. Allocation-free in steady state apart from what concentus allocates per encode.
 */
public final class AudioSender implements TimedAgent
{
    /** {@link #sendFrame} result: the frame was a DTX frame in a silence and was not sent. */
    public static final int SUPPRESSED = 0;
    /** {@link #sendFrame} result: the encoder failed or the arguments were bad; nothing was sent. */
    public static final int ENCODE_FAILED = -100;

    private static final String NAME = "audio-sender";
    private static final long FRAME_NS = AudioFormat.FRAME_DURATION_MS * 1_000_000L;
    // reports after one that bound its settled loss: at AVPF intervals of 100-150 ms, a few hundred ms of lag
    private static final int SETTLE_REPORTS = 3;
    private static final int WARM_UP_SAMPLES = 4;
    private static final double BUDGET_LOSS_GAIN = 0.05;
    private static final int PROVISIONAL_MIN_PACKETS = 8;
    // a sample every ~12 packets: the first plan comes about half a second in; the settled filter keeps a clean
    // path at exactly zero, so the small samples only add noise where there is loss (and the plan follows peaks)
    private static final int LOSS_SAMPLE_PACKETS = 12;

    private final AudioSessionContext context;
    private final SendStream audio;
    private final SendStream rtx;
    private final SendStream fec;
    private final AudioEncoder encoder;
    private final UnsafeBuffer opus = new UnsafeBuffer(new byte[AudioEncoder.MAX_ENCODED_LENGTH]);
    private final RedEncoder redEncoder;
    private final RtxSender rtxSender;
    private final NackResponder nackResponder;
    private final PlainHistoryStage historyStage;
    private final AdaptiveFecEncoder fecEncoder;
    private final FecSender fecSender;
    private final ProtectionPolicy policy;
    private final SettledLossFilter settledLoss = new SettledLossFilter(SETTLE_REPORTS);
    private final ReportedLossEstimator lossEstimator = new ReportedLossEstimator(LOSS_SAMPLE_PACKETS, 0.3);
    // about 250 packets of memory, like the receiver's loss measurement that sets its jitter buffer's budget
    private final ReportedLossEstimator budgetLossEstimator =
        new ReportedLossEstimator(LOSS_SAMPLE_PACKETS, BUDGET_LOSS_GAIN);
    private final ReportedLossPattern lossPattern;
    private int timestamp;
    private boolean talkSpurtStart = true;
    private boolean inDtx;
    private boolean heavyLoss;
    private boolean burstyLoss;
    private final long initialSequence;
    private long reportsSeen;
    private long framesSent;
    private long framesSuppressed;
    private long encodeFailures;
    private long sendFailures;
    private long opusBytesSent;
    private long redPackets;
    private long redBytes;

    /**
     * Create the streams (media; RTX and FEC when their payload types are set) and plug into the session.
     *
     * @param session the session to the receiver.
     * @param context settings; {@link AudioSessionContext#conclude()} is called here.
     */
    public AudioSender(final RtpSession session, final AudioSessionContext context)
    {
        this.context = context.conclude();
        final int mtu = session.context().mtuBytes();
        audio = session.addSendStream(AudioFormat.SAMPLE_RATE_HZ, context.mediaPayloadType());
        initialSequence = audio.nextSequenceNumber();
        encoder = new AudioEncoder().bitrateBps(context.bitrateBps()).inbandFec(context.inbandFec())
            .dtx(context.dtx());
        timestamp = new SplittableRandom(session.context().randomSeed() ^ audio.ssrc()).nextInt();
        redEncoder = context.redPayloadType() == AudioSessionContext.NONE ? null :
            new RedEncoder(0, RedPayload.MAX_BLOCK_LENGTH);
        policy = new ProtectionPolicy(context.policy());
        lossPattern = new ReportedLossPattern(audio.ssrc());
        session.addAppListener(lossPattern);
        if (context.rtxPayloadType() != AudioSessionContext.NONE)
        {
            rtx = session.addSendStream(AudioFormat.SAMPLE_RATE_HZ, context.rtxPayloadType());
            final RtpPacketHistory history = new RtpPacketHistory(512, 256 * 1024, context.historyAgeNs());
            rtxSender = new RtxSender(history, new SendStreamRtxOutput(rtx), context.rtxMaxBitrateBps(), 8 * 1024);
            nackResponder = new NackResponder(rtxSender, audio);
            historyStage = new PlainHistoryStage(history, audio.ssrc(), context.mediaPayloadType(),
                context.redPayloadType(), mtu);
            session.sendChain().insertBefore("transport-out", historyStage);
            session.addFeedbackListener(nackResponder);
        }
        else
        {
            rtx = null;
            rtxSender = null;
            nackResponder = null;
            historyStage = null;
        }
        if (context.sendFec())
        {
            fec = session.addSendStream(AudioFormat.SAMPLE_RATE_HZ, context.fecPayloadType());
            fecEncoder = new AdaptiveFecEncoder(context.policy(), mtu);
            fecSender = new FecSender(fecEncoder, audio.ssrc(), fec, context.fecMaxBlockAgeNs());
            session.sendChain().insertBefore("transport-out", fecSender);
        }
        else
        {
            fec = null;
            fecEncoder = null;
            fecSender = null;
        }
    }

    /**
     * Encode and send one frame.
     *
     * @param nowNs current time.
     * @param pcm   {@link AudioFormat#FRAME_SAMPLES} samples, 48 kHz mono, from {@code offset}.
     * @param offset first sample.
     * @return RTP payload bytes sent, {@link #SUPPRESSED}, {@link #ENCODE_FAILED} or a negative
     * {@link SendStream} code (the frame is then lost; the timestamp still advances).
     */
    public int sendFrame(final long nowNs, final short[] pcm, final int offset)
    {
        final int length = encoder.encode(pcm, offset, opus, 0, opus.capacity());
        final int frameTimestamp = timestamp;
        timestamp += AudioFormat.FRAME_SAMPLES;
        if (length <= 0)
        {
            encodeFailures++;
            return ENCODE_FAILED;
        }
        final boolean dtxFrame = length <= AudioEncoder.DTX_MAX_LENGTH;
        if (dtxFrame && inDtx)
        {
            framesSuppressed++;
            talkSpurtStart = true;
            return SUPPRESSED;
        }
        inDtx = dtxFrame;
        final int payloadLength = writePayload(frameTimestamp, length);
        if (historyStage != null)
        {
            historyStage.primaryLength(length);
        }
        final int result = audio.sendInPlace(nowNs, frameTimestamp, talkSpurtStart, payloadLength);
        if (result != SendStream.OK)
        {
            sendFailures++;
            if (redEncoder != null)
            {
                redEncoder.discardLast();
            }
            return result;
        }
        if (!dtxFrame)
        {
            talkSpurtStart = false;
        }
        framesSent++;
        opusBytesSent += length;
        if (payloadLength != length)
        {
            redPackets++;
            redBytes += payloadLength - length;
        }
        return payloadLength;
    }

    /**
     * Encode and send one frame held at the start of {@code pcm}.
     *
     * @param nowNs current time.
     * @param pcm   {@link AudioFormat#FRAME_SAMPLES} samples, 48 kHz mono.
     * @return as {@link #sendFrame(long, short[], int)}.
     */
    public int sendFrame(final long nowNs, final short[] pcm)
    {
        return sendFrame(nowNs, pcm, 0);
    }

    // RED framing only while the plan asks for redundancy; the RED encoder still remembers every primary so the
    // first redundant packet can carry the ones before it.
    private int writePayload(final int frameTimestamp, final int length)
    {
        int written = -1;
        if (redEncoder != null)
        {
            written = redEncoder.encode(context.mediaPayloadType(), frameTimestamp, opus, 0, length,
                audio.payloadBuffer(), audio.payloadOffset(), audio.maxPayloadLength());
        }
        if (written > 0 && redEncoder.distance() > 0)
        {
            audio.headerBuilder().payloadType(context.redPayloadType());
            return written;
        }
        audio.headerBuilder().payloadType(context.mediaPayloadType());
        audio.payloadBuffer().putBytes(audio.payloadOffset(), opus, 0, length);
        return length;
    }

    /**
     * Follow the receiver's reports (plan, loss hint, RTT) and send due FEC repairs.
     *
     * @param nowNs current time.
     * @return work done.
     */
    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        if (audio.reportsReceived() != reportsSeen)
        {
            reportsSeen = audio.reportsReceived();
            onReport(nowNs);
            work++;
        }
        if (fecSender != null)
        {
            work += fecSender.doWork(nowNs);
        }
        return work;
    }

    // Until the settled estimate has its first sample (a second or so in: a sample needs LOSS_SAMPLE_PACKETS and
    // then SETTLE_REPORTS more reports), plan from each report's whole history: its cumulative loss over the packets
    // sent so far, read as zero while it is within what reordering could still have in flight (from the reported
    // jitter), so a clean jittery path reads zero while a lossy start is protected from the first reports.
    private double provisionalLoss()
    {
        final long expected = audio.remoteExtendedHighestSeq() - initialSequence + 1;
        if (expected < PROVISIONAL_MIN_PACKETS)
        {
            return -1;
        }
        final long stragglers = 2 + (3 * audio.remoteJitterNs() + FRAME_NS - 1) / FRAME_NS;
        final long lost = audio.remoteCumulativeLost();
        // once more is lost than reordering could explain, take the count as it is: planning for less than the
        // loss at the start of a stream leaves its first second unprotected
        return lost > stragglers ? Math.min(1.0, lost / (double)expected) : 0.0;
    }

    private void onReport(final long nowNs)
    {
        if (settledLoss.onReport(audio.remoteCumulativeLost(), audio.remoteExtendedHighestSeq()))
        {
            lossEstimator.onReport(settledLoss.settledLost(), settledLoss.settledHighest());
            budgetLossEstimator.onReport(settledLoss.settledLost(), settledLoss.settledHighest());
        }
        final long rttNs = audio.smoothedRttNs();
        if (rtxSender != null && rttNs > 0)
        {
            rtxSender.rttNs(rttNs);
        }
        final boolean settled = lossEstimator.samples() > 0;
        final double lossRate = settled ? lossEstimator.lossRate() : provisionalLoss();
        if (lossRate < 0)
        {
            return;
        }
        encoder.onLossPercent(100.0 * lossRate);
        if (rtxSender == null && redEncoder == null && fecEncoder == null)
        {
            return;
        }
        // the first samples of a stream are few packets each: a single noisy one must not switch budgets; then the
        // budget follows a slower average than the plan, as the receiver's does. Before the first settled sample the
        // provisional figure (a report's whole history) decides; the receiver follows the FEC blocks it sees.
        if (lossEstimator.samples() >= WARM_UP_SAMPLES)
        {
            heavyLoss = context.heavyLoss(heavyLoss, budgetLossEstimator.lossRate());
        }
        else if (!settled)
        {
            heavyLoss = context.heavyLoss(heavyLoss, lossRate);
        }
        // the receiver's loss-pattern reports say how long the bursts are; long ones need the long budget at any rate
        final double meanBurst = lossPattern.meanBurstPackets();
        burstyLoss = AudioSessionContext.burstyLoss(burstyLoss, lossRate, meanBurst);
        final long budgetNs = heavyLoss || burstyLoss ? context.heavyLossBudgetNs() : context.latencyBudgetNs();
        final ProtectionPlan plan = policy.update(nowNs, lossRate, meanBurst, rttNs, budgetNs, FRAME_NS,
            encoder.bitrateBps());
        int distance = context.sendRed() ? plan.redDistance() : 0;
        if (plan.fecScheme() != ProtectionPlan.FEC_NONE && !context.sendFec() && context.sendRed())
        {
            // no FEC stream to carry the plan's repairs: the strongest RED stands in
            distance = RedEncoder.MAX_DISTANCE;
        }
        if (redEncoder != null)
        {
            redEncoder.distance(distance);
        }
        if (fecEncoder != null)
        {
            fecEncoder.apply(plan);
            // a block open longer than the plan's latency (a pause: DTX sends a packet every 400 ms) would send its
            // repairs after the receiver played its first packet
            fecSender.maxBlockAgeNs(Math.min(context.fecMaxBlockAgeNs(), plan.addedLatencyNs() + FRAME_NS / 2));
        }
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return fecSender == null ? NO_DEADLINE : fecSender.nextDeadlineNs();
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
    }
    /**
     * Set the Opus bitrate, e.g. from the bandwidth allocator; takes effect from the next frame.
     *
     * @param bitrateBps bitrate, clamped to the encoder's range.
     * @return this.
     */
    public AudioSender bitrateBps(final int bitrateBps)
    {
        encoder.bitrateBps(Math.max(AudioEncoder.MIN_BITRATE_BPS, Math.min(AudioEncoder.MAX_BITRATE_BPS, bitrateBps)));
        return this;
    }

    /**
     * Tell the policy and the RTX budget what congestion control allows for this stream in total.
     *
     * @param bitrateBps allowed bitrate; 0 or less for no limit.
     * @return this.
     */
    public AudioSender availableBitrateBps(final long bitrateBps)
    {
        policy.availableBitrateBps(Math.max(0, bitrateBps));
        if (rtxSender != null && bitrateBps > 0)
        {
            rtxSender.maxBitrateBps(Math.min(context.rtxMaxBitrateBps(), bitrateBps));
        }
        return this;
    }

    /** @return RTP timestamp the next frame will carry (frames advance it by 960 whether sent or not). */
    public int nextTimestamp()
    {
        return timestamp;
    }

    /** @return the plan in force (all off before the first report). */
    public ProtectionPlan plan()
    {
        return policy.plan();
    }

    /** @return the loss rate the plan was last made from, 0..1, or negative before the first usable report. */
    public double reportedLossRate()
    {
        return lossEstimator.lossRate();
    }

    /** @return the encoder, for its settings and counters. */
    public AudioEncoder encoder()
    {
        return encoder;
    }

    /** @return the media stream (SSRC, counters, the peer's reports). */
    public SendStream mediaStream()
    {
        return audio;
    }

    /** @return the RTX stream, or null without an RTX payload type. */
    public SendStream rtxStream()
    {
        return rtx;
    }

    /** @return the FEC stream, or null when FEC is off. */
    public SendStream fecStream()
    {
        return fec;
    }

    /** @return the RTX sender, for its counters; null without an RTX payload type. */
    public RtxSender rtxSender()
    {
        return rtxSender;
    }

    /** @return the NACK responder, for its counters; null without an RTX payload type. */
    public NackResponder nackResponder()
    {
        return nackResponder;
    }

    /** @return frames sent as RTP packets. */
    public long framesSent()
    {
        return framesSent;
    }

    /** @return DTX frames not sent. */
    public long framesSuppressed()
    {
        return framesSuppressed;
    }

    /** @return frames the encoder failed on. */
    public long encodeFailures()
    {
        return encodeFailures;
    }

    /** @return frames the send stream refused. */
    public long sendFailures()
    {
        return sendFailures;
    }

    /** @return Opus payload bytes sent (primaries only). */
    public long opusBytesSent()
    {
        return opusBytesSent;
    }

    /** @return packets sent in RED framing. */
    public long redPackets()
    {
        return redPackets;
    }

    /** @return RED payload bytes beyond the primaries (headers and redundant blocks). */
    public long redBytes()
    {
        return redBytes;
    }

    /** @return FEC repair bytes sent (RTP header and payload). */
    public long fecBytesSent()
    {
        return fecSender == null ? 0 : fecSender.repairBytesSent();
    }

    /** @return RTX bytes sent. */
    public long rtxBytesSent()
    {
        return rtxSender == null ? 0 : rtxSender.bytesSent();
    }

    /** @return retransmissions sent. */
    public long rtxPacketsSent()
    {
        return rtxSender == null ? 0 : rtxSender.packetsSent();
    }

    /** @return RED, FEC and RTX bytes: everything sent beyond the Opus primaries and their RTP packets. */
    public long protectionBytes()
    {
        return redBytes + fecBytesSent() + rtxBytesSent();
    }

    /** @return whether the sender plans for the long budget because the receiver reports long loss bursts. */
    public boolean burstyLoss()
    {
        return burstyLoss;
    }

    /** @return loss-pattern reports received about our media stream. */
    public long lossPatternReports()
    {
        return lossPattern.reports();
    }

    /** @return loss-pattern reports that were malformed (counted and ignored). */
    public long lossPatternInvalid()
    {
        return lossPattern.invalid();
    }

    /** @return the mean loss burst the receiver last reported, packets; 0 before any report. */
    public double reportedMeanBurstPackets()
    {
        return lossPattern.meanBurstPackets();
    }
}
