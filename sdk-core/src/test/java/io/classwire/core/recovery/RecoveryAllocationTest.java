package io.classwire.core.recovery;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtpPacketBuilder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Steady state of every recovery mechanism allocates nothing: history and RTX, NACK generation, RED both ways, XOR
 * and Reed-Solomon FEC both ways with losses, and the protection policy, driven by hand on one thread.
 */
class RecoveryAllocationTest
{
    private static final long FRAME_NS = 20_000_000L;
    private static final int SSRC = 0x5151_5151;

    /** Takes datagrams and drops them, without copying. */
    private static final class NullTransport implements DatagramTransport
    {
        long sent;

        @Override
        public int peerId(final String host, final int port)
        {
            return 0;
        }

        @Override
        public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
        {
            sent++;
            return OK;
        }

        @Override
        public int poll(final DatagramHandler handler, final int limit)
        {
            return 0;
        }

        @Override
        public void close()
        {
        }
    }

    /** Counts what the decoders hand out. */
    private static final class CountingHandler implements RecoveredPacketHandler
    {
        long packets;
        long unrecoverable;

        @Override
        public void onPacket(final DirectBuffer buffer, final int offset, final int length, final boolean recovered)
        {
            packets++;
        }

        @Override
        public void onUnrecoverable(final int seq)
        {
            unrecoverable++;
        }
    }

    private final NullTransport transport = new NullTransport();
    private final RtpPacketHistory history = new RtpPacketHistory(256, 64 * 1024, 2_000_000_000L);
    private final RtxSender rtxSender = new RtxSender(
        history, new RtxPacketWriter(77, 97, 0, 1500, transport, 0), 1_000_000, 16 * 1024);
    private final NackGenerator nackGenerator = new NackGenerator(new NackContext().playoutDelayNs(400_000_000L));
    private final NackPacket nack = new NackPacket();
    private final ProtectionPolicyContext policyContext = new ProtectionPolicyContext().limits(8, 16, 16, 8);
    private final AdaptiveFecEncoder fecEncoder = new AdaptiveFecEncoder(policyContext, 1200);
    private final FecDecoder fecDecoder = new FecDecoder(new FecDecoderContext().protectedSsrc(SSRC));
    private final RedEncoder redEncoder = new RedEncoder(2, 500);
    private final RedDecoder redDecoder = new RedDecoder(63, 1500, 1024);
    private final ProtectionPolicy policy = new ProtectionPolicy(policyContext);
    private final CountingHandler handler = new CountingHandler();
    private final RtpPacketBuilder builder = new RtpPacketBuilder().ssrc(SSRC).payloadType(111);
    private final RtpPacketBuilder redBuilder = new RtpPacketBuilder().ssrc(SSRC).payloadType(63);
    private final RtpPacket packet = new RtpPacket();
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[200]);
    private final UnsafeBuffer media = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer redPacket = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer rtcp = new UnsafeBuffer(new byte[1500]);
    private long nowNs;
    private int seq = 65_000;

    @Test
    void shouldNotAllocateInSteadyState()
    {
        final ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        Assumptions.assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        run(20_000);
        final long threadId = Thread.currentThread().getId();
        long minimum = Long.MAX_VALUE;
        final StringBuilder windows = new StringBuilder();
        for (int window = 0; window < 6 && minimum > 0; window++)
        {
            final long before = threads.getThreadAllocatedBytes(threadId);
            run(5_000);
            final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
            windows.append(allocated).append(' ');
            // JIT activity can allocate a little on this thread now and then, unrelated to the packet count.
            assertTrue(allocated < 4_096, allocated + " bytes for 5,000 packets");
            minimum = Math.min(minimum, allocated);
        }
        assertEquals(0, minimum, "bytes allocated per 5,000-packet window: " + windows);
        assertTrue(fecDecoder.packetsRecovered() > 1_000 && rtxSender.packetsSent() > 1_000 &&
            redDecoder.recovered() > 1_000 && handler.unrecoverable > 0, "every path ran");
    }

    private void run(final int packets)
    {
        for (int i = 0; i < packets; i++)
        {
            nowNs += FRAME_NS;
            seq = (seq + 1) & 0xFFFF;
            payload.putInt(0, seq);
            final int length = builder.sequenceNumber(seq).timestamp(seq * 960)
                .build(media, 0, 1500, payload, 0, 60 + (seq & 63));
            history.store(media, 0, length, nowNs);
            fecEncoder.onMedia(media, 0, length, nowNs);
            final boolean lost = seq % 7 == 0 || seq % 11 == 0;
            if (!lost)
            {
                fecDecoder.onMedia(media, 0, length, handler);
                nackGenerator.onPacket(seq, nowNs);
            }
            while (fecEncoder.pendingRepairs() > 0)
            {
                final int n = fecEncoder.writeRepair(scratch, 0, 1500);
                if (seq % 5 != 0)
                {
                    fecDecoder.onRepair(scratch, 0, n, handler);
                }
            }
            answerNacks();
            red(length, lost);
            if (seq % 100 == 0)
            {
                // Alternate between a heavy-loss and a moderate-loss plan, so both FEC schemes run.
                final double loss = (seq / 100) % 2 == 0 ? 0.3 : 0.12;
                fecEncoder.apply(policy.update(nowNs, loss, 0, 300_000_000L, 400_000_000L, FRAME_NS, 32_000));
            }
        }
    }

    private void answerNacks()
    {
        if (nackGenerator.nextDeadlineNs() <= nowNs)
        {
            final int n = nackGenerator.writeNack(nowNs, rtcp, 0, 1500, 1, SSRC);
            if (n > 0 && nack.wrap(rtcp, 0, n).validate() == 0)
            {
                rtxSender.onNack(nack, nowNs);
            }
        }
    }

    private void red(final int length, final boolean lost)
    {
        packet.wrap(media, 0, length).validate();
        final int n = redEncoder.encode(111, packet.timestamp(), media, packet.payloadOffset(),
            packet.payloadLength(), scratch, 0, 1500);
        final int redLength = redBuilder.sequenceNumber(seq).timestamp(packet.timestamp())
            .build(redPacket, 0, 1500, scratch, 0, n);
        if (!lost)
        {
            packet.wrap(redPacket, 0, redLength).validate();
            redDecoder.onPacket(packet, handler);
        }
    }
}
