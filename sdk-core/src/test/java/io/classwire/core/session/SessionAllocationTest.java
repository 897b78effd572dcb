package io.classwire.core.session;

import io.classwire.core.wire.PictureLossIndication;
import org.agrona.MutableDirectBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steady state of the send and receive paths, RTCP and feedback included, allocates nothing. */
class SessionAllocationTest
{
    private static final long FRAME_NS = 20_000_000L;

    private final LoopbackTransport[] transports = LoopbackTransport.pair(15_000_000L);
    private final SessionAgent aliceAgent = new SessionAgent("alice", transports[0]);
    private final SessionAgent bobAgent = new SessionAgent("bob", transports[1]);
    private final RtpSession alice = aliceAgent.addSession(0, new SessionContext().randomSeed(1).cname("alice"));
    private final RtpSession bob = bobAgent.addSession(0, new SessionContext().randomSeed(2).cname("bob"));
    private final SendStream aliceAudio = alice.addSendStream(48_000, 111);
    private final SendStream bobAudio = bob.addSendStream(48_000, 111);
    private final FeedbackSource pli = this::writePli;
    private long delivered;
    private long nowNs;
    private int rtpTimestamp;

    private int writePli(final MutableDirectBuffer buffer, final int offset, final int capacity, final long nowNs)
    {
        return PictureLossIndication.build(buffer, offset, capacity, bob.reporterSsrc(), aliceAudio.ssrc());
    }

    @Test
    void shouldNotAllocateOnSendReceiveRtcpOrFeedbackOnceWarm()
    {
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());
        alice.rtpHandler((stream, packet, arrivalNs) -> delivered++);
        bob.rtpHandler((stream, packet, arrivalNs) -> delivered++);
        bob.addFeedbackListener((type, format, buffer, offset, length, arrivalNs) -> delivered++);

        run(30_000);
        final long threadId = Thread.currentThread().getId();
        final long reportsBefore = alice.counters().regularReportsSent();
        final long earlyBefore = bob.counters().earlyFeedbackSent();
        final long deliveredBefore = delivered;
        // JIT recompilation and deoptimisation occasionally allocate a few hundred bytes on the thread running the
        // code, in no relation to the packet count. So: no window may come near a per-packet cost (16 bytes per
        // packet would be 320 KB), and at least one whole window must allocate nothing at all.
        long minimum = Long.MAX_VALUE;
        final StringBuilder windows = new StringBuilder();
        for (int window = 0; window < 5 && minimum > 0; window++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            run(10_000);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            windows.append(allocated).append(' ');
            assertTrue(allocated < 4_096, allocated + " bytes allocated for 10,000 packets each way");
            minimum = Math.min(minimum, allocated);
        }

        assertEquals(0, minimum, "bytes allocated per 10,000-packet window: " + windows);
        final long windowsRun = (delivered - deliveredBefore) / 20_000;
        assertTrue(windowsRun >= 1, "delivered " + (delivered - deliveredBefore));
        assertTrue(alice.counters().regularReportsSent() - reportsBefore > 200 * windowsRun, "RTCP ran meanwhile");
        assertTrue(bob.counters().earlyFeedbackSent() - earlyBefore > 10 * windowsRun, "early feedback ran meanwhile");
        assertEquals(0, alice.receiveChain().packetsDropped("rtcp") + bob.receiveChain().packetsDropped("rtcp"));
    }

    private void run(final int packets)
    {
        for (int i = 0; i < packets; i++)
        {
            nowNs += FRAME_NS;
            rtpTimestamp += 960;
            transports[0].nowNs(nowNs);
            transports[1].nowNs(nowNs);
            aliceAudio.sendInPlace(nowNs, rtpTimestamp, false, 120);
            bobAudio.sendInPlace(nowNs, rtpTimestamp, false, 100);
            if (i % 500 == 0)
            {
                bob.requestFeedback(nowNs, pli);
            }
            aliceAgent.doWork(nowNs);
            bobAgent.doWork(nowNs);
        }
    }
}
