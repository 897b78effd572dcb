package io.classwire.core.congestion;

import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedbackGeneratorTest
{
    private static final long MS = 1_000_000L;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
    private final TransportFeedback feedback = new TransportFeedback();
    private final long[] reportedArrivalUs = new long[70_000];
    private final int[] reportedCount = new int[70_000];
    private long feedbackPackets;
    private long feedbackBytes;
    private int maxFeedbackBytes;

    @Test
    void shouldReportEveryReceivedPacketOnceWithinQuantisation()
    {
        final FeedbackGenerator generator = new FeedbackGenerator(1, 2);
        long nowNs = 0;
        for (int seq = 0; seq < 2_000; seq++)
        {
            nowNs = seq * 10 * MS + (seq % 3) * 37_000;
            drain(generator, nowNs);
            if (seq % 11 != 5)
            {
                generator.onPacketReceived(seq, nowNs, 1250);
            }
        }
        drain(generator, nowNs + 300 * MS);
        for (int seq = 0; seq < 2_000; seq++)
        {
            final long trueUs = (seq * 10 * MS + (seq % 3) * 37_000) / 1000;
            if (seq % 11 == 5)
            {
                assertEquals(0, reportedCount[seq], "lost " + seq + " reported received");
                continue;
            }
            assertEquals(1, reportedCount[seq], "reports of " + seq);
            assertTrue(Math.abs(reportedArrivalUs[seq] - trueUs) <= 125, "arrival of " + seq);
        }
        assertEquals(TimedAgent.NO_DEADLINE, generator.nextDeadlineNs(), "nothing left to report");
    }

    @Test
    void shouldKeepFeedbackWithinFivePercentOfTheReceivedRate()
    {
        assertInterval(1_000_000, 50 * MS, 50 * MS);
        assertInterval(200_000, 50 * MS, 100 * MS);
        assertInterval(100_000, 80 * MS, 160 * MS);
        assertInterval(20_000, 250 * MS, 250 * MS);
    }

    private void assertInterval(final long rateBps, final long minIntervalNs, final long maxIntervalNs)
    {
        Arrays.fill(reportedCount, 0);
        feedbackPackets = 0;
        feedbackBytes = 0;
        final FeedbackGenerator generator = new FeedbackGenerator(1, 2);
        final int packetBytes = 200;
        final long gapNs = packetBytes * 8 * 1_000_000_000L / rateBps;
        long nowNs = 0;
        long receivedBytes = 0;
        for (int seq = 0; nowNs < 20_000 * MS; seq++)
        {
            nowNs = seq * gapNs;
            drain(generator, nowNs);
            generator.onPacketReceived(seq & 0xFFFF, nowNs, packetBytes);
            receivedBytes += packetBytes;
        }
        final long interval = generator.intervalNs();
        assertTrue(interval >= minIntervalNs && interval <= maxIntervalNs, rateBps + " bit/s: interval " + interval);
        final double share = (feedbackBytes + feedbackPackets * FeedbackGenerator.IP_UDP_OVERHEAD_BYTES) /
            (double)receivedBytes;
        if (interval < FeedbackGenerator.MAX_INTERVAL_NS)
        {
            assertTrue(share <= 0.055, rateBps + " bit/s: feedback share " + share);
        }
    }

    @Test
    void shouldSplitWhenTheBuilderRefuses()
    {
        final FeedbackGenerator generator = new FeedbackGenerator(1, 2, 4096, 64, 0.05);
        for (int seq = 0; seq < 1_000; seq++)
        {
            generator.onPacketReceived(seq, seq * 100_000L, 100);
        }
        final long nowNs = 200 * MS;
        int packets = 0;
        int length;
        while ((length = generator.poll(nowNs, buffer, 0)) > 0)
        {
            record(length);
            packets++;
        }
        assertTrue(packets > 10, "split into " + packets + " packets");
        assertTrue(maxFeedbackBytes <= 64, "largest " + maxFeedbackBytes);
        for (int seq = 0; seq < 1_000; seq++)
        {
            assertEquals(1, reportedCount[seq], "reports of " + seq);
        }
    }

    @Test
    void shouldSplitWhenArrivalsAreTooFarApartForOneDelta()
    {
        final FeedbackGenerator generator = new FeedbackGenerator(1, 2);
        generator.onPacketReceived(7, 0, 100);
        generator.onPacketReceived(8, 10_000 * MS, 100);
        assertTrue(record(generator.poll(10_001 * MS, buffer, 0)) > 0);
        assertTrue(record(generator.poll(10_001 * MS, buffer, 0)) > 0, "the second packet comes right after");
        assertEquals(0, generator.poll(10_001 * MS, buffer, 0));
        assertEquals(1, reportedCount[7]);
        assertEquals(1, reportedCount[8]);
        assertEquals(10_000_000, reportedArrivalUs[8] - reportedArrivalUs[7]);
    }

    @Test
    void shouldReReportFromALatePacketAndIgnoreDuplicates()
    {
        final FeedbackGenerator generator = new FeedbackGenerator(1, 2);
        generator.onPacketReceived(10, 1 * MS, 100);
        generator.onPacketReceived(12, 2 * MS, 100);
        generator.onPacketReceived(12, 3 * MS, 100);
        drain(generator, 100 * MS);
        assertEquals(0, reportedCount[11]);
        generator.onPacketReceived(11, 120 * MS, 100);
        assertEquals(350 * MS, generator.nextDeadlineNs(), "at ~24 kbit/s the interval is 250 ms");
        drain(generator, 350 * MS);
        assertEquals(1, reportedCount[11], "the late packet is reported");
        assertEquals(2, reportedCount[12], "re-reported from the late packet on");
        assertEquals(2_000, reportedArrivalUs[12], "the first arrival of a duplicate is kept");
        assertEquals(1, generator.duplicatePackets());
        assertEquals(1, generator.lateRewinds());
    }

    private void drain(final FeedbackGenerator generator, final long nowNs)
    {
        int length;
        while ((length = generator.poll(nowNs, buffer, 0)) > 0)
        {
            record(length);
        }
    }

    private int record(final int length)
    {
        if (length <= 0)
        {
            return length;
        }
        feedbackPackets++;
        feedbackBytes += length;
        maxFeedbackBytes = Math.max(maxFeedbackBytes, length);
        feedback.wrap(buffer, 0, length);
        assertEquals(WireStatus.OK, feedback.validate());
        while (feedback.next())
        {
            if (feedback.received())
            {
                reportedCount[feedback.sequenceNumber()]++;
                reportedArrivalUs[feedback.sequenceNumber()] = feedback.arrivalTimeUs();
            }
        }
        return length;
    }
}
