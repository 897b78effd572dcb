package io.classwire.core.lab;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TwoPartySessionTest
{
    private static final long SECOND_NS = TimeUnit.SECONDS.toNanos(1);
    private static final long DURATION_NS = 60 * SECOND_NS;

    @Test
    void shouldCarryOneMegabitEachWayForSixtySeconds()
    {
        final Simulator simulator = new Simulator(7);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode alice = network.addNode("alice");
        final SimNode bob = network.addNode("bob");
        final LinkConfig path = LinkConfig.builder()
            .capacityBps(5_000_000)
            .propagationDelayMs(20)
            .jitterMs(2)
            .queueLimitMs(200)
            .randomLossRate(0.01)
            .build();
        network.connect("alice", "bob", path, path);

        // 1250-byte packets every 10 ms = 1 Mbps each way, plus 10 feedback packets/s each way.
        final PacedPeerAgent aliceAgent = new PacedPeerAgent(
            "alice", alice, "bob", 1250, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(100),
            DURATION_NS);
        final PacedPeerAgent bobAgent = new PacedPeerAgent(
            "bob", bob, "alice", 1250, TimeUnit.MILLISECONDS.toNanos(10), TimeUnit.MILLISECONDS.toNanos(100),
            DURATION_NS);
        simulator.addAgent(aliceAgent, alice);
        simulator.addAgent(bobAgent, bob);

        final long startWallNs = System.nanoTime();
        simulator.runUntil(DURATION_NS + SECOND_NS);
        final long wallMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startWallNs);
        System.out.println("60 s two-party session simulated in " + wallMs + " ms wall time, " +
            simulator.eventsRun() + " events, " + simulator.agentCalls() + " agent calls, " +
            network.packetsAllocated() + " packets allocated");

        assertEquals(6000, aliceAgent.mediaSent);
        assertEquals(6000, bobAgent.mediaSent);
        assertEquals(600, aliceAgent.feedbackSent);
        final Link aliceToBob = network.link("alice", "bob");
        assertEquals(6600, aliceToBob.stats().offeredPackets());
        assertEquals(aliceToBob.arrivedPackets(), bobAgent.mediaReceived + bobAgent.feedbackReceived);
        assertEquals(aliceToBob.stats().deliveredPackets(), aliceToBob.arrivedPackets(), "nothing left in flight");
        assertEquals(aliceToBob.stats().droppedPackets(DropCause.RANDOM_LOSS),
            6600 - aliceToBob.arrivedPackets());
        // 1% loss of 6600 packets: mean 66, sd ~8.1; 5 sd bounds.
        final long lost = 6600 - aliceToBob.arrivedPackets();
        assertTrue(lost > 25 && lost < 107, "lost " + lost);
        assertEquals(0, bobAgent.outOfOrderMedia, "no reordering configured");
        assertEquals(0, aliceToBob.stats().droppedPackets(DropCause.QUEUE_FULL), "1.1 Mbps fits in 5 Mbps");
        assertTrue(network.packetsAllocated() < 100, "packets are pooled: " + network.packetsAllocated());
    }

    @Test
    void shouldNotAllocatePerPacketOnceWarm()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final Simulator simulator = new Simulator(8);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode alice = network.addNode("alice");
        final SimNode bob = network.addNode("bob");
        final LinkConfig path = LinkConfig.builder()
            .capacityBps(5_000_000).propagationDelayMs(20).jitterMs(2).queueLimitMs(200).randomLossRate(0.01).build();
        network.connect("alice", "bob", path, path);
        simulator.addAgent(new PacedPeerAgent("alice", alice, "bob", 1250, TimeUnit.MILLISECONDS.toNanos(10),
            TimeUnit.MILLISECONDS.toNanos(100), DURATION_NS), alice);
        simulator.addAgent(new PacedPeerAgent("bob", bob, "alice", 1250, TimeUnit.MILLISECONDS.toNanos(10),
            TimeUnit.MILLISECONDS.toNanos(100), DURATION_NS), bob);
        new CbrSource(network.link("alice", "bob"), "cbr", 1_000_000, 1000).start(0, DURATION_NS);
        new TcpNewRenoFlow(network.link("alice", "bob"), network.link("bob", "alice"), "bulk",
            TcpNewRenoFlow.UNBOUNDED_BYTES).start(0);

        simulator.runUntil(10 * SECOND_NS);
        final long threadId = Thread.currentThread().getId();
        final long beforeBytes = threads.getThreadAllocatedBytes(threadId);
        final long eventsBefore = simulator.eventsRun();
        simulator.runUntil(DURATION_NS);
        final long allocatedBytes = threads.getThreadAllocatedBytes(threadId) - beforeBytes;
        final long events = simulator.eventsRun() - eventsBefore;

        assertTrue(events > 30_000, "events " + events);
        // What remains is growth, not garbage: the packet pool adds a few 1.5 KB packets when TCP deepens the queue.
        // Even 16 bytes per event would be 700 KB.
        assertTrue(allocatedBytes < 128 * 1024, allocatedBytes + " bytes allocated for " + events + " events");
    }
}
