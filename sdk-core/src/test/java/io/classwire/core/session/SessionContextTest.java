package io.classwire.core.session;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionContextTest
{
    @Test
    void shouldFillDefaultsOnConclude()
    {
        final SessionContext context = new SessionContext().randomSeed(5).conclude();
        assertTrue(context.isConcluded());
        assertEquals(SessionContext.DEFAULT_RTCP_MIN_INTERVAL_NS, context.rtcpMinIntervalNs());
        assertEquals(SessionContext.DEFAULT_MTU_BYTES, context.mtuBytes());
        assertEquals(SessionContext.DEFAULT_FEEDBACK_QUEUE_BYTES, context.feedbackQueueBytes());
        assertEquals(false, context.reducedSizeRtcp());
        assertTrue(context.cname().startsWith("cw-"), context.cname());
        assertEquals(context.cname(), new SessionContext().randomSeed(5).conclude().cname(), "derived from the seed");
        assertEquals(48_000, context.clockRateHz(96));
        assertEquals(90_000, context.clockRate(96, 90_000).clockRateHz(96));
        assertTrue(context.toString().contains("96=90000"), context.toString());
    }

    @Test
    void shouldDrawAnUnpredictableSeedWhenNoneIsSet()
    {
        final long first = new SessionContext().conclude().randomSeed();
        final long second = new SessionContext().conclude().randomSeed();
        assertNotEquals(first, second, "two endpoints must not pick the same SSRCs");
    }

    @Test
    void shouldRejectValuesOutOfRange()
    {
        assertThrows(IllegalStateException.class, () -> new SessionContext().cname("é").conclude());
        assertThrows(IllegalStateException.class, () -> new SessionContext().cname("x".repeat(256)).conclude());
        assertThrows(IllegalStateException.class, () -> new SessionContext().rtcpMinIntervalNs(0).conclude());
        assertThrows(IllegalStateException.class, () -> new SessionContext().sessionBandwidthBps(0).conclude());
        assertThrows(IllegalStateException.class, () -> new SessionContext().mtuBytes(100).conclude());
        assertThrows(IllegalStateException.class, () -> new SessionContext().maxReceiveStreams(32).conclude());
        assertThrows(IllegalStateException.class, () -> new SessionContext().maxSendStreams(0).conclude());
        assertThrows(IllegalStateException.class,
            () -> new SessionContext().mtuBytes(400).feedbackQueueBytes(300).conclude());
        assertThrows(IllegalArgumentException.class, () -> new SessionContext().clockRate(128, 8_000));
        assertEquals(200, new SessionContext().mtuBytes(400).conclude().feedbackQueueBytes(), "capped at MTU/2");
    }
}
