package io.classwire.core.congestion;

/**
 * The over-use detector's verdict on the path (draft-ietf-rmcat-gcc-02 section 5.4): whether the delay trend says
 * the bottleneck queue is growing, stable or draining.
 */
public enum BandwidthUsage
{
    /** The queue is stable: the send rate is at most the capacity. */
    NORMAL,
    /** The queue is growing: the send rate exceeds the capacity. */
    OVERUSING,
    /** The queue is draining: the send rate is below what the path carried a moment ago. */
    UNDERUSING
}
