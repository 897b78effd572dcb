package io.classwire.media.audio.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SettledLossFilterTest
{
    @Test
    void shouldTakeStragglersOutWhenALaterReportCaughtNone()
    {
        final SettledLossFilter filter = new SettledLossFilter(2);
        assertFalse(filter.onReport(0, 10));
        // report 2 counts two packets still in flight behind a reordered one; report 3 has them
        assertFalse(filter.onReport(2, 20));
        assertTrue(filter.onReport(0, 30));
        assertEquals(0, filter.settledLost());
        assertEquals(10, filter.settledHighest());
        assertTrue(filter.onReport(1, 40));
        assertEquals(0, filter.settledLost(), "min of 2, 0, 1: the stragglers of report 2 were no loss");
        assertEquals(20, filter.settledHighest());
    }

    @Test
    void shouldKeepRealLossesWhichNeverComeBack()
    {
        final SettledLossFilter filter = new SettledLossFilter(3);
        long released = -1;
        for (int report = 1; report <= 10; report++)
        {
            // one real loss per report, never recovered
            if (filter.onReport(report, report * 10L))
            {
                released = filter.settledLost();
                assertEquals(filter.settledHighest() / 10, released);
            }
        }
        assertEquals(7, released, "released three reports late, exact");
    }

    @Test
    void shouldStartOverWhenTheSequenceGoesBackwards()
    {
        final SettledLossFilter filter = new SettledLossFilter(1);
        filter.onReport(5, 100);
        assertTrue(filter.onReport(5, 110));
        assertFalse(filter.onReport(0, 10), "a restarted stream needs a full window again");
        assertTrue(filter.onReport(0, 20));
        assertEquals(0, filter.settledLost());
    }
}
