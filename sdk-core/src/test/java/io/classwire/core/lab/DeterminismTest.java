package io.classwire.core.lab;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same seed, same run, byte for byte; different seed, different run; unrelated components do not interfere. */
class DeterminismTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void shouldProduceIdenticalEventLogForSameSeed()
    {
        final String first = runScenario(1234, false);
        final String second = runScenario(1234, false);
        assertTrue(first.length() > 100_000, "the scenario should log plenty: " + first.length());
        assertEquals(first, second);
    }

    @Test
    void shouldProduceDifferentEventLogForDifferentSeed()
    {
        assertNotEquals(runScenario(1234, false), runScenario(1235, false));
    }

    @Test
    void shouldNotPerturbALinkWhenAnUnrelatedComponentIsAdded()
    {
        final String without = linesOf(runScenario(99, false), "alice>relay");
        final String with = linesOf(runScenario(99, true), "alice>relay");
        assertTrue(without.length() > 10_000);
        assertEquals(without, with);
    }

    private static String linesOf(final String log, final String linkName)
    {
        return log.lines().filter((line) -> line.contains(" " + linkName + " ")).collect(Collectors.joining("\n"));
    }

    /**
     * Alice and bob exchange paced media through a relay over impaired access links, while CBR, a long TCP flow and
     * short TCP flows compete on bob's downlink.
     */
    private static String runScenario(final long seed, final boolean withUnrelatedComponent)
    {
        final Simulator simulator = new Simulator(seed);
        final EventLog log = simulator.enableEventLog();
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode alice = network.addNode("alice");
        final SimNode bob = network.addNode("bob");
        network.addNode("relay");
        network.connect("alice", "relay", NetworkProfile.HOME_WIFI.uplink().toBuilder()
            .randomLossRate(0.02).jitterMs(5).reorderingAllowed(true).duplicationProbability(0.01).build(),
            NetworkProfile.HOME_WIFI.downlink());
        network.connect("bob", "relay", NetworkProfile.CONGESTED_4G);
        final RelayAgent relay = new RelayAgent(network.node("relay"), alice.id(), bob.id());
        simulator.addAgent(relay, network.node("relay"));
        if (withUnrelatedComponent)
        {
            network.addNode("carol");
            network.connect("carol", "relay", NetworkProfile.SUBWAY);
            new CbrSource(network.link("carol", "relay"), "carol-cbr", 500_000, 500).start(0, 20 * SECOND);
        }

        final PacedPeerAgent aliceAgent =
            new PacedPeerAgent("alice", alice, "relay", 1000, 10 * MS, 50 * MS, 20 * SECOND);
        final PacedPeerAgent bobAgent =
            new PacedPeerAgent("bob", bob, "relay", 800, 20 * MS, 50 * MS, 20 * SECOND);
        simulator.addAgent(aliceAgent, alice);
        simulator.addAgent(bobAgent, bob);

        final Link bobDown = network.link("relay", "bob");
        final Link bobUp = network.link("bob", "relay");
        new CbrSource(bobDown, "cbr", 300_000, 1200).start(SECOND, 15 * SECOND);
        new TcpNewRenoFlow(bobDown, bobUp, "bulk", TcpNewRenoFlow.UNBOUNDED_BYTES).start(2 * SECOND).stopAt(12 * SECOND);
        ShortTcpFlows.rfc8867(bobDown, bobUp, "web").start(0, 20 * SECOND);

        simulator.runUntil(25 * SECOND);
        assertTrue(relay.forwarded > 0);
        return log.text();
    }
}
