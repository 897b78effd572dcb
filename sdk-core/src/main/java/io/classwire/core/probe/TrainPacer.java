package io.classwire.core.probe;

/**
 * Send-side schedule of one packet train: packet {@code i} is due at {@code start + i * interval}, the interval being
 * the packet's serialization time at the train's rate. The owner asks {@link #isDue(long)}, sends, and reports the
 * outcome with {@link #onSent(long, boolean)}; a packet that could not be sent is skipped, not retried, so the train
 * keeps its pacing. Single-threaded; allocation-free.
 */
final class TrainPacer
{
    private boolean active;
    private int trainId;
    private int count;
    private int packetBytes;
    private long startNs;
    private double intervalNs;
    private int nextIndex;
    private int sentPackets;
    private long firstSendNs;
    private long lastSendNs;

    /**
     * Schedule a train whose first packet is due now.
     *
     * @param trainId     the train's id.
     * @param count       packets, 1..65535.
     * @param packetBytes size of each.
     * @param rateBps     pacing rate, positive.
     * @param nowNs       current time.
     */
    void start(final int trainId, final int count, final int packetBytes, final long rateBps, final long nowNs)
    {
        this.active = true;
        this.trainId = trainId;
        this.count = count;
        this.packetBytes = packetBytes;
        this.startNs = nowNs;
        this.intervalNs = packetBytes * 8.0 * 1e9 / rateBps;
        this.nextIndex = 0;
        this.sentPackets = 0;
        this.firstSendNs = 0;
        this.lastSendNs = 0;
    }

    /** Abandon the train. */
    void stop()
    {
        active = false;
    }

    /**
     * @param nowNs current time.
     * @return true when a packet is due at or before {@code nowNs}.
     */
    boolean isDue(final long nowNs)
    {
        return active && nextSendNs() <= nowNs;
    }

    /**
     * Record the outcome of sending the packet at {@link #nextIndex()} and move to the next.
     *
     * @param nowNs when it was handed to the transport.
     * @param sent  whether the transport accepted it.
     */
    void onSent(final long nowNs, final boolean sent)
    {
        if (sent)
        {
            if (sentPackets == 0)
            {
                firstSendNs = nowNs;
            }
            lastSendNs = nowNs;
            sentPackets++;
        }
        if (++nextIndex == count)
        {
            active = false;
        }
    }

    /** @return the time the next packet is due, or {@link Long#MAX_VALUE} when the train is over. */
    long nextSendNs()
    {
        return active ? startNs + (long)(nextIndex * intervalNs) : Long.MAX_VALUE;
    }

    boolean isActive()
    {
        return active;
    }

    int trainId()
    {
        return trainId;
    }

    int count()
    {
        return count;
    }

    int packetBytes()
    {
        return packetBytes;
    }

    int nextIndex()
    {
        return nextIndex;
    }

    int sentPackets()
    {
        return sentPackets;
    }

    long lastSendNs()
    {
        return lastSendNs;
    }

    /** @return the rate the accepted packets left at, from their send times; 0 under two packets. */
    long sentRateBps()
    {
        if (sentPackets < 2)
        {
            return 0;
        }
        return TrainReceiver.rateBps((long)(sentPackets - 1) * packetBytes, lastSendNs - firstSendNs);
    }

    /** @return the nominal duration of the train. */
    long durationNs()
    {
        return (long)(count * intervalNs);
    }
}
