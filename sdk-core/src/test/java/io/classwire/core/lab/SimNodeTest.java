package io.classwire.core.lab;

import io.classwire.core.transport.DatagramTransport;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimNodeTest
{
    private final Simulator simulator = new Simulator(1);
    private final SimulatedNetwork network = new SimulatedNetwork(simulator, 1472, 4);
    private final SimNode alice = network.addNode("alice");
    private final SimNode bob = network.addNode("bob");
    private final SimNode carol = network.addNode("carol");
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2000]);

    @Test
    void shouldDeliverBytesWithArrivalTimeAndSenderId()
    {
        network.connect("alice", "bob", LinkConfig.builder().propagationDelayMs(30).build());
        buffer.putBytes(10, new byte[]{ 1, 2, 3, 4 });
        simulator.runUntil(5_000_000);
        assertEquals(DatagramTransport.OK, alice.send(alice.peerId("bob", 9), buffer, 10, 4));
        simulator.runUntil(100_000_000);

        final List<long[]> received = new ArrayList<>();
        final byte[] bytes = new byte[4];
        assertEquals(1, bob.poll((peer, buf, offset, length, receivedNs) ->
        {
            buf.getBytes(offset, bytes);
            received.add(new long[]{ peer, length, receivedNs });
        }, 10));
        assertArrayEquals(new byte[]{ 1, 2, 3, 4 }, bytes);
        assertEquals(alice.id(), received.get(0)[0]);
        assertEquals(bob.peerId("alice", 0), received.get(0)[0], "ids agree across nodes");
        assertEquals(4, received.get(0)[1]);
        assertEquals(35_000_000L, received.get(0)[2], "sent at 5 ms plus 30 ms");
        assertEquals(0, bob.poll((peer, buf, offset, length, receivedNs) -> { }, 10));
    }

    @Test
    void shouldReportSendErrors()
    {
        network.connect("alice", "bob", LinkConfig.builder().build());
        assertEquals(DatagramTransport.NOT_CONNECTED, alice.send(carol.id(), buffer, 0, 10), "no link to carol");
        assertEquals(DatagramTransport.NOT_CONNECTED, alice.send(99, buffer, 0, 10));
        assertEquals(DatagramTransport.TOO_LARGE, alice.send(bob.id(), buffer, 0, 1473));
        alice.close();
        alice.close();
        assertEquals(DatagramTransport.NOT_CONNECTED, alice.send(bob.id(), buffer, 0, 10));
    }

    @Test
    void shouldListNodeNamesForUnknownPeer()
    {
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> alice.peerId("dave", 5000));
        assertTrue(error.getMessage().contains("[alice, bob, carol]"), error.getMessage());
    }

    @Test
    void shouldDropAndCountArrivalsToFullInbox()
    {
        network.connect("alice", "bob", LinkConfig.builder().build());
        for (int i = 0; i < 6; i++)
        {
            alice.send(bob.id(), buffer, 0, 100);
        }
        simulator.runUntil(1);
        assertEquals(4, bob.pendingDatagrams());
        assertEquals(2, bob.inboxOverflows());
        assertEquals(2, bob.poll((peer, buf, offset, length, receivedNs) -> { }, 2), "poll honours its limit");
        assertEquals(2, bob.pendingDatagrams());
    }

    @Test
    void shouldWakeAttachedAgentOnArrival()
    {
        network.connect("alice", "bob", LinkConfig.builder().propagationDelayMs(1).build());
        final List<Long> wakeUps = new ArrayList<>();
        simulator.addAgent(new io.classwire.core.transport.TimedAgent()
        {
            @Override
            public int doWork(final long nowNs)
            {
                wakeUps.add(nowNs);
                return bob.poll((peer, buf, offset, length, receivedNs) -> { }, 10);
            }

            @Override
            public long nextDeadlineNs()
            {
                return NO_DEADLINE;
            }

            @Override
            public String roleName()
            {
                return "bob";
            }
        }, bob);
        alice.send(bob.id(), buffer, 0, 100);
        simulator.runUntil(10_000_000);
        assertEquals(List.of(1_000_000L), wakeUps);
    }

    @Test
    void shouldDeliverDuplicatesAsSeparateDatagrams()
    {
        network.connect("alice", "bob", LinkConfig.builder().duplicationProbability(1.0).build());
        alice.send(bob.id(), buffer, 0, 100);
        simulator.runUntil(1);
        assertEquals(2, bob.pendingDatagrams());
        assertEquals(1, network.link("alice", "bob").stats().duplicatedPackets());
    }

    @Test
    void shouldRejectDuplicateNodesAndLinks()
    {
        assertThrows(IllegalArgumentException.class, () -> network.addNode("alice"));
        assertThrows(IllegalArgumentException.class, () -> network.addNode("a b"));
        network.connect("alice", "bob", LinkConfig.builder().build());
        assertThrows(IllegalArgumentException.class, () -> network.connect("alice", "bob", LinkConfig.builder().build()));
        assertThrows(IllegalArgumentException.class, () -> network.connect("alice", "alice", LinkConfig.builder().build()));
        assertThrows(IllegalArgumentException.class, () -> network.link("bob", "alice"));
    }
}
