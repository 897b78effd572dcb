package io.classwire.media.audio.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** When both ends switch to the long (heavy-loss) budget: heavy loss, or long loss bursts; both with hysteresis. */
class BudgetRegimeTest
{
    @Test
    void shouldEnterBurstyOnLongBurstsWithEnoughLossAndLeaveWithHysteresis()
    {
        assertFalse(AudioSessionContext.burstyLoss(false, 0.3, 1.0 / 0.7), "independent 30 % loss");
        assertFalse(AudioSessionContext.burstyLoss(false, 0.1, 2.3), "below the entry burst");
        assertFalse(AudioSessionContext.burstyLoss(false, 0.01, 5.0), "too little loss to matter");
        assertTrue(AudioSessionContext.burstyLoss(false, 0.1, 2.4));
        assertTrue(AudioSessionContext.burstyLoss(true, 0.1, 2.0), "stays above the exit burst");
        assertTrue(AudioSessionContext.burstyLoss(true, 0.016, 3.0), "stays above the exit loss");
        assertFalse(AudioSessionContext.burstyLoss(true, 0.1, 1.8), "leaves below the exit burst");
        assertFalse(AudioSessionContext.burstyLoss(true, 0.01, 3.0), "leaves below the exit loss");
        assertFalse(AudioSessionContext.burstyLoss(false, 0.1, 0.0), "unknown burst");
    }

    @Test
    void shouldEnterHeavyLossAtTheRateAndLeaveAtThreeQuarters()
    {
        final AudioSessionContext context = new AudioSessionContext().conclude();
        final double rate = context.heavyLossRate();
        assertFalse(context.heavyLoss(false, rate * 0.99));
        assertTrue(context.heavyLoss(false, rate));
        assertTrue(context.heavyLoss(true, rate * 0.76));
        assertFalse(context.heavyLoss(true, rate * 0.74));
    }
}
