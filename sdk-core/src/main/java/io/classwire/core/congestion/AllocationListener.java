package io.classwire.core.congestion;

/**
 * Told by the {@link BitrateAllocator} when a stream's share changes: its bitrate and, for video, how many layers
 * (base first) the encoder should produce. Called on the allocating thread; implement it on a long-lived object.
 */
@FunctionalInterface
public interface AllocationListener
{
    /**
     * A stream's allocation changed.
     *
     * @param streamId     id returned at registration.
     * @param bitrateBps   the stream's total share (0 when it gets nothing).
     * @param activeLayers layers to produce: for video 0 (off) to its layer count; for audio and data 1 when it
     *                     gets any bitrate, else 0.
     */
    void onAllocation(int streamId, long bitrateBps, int activeLayers);
}
