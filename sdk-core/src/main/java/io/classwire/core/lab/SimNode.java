package io.classwire.core.lab;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * A named host in a {@link SimulatedNetwork}, seen by protocol code as a {@link DatagramTransport}.
 *
 * <p>Peers are addressed by node name: {@code peerId("bob", anyPort)} is bob's node id, and datagrams received from
 * bob carry the same id, so ids are consistent across all nodes of a network. Ports are accepted but ignored: a node
 * has one endpoint. {@link #send} copies the datagram into a pooled packet and offers it to the link towards the peer;
 * losses inside the network are silent, as on a real network, so it returns {@link #OK} even when the link then
 * drops the packet. Arrived datagrams wait in a bounded inbox until {@link #poll}, which reports their arrival time as
 * {@code receivedNs}; arrivals to a full inbox are dropped and counted (like a socket receive buffer).
 *
 * <p>Single-threaded: call from the simulator's thread (typically from an agent's {@code doWork}).
 */
public final class SimNode implements DatagramTransport
{
    private final SimulatedNetwork network;
    private final int id;
    private final String name;
    private final int maxDatagramBytes;
    private final UnsafeBuffer receiveBuffer = new UnsafeBuffer(new byte[0]);
    private final PacketSink inboxSink = this::onArrival;
    private Packet[] inbox;
    private int inboxHead;
    private int inboxCount;
    private Link[] linksByPeer = new Link[4];
    private int[] agentSlots = new int[0];
    private boolean closed;
    private long sentDatagrams;
    private long receivedDatagrams;
    private long inboxOverflows;

    SimNode(final SimulatedNetwork network, final int id, final String name, final int maxDatagramBytes,
        final int inboxCapacity)
    {
        this.network = network;
        this.id = id;
        this.name = name;
        this.maxDatagramBytes = maxDatagramBytes;
        this.inbox = new Packet[inboxCapacity];
    }

    /**
     * The node's name in the network.
     *
     * @return e.g. {@code "alice"}.
     */
    public String name()
    {
        return name;
    }

    /**
     * The node's id: what other nodes get from {@code peerId(name(), port)}.
     *
     * @return a non-negative id unique in the network.
     */
    public int id()
    {
        return id;
    }

    /**
     * Look up a node by name.
     *
     * @param host a node name in this network.
     * @param port ignored; a node has one endpoint.
     * @return that node's id.
     * @throws IllegalArgumentException if no node has that name (the message lists the valid names).
     */
    @Override
    public int peerId(final String host, final int port)
    {
        return network.node(host).id();
    }

    /**
     * Offer one datagram to the link towards the peer.
     *
     * @return {@link #OK} (even if the network later drops it), {@link #NOT_CONNECTED} when closed or there is no
     *         link to the peer, {@link #TOO_LARGE} above the network's maximum datagram size.
     */
    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed || peerId < 0 || peerId >= linksByPeer.length || linksByPeer[peerId] == null)
        {
            return NOT_CONNECTED;
        }
        if (length > maxDatagramBytes)
        {
            return TOO_LARGE;
        }
        final Link link = linksByPeer[peerId];
        final Packet packet = network.pool().acquire();
        packet.setPayload(buffer, offset, length);
        packet.sourceId = id;
        packet.sink = link.to().inboxSink();
        sentDatagrams++;
        link.offer(packet);
        return OK;
    }

    /** {@inheritDoc} */
    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        int delivered = 0;
        while (delivered < limit && inboxCount > 0)
        {
            final Packet packet = inbox[inboxHead];
            inbox[inboxHead] = null;
            inboxHead = (inboxHead + 1) % inbox.length;
            inboxCount--;
            delivered++;
            try
            {
                receiveBuffer.wrap(packet.data, 0, packet.length);
                handler.onDatagram(packet.sourceId, receiveBuffer, 0, packet.length, packet.arrivalNs);
            }
            finally
            {
                packet.release();
            }
        }
        return delivered;
    }

    /** Drop waiting datagrams and refuse further sends; idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            while (inboxCount > 0)
            {
                inbox[inboxHead].release();
                inbox[inboxHead] = null;
                inboxHead = (inboxHead + 1) % inbox.length;
                inboxCount--;
            }
        }
    }

    /**
     * Datagrams accepted by {@link #send}.
     *
     * @return the count.
     */
    public long sentDatagrams()
    {
        return sentDatagrams;
    }

    /**
     * Datagrams that arrived and were queued for {@link #poll}.
     *
     * @return the count.
     */
    public long receivedDatagrams()
    {
        return receivedDatagrams;
    }

    /**
     * Datagrams that arrived to a full inbox (or after close) and were dropped.
     *
     * @return the count.
     */
    public long inboxOverflows()
    {
        return inboxOverflows;
    }

    /**
     * Datagrams waiting for {@link #poll}.
     *
     * @return the count.
     */
    public int pendingDatagrams()
    {
        return inboxCount;
    }

    PacketSink inboxSink()
    {
        return inboxSink;
    }

    private void onArrival(final Packet packet, final long nowNs)
    {
        if (closed || inboxCount == inbox.length)
        {
            inboxOverflows++;
            packet.release();
            return;
        }
        inbox[(inboxHead + inboxCount) % inbox.length] = packet;
        inboxCount++;
        receivedDatagrams++;
        final Simulator simulator = network.simulator();
        for (final int slot : agentSlots)
        {
            simulator.wakeAgent(slot);
        }
    }

    void setLinkTo(final int peerId, final Link link)
    {
        if (peerId >= linksByPeer.length)
        {
            linksByPeer = Arrays.copyOf(linksByPeer, Math.max(peerId + 1, linksByPeer.length * 2));
        }
        linksByPeer[peerId] = link;
    }

    Link linkTo(final int peerId)
    {
        return peerId >= 0 && peerId < linksByPeer.length ? linksByPeer[peerId] : null;
    }

    void addAgentSlot(final int slot)
    {
        agentSlots = Arrays.copyOf(agentSlots, agentSlots.length + 1);
        agentSlots[agentSlots.length - 1] = slot;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "SimNode{" + name + "#" + id + '}';
    }
}
