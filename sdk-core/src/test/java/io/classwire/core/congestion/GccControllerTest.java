package io.classwire.core.congestion;

import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.TransportFeedbackBuilder;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GccControllerTest
{
    private static final long MS = 1_000_000L;

    @Test
    void shouldStartAtTheStartRateAndRequestInitialProbes()
    {
        final GccController controller = new GccController(new CongestionConfig().startBitrateBps(500_000));
        assertEquals(500_000, controller.targetBitrateBps());
        assertEquals(1_250_000, controller.pacingRateBps(), "2.5 x target");
        final ProbeClusterRequest request = new ProbeClusterRequest();
        assertFalse(controller.pollProbeRequest(request), "nothing before the first process call");
        controller.onProcessInterval(0);
        assertTrue(controller.pollProbeRequest(request));
        assertEquals(1_500_000, request.bitrateBps());
        assertTrue(controller.pollProbeRequest(request));
        assertEquals(3_000_000, request.bitrateBps());
        assertFalse(controller.pollProbeRequest(request));
        assertEquals(25 * MS, controller.processIntervalNs());
    }

    @Test
    void shouldRejectInvalidSettings()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new GccController(new CongestionConfig().minBitrateBps(500_000).startBitrateBps(300_000)));
        assertThrows(IllegalArgumentException.class,
            () -> new GccController(new CongestionConfig().historyCapacity(1000)));
        assertThrows(IllegalArgumentException.class, () -> new GccController(new CongestionConfig().pacingFactor(0.5)));
    }

    @Test
    void shouldSurviveMalformedAndRandomFeedback()
    {
        final long seed = 77;
        final SplittableRandom random = new SplittableRandom(seed);
        final GccController controller = new GccController(new CongestionConfig());
        final TransportFeedbackBuilder builder = new TransportFeedbackBuilder();
        final TransportFeedback feedback = new TransportFeedback();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1500]);
        long sequence = 0;
        long nowNs = 0;
        int invalid = 0;
        for (int round = 0; round < 20_000; round++)
        {
            nowNs += 5 * MS;
            for (int i = 0; i < 5; i++)
            {
                controller.onPacketSent(sequence++, nowNs, 1000, PacketKind.VIDEO, SentPacketHistory.NOT_A_PROBE);
            }
            builder.reset(1, 2, (int)(sequence - 5 - random.nextInt(20)) & 0xFFFF, round);
            for (int i = 0; i < 5; i++)
            {
                builder.addReceived((int)(sequence - 5 + i) & 0xFFFF, nowNs / 1000 + random.nextInt(100_000));
            }
            int length = builder.build(buffer, 0);
            if (round % 3 == 0)
            {
                // Bit flips, truncations and random lengths.
                buffer.putByte(random.nextInt(length), (byte)random.nextInt(256));
                length = random.nextInt(length + 1);
            }
            else if (round % 3 == 1)
            {
                for (int i = 0; i < length; i++)
                {
                    buffer.putByte(i, (byte)random.nextInt(256));
                }
            }
            feedback.wrap(buffer, 0, length);
            if (controller.onTransportFeedback(feedback, nowNs + 60 * MS) < 0)
            {
                invalid++;
            }
            controller.onProcessInterval(nowNs);
            final long target = controller.targetBitrateBps();
            assertTrue(target >= 30_000 && target <= 10_000_000, "target " + target + " seed " + seed);
        }
        assertTrue(invalid > 6_000, "most mutated feedback is rejected: " + invalid);
        buffer.putByte(0, (byte)0x8F);
        assertEquals(WireStatus.TRUNCATED, controller.onTransportFeedback(feedback.wrap(buffer, 0, 4), nowNs));
    }
}
