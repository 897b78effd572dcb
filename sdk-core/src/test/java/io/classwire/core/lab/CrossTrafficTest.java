package io.classwire.core.lab;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CrossTrafficTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    private final Simulator simulator = new Simulator(21);
    private final SimulatedNetwork network = new SimulatedNetwork(simulator);

    private void bottleneck(final long bps, final long oneWayDelayMs, final long queueMs, final double lossRate)
    {
        network.addNode("sender");
        network.addNode("receiver");
        final LinkConfig forward = LinkConfig.builder()
            .capacityBps(bps)
            .propagationDelayMs(oneWayDelayMs)
            .queueLimitMs(queueMs)
            .randomLossRate(lossRate)
            .build();
        final LinkConfig reverse = LinkConfig.builder().capacityBps(bps).propagationDelayMs(oneWayDelayMs).build();
        network.connect("sender", "receiver", forward, reverse);
    }

    private Link forward()
    {
        return network.link("sender", "receiver");
    }

    private Link reverse()
    {
        return network.link("receiver", "sender");
    }

    @Test
    void shouldFillBottleneckWithLongTcpFlowAlone()
    {
        bottleneck(10_000_000, 25, 100, 0.0);
        final TcpNewRenoFlow flow =
            new TcpNewRenoFlow(forward(), reverse(), "bulk", TcpNewRenoFlow.UNBOUNDED_BYTES).start(0);

        simulator.runUntil(10 * SECOND);
        final long deliveredAt10 = flow.deliveredBytes();
        final long wireBytesAt10 = forward().arrivedBytes();
        final long timeoutsAt10 = flow.timeouts();
        simulator.runUntil(60 * SECOND);

        final double goodputBps = (flow.deliveredBytes() - deliveredAt10) * 8.0 / 50;
        final double utilization = (forward().arrivedBytes() - wireBytesAt10) * 8.0 / 50 / 10_000_000;
        assertTrue(goodputBps >= 0.8 * 10_000_000, "goodput " + goodputBps);
        assertTrue(utilization >= 0.9, "utilization " + utilization);
        assertTrue(flow.fastRetransmits() > 0, "the queue overflows periodically: " + flow.fastRetransmits());
        // Without SACK, the slow-start overshoot loses dozens of segments in one window and ends in a timeout, as
        // in ns-2's NewReno; in congestion avoidance the single losses are repaired by fast recovery.
        assertEquals(timeoutsAt10, flow.timeouts(), "no timeouts in steady state");
        final long srttMs = TimeUnit.NANOSECONDS.toMillis(flow.smoothedRttNs());
        assertTrue(srttMs >= 50 && srttMs <= 160, "RTT is 50 ms plus up to 100 ms of queue: " + srttMs);
    }

    @Test
    void shouldShareBottleneckWithCbrFlow()
    {
        bottleneck(10_000_000, 25, 100, 0.0);
        final CbrSource cbr = new CbrSource(forward(), "cbr", 3_000_000, 1200).start(0, 60 * SECOND);
        final TcpNewRenoFlow tcp =
            new TcpNewRenoFlow(forward(), reverse(), "bulk", TcpNewRenoFlow.UNBOUNDED_BYTES).start(SECOND);

        simulator.runUntil(10 * SECOND);
        final long tcpAt10 = tcp.deliveredBytes();
        final long cbrAt10 = cbr.receivedBytes();
        simulator.runUntil(60 * SECOND);

        final double tcpBps = (tcp.deliveredBytes() - tcpAt10) * 8.0 / 50;
        final double cbrBps = (cbr.receivedBytes() - cbrAt10) * 8.0 / 50;
        // CBR does not back off, so it keeps nearly its 3 Mbps, losing only when TCP has filled the queue.
        assertTrue(cbrBps >= 0.9 * 3_000_000, "cbr " + cbrBps);
        // TCP takes most of the remaining 7 Mbps.
        assertTrue(tcpBps >= 0.8 * 7_000_000, "tcp " + tcpBps);
        assertTrue(tcpBps + cbrBps <= 10_000_000, "cannot exceed capacity");
        assertEquals(cbr.sentPackets(), 60 * 3_000_000 / 8 / 1200, "CBR sends at exactly its rate");
    }

    @Test
    void shouldCompleteFixedSizeFlowOverLossyPath()
    {
        bottleneck(10_000_000, 25, 100, 0.02);
        final long[] completedAt = { -1 };
        final TcpNewRenoFlow flow = new TcpNewRenoFlow(forward(), reverse(), "file", 2_000_000)
            .onComplete((nowNs) -> completedAt[0] = nowNs)
            .start(0);
        simulator.runUntil(120 * SECOND);

        assertTrue(flow.isComplete());
        assertEquals(flow.completionNs(), completedAt[0]);
        assertEquals(2_000_000, flow.deliveredBytes());
        assertTrue(flow.fastRetransmits() > 0);
        assertTrue(flow.retransmittedSegments() >= forward().stats().droppedPackets(DropCause.RANDOM_LOSS) - 1,
            "every lost segment is resent");
    }

    @Test
    void shouldApproachMathisThroughputUnderRandomLoss()
    {
        // Loss-limited: capacity far above what 1% loss allows. Mathis et al.: rate ~ MSS / RTT * sqrt(3/2) / sqrt(p).
        bottleneck(100_000_000, 25, 100, 0.01);
        final TcpNewRenoFlow flow =
            new TcpNewRenoFlow(forward(), reverse(), "bulk", TcpNewRenoFlow.UNBOUNDED_BYTES).start(0);
        simulator.runUntil(10 * SECOND);
        final long at10 = flow.deliveredBytes();
        simulator.runUntil(110 * SECOND);

        final double goodputBps = (flow.deliveredBytes() - at10) * 8.0 / 100;
        final double mathisBps = TcpNewRenoFlow.MSS_BYTES * 8 / 0.050 * Math.sqrt(1.5) / Math.sqrt(0.01);
        final double ratio = goodputBps / mathisBps;
        assertTrue(ratio > 0.5 && ratio < 1.5, "goodput " + goodputBps + " vs Mathis " + mathisBps);
    }

    @Test
    void shouldTimeOutAcrossBlackoutAndResume()
    {
        network.addNode("sender");
        network.addNode("receiver");
        network.connect("sender", "receiver", LinkConfig.builder()
            .capacityBps(5_000_000).propagationDelayMs(20).queueLimitMs(100)
            .blackouts(Blackouts.of(5 * SECOND, 8 * SECOND)).build());
        network.connect("receiver", "sender", LinkConfig.builder().propagationDelayMs(20).build());
        final TcpNewRenoFlow flow =
            new TcpNewRenoFlow(forward(), reverse(), "bulk", TcpNewRenoFlow.UNBOUNDED_BYTES).start(0);
        simulator.runUntil(8 * SECOND);
        final long atBlackoutEnd = flow.deliveredBytes();
        simulator.runUntil(20 * SECOND);

        assertTrue(flow.timeouts() >= 2, "backed-off timeouts during 3 s of blackout: " + flow.timeouts());
        assertTrue(flow.deliveredBytes() - atBlackoutEnd > 4_000_000, "resumes after the blackout");
    }

    @Test
    void shouldRunRfc8867ShortFlowsAlongsideCbr()
    {
        bottleneck(2_000_000, 50, 300, 0.0);
        final ShortTcpFlows shortFlows = ShortTcpFlows.rfc8867(forward(), reverse(), "web").start(0, 120 * SECOND);
        final CbrSource cbr = new CbrSource(forward(), "media", 1_000_000, 1000).start(0, 120 * SECOND);
        simulator.runUntil(125 * SECOND);

        // 10 sources, each cycling ~10 s idle plus a short download: on the order of 100 downloads in 120 s.
        assertTrue(shortFlows.startedFlows() > 60 && shortFlows.startedFlows() < 200,
            "started " + shortFlows.startedFlows());
        assertEquals(shortFlows.startedFlows(), shortFlows.completedFlows(), "all finished after the stop time");
        final long medianMs = shortFlows.completionTimesUs().getValueAtPercentile(50) / 1000;
        assertTrue(medianMs > 100 && medianMs < 3000, "median download time " + medianMs + " ms");
        assertTrue(shortFlows.deliveredBytes() >= 30_000 * shortFlows.completedFlows());
        assertTrue(cbr.receivedPackets() > 0.9 * cbr.sentPackets(), "short flows leave room for the CBR flow");
    }

    @Test
    void shouldCompleteLongFlowAfterItsStopTime()
    {
        bottleneck(10_000_000, 25, 100, 0.0);
        final TcpNewRenoFlow flow = new TcpNewRenoFlow(forward(), reverse(), "bulk", TcpNewRenoFlow.UNBOUNDED_BYTES)
            .start(0)
            .stopAt(5 * SECOND);
        simulator.runUntil(10 * SECOND);

        assertTrue(flow.isComplete());
        assertTrue(flow.completionNs() > 5 * SECOND && flow.completionNs() < 6 * SECOND, "drains within an RTO");
        final long delivered = flow.deliveredBytes();
        assertEquals(0, delivered % TcpNewRenoFlow.MSS_BYTES, "whole segments only");
        simulator.runUntil(20 * SECOND);
        assertEquals(delivered, flow.deliveredBytes(), "nothing after completion");
        assertEquals(flow.averageGoodputBps(20 * SECOND), flow.averageGoodputBps(10 * SECOND));
    }
}
