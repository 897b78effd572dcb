package io.classwire.core.lab;

/**
 * What an {@link Impairment} decided for one packet: dropped (and why), or delivered at a time, possibly twice.
 *
 * <p>A mutable holder the caller allocates once and passes to every {@link Impairment#decide} call, so deciding a
 * packet allocates nothing. Single-threaded; the values are overwritten by the next decision.
 */
public final class PacketFate
{
    /** Value of {@link #duplicateDeliveryNs()} when there is no duplicate. */
    public static final long NO_DUPLICATE = Long.MIN_VALUE;

    DropCause dropCause = DropCause.NONE;
    long sequence;
    long deliveryNs;
    long duplicateDeliveryNs = NO_DUPLICATE;
    long queueDelayNs;
    boolean reordered;

    /** Create an empty fate to be filled by {@link Impairment#decide}. */
    public PacketFate()
    {
    }

    /**
     * Whether the packet was dropped.
     *
     * @return true when {@link #dropCause()} is not {@link DropCause#NONE}.
     */
    public boolean isDropped()
    {
        return dropCause != DropCause.NONE;
    }

    /**
     * Why it was dropped.
     *
     * @return the cause, {@link DropCause#NONE} when delivered.
     */
    public DropCause dropCause()
    {
        return dropCause;
    }

    /**
     * The packet's position among all packets offered to the impairment, from 0.
     *
     * @return the sequence number.
     */
    public long sequence()
    {
        return sequence;
    }

    /**
     * When the packet arrives at the far end; only meaningful when not dropped.
     *
     * @return arrival time in nanoseconds on the impairment's clock.
     */
    public long deliveryNs()
    {
        return deliveryNs;
    }

    /**
     * Whether a second copy is delivered.
     *
     * @return true when {@link #duplicateDeliveryNs()} is set.
     */
    public boolean hasDuplicate()
    {
        return duplicateDeliveryNs != NO_DUPLICATE;
    }

    /**
     * When the duplicate arrives.
     *
     * @return its arrival time, or {@link #NO_DUPLICATE}.
     */
    public long duplicateDeliveryNs()
    {
        return duplicateDeliveryNs;
    }

    /**
     * Time the packet waited in the queue before its serialization started; meaningful once it passed the queue.
     *
     * @return the wait in nanoseconds.
     */
    public long queueDelayNs()
    {
        return queueDelayNs;
    }

    /**
     * Whether the packet arrives before some packet offered earlier (only possible when reordering is allowed).
     *
     * @return true when it overtook an earlier packet.
     */
    public boolean isReordered()
    {
        return reordered;
    }

    void reset(final long sequence)
    {
        this.sequence = sequence;
        dropCause = DropCause.NONE;
        deliveryNs = 0;
        duplicateDeliveryNs = NO_DUPLICATE;
        queueDelayNs = 0;
        reordered = false;
    }
}
