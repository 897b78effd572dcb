package io.classwire.core.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A set of named {@link SimNode}s joined by directional {@link Link}s, running on a {@link Simulator}.
 *
 * <pre>{@code
 * Simulator sim = new Simulator(42);
 * SimulatedNetwork net = new SimulatedNetwork(sim);
 * SimNode alice = net.addNode("alice");
 * SimNode relay = net.addNode("relay");
 * net.connect("alice", "relay", NetworkProfile.FOUR_G);   // uplink alice>relay, downlink relay>alice
 * sim.addAgent(aliceAgent, alice);
 * sim.runUntil(60_000_000_000L);
 * }</pre>
 *
 * <p>Single-threaded, like the simulator.
 */
public final class SimulatedNetwork
{
    /** Default largest datagram a node accepts to send: a 1500-byte Ethernet MTU minus IPv4 and UDP headers. */
    public static final int DEFAULT_MAX_DATAGRAM_BYTES = 1472;
    /** Default number of arrived datagrams a node holds before dropping, like a socket receive buffer. */
    public static final int DEFAULT_INBOX_CAPACITY = 4096;

    private final Simulator simulator;
    private final int maxDatagramBytes;
    private final int inboxCapacity;
    private final PacketPool pool;
    private final Map<String, SimNode> nodesByName = new LinkedHashMap<>();
    private final List<SimNode> nodes = new ArrayList<>();
    private final List<Link> links = new ArrayList<>();

    /**
     * Create an empty network with default limits.
     *
     * @param simulator the simulator that carries its packets.
     */
    public SimulatedNetwork(final Simulator simulator)
    {
        this(simulator, DEFAULT_MAX_DATAGRAM_BYTES, DEFAULT_INBOX_CAPACITY);
    }

    /**
     * Create an empty network.
     *
     * @param simulator        the simulator that carries its packets.
     * @param maxDatagramBytes largest datagram {@link SimNode#send} accepts.
     * @param inboxCapacity    arrived datagrams each node holds before dropping.
     */
    public SimulatedNetwork(final Simulator simulator, final int maxDatagramBytes, final int inboxCapacity)
    {
        if (maxDatagramBytes <= 0 || inboxCapacity <= 0)
        {
            throw new IllegalArgumentException(
                "limits must be positive: maxDatagramBytes=" + maxDatagramBytes + " inboxCapacity=" + inboxCapacity);
        }
        this.simulator = simulator;
        this.maxDatagramBytes = maxDatagramBytes;
        this.inboxCapacity = inboxCapacity;
        this.pool = new PacketPool(maxDatagramBytes);
    }

    /**
     * The simulator carrying this network's packets.
     *
     * @return the simulator.
     */
    public Simulator simulator()
    {
        return simulator;
    }

    /**
     * Add a host.
     *
     * @param name unique, non-empty, without spaces or {@code '>'} (names appear in event logs).
     * @return the new node.
     * @throws IllegalArgumentException on a duplicate or malformed name.
     */
    public SimNode addNode(final String name)
    {
        if (name == null || name.isEmpty() || name.indexOf(' ') >= 0 || name.indexOf('>') >= 0)
        {
            throw new IllegalArgumentException("node name must be non-empty without spaces or '>': " + name);
        }
        if (nodesByName.containsKey(name))
        {
            throw new IllegalArgumentException("node already exists: " + name);
        }
        final SimNode node = new SimNode(this, nodes.size(), name, maxDatagramBytes, inboxCapacity);
        nodesByName.put(name, node);
        nodes.add(node);
        return node;
    }

    /**
     * Find a node by name.
     *
     * @param name the node's name.
     * @return the node.
     * @throws IllegalArgumentException if there is none; the message lists the valid names.
     */
    public SimNode node(final String name)
    {
        final SimNode node = nodesByName.get(name);
        if (node == null)
        {
            throw new IllegalArgumentException("unknown node '" + name + "'; nodes are " + nodesByName.keySet());
        }
        return node;
    }

    /**
     * Nodes in the order they were added (index = node id).
     *
     * @return an unmodifiable view.
     */
    public List<SimNode> nodes()
    {
        return Collections.unmodifiableList(nodes);
    }

    /**
     * Create the one-way link {@code from -> to}.
     *
     * @param from   sending node's name.
     * @param to     receiving node's name.
     * @param config impairments of that direction.
     * @return the new link.
     * @throws IllegalArgumentException if a node is unknown, the two are the same, or the link already exists.
     */
    public Link connect(final String from, final String to, final LinkConfig config)
    {
        final SimNode fromNode = node(from);
        final SimNode toNode = node(to);
        if (fromNode == toNode)
        {
            throw new IllegalArgumentException("cannot link a node to itself: " + from);
        }
        if (fromNode.linkTo(toNode.id()) != null)
        {
            throw new IllegalArgumentException("link already exists: " + from + ">" + to);
        }
        final Link link = new Link(this, fromNode, toNode, config);
        fromNode.setLinkTo(toNode.id(), link);
        links.add(link);
        return link;
    }

    /**
     * Create both directions between two nodes, each with its own configuration.
     *
     * @param a      one node's name (e.g. the client).
     * @param b      the other's (e.g. the server).
     * @param aToB   impairments from a to b (the client's uplink).
     * @param bToA   impairments from b to a (the client's downlink).
     */
    public void connect(final String a, final String b, final LinkConfig aToB, final LinkConfig bToA)
    {
        connect(a, b, aToB);
        connect(b, a, bToA);
    }

    /**
     * Create both directions between a client and a server from a named profile: the profile's uplink from client to
     * server, its downlink back.
     *
     * @param client  the node whose access network the profile describes.
     * @param server  the node on the other side.
     * @param profile the access network.
     */
    public void connect(final String client, final String server, final NetworkProfile profile)
    {
        connect(client, server, profile.uplink(), profile.downlink());
    }

    /**
     * Find the link {@code from -> to}.
     *
     * @param from sending node's name.
     * @param to   receiving node's name.
     * @return the link.
     * @throws IllegalArgumentException if it does not exist.
     */
    public Link link(final String from, final String to)
    {
        final Link link = node(from).linkTo(node(to).id());
        if (link == null)
        {
            throw new IllegalArgumentException("no link " + from + ">" + to);
        }
        return link;
    }

    /**
     * All links in the order they were created.
     *
     * @return an unmodifiable view.
     */
    public List<Link> links()
    {
        return Collections.unmodifiableList(links);
    }

    /**
     * Packets the pool ever had to create: the peak number simultaneously in flight or queued in inboxes.
     *
     * @return the count.
     */
    public long packetsAllocated()
    {
        return pool.createdCount();
    }

    PacketPool pool()
    {
        return pool;
    }
}
