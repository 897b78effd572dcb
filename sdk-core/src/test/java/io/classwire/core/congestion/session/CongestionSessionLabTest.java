package io.classwire.core.congestion.session;

import io.classwire.core.congestion.CongestionConfig;
import io.classwire.core.congestion.GccController;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.TimedAgent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Congestion control carried by two {@link RtpSession}s in the lab's virtual time: alice sends 30 fps video that
 * follows {@link CongestionSendStage#targetBitrateBps()} through a 1 Mbit/s, 50 ms, 300 ms drop-tail link; bob's
 * {@link TwccReceiveStage} answers with transport-wide feedback through his session's RTCP.
 */
class CongestionSessionLabTest
{
    private static final long S = 1_000_000_000L;
    private static final int TWCC_ID = 5;
    private static final int VIDEO_PT = 96;
    private static final int VIDEO_CLOCK_HZ = 90_000;

    @Test
    void shouldConvergeToTheLinkThroughTheSessionChains()
    {
        final Simulator simulator = new Simulator(11);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode aliceNode = network.addNode("alice");
        final SimNode bobNode = network.addNode("bob");
        final LinkConfig forward = LinkConfig.builder().capacity(CapacityTimeline.constant(1_000_000))
            .propagationDelayMs(50).queueLimitMs(300).build();
        final LinkConfig backward = LinkConfig.builder().capacity(CapacityTimeline.constant(1_000_000))
            .propagationDelayMs(50).queueLimitMs(300).build();
        network.connect("alice", "bob", forward, backward);

        final SessionAgent aliceAgent = new SessionAgent("alice", aliceNode);
        final SessionAgent bobAgent = new SessionAgent("bob", bobNode);
        final RtpSession alice = aliceAgent.addSession(aliceNode.peerId("bob", 0), context("alice", simulator));
        final RtpSession bob = bobAgent.addSession(bobNode.peerId("alice", 0), context("bob", simulator));

        final SendStream video = alice.addSendStream(VIDEO_CLOCK_HZ, VIDEO_PT);
        assertTrue(CongestionSendStage.addTransportSequenceExtension(video, TWCC_ID) >= 0);
        final CongestionSendStage sendStage =
            new CongestionSendStage(new GccController(new CongestionConfig()), TWCC_ID, 1024, 1200).attach(alice);
        final TwccReceiveStage receiveStage = new TwccReceiveStage(TWCC_ID).attach(bob);
        final VideoSource source = new VideoSource(video, sendStage);
        aliceAgent.addTask(source).addTask(sendStage);
        bobAgent.addTask(receiveStage);
        simulator.addAgent(aliceAgent, aliceNode);
        simulator.addAgent(bobAgent, bobNode);
        simulator.runUntil(40 * S);

        final String state = "target " + sendStage.targetBitrateBps() + ", feedbacks " + sendStage.feedbacks() +
            ", numbered at bob " + receiveStage.numberedPackets() + ", overflows " + receiveStage.overflows() +
            ", unnumbered " + sendStage.unnumberedPackets() + ", sent " + video.packetsSent() + "\n" + source.trace();
        System.out.println("session lab: " + state);
        assertEquals(0, sendStage.unnumberedPackets(), state);
        assertEquals(0, sendStage.invalidFeedbacks(), state);
        assertTrue(sendStage.feedbacks() > 200, "feedback at least every ~150 ms: " + state);
        assertTrue(receiveStage.numberedPackets() > 1000, state);
        assertTrue(source.minTargetBps(20 * S, 40 * S) > 750_000, "within 25% of the link from 20 s: " + state);
        assertTrue(source.maxTargetBps(20 * S, 40 * S) < 1_250_000, "within 25% of the link from 20 s: " + state);
        assertTrue(sendStage.pacer().droppedPackets() == 0, state);
    }

    private static SessionContext context(final String name, final Simulator simulator)
    {
        return new SessionContext()
            .cname(name + "@classwire.test")
            .randomSeed(simulator.componentSeed("session:" + name))
            .sessionBandwidthBps(2_000_000)
            .rtcpMinIntervalNs(100_000_000L)
            .reducedSizeRtcp(true)
            .clockRate(VIDEO_PT, VIDEO_CLOCK_HZ);
    }

    /** 30 fps frames of the current target, cut into packets of at most 1000 bytes; samples the target per 100 ms. */
    private static final class VideoSource implements TimedAgent
    {
        private static final long FRAME_NS = 33_333_333L;
        private static final int MAX_PAYLOAD = 1000;

        private final SendStream stream;
        private final CongestionSendStage stage;
        private final UnsafeBuffer payload = new UnsafeBuffer(new byte[MAX_PAYLOAD]);
        private final long[] targetSamples = new long[1000];
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
                final int index = (int)(nextSampleNs / 100_000_000L);
                if (index < targetSamples.length)
                {
                    targetSamples[index] = stage.targetBitrateBps();
                }
                nextSampleNs += 100_000_000L;
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

        long minTargetBps(final long fromNs, final long toNs)
        {
            long min = Long.MAX_VALUE;
            for (long t = fromNs; t < toNs; t += 100_000_000L)
            {
                min = Math.min(min, targetSamples[(int)(t / 100_000_000L)]);
            }
            return min;
        }

        long maxTargetBps(final long fromNs, final long toNs)
        {
            long max = 0;
            for (long t = fromNs; t < toNs; t += 100_000_000L)
            {
                max = Math.max(max, targetSamples[(int)(t / 100_000_000L)]);
            }
            return max;
        }

        String trace()
        {
            final StringBuilder out = new StringBuilder();
            for (int i = 0; i < 400; i += 10)
            {
                out.append(i / 10).append("s:").append(targetSamples[i] / 1000).append(' ');
            }
            return out.toString();
        }
    }
}
