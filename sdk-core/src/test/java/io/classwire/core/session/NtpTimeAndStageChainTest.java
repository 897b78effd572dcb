package io.classwire.core.session;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
