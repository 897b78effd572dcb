package io.classwire.media.quality;

import io.classwire.media.audio.FrameType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class FreezeDetectorTest
{
    @Test
    void shouldCountAWindowWithFourPercentConcealedAsAFreeze()
    {
        final FreezeDetector detector = new FreezeDetector(20);
        assertEquals(100, detector.windowFrames());
        playWindow(detector, 4);
        playWindow(detector, 3);
        playWindow(detector, 0);
        playWindow(detector, 100);
        assertEquals(4, detector.windows());
        assertEquals(2, detector.freezeCount());
        assertEquals(107, detector.badFrames());
        assertEquals(0.5, detector.freezeRatio(), 1e-12);
    }

    @Test
    void shouldUseTwoHundredFramesOfTenMilliseconds()
    {
        final FreezeDetector detector = new FreezeDetector(10);
        assertEquals(200, detector.windowFrames());
        for (int i = 0; i < 200; i++)
        {
            detector.onFrame(i < 7);
        }
        assertEquals(0, detector.freezeCount(), "7 of 200 = 3.5 % is below 4 %");
        for (int i = 0; i < 200; i++)
        {
            detector.onFrame(i % 50 == 0 || i == 1 || i == 2 || i == 3 || i == 4);
        }
        assertEquals(1, detector.freezeCount(), "8 of 200 = 4 %");
    }

    @Test
    void shouldCountOnlyConcealedFramesAsBad()
    {
        final FreezeDetector detector = new FreezeDetector(20);
        for (final FrameType type : FrameType.values())
        {
            for (int i = 0; i < 10; i++)
            {
                detector.onFrame(type);
            }
        }
        assertEquals(10, detector.badFrames());
    }

    @Test
    void shouldEvaluateTrailingPartialWindowOnFlush()
    {
        final FreezeDetector detector = new FreezeDetector(20);
        for (int i = 0; i < 50; i++)
        {
            detector.onFrame(i < 2);
        }
        assertEquals(0, detector.windows());
        detector.flush();
        assertEquals(1, detector.windows());
        assertEquals(1, detector.freezeCount(), "2 of 50 = 4 %");
        detector.flush();
        assertEquals(1, detector.windows());
    }

    @Test
    void shouldRejectWindowsThatAreNotWholeFrames()
    {
        assertThrows(IllegalArgumentException.class, () -> new FreezeDetector(30));
        assertThrows(IllegalArgumentException.class, () -> new FreezeDetector(20, 2000, 0));
    }

    /** One 2 s window of 20 ms frames with {@code bad} concealed frames spread over it. */
    private static void playWindow(final FreezeDetector detector, final int bad)
    {
        final boolean[] concealed = new boolean[100];
        for (int k = 0; k < bad; k++)
        {
            concealed[k * 100 / bad] = true;
        }
        for (final boolean frame : concealed)
        {
            detector.onFrame(frame ? FrameType.CONCEALED : FrameType.NORMAL);
        }
    }
}
