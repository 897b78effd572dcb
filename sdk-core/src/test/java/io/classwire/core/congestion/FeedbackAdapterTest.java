package io.classwire.core.congestion;

import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.TransportFeedbackBuilder;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackAdapterTest
{
    private final SentPacketHistory history = new SentPacketHistory(1024, 10_000_000);
    private final FeedbackAdapter adapter = new FeedbackAdapter(history);
    private final PacketResults results = new PacketResults(1024);
    private final TransportFeedbackBuilder builder = new TransportFeedbackBuilder();
    private final TransportFeedback feedback = new TransportFeedback();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);

    @Test
    void shouldMatchReportedPacketsWithTheirSendRecords()
    {
        sendPackets(65_530, 12, 1_000_000, 5_000);
        // Received: 65530..65535 and 1, 3 (wrapped); 0 and 2 lost; 4 and 5 not yet reported.
        builder.reset(1, 2, 65_530, 0);
        for (int i = 0; i < 6; i++)
        {
            builder.addReceived(65_530 + i, 2_000_000 + i * 5_000L);
        }
        builder.addReceived(1, 2_040_000);
        builder.addReceived(3, 2_050_000);
        wrap();

        assertEquals(10, adapter.adapt(feedback, 2_100_000, results));
        assertEquals(8, results.receivedCount());
        assertEquals(2, results.lostCount());
        assertEquals(65_530, results.sequence(0));
        assertEquals(65_536, results.sequence(6), "unwrapped past the 16-bit wrap");
        assertFalse(results.received(6));
        assertEquals(PacketResults.NOT_RECEIVED, results.arrivalTimeUs(6));
        assertEquals(1_000_000 + 7 * 5_000L, results.sendTimeUs(7));
        assertEquals(2_040_000, results.arrivalTimeUs(7), "builder and parser share the arrival time base");
        assertEquals(1200, results.sizeBytes(0));
        assertEquals(2 * 1200, history.inFlightBytes(), "two packets not yet reported");
        // RTT: each packet's (now - send) less the time it waited at the receiver for the newest arrival; every
        // packet here spent 1.000 s on the path and the feedback left 50 ms after the newest arrival.
        assertEquals(1_050_000, results.rttSampleUs());
    }

    @Test
    void shouldTakeDuplicatesOnceAndRepairLateReports()
    {
        sendPackets(100, 4, 0, 10_000);
        builder.reset(1, 2, 100, 0);
        builder.addReceived(100, 500_000);
        builder.addReceived(102, 520_000);
        wrap();
        assertEquals(3, adapter.adapt(feedback, 600_000, results), "100, 101 (lost), 102");

        builder.reset(1, 2, 100, 1);
        builder.addReceived(100, 500_000);
        builder.addReceived(101, 530_000);
        builder.addReceived(103, 540_000);
        wrap();
        assertEquals(2, adapter.adapt(feedback, 700_000, results), "100 again is skipped; 101 repaired; 103 new");
        assertEquals(101, results.sequence(0));
        assertTrue(results.recovered(0));
        assertEquals(1, results.recoveredCount());
        assertEquals(1, adapter.duplicatePackets());
        assertEquals(0, history.inFlightBytes());
    }

    @Test
    void shouldSkipUnknownPacketsAndRejectInvalidFeedback()
    {
        sendPackets(10, 2, 0, 1_000);
        builder.reset(1, 2, 5, 0);
        builder.addReceived(5, 1_000);
        builder.addReceived(11, 2_000);
        wrap();
        assertEquals(2, adapter.adapt(feedback, 10_000, results), "10 lost, 11 received; 5..9 unknown");
        assertEquals(5, adapter.unknownPackets());

        buffer.putByte(0, (byte)0x40);
        feedback.wrap(buffer, 0, 24);
        assertEquals(WireStatus.BAD_VERSION, adapter.adapt(feedback, 20_000, results));
        assertEquals(0, results.count());
        assertEquals(1, adapter.invalidFeedbacks());
    }

    @Test
    void shouldOrderReceivedPacketsByArrival()
    {
        sendPackets(0, 4, 0, 1_000);
        builder.reset(1, 2, 0, 0);
        builder.addReceived(0, 100_000);
        builder.addReceived(1, 130_000);
        builder.addReceived(2, 110_000);
        builder.addReceived(3, 120_000);
        wrap();
        adapter.adapt(feedback, 200_000, results);
        assertEquals(0, results.arrivalOrder(0));
        assertEquals(2, results.arrivalOrder(1));
        assertEquals(3, results.arrivalOrder(2));
        assertEquals(1, results.arrivalOrder(3));
    }

    @Test
    void shouldNotAllocateWhileAdapting()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        runRounds(0, 2_000);
        final long before = threads.getThreadAllocatedBytes(threadId);
        runRounds(2_000, 22_000);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;
        // A per-feedback object would show up as hundreds of kilobytes; the allowance covers one-off JVM noise.
        assertTrue(allocated <= 4096,
            allocated + " bytes allocated while sending, building and adapting 20,000 feedbacks");
    }

    private void runRounds(final int fromRound, final int toRound)
    {
        long sequence = fromRound * 50L;
        for (int round = fromRound; round < toRound; round++)
        {
            builder.reset(1, 2, (int)sequence & 0xFFFF, round);
            for (int i = 0; i < 50; i++)
            {
                history.add(sequence, sequence * 1_000, 1000, PacketKind.VIDEO, SentPacketHistory.NOT_A_PROBE);
                if (i % 7 != 3)
                {
                    builder.addReceived((int)sequence & 0xFFFF, 100_000 + sequence * 1_000);
                }
                sequence++;
            }
            builder.build(buffer, 0);
            feedback.wrap(buffer, 0, buffer.capacity());
            adapter.adapt(feedback, sequence * 1_000 + 50_000, results);
        }
    }

    private void sendPackets(final long firstSequence, final int count, final long firstSendUs, final long stepUs)
    {
        for (int i = 0; i < count; i++)
        {
            history.add(firstSequence + i, firstSendUs + i * stepUs, 1200, PacketKind.VIDEO,
                SentPacketHistory.NOT_A_PROBE);
        }
    }

    private void wrap()
    {
        final int length = builder.build(buffer, 0);
        feedback.wrap(buffer, 0, length);
    }
}
