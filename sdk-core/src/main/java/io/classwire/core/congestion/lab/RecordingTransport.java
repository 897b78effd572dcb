package io.classwire.core.congestion.lab;

import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.SimNode;
import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import org.agrona.DirectBuffer;

import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * A media receiver's node seen through a recorder: every datagram the receiver polls is first logged with its arrival
 * time and the queuing delay it met, then handed on unchanged. Sending and addressing pass straight through.
 *
 * <p>Queuing delay is the one-way delay (arrival minus the send time that {@link GccSenderAgent} writes into each
 * payload) minus what an empty path costs that packet: the propagation delays of its three hops (sender access,
 * bottleneck, receiver access) and its serialization on each at the rate in force (on the bottleneck with the
 * router's {@link PacketRouterAgent#TAG_BYTES} tag). What remains is time spent waiting in queues, mostly the
 * bottleneck's.
 *
 * <p>Single-threaded. The log grows geometrically, so recording allocates only when it doubles.
 */
public final class RecordingTransport implements DatagramTransport, DatagramHandler
{
    private static final long NS_PER_S = 1_000_000_000L;

    private final SimNode node;
    private final long senderAccessDelayNs;
    private final long accessBps;
    private final CapacityTimeline bottleneckCapacity;
    private final long bottleneckDelayNs;
    private DatagramHandler downstream;
    private long[] arrivalNs = new long[1024];
    private long[] queueDelayNs = new long[1024];
    private int count;

    /**
     * Wrap a receiver's node.
     *
     * @param node                the receiver's node.
     * @param senderAccessDelayNs propagation delay of the sender's access link.
     * @param accessBps           rate of both access links.
     * @param bottleneckCapacity  capacity schedule of the bottleneck the media crosses.
     * @param bottleneckDelayNs   propagation delay of that bottleneck.
     */
    public RecordingTransport(final SimNode node, final long senderAccessDelayNs, final long accessBps,
        final CapacityTimeline bottleneckCapacity, final long bottleneckDelayNs)
    {
        this.node = node;
        this.senderAccessDelayNs = senderAccessDelayNs;
        this.accessBps = accessBps;
        this.bottleneckCapacity = bottleneckCapacity;
        this.bottleneckDelayNs = bottleneckDelayNs;
    }

    /** {@inheritDoc} */
    @Override
    public int peerId(final String host, final int port)
    {
        return node.peerId(host, port);
    }

    /** {@inheritDoc} */
    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        return node.send(peerId, buffer, offset, length);
    }

    /** {@inheritDoc} */
    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        downstream = handler;
        return node.poll(this, limit);
    }

    /** {@inheritDoc} */
    @Override
    public void onDatagram(final int peerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        if (length >= GccSenderAgent.SEND_TIME_OFFSET + 8)
        {
            final long sendNs = buffer.getLong(offset + GccSenderAgent.SEND_TIME_OFFSET, ByteOrder.BIG_ENDIAN);
            record(receivedNs, receivedNs - sendNs - emptyPathDelayNs(receivedNs, length));
        }
        downstream.onDatagram(peerId, buffer, offset, length, receivedNs);
    }

    /** Closes the node. */
    @Override
    public void close()
    {
        node.close();
    }

    /**
     * What a packet of this size arriving now would have taken on an empty path: propagation plus serialization, hop
     * by hop backwards from the arrival (the receiver's access link has no propagation delay).
     *
     * @param arrivalNs   when it arrived.
     * @param lengthBytes its size at the receiver.
     * @return nanoseconds.
     */
    long emptyPathDelayNs(final long arrivalNs, final int lengthBytes)
    {
        final long accessSerializationNs = lengthBytes * 8L * NS_PER_S / accessBps;
        long totalNs = 2 * accessSerializationNs + bottleneckDelayNs + senderAccessDelayNs;
        if (!bottleneckCapacity.isUnlimited())
        {
            // The rate just before the packet's last bit left the bottleneck.
            final long bps = bottleneckCapacity.bpsAt(arrivalNs - accessSerializationNs - bottleneckDelayNs - 1);
            if (bps > 0)
            {
                totalNs += (lengthBytes + PacketRouterAgent.TAG_BYTES) * 8L * NS_PER_S / bps;
            }
        }
        return totalNs;
    }

    private void record(final long atNs, final long delayNs)
    {
        if (count == arrivalNs.length)
        {
            arrivalNs = Arrays.copyOf(arrivalNs, count * 2);
            queueDelayNs = Arrays.copyOf(queueDelayNs, count * 2);
        }
        arrivalNs[count] = atNs;
        queueDelayNs[count] = Math.max(0, delayNs);
        count++;
    }

    /**
     * Packets recorded so far.
     *
     * @return the count.
     */
    public int packetCount()
    {
        return count;
    }

    /**
     * Arrival time of recorded packet {@code index}, in arrival order.
     *
     * @param index in [0, {@link #packetCount()}).
     * @return nanoseconds.
     */
    public long arrivalNs(final int index)
    {
        return arrivalNs[index];
    }

    /**
     * Queuing delay of recorded packet {@code index}, never negative.
     *
     * @param index in [0, {@link #packetCount()}).
     * @return nanoseconds.
     */
    public long queueDelayNs(final int index)
    {
        return queueDelayNs[index];
    }
}
