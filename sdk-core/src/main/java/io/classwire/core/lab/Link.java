package io.classwire.core.lab;

/**
 * One direction of a path between two {@link SimNode}s in a {@link SimulatedNetwork}. Its {@link Impairment}
 * decides each packet's fate when it is offered; the link then schedules the delivery (and any duplicate) in the
 * simulator. Cross-traffic generators offer their packets to the same link, so they share its queue and capacity with
 * the nodes' datagrams.
 *
 * <p>Single-threaded, like the simulator.
 */
public final class Link
{
    private final SimulatedNetwork network;
    private final Simulator simulator;
    private final String name;
    private final SimNode from;
    private final SimNode to;
    private final Impairment impairment;
    private final PacketFate fate = new PacketFate();
    private long arrivedPackets;
    private long arrivedBytes;

    Link(final SimulatedNetwork network, final SimNode from, final SimNode to, final LinkConfig config)
    {
        this.network = network;
        this.simulator = network.simulator();
        this.name = from.name() + ">" + to.name();
        this.from = from;
        this.to = to;
        this.impairment = new Impairment(config, simulator.componentSeed("link:" + name));
    }

    /**
     * The link's name, {@code "<from>><to>"}, as used in event logs.
     *
     * @return e.g. {@code "alice>bob"}.
     */
    public String name()
    {
        return name;
    }

    /**
     * Sending end.
     *
     * @return the node packets enter from.
     */
    public SimNode from()
    {
        return from;
    }

    /**
     * Receiving end.
     *
     * @return the node datagrams are delivered to.
     */
    public SimNode to()
    {
        return to;
    }

    /**
     * The configuration imposed.
     *
     * @return the link's configuration.
     */
    public LinkConfig config()
    {
        return impairment.config();
    }

    /**
     * Per-packet counters of this direction, all traffic included.
     *
     * @return the live statistics.
     */
    public LinkStats stats()
    {
        return impairment.stats();
    }

    /**
     * Packets that reached the far end so far (duplicates included), unlike {@link LinkStats#deliveredPackets()}
     * which also counts packets still in flight.
     *
     * @return the count.
     */
    public long arrivedPackets()
    {
        return arrivedPackets;
    }

    /**
     * Bytes of the packets counted by {@link #arrivedPackets()}.
     *
     * @return the count.
     */
    public long arrivedBytes()
    {
        return arrivedBytes;
    }

    SimulatedNetwork network()
    {
        return network;
    }

    Simulator simulator()
    {
        return simulator;
    }

    /** Take ownership of {@code packet} entering the link now; it is delivered to its sink or released. */
    void offer(final Packet packet)
    {
        final long nowNs = simulator.nowNs();
        packet.link = this;
        impairment.decide(nowNs, packet.length, fate);
        packet.linkSequence = fate.sequence();
        if (fate.isDropped())
        {
            final EventLog log = simulator.eventLog();
            if (log != null)
            {
                log.dropped(nowNs, name, fate.dropCause(), packet.linkSequence, packet.length);
            }
            packet.release();
            return;
        }
        Packet duplicate = null;
        if (fate.hasDuplicate())
        {
            duplicate = network.pool().acquire();
            duplicate.copyFrom(packet);
            duplicate.duplicate = true;
        }
        simulator.schedule(fate.deliveryNs(), packet);
        if (duplicate != null)
        {
            simulator.schedule(fate.duplicateDeliveryNs(), duplicate);
        }
    }

    void onArrival(final Packet packet, final long nowNs)
    {
        arrivedPackets++;
        arrivedBytes += packet.length;
        final EventLog log = simulator.eventLog();
        if (log != null)
        {
            log.delivered(nowNs, name, packet.duplicate, packet.linkSequence, packet.length);
        }
        packet.sink.onPacket(packet, nowNs);
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return name + " " + impairment.config();
    }
}
