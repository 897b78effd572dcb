package io.classwire.core.probe;

import java.util.Arrays;

/**
 * Receive-side accounting of one packet train, used by the responder for uplink trains and by the probe for
 * downlink trains. Single-threaded; allocation-free after construction.
 *
 * <p>Each packet's one-way transit is its arrival time minus its sender's timestamp; the clocks' offset is the same
 * for every packet of a train, so only transit differences are used. A train faster than the bottleneck leaves a
 * growing queue behind it, and the lower envelope of the transits rises steadily; random jitter only ever adds to a
 * transit. So the least transit among the train's second quarter and among its fourth quarter, a half-train apart,
 * give a jitter-filtered slope. The first quarter is left out because on a path whose jitter holds packets back in
 * order (a radio link retransmitting, a busy scheduler) the first packets after an idle spell see less of that delay
 * than those behind them, a rise that levels off and must not be taken for a queue. From the slope:
 * <ul>
 *   <li>{@link #delayGrowthNs()}: the queuing delay the whole train built up, extrapolated from that slope;</li>
 *   <li>{@link #receivedRateBps()}: the rate the bottleneck passed the train at, the bits between the first and
 *       last packet received over their send-time span plus the queuing they built up. It equals the plain
 *       dispersion rate {@link #dispersionRateBps()} (bits after the first arrival over the arrival span) on a
 *       jitter-free path, and stays accurate when jitter is a sizeable share of the train's duration, where the
 *       dispersion of the first and last packet alone is off by their jitter.</li>
 * </ul>
 */
final class TrainReceiver
{
    private final long[] seenIndexes;
    private final int maxCount;
    private boolean active;
    private int trainId;
    private int count;
    private int received;
    private long bytes;
    private long firstLengthBytes;
    private long firstArrivalNs;
    private long lastArrivalNs;
    private long minTransitSecondQuarterNs;
    private long minTransitFourthQuarterNs;
    private long packetBytes;
    private int lowestIndex;
    private int highestIndex;
    private long lowestIndexSendNs;
    private long highestIndexSendNs;

    /**
     * @param maxCount largest train count this receiver tracks, 1..65535.
     */
    TrainReceiver(final int maxCount)
    {
        this.maxCount = maxCount;
        this.seenIndexes = new long[(maxCount + 63) >>> 6];
    }

    /**
     * Start tracking a train; forgets the previous one.
     *
     * @param trainId the train's id.
     * @param count   packets the train has, 1..maxCount.
     */
    void begin(final int trainId, final int count)
    {
        Arrays.fill(seenIndexes, 0L);
        this.active = true;
        this.trainId = trainId;
        this.count = count;
        received = 0;
        bytes = 0;
        firstLengthBytes = 0;
        firstArrivalNs = 0;
        lastArrivalNs = 0;
        minTransitSecondQuarterNs = Long.MAX_VALUE;
        minTransitFourthQuarterNs = Long.MAX_VALUE;
        lowestIndex = Integer.MAX_VALUE;
        highestIndex = -1;
    }

    /** Stop tracking; {@link #isActive()} turns false. */
    void end()
    {
        active = false;
    }

    /**
     * Account one arrived packet; duplicates and indexes outside the train are ignored.
     *
     * @param index       the packet's index.
     * @param lengthBytes its size.
     * @param sendNs      its sender's timestamp.
     * @param arrivalNs   its arrival time.
     * @return true when it was new.
     */
    boolean onPacket(final int index, final int lengthBytes, final long sendNs, final long arrivalNs)
    {
        if (!active || index < 0 || index >= count)
        {
            return false;
        }
        final long bit = 1L << (index & 63);
        if ((seenIndexes[index >>> 6] & bit) != 0)
        {
            return false;
        }
        seenIndexes[index >>> 6] |= bit;
        if (received == 0)
        {
            firstArrivalNs = arrivalNs;
            firstLengthBytes = lengthBytes;
            packetBytes = lengthBytes;
        }
        received++;
        bytes += lengthBytes;
        lastArrivalNs = Math.max(lastArrivalNs, arrivalNs);
        final long transitNs = arrivalNs - sendNs;
        if (4 * index >= count && 2 * index < count)
        {
            minTransitSecondQuarterNs = Math.min(minTransitSecondQuarterNs, transitNs);
        }
        else if (4 * index >= 3 * count)
        {
            minTransitFourthQuarterNs = Math.min(minTransitFourthQuarterNs, transitNs);
        }
        if (index < lowestIndex)
        {
            lowestIndex = index;
            lowestIndexSendNs = sendNs;
        }
        if (index > highestIndex)
        {
            highestIndex = index;
            highestIndexSendNs = sendNs;
        }
        return true;
    }

    boolean isActive()
    {
        return active;
    }

    boolean isComplete()
    {
        return received == count;
    }

    int trainId()
    {
        return trainId;
    }

    int count()
    {
        return count;
    }

    int maxCount()
    {
        return maxCount;
    }

    int received()
    {
        return received;
    }

    long bytes()
    {
        return bytes;
    }

    long firstArrivalNs()
    {
        return firstArrivalNs;
    }

    long lastArrivalNs()
    {
        return lastArrivalNs;
    }

    /** @return the dispersion rate in bits per second, 0 until two packets arrived at different times. */
    long dispersionRateBps()
    {
        final long spanNs = lastArrivalNs - firstArrivalNs;
        if (received < 2 || spanNs <= 0)
        {
            return 0;
        }
        return rateBps(bytes - firstLengthBytes, spanNs);
    }

    /**
     * @return the jitter-filtered rate at which the path delivered the train, in bits per second (see the class
     *         javadoc); the dispersion rate when a measured quarter of the train is missing; 0 under two packets.
     */
    long receivedRateBps()
    {
        if (received < 2 || highestIndex <= lowestIndex)
        {
            return 0;
        }
        if (!hasBothQuarters())
        {
            return dispersionRateBps();
        }
        final double slopeNsPerIndex =
            (double)(minTransitFourthQuarterNs - minTransitSecondQuarterNs) / regionDistance();
        final int indexSpan = highestIndex - lowestIndex;
        final double spanNs = (highestIndexSendNs - lowestIndexSendNs) + slopeNsPerIndex * indexSpan;
        if (spanNs <= 0)
        {
            return dispersionRateBps();
        }
        return (long)(indexSpan * packetBytes * 8.0 * 1e9 / spanNs);
    }

    /**
     * @return the sender's rate between the lowest and highest index received, from its own timestamps, assuming
     *         equal packet sizes (trains use one size); 0 when undefined.
     */
    long sentRateBps()
    {
        final long spanNs = highestIndexSendNs - lowestIndexSendNs;
        if (received < 2 || spanNs <= 0)
        {
            return 0;
        }
        return rateBps((long)(highestIndex - lowestIndex) * packetBytes, spanNs);
    }

    /**
     * @return the queuing delay built up across the whole train (count - 1 packet intervals), extrapolated from the
     *         least transits of its second and fourth quarters; 0 when either has no packet.
     */
    long delayGrowthNs()
    {
        if (!hasBothQuarters())
        {
            return 0;
        }
        return (long)((double)(minTransitFourthQuarterNs - minTransitSecondQuarterNs) * (count - 1) / regionDistance());
    }

    private boolean hasBothQuarters()
    {
        return minTransitSecondQuarterNs != Long.MAX_VALUE && minTransitFourthQuarterNs != Long.MAX_VALUE;
    }

    /** @return index distance between the first index of the fourth quarter and that of the second. */
    private int regionDistance()
    {
        return Math.max(1, (3 * count + 3) / 4 - (count + 3) / 4);
    }

    static long rateBps(final long bytes, final long spanNs)
    {
        return spanNs <= 0 ? 0 : (long)(bytes * 8.0 * 1e9 / spanNs);
    }
}
