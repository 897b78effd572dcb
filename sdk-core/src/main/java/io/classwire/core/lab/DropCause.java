package io.classwire.core.lab;

/** Why an {@link Impairment} dropped a packet, or {@link #NONE} when it did not. */
public enum DropCause
{
    /** The packet was not dropped. */
    NONE("ok"),
    /** The link was blacked out when the packet entered it or left the queue. */
    BLACKOUT("blackout"),
    /** The drop-tail queue was full. */
    QUEUE_FULL("queue"),
    /** Gilbert-Elliott bursty loss (the chain was in its Bad state). */
    BURST_LOSS("burst"),
    /** Independent (Bernoulli) random loss. */
    RANDOM_LOSS("random");

    private final String shortName;

    DropCause(final String shortName)
    {
        this.shortName = shortName;
    }

    /**
     * A compact lower-case name, used in event logs.
     *
     * @return e.g. {@code "queue"}.
     */
    public String shortName()
    {
        return shortName;
    }
}
