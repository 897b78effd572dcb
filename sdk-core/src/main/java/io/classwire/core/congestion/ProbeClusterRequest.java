package io.classwire.core.congestion;

/**
 * A request to send one probe cluster: a short burst at a given rate whose arrival spacing measures what the path
 * can carry. Mutable holder, reused by {@link CongestionController#pollProbeRequest(ProbeClusterRequest)} so that
 * polling allocates nothing.
 */
public final class ProbeClusterRequest
{
    private int clusterId;
    private long bitrateBps;
    private int minPackets;
    private int minBytes;

    /**
     * Fill the request.
     *
     * @param clusterId  id to tag every packet of the cluster with.
     * @param bitrateBps rate to send the cluster at.
     * @param minPackets fewest packets to send.
     * @param minBytes   fewest bytes to send.
     * @return this for chaining.
     */
    public ProbeClusterRequest set(final int clusterId, final long bitrateBps, final int minPackets, final int minBytes)
    {
        this.clusterId = clusterId;
        this.bitrateBps = bitrateBps;
        this.minPackets = minPackets;
        this.minBytes = minBytes;
        return this;
    }

    /**
     * Cluster id.
     *
     * @return the id, not negative.
     */
    public int clusterId()
    {
        return clusterId;
    }

    /**
     * Probe rate.
     *
     * @return bits per second.
     */
    public long bitrateBps()
    {
        return bitrateBps;
    }

    /**
     * Fewest packets.
     *
     * @return the count.
     */
    public int minPackets()
    {
        return minPackets;
    }

    /**
     * Fewest bytes.
     *
     * @return the count.
     */
    public int minBytes()
    {
        return minBytes;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "ProbeClusterRequest{id=" + clusterId + ", bitrateBps=" + bitrateBps + ", minPackets=" + minPackets +
            ", minBytes=" + minBytes + '}';
    }
}
