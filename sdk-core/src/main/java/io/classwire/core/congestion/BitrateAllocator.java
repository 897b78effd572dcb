package io.classwire.core.congestion;

import java.util.Arrays;

/**
 * Splits the congestion controller's target between the media streams of one sender, by priority, minimum and
 * maximum, and tells an {@link AllocationListener} which video layers are on and each stream's bitrate.
 *
 * <p>Order of service, each step only with what the previous ones left:
 * <ol>
 *   <li>audio minimums, then data minimums (a quiz answer must not wait for a video layer; data minimums are
 *   small);</li>
 *   <li>audio up to its maximum;</li>
 *   <li>video layers in order, layer by layer across video streams (every stream's base layer before any stream's
 *   first enhancement layer), each at its minimum rate;</li>
 *   <li>what is left tops up each video stream's highest active layer towards its maximum;</li>
 *   <li>data up to its maximum; any remainder stays unallocated.</li>
 * </ol>
 *
 * <p>Hysteresis: a layer that is off needs its minimum plus a headroom ({@code 15%} by default) to turn on, while a
 * layer that is on stays on as long as its minimum fits. Without it the small sawtooth of the estimate would switch
 * a layer on and off every few seconds, and each switch costs the receiver a keyframe.
 *
 * <p>Streams are registered at setup (registration allocates); {@link #allocate(long)} allocates nothing.
 * Single-threaded.
 */
public final class BitrateAllocator
{
    /** Default headroom a layer needs to turn on. */
    public static final double DEFAULT_HYSTERESIS = 0.15;

    private final AllocationListener listener;
    private final double hysteresis;
    private int count;
    private int[] kinds = new int[4];
    private long[] minBps = new long[4];
    private long[] maxBps = new long[4];
    private long[][] layerMinBps = new long[4][];
    private long[][] layerMaxBps = new long[4][];
    private boolean[] active = new boolean[4];
    private long[] allocatedBps = new long[4];
    private int[] activeLayers = new int[4];
    private long[] newBps = new long[4];
    private int[] newLayers = new int[4];
    private int maxLayerCount;
    private long unallocatedBps;

    /**
     * Create an allocator with the default hysteresis.
     *
     * @param listener told about every change.
     */
    public BitrateAllocator(final AllocationListener listener)
    {
        this(listener, DEFAULT_HYSTERESIS);
    }

    /**
     * Create an allocator.
     *
     * @param listener   told about every change.
     * @param hysteresis headroom a layer needs to turn on, as a fraction of its minimum, in [0, 1].
     */
    public BitrateAllocator(final AllocationListener listener, final double hysteresis)
    {
        if (!(hysteresis >= 0 && hysteresis <= 1))
        {
            throw new IllegalArgumentException("hysteresis must be in [0, 1]: " + hysteresis);
        }
        this.listener = listener;
        this.hysteresis = hysteresis;
    }

    /**
     * Register an audio stream.
     *
     * @param minBps rate it needs (granted first).
     * @param maxBps rate it can use.
     * @return the stream id.
     */
    public int addAudioStream(final long minBps, final long maxBps)
    {
        return add(PacketKind.AUDIO, minBps, maxBps, null, null);
    }

    /**
     * Register an interaction or bulk data stream.
     *
     * @param minBps rate it needs (granted right after audio minimums).
     * @param maxBps rate it can use (granted last).
     * @return the stream id.
     */
    public int addDataStream(final long minBps, final long maxBps)
    {
        return add(PacketKind.DATA, minBps, maxBps, null, null);
    }

    /**
     * Register a layered video stream (simulcast or SVC layers, base first; layer i needs layers below it).
     *
     * @param layerMinBps each layer's minimum rate (what it takes to turn it on).
     * @param layerMaxBps each layer's maximum useful rate, at least its minimum.
     * @return the stream id.
     */
    public int addVideoStream(final long[] layerMinBps, final long[] layerMaxBps)
    {
        if (layerMinBps.length == 0 || layerMinBps.length != layerMaxBps.length)
        {
            throw new IllegalArgumentException("need one min and one max per layer, at least one layer");
        }
        long min = 0;
        long max = 0;
        for (int i = 0; i < layerMinBps.length; i++)
        {
            if (layerMinBps[i] < 0 || layerMaxBps[i] < layerMinBps[i])
            {
                throw new IllegalArgumentException("layer " + i + ": need 0 <= min <= max");
            }
            min += layerMinBps[i];
            max += layerMaxBps[i];
        }
        maxLayerCount = Math.max(maxLayerCount, layerMinBps.length);
        return add(PacketKind.VIDEO, min, max, layerMinBps.clone(), layerMaxBps.clone());
    }

    private int add(final int kind, final long min, final long max, final long[] layerMin, final long[] layerMax)
    {
        if (min < 0 || max < min)
        {
            throw new IllegalArgumentException("need 0 <= min <= max: " + min + ", " + max);
        }
        if (count == kinds.length)
        {
            grow(count * 2);
        }
        final int id = count++;
        kinds[id] = kind;
        minBps[id] = min;
        maxBps[id] = max;
        layerMinBps[id] = layerMin;
        layerMaxBps[id] = layerMax;
        active[id] = true;
        return id;
    }

    private void grow(final int capacity)
    {
        kinds = Arrays.copyOf(kinds, capacity);
        minBps = Arrays.copyOf(minBps, capacity);
        maxBps = Arrays.copyOf(maxBps, capacity);
        layerMinBps = Arrays.copyOf(layerMinBps, capacity);
        layerMaxBps = Arrays.copyOf(layerMaxBps, capacity);
        active = Arrays.copyOf(active, capacity);
        allocatedBps = Arrays.copyOf(allocatedBps, capacity);
        activeLayers = Arrays.copyOf(activeLayers, capacity);
        newBps = Arrays.copyOf(newBps, capacity);
        newLayers = Arrays.copyOf(newLayers, capacity);
    }

    /**
     * Include or exclude a stream (a muted microphone, a stopped camera); takes effect at the next
     * {@link #allocate(long)}.
     *
     * @param streamId the stream.
     * @param isActive whether it should get bitrate.
     */
    public void setActive(final int streamId, final boolean isActive)
    {
        active[streamId] = isActive;
    }

    /**
     * Split a target and notify the listener of every stream whose share or layers changed.
     *
     * @param targetBps the congestion controller's target.
     */
    public void allocate(final long targetBps)
    {
        Arrays.fill(newBps, 0, count, 0);
        Arrays.fill(newLayers, 0, count, 0);
        long remaining = Math.max(0, targetBps);
        remaining = grantMinimum(PacketKind.AUDIO, remaining);
        remaining = grantMinimum(PacketKind.DATA, remaining);
        remaining = grantUpToMaximum(PacketKind.AUDIO, remaining);
        remaining = enableLayers(remaining);
        remaining = topUpVideo(remaining);
        remaining = grantUpToMaximum(PacketKind.DATA, remaining);
        unallocatedBps = remaining;
        for (int id = 0; id < count; id++)
        {
            if (kinds[id] != PacketKind.VIDEO)
            {
                newLayers[id] = newBps[id] > 0 ? 1 : 0;
            }
            if (newBps[id] != allocatedBps[id] || newLayers[id] != activeLayers[id])
            {
                allocatedBps[id] = newBps[id];
                activeLayers[id] = newLayers[id];
                listener.onAllocation(id, newBps[id], newLayers[id]);
            }
        }
    }

    private long grantMinimum(final int kind, final long available)
    {
        long remaining = available;
        for (int id = 0; id < count; id++)
        {
            if (kinds[id] == kind && active[id])
            {
                final long grant = Math.min(minBps[id], remaining);
                newBps[id] += grant;
                remaining -= grant;
            }
        }
        return remaining;
    }

    private long grantUpToMaximum(final int kind, final long available)
    {
        long remaining = available;
        for (int id = 0; id < count; id++)
        {
            if (kinds[id] == kind && active[id] && newBps[id] >= minBps[id])
            {
                final long grant = Math.min(maxBps[id] - newBps[id], remaining);
                newBps[id] += grant;
                remaining -= grant;
            }
        }
        return remaining;
    }

    private long enableLayers(final long available)
    {
        long remaining = available;
        for (int layer = 0; layer < maxLayerCount; layer++)
        {
            for (int id = 0; id < count; id++)
            {
                if (kinds[id] != PacketKind.VIDEO || !active[id] || layer >= layerMinBps[id].length ||
                    newLayers[id] != layer)
                {
                    continue;
                }
                final long layerMin = layerMinBps[id][layer];
                final boolean wasOn = layer < activeLayers[id];
                final long needed = wasOn ? layerMin : (long)Math.ceil(layerMin * (1 + hysteresis));
                if (remaining >= needed)
                {
                    newBps[id] += layerMin;
                    newLayers[id] = layer + 1;
                    remaining -= layerMin;
                }
            }
        }
        return remaining;
    }

    private long topUpVideo(final long available)
    {
        long remaining = available;
        for (int id = 0; id < count && remaining > 0; id++)
        {
            if (kinds[id] != PacketKind.VIDEO || newLayers[id] == 0)
            {
                continue;
            }
            final int top = newLayers[id] - 1;
            final long grant = Math.min(layerMaxBps[id][top] - layerMinBps[id][top], remaining);
            newBps[id] += grant;
            remaining -= grant;
        }
        return remaining;
    }

    /**
     * A stream's current share.
     *
     * @param streamId the stream.
     * @return bits per second.
     */
    public long allocatedBps(final int streamId)
    {
        return allocatedBps[streamId];
    }

    /**
     * A stream's active layer count.
     *
     * @param streamId the stream.
     * @return layers on (video), or 1/0 (audio, data).
     */
    public int activeLayers(final int streamId)
    {
        return activeLayers[streamId];
    }

    /**
     * What the last allocation left over.
     *
     * @return bits per second.
     */
    public long unallocatedBps()
    {
        return unallocatedBps;
    }

    /**
     * Streams registered.
     *
     * @return the count.
     */
    public int streamCount()
    {
        return count;
    }
}
