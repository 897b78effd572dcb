package io.classwire.core.lab;

import org.agrona.DirectBuffer;

/**
 * A pooled packet in flight on a {@link Link}. While scheduled it is its own delivery event, so moving a packet
 * allocates nothing once the pool and the event queue have grown to the working size.
 *
 * <p>Datagrams from {@link SimNode}s carry their bytes; cross-traffic packets carry only a length and the few header
 * fields the traffic models need.
 */
final class Packet implements SimEvent
{
    private static final byte[] NO_BYTES = new byte[0];

    private final PacketPool pool;
    byte[] data = NO_BYTES;
    int length;
    Link link;
    PacketSink sink;
    int sourceId;
    long linkSequence;
    boolean duplicate;
    long arrivalNs;
    /** Cross traffic: segment number (TCP data) or cumulative ACK number (TCP ACK) or packet counter (CBR). */
    long flowSequence;
    /** Cross traffic: send time of the segment that an ACK acknowledges (TCP timestamp echo). */
    long flowEchoNs;

    Packet(final PacketPool pool)
    {
        this.pool = pool;
    }

    void setPayload(final DirectBuffer buffer, final int offset, final int lengthBytes)
    {
        if (data.length < lengthBytes)
        {
            data = new byte[Math.max(lengthBytes, pool.payloadCapacityHint())];
        }
        buffer.getBytes(offset, data, 0, lengthBytes);
        length = lengthBytes;
    }

    void copyFrom(final Packet other)
    {
        if (other.data.length > 0)
        {
            if (data.length < other.length)
            {
                data = new byte[Math.max(other.length, pool.payloadCapacityHint())];
            }
            System.arraycopy(other.data, 0, data, 0, other.length);
        }
        length = other.length;
        link = other.link;
        sink = other.sink;
        sourceId = other.sourceId;
        linkSequence = other.linkSequence;
        duplicate = other.duplicate;
        flowSequence = other.flowSequence;
        flowEchoNs = other.flowEchoNs;
    }

    /** Delivery: the packet reached the far end of its link. */
    @Override
    public void onEvent(final long nowNs)
    {
        arrivalNs = nowNs;
        link.onArrival(this, nowNs);
    }

    void release()
    {
        link = null;
        sink = null;
        duplicate = false;
        length = 0;
        pool.release(this);
    }
}
