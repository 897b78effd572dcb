package io.classwire.core.lab;

/**
 * Constant-bit-rate UDP cross traffic: fixed-size packets at exact intervals into a {@link Link}, received by the
 * source's own sink at the far end. Unresponsive to loss and delay, like the CBR competitors of RFC 8867.
 *
 * <p>Single-threaded, like the simulator.
 */
public final class CbrSource
{
    private static final long NS_PER_S = 1_000_000_000L;

    private final Link link;
    private final Simulator simulator;
    private final String name;
    private final long bitrateBps;
    private final int packetBytes;
    private final SimEvent sendEvent = this::onSendTime;
    private final PacketSink sink = this::onArrival;
    private long startNs;
    private long stopNs;
    private long sentPackets;
    private long receivedPackets;
    private long receivedBytes;
    private boolean started;

    /**
     * Create a source; it sends nothing until {@link #start(long, long)}.
     *
     * @param link        the link its packets enter.
     * @param name        for diagnostics.
     * @param bitrateBps  sending rate including packet headers, positive.
     * @param packetBytes size of each packet on the wire, positive.
     */
    public CbrSource(final Link link, final String name, final long bitrateBps, final int packetBytes)
    {
        if (bitrateBps <= 0 || packetBytes <= 0)
        {
            throw new IllegalArgumentException("bitrate and packet size must be positive: " + bitrateBps + ", " +
                packetBytes);
        }
        this.link = link;
        this.simulator = link.simulator();
        this.name = name;
        this.bitrateBps = bitrateBps;
        this.packetBytes = packetBytes;
    }

    /**
     * Send from {@code startNs} (first packet then) until before {@code stopNs}.
     *
     * @param startNs first packet time, not in the past.
     * @param stopNs  no packet is sent at or after this time.
     * @return this source.
     */
    public CbrSource start(final long startNs, final long stopNs)
    {
        if (started)
        {
            throw new IllegalStateException("already started: " + name);
        }
        started = true;
        this.startNs = startNs;
        this.stopNs = stopNs;
        simulator.schedule(startNs, sendEvent);
        return this;
    }

    /**
     * The source's name.
     *
     * @return the name given at construction.
     */
    public String name()
    {
        return name;
    }

    /**
     * Packets offered to the link.
     *
     * @return the count.
     */
    public long sentPackets()
    {
        return sentPackets;
    }

    /**
     * Packets that reached the far end (duplicates included).
     *
     * @return the count.
     */
    public long receivedPackets()
    {
        return receivedPackets;
    }

    /**
     * Bytes that reached the far end.
     *
     * @return the count.
     */
    public long receivedBytes()
    {
        return receivedBytes;
    }

    private void onSendTime(final long nowNs)
    {
        if (nowNs >= stopNs)
        {
            return;
        }
        final Packet packet = link.network().pool().acquire();
        packet.length = packetBytes;
        packet.sourceId = -1;
        packet.sink = sink;
        packet.flowSequence = sentPackets;
        sentPackets++;
        link.offer(packet);
        // Times come from the packet count, not by adding a rounded interval, so the rate never drifts.
        final long nextNs = startNs + CapacityTimeline.mulDiv(sentPackets, 8L * packetBytes * NS_PER_S, bitrateBps);
        if (nextNs < stopNs)
        {
            simulator.schedule(nextNs, sendEvent);
        }
    }

    private void onArrival(final Packet packet, final long nowNs)
    {
        receivedPackets++;
        receivedBytes += packet.length;
        packet.release();
    }
}
