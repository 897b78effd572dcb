package io.classwire.core.congestion;

import io.classwire.core.congestion.lab.CongestionLab;
import io.classwire.core.congestion.lab.RateSeries;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.LinkConfig;
import org.junit.jupiter.api.Test;

import static io.classwire.core.congestion.lab.CongestionLab.MS_NS;
import static io.classwire.core.congestion.lab.CongestionLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GccClosedLoopTest
{
    private static final LinkConfig FEEDBACK_PATH = CongestionLab.path(10_000_000, 50, 300);

    @Test
    void shouldConvergeToOneMegabitLink()
    {
        final CongestionLab lab = new CongestionLab(
            1, CongestionLab.path(1_000_000, 50, 300), FEEDBACK_PATH, new CongestionConfig(), 40 * SECOND_NS);
        lab.run();
        final RateSeries series = lab.series();
        System.out.println("1 Mbit/s, 50 ms, 300 ms queue:\n" + series.describe(0, 40 * SECOND_NS, SECOND_NS));
        final long min = series.minTargetBps(20 * SECOND_NS, 40 * SECOND_NS);
        final long max = series.maxTargetBps(20 * SECOND_NS, 40 * SECOND_NS);
        assertTrue(min >= 750_000 && max <= 1_250_000, "target after 20 s in [" + min + ", " + max + "]");
    }

    @Test
    void shouldFollowCapacityDrop()
    {
        final LinkConfig forward = LinkConfig.builder()
            .capacity(CapacityTimeline.builder(2_000_000).change(20 * SECOND_NS, 500_000).build())
            .propagationDelayMs(50).queueLimitMs(300).build();
        final CongestionLab lab = new CongestionLab(2, forward, FEEDBACK_PATH, new CongestionConfig(), 40 * SECOND_NS);
        lab.run();
        final RateSeries series = lab.series();
        System.out.println("2 Mbit/s -> 500 kbit/s at 20 s:\n" + series.describe(0, 40 * SECOND_NS, 500 * MS_NS));
    }

    @Test
    void shouldHoldRateUnderRandomLoss()
    {
        final LinkConfig forward = CongestionLab.path(1_000_000, 50, 300).toBuilder().randomLossRate(0.1).build();
        final CongestionLab lab = new CongestionLab(3, forward, FEEDBACK_PATH, new CongestionConfig(), 40 * SECOND_NS);
        lab.run();
        final RateSeries series = lab.series();
        System.out.println("1 Mbit/s, 10% random loss:\n" + series.describe(0, 40 * SECOND_NS, SECOND_NS));
    }

    @Test
    void shouldResumeAfterPause()
    {
        final CongestionLab lab = new CongestionLab(
            4, CongestionLab.path(1_000_000, 50, 300), FEEDBACK_PATH, new CongestionConfig(), 40 * SECOND_NS);
        lab.sender().pause(15 * SECOND_NS, 20 * SECOND_NS);
        lab.run();
        final RateSeries series = lab.series();
        System.out.println("pause 15-20 s:\n" + series.describe(10 * SECOND_NS, 30 * SECOND_NS, 500 * MS_NS));
    }
}
