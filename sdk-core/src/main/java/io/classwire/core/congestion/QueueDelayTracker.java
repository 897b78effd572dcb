package io.classwire.core.congestion;

import java.util.Arrays;

/**
 * Estimates the queuing delay each received packet saw: its one-way delay ({@code arrival - send}, on two unrelated
 * clocks, so offset by an unknown constant) minus the smallest one-way delay seen over the last ~32 s. The minimum
 * stands for the empty-queue delay plus the clock offset; windowing it lets the estimate follow clock drift and route
 * changes, at the price of forgetting the baseline under a queue that stands longer than the window.
 *
 * <p>The minimum is kept per 4 s bucket of send time in a ring of 8, so nothing allocates. Single-threaded.
 */
public final class QueueDelayTracker
{
    private static final int BUCKETS = 8;
    private static final long BUCKET_US = 4_000_000;

    private final long[] bucketIds = new long[BUCKETS];
    private final long[] bucketMinOwdUs = new long[BUCKETS];
    private long minOwdUs = Long.MAX_VALUE;

    /** Create an empty tracker. */
    public QueueDelayTracker()
    {
        Arrays.fill(bucketIds, Long.MIN_VALUE);
    }

    /**
     * Record a received packet and estimate its queuing delay.
     *
     * @param sendTimeUs    send time on the sender's clock.
     * @param arrivalTimeUs arrival time on the receiver's clock.
     * @return the estimated queuing delay in microseconds, not negative.
     */
    public long onPacket(final long sendTimeUs, final long arrivalTimeUs)
    {
        final long owdUs = arrivalTimeUs - sendTimeUs;
        final long bucketId = Math.floorDiv(sendTimeUs, BUCKET_US);
        final int slot = (int)Math.floorMod(bucketId, (long)BUCKETS);
        if (bucketIds[slot] != bucketId)
        {
            bucketIds[slot] = bucketId;
            bucketMinOwdUs[slot] = owdUs;
            recomputeMin(bucketId);
        }
        else if (owdUs < bucketMinOwdUs[slot])
        {
            bucketMinOwdUs[slot] = owdUs;
        }
        minOwdUs = Math.min(minOwdUs, owdUs);
        return owdUs - minOwdUs;
    }

    private void recomputeMin(final long currentBucketId)
    {
        long min = Long.MAX_VALUE;
        for (int i = 0; i < BUCKETS; i++)
        {
            if (bucketIds[i] != Long.MIN_VALUE && currentBucketId - bucketIds[i] < BUCKETS)
            {
                min = Math.min(min, bucketMinOwdUs[i]);
            }
        }
        minOwdUs = min;
    }

    /**
     * The baseline one-way delay (empty-queue delay plus clock offset).
     *
     * @return microseconds, or {@link Long#MAX_VALUE} before the first packet.
     */
    public long baselineOwdUs()
    {
        return minOwdUs;
    }
}
