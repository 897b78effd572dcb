package io.classwire.core.congestion.session;

import io.classwire.core.congestion.CongestionConfig;
import io.classwire.core.congestion.GccController;
import io.classwire.core.recovery.HistoryStage;
import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.recovery.RtxReceiveStage;
import io.classwire.core.session.LoopbackTransport;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state of the congestion stages on two sessions allocates nothing: pacing, transport-wide numbering,
 * feedback built and sent at the generator's deadline, feedback applied, and the confirmation probes of an
 * application-limited sender sent as padding (RTX payload padding, or padding-only on the media SSRC) and stopped at
 * the receiver.
 */
class CongestionStagesAllocationTest
{
    private static final long TICK_NS = 1_000_000L;
    private static final int TWCC_ID = 5;
    private static final int MTU = 1200;

    private final LoopbackTransport[] transports = LoopbackTransport.pair(20_000_000L);
    private final SessionAgent aliceAgent = new SessionAgent("alice", transports[0]);
    private final SessionAgent bobAgent = new SessionAgent("bob", transports[1]);
    private final RtpSession alice = aliceAgent.addSession(0, context(1, "alice"));
    private final RtpSession bob = bobAgent.addSession(0, context(2, "bob"));
    private final SendStream video = alice.addSendStream(90_000, 96);
    private CongestionSendStage sendStage;
    private PaddingReceiveStage paddingDrop;
    private long nowNs;

    private static SessionContext context(final long seed, final String cname)
    {
        return new SessionContext().randomSeed(seed).cname(cname).reducedSizeRtcp(true).clockRate(96, 90_000)
            .clockRate(97, 90_000);
    }

    @ParameterizedTest(name = "rtx padding {0}")
    @ValueSource(booleans = {true, false})
    void shouldNotAllocateWhilePacingProbingAndSendingFeedbackOnceWarm(final boolean rtx)
    {
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        setUp(rtx);

        run(60_000);
        final long threadId = Thread.currentThread().getId();
        final long paddingBefore = sendStage.paddingPackets();
        final long feedbacksBefore = sendStage.feedbacks();
        // As in SessionAllocationTest: JIT activity may allocate a few hundred bytes in no relation to the packet
        // count, so no window may come near a per-packet cost and at least one whole window must allocate nothing.
        long minimum = Long.MAX_VALUE;
        final StringBuilder windows = new StringBuilder();
        for (int window = 0; window < 5 && minimum > 0; window++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            run(20_000);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            windows.append(allocated).append(' ');
            assertTrue(allocated < 4_096, allocated + " bytes allocated in 20 s of virtual time");
            minimum = Math.min(minimum, allocated);
        }

        assertEquals(0, minimum, "bytes allocated per 20 s window: " + windows);
        assertTrue(sendStage.paddingPackets() > paddingBefore, "probes sent padding meanwhile");
        assertTrue(sendStage.feedbacks() > feedbacksBefore, "feedback ran meanwhile");
        assertTrue(rtx || paddingDrop.paddingPackets() > 0, "padding stopped at the receiver");
        assertEquals(0, sendStage.unnumberedPackets());
    }

    private void setUp(final boolean rtx)
    {
        assertTrue(CongestionSendStage.addTransportSequenceExtension(video, TWCC_ID) >= 0);
        final CongestionConfig config = new CongestionConfig().maxBitrateBps(2_000_000)
            .alrProbeIntervalNs(1_000_000_000L);
        sendStage = new CongestionSendStage(new GccController(config), TWCC_ID, 256, MTU).attach(alice);
        if (rtx)
        {
            final SendStream rtxStream = alice.addSendStream(90_000, 97);
            assertTrue(CongestionSendStage.addTransportSequenceExtension(rtxStream, TWCC_ID) >= 0);
            final RtpPacketHistory history = new RtpPacketHistory(256, 256 * MTU, 1_000_000_000L);
            alice.sendChain().insertBefore("transport-out", new HistoryStage(history, video.ssrc()));
            sendStage.rtxPadding(rtxStream, history, video.ssrc());
            bob.receiveChain().insertAfter("receive-stats",
                new RtxReceiveStage(bob, rtxStream.ssrc(), video.ssrc(), 96, MTU));
        }
        else
        {
            sendStage.mediaPadding(video);
        }
        final TwccReceiveStage twcc = new TwccReceiveStage(TWCC_ID).attach(bob);
        paddingDrop = new PaddingReceiveStage().attach(bob);
        aliceAgent.addTask(sendStage);
        bobAgent.addTask(twcc);
    }

    /** An application-limited sender (one 1000-byte packet every 16 ms, 500 kbit/s) for {@code ticks} ms. */
    private void run(final int ticks)
    {
        for (int i = 0; i < ticks; i++)
        {
            nowNs += TICK_NS;
            transports[0].nowNs(nowNs);
            transports[1].nowNs(nowNs);
            if (nowNs % 16_000_000L == 0)
            {
                video.sendInPlace(nowNs, (int)(nowNs / 11_111), false, 1000);
            }
            aliceAgent.doWork(nowNs);
            bobAgent.doWork(nowNs);
        }
    }
}
