package io.classwire.media.audio.session;

import io.classwire.core.recovery.FecDecoder;
import io.classwire.core.recovery.FecDecoderContext;
import io.classwire.core.recovery.FecReceiveStage;
import io.classwire.core.recovery.LossBurstEstimator;
import io.classwire.core.recovery.NackGenerator;
import io.classwire.core.recovery.NackStage;
import io.classwire.core.recovery.RedDecoder;
import io.classwire.core.recovery.RedReceiveStage;
import io.classwire.core.recovery.RtxReceiveStage;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.wire.LossPatternReport;
import io.classwire.core.wire.RtpPacket;
import io.classwire.media.audio.JitterBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * The receive-chain stages of an {@link AudioReceiver} and what they learn: SSRCs by payload type, the recovery
 * stages created on learning, where each packet came from (network, RTX, FEC, RED) and the counters. Package-private;
 * single-threaded (the session's agent thread).
 */
final class AudioReceivePath
{
    static final int SOURCE_NETWORK = 0;
    static final int SOURCE_RTX = 1;
    static final int SOURCE_FEC = 2;
    static final int SOURCE_RED = 3;
    private static final int SOURCE_RED_SPLIT = 4;
    private static final long INITIAL_RTT_NS = 20_000_000L;
    private static final int LOSS_HALF_LIFE_PACKETS = 250;

    final long[] inserted = new long[4];
    final RtxRttEstimator rttEstimator = new RtxRttEstimator();
    final LossBurstEstimator lossPattern = new LossBurstEstimator(LOSS_HALF_LIFE_PACKETS);
    private final RtpSession session;
    private final AudioSessionContext context;
    private final JitterBuffer jitterBuffer;
    private final int mtuBytes;
    RtxReceiveStage rtxStage;
    FecReceiveStage fecStage;
    RedReceiveStage redStage;
    NackStage nackStage;
    SendStream rttSource;
    long rttNs;
    int mediaSsrc;
    int rtxSsrc;
    int fecSsrc;
    boolean mediaKnown;
    boolean rtxKnown;
    boolean fecKnown;
    boolean mediaExpected;
    int expectedMediaSsrc;
    long otherSsrcPackets;
    long unknownPayloadType;
    long recoveryMalformed;
    long malformed;
    long rtxBeforeMedia;
    long networkPackets;
    private int source;
    private int redOuterSource;
    private int redPrimarySeq = -1;

    RtpSession session()
    {
        return session;
    }

    AudioReceivePath(final RtpSession session, final AudioSessionContext context, final JitterBuffer jitterBuffer)
    {
        this.session = session;
        this.context = context;
        this.jitterBuffer = jitterBuffer;
        this.mtuBytes = session.context().mtuBytes();
        session.receiveChain().insertBefore("deliver", new LearnStage());
        session.receiveChain().insertBefore("deliver", new RtxSlot());
        session.receiveChain().insertBefore("deliver", new FecSlot());
        session.receiveChain().insertBefore("deliver", new RedSlot());
        session.receiveChain().insertBefore("deliver", new NackSlot());
        session.receiveChain().insertBefore("deliver", new JitterStage());
        if (context.receivesRepairs())
        {
            session.addReportExtension(this::writeLossPattern);
        }
    }

    // The sender plans its protection from the loss rate in our reports and, from this, the length of the bursts:
    // without it a bursty path is planned for as if losses were independent. Sent once a loss has been seen.
    private int writeLossPattern(
        final MutableDirectBuffer buffer, final int offset, final int capacity, final long nowNs)
    {
        final double meanBurst = lossPattern.meanBurstPackets();
        if (!mediaKnown || !(meanBurst > 0))
        {
            return 0;
        }
        return LossPatternReport.build(buffer, offset, capacity, session.reporterSsrc(), mediaSsrc, meanBurst);
    }

    private void learnMedia(final int ssrc)
    {
        mediaSsrc = ssrc;
        mediaKnown = true;
        if (context.redPayloadType() != AudioSessionContext.NONE)
        {
            redStage = new RedReceiveStage(session, new RedDecoder(context.redPayloadType(), mtuBytes, 1024), ssrc);
        }
        if (context.rtxPayloadType() != AudioSessionContext.NONE)
        {
            nackStage = new NackStage(session, new NackGenerator(context.nack()), ssrc).rttFrom(rttSource);
            // Until a retransmission measures it, a receive-only peer assumes a short RTT: a NACK that turns out
            // useless costs a few bytes, while assuming a long one would never ask and so never measure.
            nackStage.generator().rttNs(rttNs > 0 ? rttNs : INITIAL_RTT_NS);
        }
    }

    private void learnRtx(final int ssrc)
    {
        rtxSsrc = ssrc;
        rtxKnown = true;
        rtxStage = new RtxReceiveStage(session, ssrc, mediaSsrc, context.mediaPayloadType(), mtuBytes);
    }

    // heavy loss makes the sender send up to ten repairs per media packet (see AudioSessionContext's overhead cap)
    private static final int MAX_FEC_REPAIR = 128;
    private static final int FEC_POOL_SYMBOLS = 512;

    private void learnFec(final int ssrc)
    {
        fecSsrc = ssrc;
        fecKnown = true;
        fecStage = new FecReceiveStage(session, new FecDecoder(
            new FecDecoderContext().protectedSsrc(mediaSsrc).maxPacketLength(mtuBytes)
                .maxRepair(MAX_FEC_REPAIR).poolSymbols(FEC_POOL_SYMBOLS)), ssrc);
    }

    private int countDrop(final int verdict)
    {
        if (verdict == PacketStage.DROP)
        {
            recoveryMalformed++;
        }
        return verdict;
    }

    /** Learns the streams by payload type; marks each packet as coming from the network. */
    private final class LearnStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            source = SOURCE_NETWORK;
            final int payloadType = packet.rtp().payloadType();
            final int ssrc = packet.ssrc();
            if (!mediaKnown)
            {
                if ((payloadType == context.mediaPayloadType() || payloadType == context.redPayloadType()) &&
                    (!mediaExpected || ssrc == expectedMediaSsrc))
                {
                    learnMedia(ssrc);
                    return validateOpus(packet, payloadType);
                }
                else if (payloadType == context.rtxPayloadType())
                {
                    rtxBeforeMedia++;
                }
            }
            else if (ssrc == mediaSsrc)
            {
                final int verdict = validateOpus(packet, payloadType);
                if (verdict == FORWARD)
                {
                    lossPattern.onPacket(packet.sequenceNumber());
                    networkPackets++;
                }
                return verdict;
            }
            else
            {
                if (!rtxKnown && payloadType == context.rtxPayloadType())
                {
                    learnRtx(ssrc);
                }
                else if (!fecKnown && payloadType == context.fecPayloadType())
                {
                    learnFec(ssrc);
                }
            }
            return FORWARD;
        }

        // A malformed Opus payload is dropped here, before its sequence number moves the RED, FEC and NACK state.
        private int validateOpus(final PacketContext packet, final int payloadType)
        {
            if (payloadType != context.mediaPayloadType())
            {
                return FORWARD;
            }
            final RtpPacket rtp = packet.rtp();
            final int status = jitterBuffer.decoder().check(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength());
            if (status < 0)
            {
                malformed++;
                packet.dropReason(status);
                return DROP;
            }
            return FORWARD;
        }

        @Override
        public String name()
        {
            return AudioReceiver.LEARN_STAGE;
        }
    }

    /** RTX, once learned: a restored packet continues as a media packet from RTX. */
    private final class RtxSlot implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            if (rtxStage == null || packet.ssrc() != rtxSsrc)
            {
                return FORWARD;
            }
            final int verdict = countDrop(rtxStage.process(packet));
            if (verdict == FORWARD)
            {
                source = SOURCE_RTX;
            }
            return verdict;
        }

        @Override
        public String name()
        {
            return RtxReceiveStage.NAME;
        }
    }

    /** FEC, once learned; packets it rebuilds pass the later stages (nested) as from FEC. */
    private final class FecSlot implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            if (fecStage == null)
            {
                return FORWARD;
            }
            final int outer = source;
            source = SOURCE_FEC;
            final int verdict = fecStage.process(packet);
            source = outer;
            if (verdict == DROP && packet.ssrc() == fecSsrc)
            {
                recoveryMalformed++;
            }
            return verdict;
        }

        @Override
        public String name()
        {
            return FecReceiveStage.NAME;
        }
    }

    /** RED: the primary keeps the RED packet's source, redundant blocks count as recovered by RED. */
    private final class RedSlot implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            if (redStage == null)
            {
                return FORWARD;
            }
            final int outer = source;
            redOuterSource = outer;
            redPrimarySeq = packet.sequenceNumber();
            source = SOURCE_RED_SPLIT;
            final int verdict = redStage.process(packet);
            source = outer;
            redPrimarySeq = -1;
            if (verdict == DROP && packet.ssrc() == mediaSsrc &&
                packet.rtp().payloadType() == context.redPayloadType())
            {
                recoveryMalformed++;
            }
            return verdict;
        }

        @Override
        public String name()
        {
            return RedReceiveStage.NAME;
        }
    }

    /** NACK tracking, once the media stream is known. */
    private final class NackSlot implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            return nackStage == null ? FORWARD : nackStage.process(packet);
        }

        @Override
        public String name()
        {
            return NackStage.NAME;
        }
    }

    /** Opus packets of the media stream into the jitter buffer; everything passes on to the application. */
    private final class JitterStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            if (!mediaKnown || packet.ssrc() != mediaSsrc)
            {
                otherSsrcPackets++;
                return FORWARD;
            }
            final RtpPacket rtp = packet.rtp();
            if (rtp.payloadType() != context.mediaPayloadType())
            {
                unknownPayloadType++;
                return FORWARD;
            }
            int from = source;
            if (from == SOURCE_RED_SPLIT)
            {
                from = packet.sequenceNumber() == redPrimarySeq ? redOuterSource : SOURCE_RED;
            }
            if (nackStage != null)
            {
                // before this packet's gaps are noted: the NACKs written so far cannot have asked for them
                final long nackNs = nackStage.takeFirstNackNs();
                if (nackNs != Long.MIN_VALUE)
                {
                    rttEstimator.onNackSent(nackNs);
                }
            }
            if (from == SOURCE_NETWORK)
            {
                rttEstimator.onNetworkPacket(rtp.sequenceNumber(), packet.timeNs());
            }
            else if (from == SOURCE_RTX)
            {
                rttEstimator.onRetransmission(rtp.sequenceNumber(), packet.timeNs());
            }
            final int result = jitterBuffer.insert(rtp.sequenceNumber(), rtp.timestamp(), packet.timeNs(),
                rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength(), from != SOURCE_NETWORK);
            if (result == JitterBuffer.INSERTED || result == JitterBuffer.FLUSHED)
            {
                inserted[from]++;
            }
            return FORWARD;
        }

        @Override
        public String name()
        {
            return AudioReceiver.JITTER_STAGE;
        }
    }
}
