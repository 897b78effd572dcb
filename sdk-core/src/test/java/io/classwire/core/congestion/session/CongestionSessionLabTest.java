package io.classwire.core.congestion.session;

import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.session.RtpSession;
import org.junit.jupiter.api.Test;

import static io.classwire.core.congestion.session.SessionCongestionRig.S;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Congestion control carried by two {@link RtpSession}s in the lab's virtual time ({@link SessionCongestionRig}):
 * start-up with probe padding, holding a fixed capacity, following capacity steps, and the feedback cadence.
 */
class CongestionSessionLabTest
{
    @Test
    void explore()
    {
        for (final SessionCongestionRig.Padding padding : SessionCongestionRig.Padding.values())
        {
            for (final long capacity : new long[]{1_000_000, 2_500_000})
            {
                final SessionCongestionRig rig =
                    new SessionCongestionRig(CapacityTimeline.constant(capacity), padding, 11).run(40 * S);
                System.out.println(padding + " " + capacity + ": reach90 " + rig.firstReachNs(0, capacity * 9 / 10) +
                    " min/max 10-40 " + rig.source.minTargetBps(10 * S, 40 * S) + "/" +
                    rig.source.maxTargetBps(10 * S, 40 * S) + " empty " + rig.emptyPayloadsDelivered + " " +
                    rig.describe());
            }
        }
    }
}
