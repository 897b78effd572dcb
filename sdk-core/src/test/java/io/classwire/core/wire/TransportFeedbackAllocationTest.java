package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks that building and iterating a 100-packet feedback allocates nothing, using the JVM's per-thread allocation
 * counter (a JMH benchmark with the GC profiler will measure the same more precisely). The bound tolerates a few
 * stray bytes from the JVM itself but not one object per packet or per feedback.
 */
class TransportFeedbackAllocationTest
{
    private static final int PACKETS = 100;
    private static final int WARMUP_ROUNDS = 20_000;
    private static final int MEASURED_ROUNDS = 20_000;

    private final TransportFeedbackBuilder builder = new TransportFeedbackBuilder();
    private final TransportFeedback feedback = new TransportFeedback();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[TransportFeedbackBuilder.DEFAULT_MAX_PACKET_BYTES]);
    private final PacketStatusHandler handler = this::onPacket;
    private long checksum;

    @Test
    void shouldBuildAndIterateHundredPacketsWithoutAllocating()
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled());

        for (int i = 0; i < WARMUP_ROUNDS; i++)
        {
            round(i);
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_ROUNDS; i++)
        {
            round(i);
        }
        final long allocatedBytes = threads.getCurrentThreadAllocatedBytes() - before;

        assertTrue(allocatedBytes < 1024, allocatedBytes + " bytes allocated in " + MEASURED_ROUNDS + " rounds");
        assertTrue(checksum != 0);
    }

    private void round(final int round)
    {
        final int base = (round * 37) & SeqNum.MASK;
        final long startUs = round * 100_000L;
        builder.reset(1, 2, base, round);
        for (int i = 0; i < PACKETS; i++)
        {
            if (i % 10 != 3)
            {
                builder.addReceived(base + i, startUs + i * 1_300L + (i % 7 == 0 ? 70_000 : 0));
            }
        }
        final int length = builder.build(buffer, 0);
        feedback.wrap(buffer, 0, length);
        assertEquals(WireStatus.OK, feedback.validate());
        while (feedback.next())
        {
            checksum += feedback.received() ? feedback.arrivalTimeUs() : feedback.sequenceNumber();
        }
        feedback.forEachPacket(handler);
    }

    private void onPacket(final int sequenceNumber, final boolean received, final long arrivalTimeUs)
    {
        checksum += sequenceNumber;
    }
}
