package io.classwire.core.congestion.session;

import io.classwire.core.congestion.CongestionConfig;
import io.classwire.core.congestion.GccController;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.recovery.HistoryStage;
import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.recovery.RtxReceiveStage;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpHandler;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RtpPacket;
import org.agrona.concurrent.UnsafeBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two {@link RtpSession}s in the lab's virtual time: alice sends 30 fps video that follows
 * {@link CongestionSendStage#targetBitrateBps()} through a 50 ms link with a 300 ms drop-tail queue (the RFC 8867
 * reference path) whose capacity follows a {@link CapacityTimeline}; bob answers with transport-wide feedback from a
 * {@link TwccReceiveStage}. Padding for probes comes from an RTX stream with a media history, from the media stream,
 * or not at all. The target and bob's received media rate are sampled every 100 ms.
 */
final class SessionCongestionRig
{
    static final long S = 1_000_000_000L;
    static final long SAMPLE_NS = 100_000_000L;

    enum Padding
    {
        /** No padding source: probes end when the queues are empty. */
        NONE,
        /** RTX stream with a media history: payload padding, else padding-only on the RTX SSRC. */
        RTX,
        /** RTX stream without a history: padding-only packets on the RTX SSRC. */
        RTX_PADDING_ONLY,
        /** Padding-only packets on the media SSRC. */
        MEDIA
    }

    private static final int TWCC_ID = 5;
    private static final int VIDEO_PT = 96;
    private static final int RTX_PT = 97;
    private static final int VIDEO_CLOCK_HZ = 90_000;
    private static final int MTU = 1200;

    final Simulator simulator;
    final SessionAgent aliceAgent;
    final SessionAgent bobAgent;
    final RtpSession alice;
    final RtpSession bob;
    final SendStream video;
    final CongestionSendStage sendStage;
    final TwccReceiveStage twcc;
    final PaddingReceiveStage paddingDrop;
    final RtxReceiveStage rtxReceive;
    final VideoSource source;
    long emptyPayloadsDelivered;
    long mediaBytesDelivered;

    SessionCongestionRig(final CapacityTimeline capacity, final Padding padding, final long seed)
    {
        this(capacity, padding, seed, true);
    }

    SessionCongestionRig(
        final CapacityTimeline capacity, final Padding padding, final long seed, final boolean reducedSizeRtcp)
    {
        simulator = new Simulator(seed);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode aliceNode = network.addNode("alice");
        final SimNode bobNode = network.addNode("bob");
        final LinkConfig forward = LinkConfig.builder().capacity(capacity)
            .propagationDelayMs(50).queueLimitMs(300).build();
        final LinkConfig backward = LinkConfig.builder().capacity(CapacityTimeline.constant(1_000_000))
            .propagationDelayMs(50).queueLimitMs(300).build();
        network.connect("alice", "bob", forward, backward);

        aliceAgent = new SessionAgent("alice", aliceNode);
        bobAgent = new SessionAgent("bob", bobNode);
        alice = aliceAgent.addSession(aliceNode.peerId("bob", 0), context("alice", reducedSizeRtcp));
        bob = bobAgent.addSession(bobNode.peerId("alice", 0), context("bob", reducedSizeRtcp));

        video = alice.addSendStream(VIDEO_CLOCK_HZ, VIDEO_PT);
        assertTrue(CongestionSendStage.addTransportSequenceExtension(video, TWCC_ID) >= 0);
        sendStage = new CongestionSendStage(new GccController(new CongestionConfig()), TWCC_ID, 1024, MTU)
            .attach(alice);
        RtxReceiveStage rtx = null;
        if (padding == Padding.RTX || padding == Padding.RTX_PADDING_ONLY)
        {
            final SendStream rtxStream = alice.addSendStream(VIDEO_CLOCK_HZ, RTX_PT);
            assertTrue(CongestionSendStage.addTransportSequenceExtension(rtxStream, TWCC_ID) >= 0);
            final RtpPacketHistory history =
                padding == Padding.RTX ? new RtpPacketHistory(512, 512 * MTU, 2 * S) : null;
            if (history != null)
            {
                alice.sendChain().insertBefore("transport-out", new HistoryStage(history, video.ssrc()));
            }
            sendStage.rtxPadding(rtxStream, history, video.ssrc());
            rtx = new RtxReceiveStage(bob, rtxStream.ssrc(), video.ssrc(), VIDEO_PT, MTU);
        }
        else if (padding == Padding.MEDIA)
        {
            sendStage.mediaPadding(video);
        }
        rtxReceive = rtx;
        twcc = new TwccReceiveStage(TWCC_ID).attach(bob);
        // Both orders occur: padding-drop before rtx (RTX), rtx before padding-drop (RTX_PADDING_ONLY).
        if (rtx != null && padding == Padding.RTX)
        {
            bob.receiveChain().insertAfter("receive-stats", rtx);
        }
        paddingDrop = new PaddingReceiveStage().attach(bob);
        if (rtx != null && padding == Padding.RTX_PADDING_ONLY)
        {
            bob.receiveChain().insertAfter("receive-stats", rtx);
        }
        bob.rtpHandler(new Counter());
        source = new VideoSource(video, sendStage);
        aliceAgent.addTask(source).addTask(sendStage);
        bobAgent.addTask(twcc);
        simulator.addAgent(aliceAgent, aliceNode);
        simulator.addAgent(bobAgent, bobNode);
    }

    private SessionContext context(final String name, final boolean reducedSizeRtcp)
    {
        return new SessionContext()
            .cname(name + "@classwire.test")
            .randomSeed(simulator.componentSeed("session:" + name))
            .sessionBandwidthBps(2_000_000)
            .rtcpMinIntervalNs(100_000_000L)
            .reducedSizeRtcp(reducedSizeRtcp)
            .clockRate(VIDEO_PT, VIDEO_CLOCK_HZ)
            .clockRate(RTX_PT, VIDEO_CLOCK_HZ);
    }

    SessionCongestionRig run(final long untilNs)
    {
        simulator.runUntil(untilNs);
        return this;
    }

    /** First sample time from {@code fromNs} at which the target reached {@code bps}, or -1. */
    long firstReachNs(final long fromNs, final long bps)
    {
        for (long t = fromNs; t < source.endNs(); t += SAMPLE_NS)
        {
            if (source.targetAt(t) >= bps)
            {
                return t;
            }
        }
        return -1;
    }

    String describe()
    {
        return "target " + sendStage.targetBitrateBps() + ", feedbacks " + sendStage.feedbacks() +
            ", numbered at bob " + twcc.numberedPackets() + ", padding " + sendStage.paddingPackets() + " (" +
            sendStage.payloadPaddingPackets() + " payload), padding dropped at bob " + paddingDrop.paddingPackets() +
            (rtxReceive == null ? "" : " + rtx " + rtxReceive.paddingPackets()) +
            ", unnumbered " + sendStage.unnumberedPackets() + "\n" + source.trace();
    }

    /** Counts what reaches bob's application. */
    private final class Counter implements RtpHandler
    {
        @Override
        public void onRtpPacket(final ReceiveStream stream, final RtpPacket packet, final long arrivalNs)
        {
            if (packet.payloadLength() == 0)
            {
                emptyPayloadsDelivered++;
            }
            mediaBytesDelivered += packet.payloadLength();
        }
    }

    /** 30 fps frames of the current target, cut into packets of at most 1000 bytes; samples the target. */
    static final class VideoSource implements TimedAgent
    {
        private static final long FRAME_NS = 33_333_333L;
        private static final int MAX_PAYLOAD = 1000;
        private static final int MAX_SAMPLES = 1200;

        private final SendStream stream;
        private final CongestionSendStage stage;
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
        private final long[] targetSamples = new long[MAX_SAMPLES];
        private long nextFrameNs;
        private long nextSampleNs;

        VideoSource(final SendStream stream, final CongestionSendStage stage)
        {
            this.stream = stream;
            this.stage = stage;
        }

        @Override
        public int doWork(final long nowNs)
        {
            int work = 0;
            while (nextSampleNs <= nowNs)
            {
                final int index = (int)(nextSampleNs / SAMPLE_NS);
                if (index < MAX_SAMPLES)
                {
                    targetSamples[index] = stage.targetBitrateBps();
                }
                nextSampleNs += SAMPLE_NS;
            }
            while (nextFrameNs <= nowNs)
            {
                int frameBytes = (int)(stage.targetBitrateBps() / 30 / 8);
                final int timestamp = (int)(nextFrameNs / 11_111);
                while (frameBytes > 0)
                {
                    final int length = Math.min(MAX_PAYLOAD, frameBytes);
                    frameBytes -= length;
                    stream.send(nowNs, timestamp, frameBytes == 0, payload, 0, length);
                    work++;
                }
                nextFrameNs += FRAME_NS;
            }
            return work;
        }

        @Override
        public long nextDeadlineNs()
        {
            return Math.min(nextFrameNs, nextSampleNs);
        }

        @Override
        public String roleName()
        {
            return "video";
        }

        long endNs()
        {
            return Math.min(nextSampleNs, MAX_SAMPLES * SAMPLE_NS);
        }

        long targetAt(final long timeNs)
        {
            return targetSamples[(int)(timeNs / SAMPLE_NS)];
        }

        long minTargetBps(final long fromNs, final long toNs)
        {
            long min = Long.MAX_VALUE;
            for (long t = fromNs; t < toNs; t += SAMPLE_NS)
            {
                min = Math.min(min, targetAt(t));
            }
            return min;
        }

        long maxTargetBps(final long fromNs, final long toNs)
        {
            long max = 0;
            for (long t = fromNs; t < toNs; t += SAMPLE_NS)
            {
                max = Math.max(max, targetAt(t));
            }
            return max;
        }

        String trace()
        {
            final StringBuilder out = new StringBuilder();
            for (long t = 0; t < endNs(); t += 5 * SAMPLE_NS)
            {
                out.append(t / 100_000_000L / 10.0).append("s:").append(targetAt(t) / 1000).append(' ');
            }
            return out.toString();
        }
    }
}
