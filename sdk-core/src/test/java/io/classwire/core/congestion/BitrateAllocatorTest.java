package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class BitrateAllocatorTest
{
    private static final long[] LAYER_MIN = { 100_000, 300_000, 800_000 };
    private static final long[] LAYER_MAX = { 200_000, 500_000, 1_500_000 };

    private final long[] notifiedBps = new long[8];
    private final int[] notifiedLayers = new int[8];
    private int notifications;
    private final BitrateAllocator allocator = new BitrateAllocator((id, bps, layers) ->
    {
        notifiedBps[id] = bps;
        notifiedLayers[id] = layers;
        notifications++;
    });

    @Test
    void shouldServeAudioThenDataMinimumThenVideoLayersThenData()
    {
        final int audio = allocator.addAudioStream(20_000, 64_000);
        final int video = allocator.addVideoStream(LAYER_MIN, LAYER_MAX);
        final int data = allocator.addDataStream(10_000, 500_000);

        allocator.allocate(50_000);
        assertEquals(40_000, allocator.allocatedBps(audio), "audio minimum, data minimum, then audio up to max");
        assertEquals(10_000, allocator.allocatedBps(data));
        assertEquals(0, allocator.activeLayers(video), "no room for the base layer");

        allocator.allocate(200_000);
        assertEquals(64_000, allocator.allocatedBps(audio));
        assertEquals(1, allocator.activeLayers(video));
        assertEquals(126_000, allocator.allocatedBps(video), "base layer plus top-up of the rest");
        assertEquals(10_000, allocator.allocatedBps(data), "data above its minimum comes last");

        allocator.allocate(2_500_000);
        assertEquals(3, allocator.activeLayers(video));
        assertEquals(1_900_000, allocator.allocatedBps(video), "all layers, top layer at its maximum");
        assertEquals(500_000, allocator.allocatedBps(data));
        assertEquals(36_000, allocator.unallocatedBps());
        assertEquals(notifiedBps[video], allocator.allocatedBps(video), "the listener saw the same");
        assertEquals(3, notifiedLayers[video]);
    }

    @Test
    void shouldNeedHeadroomToTurnALayerOnButNotToKeepIt()
    {
        final int video = allocator.addVideoStream(LAYER_MIN, LAYER_MAX);
        allocator.allocate(420_000);
        assertEquals(1, allocator.activeLayers(video), "400 k would fit L0 + L1 exactly, but L1 needs 345 k to start");
        allocator.allocate(460_000);
        assertEquals(2, allocator.activeLayers(video));
        allocator.allocate(410_000);
        assertEquals(2, allocator.activeLayers(video), "once on, L1 stays while its minimum fits");
        allocator.allocate(390_000);
        assertEquals(1, allocator.activeLayers(video), "and turns off below it");
    }

    @Test
    void shouldEnableBaseLayersOfEveryStreamBeforeAnyEnhancement()
    {
        final int camera = allocator.addVideoStream(LAYER_MIN, LAYER_MAX);
        final int screen = allocator.addVideoStream(new long[]{ 150_000, 600_000 }, new long[]{ 300_000, 1_000_000 });
        allocator.allocate(500_000);
        assertEquals(1, allocator.activeLayers(camera));
        assertEquals(1, allocator.activeLayers(screen), "both bases first");
        assertEquals(500_000, allocator.allocatedBps(camera) + allocator.allocatedBps(screen));
        allocator.allocate(1_000_000);
        assertEquals(2, allocator.activeLayers(camera), "second layers in registration order");
        assertEquals(1, allocator.activeLayers(screen), "600 k + 15% does not fit after the camera's 300 k");
    }

    @Test
    void shouldNotifyOnlyChangesAndSkipInactiveStreams()
    {
        final int audio = allocator.addAudioStream(20_000, 40_000);
        final int video = allocator.addVideoStream(LAYER_MIN, LAYER_MAX);
        allocator.allocate(1_000_000);
        final int afterFirst = notifications;
        allocator.allocate(1_000_000);
        assertEquals(afterFirst, notifications, "same target, no news");
        allocator.setActive(video, false);
        allocator.allocate(1_000_000);
        assertEquals(0, allocator.allocatedBps(video));
        assertEquals(0, notifiedLayers[video]);
        assertEquals(40_000, allocator.allocatedBps(audio));
        assertThrows(IllegalArgumentException.class, () -> allocator.addVideoStream(new long[]{ 1 }, new long[0]));
    }
}
