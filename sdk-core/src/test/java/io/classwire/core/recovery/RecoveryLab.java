package io.classwire.core.recovery;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpHandler;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RtpPacket;

import java.util.Arrays;

/**
 * Two sessions in the lab with the whole recovery layer wired in through the sessions' public API: alice sends a
 * 20 ms audio stream protected as her {@link ProtectionPolicy} decides from the receiver reports (FEC on its own
 * stream, RTX answering NACKs from a packet history); bob unwraps RTX, decodes FEC and sends NACKs, all as stages of
 * his receive chain. Bob also sends audio back so both sides measure the round-trip time.
 */
final class RecoveryLab
{
    static final long MS = 1_000_000L;
    static final long SECOND_NS = 1_000_000_000L;
    static final int AUDIO_PT = 111;
    static final int RTX_PT = 97;
    static final int FEC_PT = 118;
    static final int PAYLOAD_BYTES = 100;
    static final long PLAYOUT_DELAY_NS = 200 * MS;

    final Simulator simulator;
    final SimulatedNetwork network;
    final RtpSession alice;
    final RtpSession bob;
    final SendStream audio;
    final PacedAudioSource source;
    final RtxSender rtxSender;
    final NackResponder nackResponder;
    final ProtectionPolicyContext policyContext = new ProtectionPolicyContext();
    final AdaptiveFecEncoder fecEncoder = new AdaptiveFecEncoder(policyContext, SessionContext.DEFAULT_MTU_BYTES);
    final FecSender fecSender;
    final ProtectionPolicy policy = new ProtectionPolicy(policyContext);
    final ReportedLossEstimator lossEstimator = new ReportedLossEstimator(25, 0.3);
    final LossBurstEstimator burstEstimator = new LossBurstEstimator(500);
    final RtxReceiveStage rtxStage;
    final FecReceiveStage fecStage;
    final NackStage nackStage;
    final Playout playout;

    /** Bob's record of alice's audio: first delivery time per frame, and payload checks. */
    static final class Playout implements RtpHandler
    {
        final long[] firstDeliveryNs;
        int ssrc;
        int firstSeq;
        long corrupt;

        Playout(final int frames)
        {
            firstDeliveryNs = new long[frames];
            Arrays.fill(firstDeliveryNs, -1);
        }

        @Override
        public void onRtpPacket(final ReceiveStream stream, final RtpPacket packet, final long arrivalNs)
        {
            if (packet.ssrc() != ssrc)
            {
                return;
            }
            final int frame = (packet.sequenceNumber() - firstSeq) & 0xFFFF;
            if (frame >= firstDeliveryNs.length)
            {
                return;
            }
            for (int i = 0; i < packet.payloadLength(); i++)
            {
                if (packet.buffer().getByte(packet.payloadOffset() + i) != PacedAudioSource.payloadByte(frame, i))
                {
                    corrupt++;
                    return;
                }
            }
            if (firstDeliveryNs[frame] < 0)
            {
                firstDeliveryNs[frame] = arrivalNs;
            }
        }
    }

    RecoveryLab(final long seed, final LinkConfig aliceToBob, final LinkConfig bobToAlice, final long mediaStopNs)
    {
        simulator = new Simulator(seed);
        network = new SimulatedNetwork(simulator);
        final SimNode aliceNode = network.addNode("alice");
        final SimNode bobNode = network.addNode("bob");
        network.connect("alice", "bob", aliceToBob, bobToAlice);
        final SessionAgent aliceAgent = new SessionAgent("alice", aliceNode);
        final SessionAgent bobAgent = new SessionAgent("bob", bobNode);
        alice = aliceAgent.addSession(aliceNode.peerId("bob", 0), context("alice"));
        bob = bobAgent.addSession(bobNode.peerId("alice", 0), context("bob"));

        audio = alice.addSendStream(48_000, AUDIO_PT);
        final SendStream rtx = alice.addSendStream(48_000, RTX_PT);
        final SendStream fec = alice.addSendStream(48_000, FEC_PT);
        source = new PacedAudioSource(audio, PAYLOAD_BYTES, 0, mediaStopNs);

        final RtpPacketHistory history = new RtpPacketHistory(512, 256 * 1024, 2 * SECOND_NS);
        rtxSender = new RtxSender(history, new SendStreamRtxOutput(rtx), 256_000, 8 * 1024);
        nackResponder = new NackResponder(rtxSender, audio);
        fecSender = new FecSender(fecEncoder, audio.ssrc(), fec, 500 * MS);
        alice.sendChain().insertBefore("transport-out", fecSender);
        alice.sendChain().insertBefore("transport-out", new HistoryStage(history, audio.ssrc()));
        alice.addFeedbackListener(nackResponder);
        aliceAgent.addTask(source).addTask(fecSender).addTask(new PolicyTask());

        final FecDecoder decoder = new FecDecoder(new FecDecoderContext().protectedSsrc(audio.ssrc()));
        rtxStage = new RtxReceiveStage(bob, rtx.ssrc(), audio.ssrc(), AUDIO_PT, SessionContext.DEFAULT_MTU_BYTES);
        fecStage = new FecReceiveStage(bob, decoder, fec.ssrc());
        nackStage = new NackStage(bob, new NackGenerator(new NackContext().playoutDelayNs(PLAYOUT_DELAY_NS)),
            audio.ssrc());
        bob.receiveChain().insertBefore("deliver", rtxStage);
        bob.receiveChain().insertBefore("deliver", fecStage);
        bob.receiveChain().insertBefore("deliver", nackStage);
        bob.receiveChain().insertAfter("receive-stats", new LossPatternStage(audio.ssrc()));
        final SendStream bobAudio = bob.addSendStream(48_000, AUDIO_PT);
        nackStage.rttFrom(bobAudio);
        playout = new Playout(source.capacity());
        playout.ssrc = audio.ssrc();
        playout.firstSeq = source.firstSeq();
        bob.rtpHandler(playout);
        bobAgent.addTask(new PacedAudioSource(bobAudio, PAYLOAD_BYTES, 7 * MS, mediaStopNs)).addTask(nackStage);

        simulator.addAgent(aliceAgent, aliceNode);
        simulator.addAgent(bobAgent, bobNode);
    }

    private SessionContext context(final String name)
    {
        // A 100 ms minimum RTCP interval (RFC 4585 section 3.4 lets AVPF go below 5 s) so NACKs that must wait
        // for a regular report do not wait long.
        return new SessionContext()
            .cname(name + "@classwire.test")
            .randomSeed(simulator.componentSeed("session:" + name))
            .rtcpMinIntervalNs(100 * MS)
            .clockRate(AUDIO_PT, 48_000).clockRate(RTX_PT, 48_000).clockRate(FEC_PT, 48_000);
    }

    /** Bob measures the loss pattern of alice's audio as the network delivers it, before any repair. */
    private final class LossPatternStage implements PacketStage
    {
        private final int ssrc;

        LossPatternStage(final int ssrc)
        {
            this.ssrc = ssrc;
        }

        @Override
        public int process(final PacketContext packet)
        {
            if (packet.ssrc() == ssrc)
            {
                burstEstimator.onPacket(packet.sequenceNumber());
            }
            return FORWARD;
        }

        @Override
        public String name()
        {
            return "loss-pattern";
        }
    }

    /**
     * Alice's protection loop: every receiver report updates the loss estimate and the plan. The burst length is
     * bob's measurement, read directly here; in a deployment the receiver signals it (RTCP XR burst metrics).
     */
    private final class PolicyTask implements TimedAgent
    {
        private long reports;

        @Override
        public int doWork(final long nowNs)
        {
            if (audio.reportsReceived() == reports)
            {
                return 0;
            }
            reports = audio.reportsReceived();
            lossEstimator.onReport(audio.remoteCumulativeLost(), audio.remoteExtendedHighestSeq());
            if (lossEstimator.lossRate() >= 0)
            {
                fecEncoder.apply(policy.update(nowNs, lossEstimator.lossRate(), burstEstimator.meanBurstPackets(),
                    audio.smoothedRttNs(), PLAYOUT_DELAY_NS, PacedAudioSource.INTERVAL_NS, PAYLOAD_BYTES * 8 * 50));
            }
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "protection-policy";
        }
    }

    void run(final long endNs)
    {
        simulator.runUntil(endNs);
    }

    /**
     * @param oneWayDelayNs the link's propagation delay.
     * @param fromNs        count only frames sent from this time on.
     * @return frames not delivered by their playout deadline (send + one-way delay + playout delay).
     */
    int framesMissed(final long oneWayDelayNs, final long fromNs)
    {
        int missed = 0;
        for (int frame = 0; frame < source.frames(); frame++)
        {
            final long deliveredNs = playout.firstDeliveryNs[frame];
            final long sentNs = source.sendNs(frame);
            if (sentNs >= fromNs && (deliveredNs < 0 || deliveredNs > sentNs + oneWayDelayNs + PLAYOUT_DELAY_NS))
            {
                missed++;
            }
        }
        return missed;
    }
}
