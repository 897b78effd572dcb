package io.classwire.core.session;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NtpTimeAndStageChainTest
{
    @Test
    void shouldRoundTripNtpTimestampsWithinOneNanosecond()
    {
        // 2026-11-25T00:00:00Z = 1795564800 s since the Unix epoch.
        final long unixNs = 1_795_564_800_123_456_789L;
        final long ntp = NtpTime.fromUnixNs(unixNs);
        assertEquals(1_795_564_800L + NtpTime.UNIX_EPOCH_OFFSET_SECONDS, ntp >>> 32);
        assertEquals(unixNs, NtpTime.toUnixNs(ntp), 1);
    }

    @Test
    void shouldComputeRttFromLsrAndDlsr()
    {
        // Example of RFC 3550 section 6.4.1: A = 0xb710:8000 (46864.500 s), LSR = 0xb705:2000 (46853.125 s),
        // DLSR = 0x0005:4000 (5.250 s), so RTT = 6.125 s.
        final long rttNs = NtpTime.rttNs(0xB710_8000, 0xB705_2000, 0x0005_4000);
        assertEquals(6_125_000_000L, rttNs);
        assertEquals(-1, NtpTime.rttNs(0xB710_8000, 0, 0x0005_4000), "no SR echoed yet");
        assertEquals(0x0005_4000, NtpTime.compactDuration(5_250_000_000L));
    }

    @Test
    void shouldCountEachStagesVerdicts()
    {
        final PacketStage evenOnly = new PacketStage()
        {
            public int process(final PacketContext packet)
            {
                return packet.length() % 2 == 0 ? FORWARD : DROP;
            }

            public String name()
            {
                return "even-only";
            }
        };
        final PacketStage takeSmall = new PacketStage()
        {
            public int process(final PacketContext packet)
            {
                return packet.length() < 10 ? CONSUMED : FORWARD;
            }

            public String name()
            {
                return "take-small";
            }
        };
        final StageChain chain = new StageChain("receive", evenOnly);
        chain.insert(1, takeSmall);
        final PacketContext context = new PacketContext();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
        for (int length = 0; length < 20; length++)
        {
            chain.process(context.reset(buffer, 0, length, 0, 0));
        }
        assertEquals(20, chain.packetsIn(0));
        assertEquals(10, chain.packetsDropped(0));
        assertEquals(10, chain.packetsIn(1));
        assertEquals(5, chain.packetsConsumed(1));
        assertEquals(5, chain.packetsForwarded());
        assertTrue(chain.describe().contains("take-small"));
    }

    private static PacketStage stage(final String name, final int verdict, final int reason)
    {
        return new PacketStage()
        {
            public int process(final PacketContext packet)
            {
                if (verdict == DROP)
                {
                    packet.dropReason(reason);
                }
                return verdict;
            }

            public String name()
            {
                return name;
            }
        };
    }

    @Test
    void shouldInsertStagesByNameAndCountDropsByReason()
    {
        final StageChain chain = new StageChain("send", stage("header", PacketStage.FORWARD, 0),
            stage("transport-out", PacketStage.FORWARD, 0));
        chain.insertBefore("transport-out", stage("pacer", PacketStage.FORWARD, 0));
        chain.insertAfter("header", stage("cc", PacketStage.DROP, DropReason.FIRST_EXTENSION_CODE));
        assertEquals(1, chain.indexOf("cc"));
        assertEquals(2, chain.indexOf("pacer"));
        assertEquals(-1, chain.indexOf("fec"));
        final IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
            () -> chain.insertBefore("fec", stage("x", PacketStage.FORWARD, 0)));
        assertTrue(missing.getMessage().contains("[header, cc, pacer, transport-out]"), missing.getMessage());

        final PacketContext context = new PacketContext();
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[8]);
        chain.process(context.reset(buffer, 0, 8, 0, 0));
        chain.process(context.reset(buffer, 0, 8, 0, 0));
        assertEquals(2, chain.packetsDropped("cc"));
        assertEquals(2, chain.packetsDropped(1, DropReason.FIRST_EXTENSION_CODE));
        assertEquals(0, chain.packetsIn("pacer"));

        // A stage that held a packet releases it to the stages after itself.
        assertEquals(PacketStage.FORWARD, chain.processFrom(chain.indexOf("pacer"), context));
        assertEquals(1, chain.packetsIn("transport-out"));
        assertEquals(1, chain.packetsForwarded());
        assertTrue(chain.describe().contains("dropped=2 (reason 32=2)"), chain.describe());
    }

    @Test
    void shouldCountReasonsOutsideTheTableAsOther()
    {
        final StageChain chain = new StageChain("receive", stage("odd", PacketStage.DROP, 1_000));
        chain.process(new PacketContext().reset(new UnsafeBuffer(new byte[1]), 0, 1, 0, 0));
        assertEquals(1, chain.packetsDropped(0, 1_000));
        assertEquals(1, chain.packetsDropped(0, -1_000), "shares the other slot");
        assertTrue(chain.describe().contains("(other=1)"), chain.describe());
    }
}
