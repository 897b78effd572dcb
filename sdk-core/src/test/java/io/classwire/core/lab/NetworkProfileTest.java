package io.classwire.core.lab;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetworkProfileTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void shouldFindProfilesByNameAliasCaseAndUnderscore()
    {
        for (final NetworkProfile profile : NetworkProfile.values())
        {
            assertSame(profile, NetworkProfile.byName(profile.profileName()));
        }
        assertSame(NetworkProfile.LAN, NetworkProfile.byName("good"));
        assertSame(NetworkProfile.HOME_WIFI, NetworkProfile.byName(" Home_WiFi "));
        assertSame(NetworkProfile.FOUR_G, NetworkProfile.byName("4G"));
        assertSame(NetworkProfile.CONGESTED_4G, NetworkProfile.byName("congested-4g"));
        assertSame(NetworkProfile.LOSSY_80, NetworkProfile.byName("LOSSY-80"));
    }

    @Test
    void shouldListEveryValidNameWhenLookupFails()
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> NetworkProfile.byName("5g"));
        final String message = error.getMessage();
        assertTrue(message.contains("'5g'"), message);
        for (final String name : new String[]{ "lan", "home-wifi", "4g", "congested-4g", "subway", "satellite",
            "lossy-30", "lossy-50", "lossy-80", "good (= lan)" })
        {
            assertTrue(message.contains(name), name + " missing from: " + message);
        }
        assertThrows(IllegalArgumentException.class, () -> NetworkProfile.byName(null));
        assertThrows(IllegalArgumentException.class, () -> NetworkProfile.byName(""));
    }

    @Test
    void shouldDescribeDocumentedValues()
    {
        assertEquals(300 * MS, NetworkProfile.SATELLITE.uplink().propagationDelayNs());
        assertEquals(20_000_000, NetworkProfile.SATELLITE.downlink().capacity().bpsAt(0));
        assertEquals(0.8, NetworkProfile.LOSSY_80.uplink().burstLoss().meanLossRate());
        assertEquals(5.0, NetworkProfile.LOSSY_80.downlink().burstLoss().meanBurstPackets());
        final Blackouts subway = NetworkProfile.SUBWAY.downlink().blackouts();
        assertTrue(subway.contains(20 * SECOND) && subway.contains(84 * SECOND) && !subway.contains(86 * SECOND));
        final CapacityTimeline congested = NetworkProfile.CONGESTED_4G.downlink().capacity();
        assertEquals(3_000_000, congested.bpsAt(0));
        assertEquals(1_500_000, congested.bpsAt(10 * SECOND));
        assertTrue(congested.changeCount() > 100, "the pattern repeats for the documented duration");
    }

    @ParameterizedTest
    @EnumSource(NetworkProfile.class)
    void shouldCarryASessionOverEveryProfile(final NetworkProfile profile)
    {
        final Simulator simulator = new Simulator(profile.ordinal());
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode client = network.addNode("client");
        final SimNode server = network.addNode("server");
        network.connect("client", "server", profile);
        final PacedPeerAgent clientAgent = new PacedPeerAgent("client", client, "server", 500, 10 * MS, 100 * MS,
            60 * SECOND);
        final PacedPeerAgent serverAgent = new PacedPeerAgent("server", server, "client", 500, 10 * MS, 100 * MS,
            60 * SECOND);
        simulator.addAgent(clientAgent, client);
        simulator.addAgent(serverAgent, server);
        simulator.runUntil(65 * SECOND);

        final LinkStats up = network.link("client", "server").stats();
        assertEquals(6600, up.offeredPackets());
        assertEquals(up.deliveredPackets() + up.duplicatedPackets(), serverAgent.mediaReceived +
            serverAgent.feedbackReceived, "everything delivered arrived");
        assertEquals(0, up.droppedPackets(DropCause.QUEUE_FULL), profile + ": 440 kbps fits every uplink");
        final GilbertElliottLoss burstLoss = profile.uplink().burstLoss();
        final double expectedLoss = burstLoss == null ? 0.0 : burstLoss.meanLossRate();
        final double burstLossRate = (double)up.droppedPackets(DropCause.BURST_LOSS) / up.offeredPackets();
        assertEquals(expectedLoss, burstLossRate, 0.02 + expectedLoss * 0.1, profile + " loss");
        if (profile == NetworkProfile.SUBWAY)
        {
            // One window, [20 s, 25 s), falls in the 60 s of sending: 5 s at 110 packets/s.
            assertEquals(550, up.droppedPackets(DropCause.BLACKOUT));
        }
    }
}
