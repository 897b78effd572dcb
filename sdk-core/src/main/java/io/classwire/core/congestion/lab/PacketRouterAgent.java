package io.classwire.core.congestion.lab;

import io.classwire.core.lab.SimNode;
import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.TimedAgent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

/**
 * One end of the shared bottleneck of a {@link BottleneckLab}: forwards datagrams from the flow endpoints on its side
 * across the bottleneck to the router on the other side, and datagrams arriving across the bottleneck to the endpoint
 * on its side. A lab link joins exactly two nodes, so to let several flows share one bottleneck link the router
 * prefixes each datagram with a one-byte flow index ({@link #TAG_BYTES}) that the far router strips; the bottleneck
 * therefore carries one extra byte per packet.
 *
 * <p>Forwarding happens at the arrival instant (the simulator wakes the router when a datagram arrives), so the router
 * adds no delay. Single-threaded, allocation-free once running.
 */
public final class PacketRouterAgent implements TimedAgent, DatagramHandler
{
    /** Bytes added to every datagram on the bottleneck. */
    public static final int TAG_BYTES = 1;
    /** Most flows one router can tell apart. */
    public static final int MAX_FLOWS = 256;

    private final SimNode node;
    private final int farRouterId;
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[2048]);
    private int[] flowByNodeId = new int[0];
    private final int[] nodeIdByFlow = new int[MAX_FLOWS];
    private long forwardedAcross;
    private long deliveredLocally;
    private long unroutable;

    /**
     * Create a router.
     *
     * @param node      its node.
     * @param farRouter name of the router at the other end of the bottleneck.
     */
    public PacketRouterAgent(final SimNode node, final String farRouter)
    {
        this.node = node;
        this.farRouterId = node.peerId(farRouter, 0);
        Arrays.fill(nodeIdByFlow, -1);
    }

    /**
     * Attach a flow endpoint on this router's side.
     *
     * @param flowIndex the flow's index in the lab, in [0, {@link #MAX_FLOWS}).
     * @param endpoint  name of the endpoint node (the flow's sender or receiver on this side).
     */
    public void attach(final int flowIndex, final String endpoint)
    {
        final int nodeId = node.peerId(endpoint, 0);
        if (flowIndex < 0 || flowIndex >= MAX_FLOWS || nodeIdByFlow[flowIndex] >= 0)
        {
            throw new IllegalArgumentException("bad or duplicate flow index " + flowIndex);
        }
        if (nodeId >= flowByNodeId.length)
        {
            final int oldLength = flowByNodeId.length;
            flowByNodeId = Arrays.copyOf(flowByNodeId, nodeId + 1);
            Arrays.fill(flowByNodeId, oldLength, flowByNodeId.length, -1);
        }
        flowByNodeId[nodeId] = flowIndex;
        nodeIdByFlow[flowIndex] = nodeId;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        return node.poll(this, Integer.MAX_VALUE);
    }

    /** {@inheritDoc} */
    @Override
    public void onDatagram(final int fromPeerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        if (fromPeerId == farRouterId)
        {
            final int flow = length > TAG_BYTES ? buffer.getByte(offset) & 0xFF : -1;
            final int to = flow >= 0 ? nodeIdByFlow[flow] : -1;
            if (to < 0)
            {
                unroutable++;
                return;
            }
            node.send(to, buffer, offset + TAG_BYTES, length - TAG_BYTES);
            deliveredLocally++;
            return;
        }
        final int flow = fromPeerId < flowByNodeId.length ? flowByNodeId[fromPeerId] : -1;
        if (flow < 0 || length + TAG_BYTES > scratch.capacity())
        {
            unroutable++;
            return;
        }
        scratch.putByte(0, (byte)flow);
        scratch.putBytes(TAG_BYTES, buffer, offset, length);
        node.send(farRouterId, scratch, 0, length + TAG_BYTES);
        forwardedAcross++;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return NO_DEADLINE;
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return "router:" + node.name();
    }

    /**
     * Datagrams sent across the bottleneck.
     *
     * @return the count.
     */
    public long forwardedAcross()
    {
        return forwardedAcross;
    }

    /**
     * Datagrams from across the bottleneck handed to a local endpoint.
     *
     * @return the count.
     */
    public long deliveredLocally()
    {
        return deliveredLocally;
    }

    /**
     * Datagrams with no known flow (none expected).
     *
     * @return the count.
     */
    public long unroutable()
    {
        return unroutable;
    }
}
