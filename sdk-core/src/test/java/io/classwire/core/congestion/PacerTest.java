package io.classwire.core.congestion;

import io.classwire.core.transport.TimedAgent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacerTest
{
    private static final long MS = 1_000_000L;

    private final Recorder recorder = new Recorder();

    @Test
    void shouldPaceWithinTwoPercentOfTheRate()
    {
        final Pacer pacer = new Pacer(4096);
        pacer.setPacingRate(1_000_000);
        long nowNs = 0;
        long nextEnqueueNs = 0;
        int handle = 0;
        while (nowNs < 5_000 * MS)
        {
            if (nowNs >= nextEnqueueNs)
            {
                // 1.2 Mbit/s offered in 3-packet frames every 20 ms keeps the queue busy (1 s deep at the end).
                for (int i = 0; i < 3; i++)
                {
                    assertTrue(pacer.enqueue(handle++, PacketKind.VIDEO, 1000, nowNs));
                }
                nextEnqueueNs += 20 * MS;
            }
            pacer.process(nowNs, recorder);
            nowNs = Math.min(nextEnqueueNs, pacer.nextSendTimeNs(nowNs));
        }
        final double rate = recorder.bytesBetween(1_000 * MS, 5_000 * MS) * 8 / 4.0;
        assertEquals(1_000_000, rate, 20_000, "paced rate over 4 s");
        assertTrue(pacer.queuedBytes() > 100_000, "the queue stayed busy");
    }

    @Test
    void shouldSendByPriorityAndInOrderWithinAKind()
    {
        final Pacer pacer = new Pacer(16);
        pacer.setPacingRate(100_000);
        pacer.enqueue(1, PacketKind.VIDEO, 100, 0);
        pacer.enqueue(2, PacketKind.DATA, 100, 0);
        pacer.enqueue(3, PacketKind.VIDEO, 100, 0);
        pacer.enqueue(4, PacketKind.RETRANSMISSION, 100, 0);
        pacer.enqueue(5, PacketKind.AUDIO, 100, 0);
        assertFalse(pacer.enqueue(6, PacketKind.PADDING, 100, 0), "padding is never queued");
        long nowNs = 0;
        while (recorder.count < 5)
        {
            pacer.process(nowNs, recorder);
            nowNs = pacer.nextSendTimeNs(nowNs);
        }
        assertArrayEquals(new int[]{ 5, 4, 1, 3, 2 }, java.util.Arrays.copyOf(recorder.handles, 5));
        assertEquals(8 * MS, recorder.timesNs[4] - recorder.timesNs[3], 1, "100 bytes at 100 kbit/s");
        assertEquals(TimedAgent.NO_DEADLINE, pacer.nextSendTimeNs(nowNs), "nothing left");
    }

    @Test
    void shouldBoundBurstsAfterIdleTime()
    {
        final Pacer pacer = new Pacer(256, 40 * MS, Pacer.DEFAULT_MAX_QUEUE_TIME_NS);
        pacer.setPacingRate(1_000_000);
        pacer.process(0, recorder);
        for (int i = 0; i < 50; i++)
        {
            pacer.enqueue(i, PacketKind.VIDEO, 1000, 1_000 * MS);
        }
        pacer.process(1_000 * MS, recorder);
        assertEquals(6, recorder.count, "40 ms at 1 Mbit/s is 5,000 bytes: five packets, and one into debt");
        assertEquals(1_000 * MS + 8 * MS, pacer.nextSendTimeNs(1_000 * MS), 1, "then one per 8 ms");
    }

    @Test
    void shouldSendAProbeClusterAtItsRateWithPadding()
    {
        final Pacer pacer = new Pacer(16);
        pacer.setPacingRate(300_000);
        final ProbeClusterRequest request = new ProbeClusterRequest().set(9, 2_000_000, 5, 3750);
        assertTrue(pacer.addProbeCluster(request));
        long nowNs = 0;
        while (pacer.isProbing())
        {
            pacer.process(nowNs, recorder);
            nowNs = pacer.nextSendTimeNs(nowNs);
        }
        assertEquals(5, recorder.count, "five padding packets of 750 bytes");
        for (int i = 0; i < 5; i++)
        {
            assertEquals(9, recorder.clusters[i]);
            assertEquals(PacketKind.PADDING, recorder.kinds[i]);
            assertEquals(750, recorder.sizes[i]);
        }
        assertEquals(3 * MS, recorder.timesNs[1] - recorder.timesNs[0], "750 bytes at 2 Mbit/s");
        assertEquals(3750, pacer.paddingBytes());
    }

    @Test
    void shouldUseQueuedMediaForProbesFirst()
    {
        final Pacer pacer = new Pacer(16);
        pacer.setPacingRate(100_000);
        pacer.enqueue(1, PacketKind.VIDEO, 1000, 0);
        pacer.enqueue(2, PacketKind.AUDIO, 100, 0);
        pacer.addProbeCluster(new ProbeClusterRequest().set(4, 1_000_000, 3, 1000));
        pacer.process(0, recorder);
        assertEquals(2, recorder.handles[0], "audio first, as a probe packet");
        assertEquals(4, recorder.clusters[0]);
    }

    @Test
    void shouldRaiseTheRateRatherThanQueueForMoreThanTwoSeconds()
    {
        final Pacer pacer = new Pacer(1024);
        pacer.setPacingRate(1_000_000);
        for (int i = 0; i < 500; i++)
        {
            pacer.enqueue(i, PacketKind.VIDEO, 1000, 0);
        }
        long nowNs = 0;
        while (pacer.queuedBytes() > 0)
        {
            pacer.process(nowNs, recorder);
            nowNs = pacer.nextSendTimeNs(nowNs);
        }
        final long lastNs = recorder.timesNs[recorder.count - 1];
        assertTrue(lastNs <= 2_100 * MS, "4 s of data at 1 Mbit/s drained in " + lastNs / MS + " ms");
        assertFalse(pacer.enqueue(0, -1, 100, lastNs), "invalid kind");
    }

    @Test
    void shouldRefuseWhenAQueueIsFull()
    {
        final Pacer pacer = new Pacer(2);
        assertTrue(pacer.enqueue(1, PacketKind.VIDEO, 100, 0));
        assertTrue(pacer.enqueue(2, PacketKind.VIDEO, 100, 0));
        assertFalse(pacer.enqueue(3, PacketKind.VIDEO, 100, 0));
        assertTrue(pacer.enqueue(4, PacketKind.AUDIO, 100, 0), "queues are per kind");
        assertEquals(1, pacer.droppedPackets());
    }

    private static final class Recorder implements PacketSender
    {
        final int[] handles = new int[20_000];
        final int[] kinds = new int[20_000];
        final int[] sizes = new int[20_000];
        final int[] clusters = new int[20_000];
        final long[] timesNs = new long[20_000];
        int count;

        @Override
        public int sendPacket(final int handle, final int kind, final int sizeBytes, final int probeClusterId,
            final long nowNs)
        {
            record(handle, kind, sizeBytes, probeClusterId, nowNs);
            return sizeBytes;
        }

        @Override
        public int sendPadding(final int maxBytes, final int probeClusterId, final long nowNs)
        {
            record(-1, PacketKind.PADDING, maxBytes, probeClusterId, nowNs);
            return maxBytes;
        }

        private void record(final int handle, final int kind, final int size, final int cluster, final long nowNs)
        {
            handles[count] = handle;
            kinds[count] = kind;
            sizes[count] = size;
            clusters[count] = cluster;
            timesNs[count] = nowNs;
            count++;
        }

        long bytesBetween(final long fromNs, final long toNs)
        {
            long bytes = 0;
            for (int i = 0; i < count; i++)
            {
                if (timesNs[i] >= fromNs && timesNs[i] < toNs)
                {
                    bytes += sizes[i];
                }
            }
            return bytes;
        }
    }
}
