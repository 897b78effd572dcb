package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One million random and mutated inputs per RTCP parser. Every input sits in a buffer whose capacity ends exactly at
 * the input, so any read past it throws; a parser passes when it never throws, returns only known status codes, and,
 * for inputs it accepts, every accessor works and every offset/length it reports lies inside the packet.
 */
class RtcpFuzzTest
{
    private static final int ITERATIONS = 1_000_000;

    private final RtcpPacketChecks checks = new RtcpPacketChecks();

    @Test
    void shouldSurviveHostileCompoundPackets()
    {
        fuzz(0xF0220001L, new RtcpFuzzSeeds(1).compounds(), checks::compound);
    }

    @Test
    void shouldSurviveHostileSenderReports()
    {
        fuzz(0xF0220002L, new RtcpFuzzSeeds(2).senderReports(), checks::senderReport);
    }

    @Test
    void shouldSurviveHostileReceiverReports()
    {
        fuzz(0xF0220003L, new RtcpFuzzSeeds(3).receiverReports(), checks::receiverReport);
    }

    @Test
    void shouldSurviveHostileSourceDescriptions()
    {
        fuzz(0xF0220004L, new RtcpFuzzSeeds(4).sourceDescriptions(), checks::sdes);
    }

    @Test
    void shouldSurviveHostileGoodbyes()
    {
        fuzz(0xF0220005L, new RtcpFuzzSeeds(5).goodbyes(), checks::bye);
    }

    @Test
    void shouldSurviveHostileAppPackets()
    {
        fuzz(0xF0220006L, new RtcpFuzzSeeds(6).apps(), checks::app);
    }

    @Test
    void shouldSurviveHostileLossPatternReports()
    {
        fuzz(0xF022000AL, new RtcpFuzzSeeds(10).lossPatterns(), checks::lossPattern);
    }

    @Test
    void shouldSurviveHostileNacks()
    {
        fuzz(0xF0220007L, new RtcpFuzzSeeds(7).nacks(), checks::nack);
    }

    @Test
    void shouldSurviveHostilePictureLossIndications()
    {
        fuzz(0xF0220008L, new RtcpFuzzSeeds(8).pictureLossIndications(), checks::pli);
    }

    @Test
    void shouldSurviveHostileFullIntraRequests()
    {
        fuzz(0xF0220009L, new RtcpFuzzSeeds(9).fullIntraRequests(), checks::fir);
    }

    private static void fuzz(final long seed, final byte[][] seeds, final RtcpPacketChecks.Parser parser)
    {
        final RtcpFuzzInputs inputs = new RtcpFuzzInputs(seed, seeds);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
        final int[] statusCounts = new int[WireStatus.CODE_COUNT];
        for (int i = 0; i < ITERATIONS; i++)
        {
            inputs.next();
            buffer.wrap(inputs.array(), 0, inputs.offset() + inputs.length());
            final int status;
            try
            {
                status = parser.check(buffer, inputs.offset(), inputs.length());
            }
            catch (final Throwable ex)
            {
                throw new AssertionError(inputs.describe(i), ex);
            }
            if (status > 0 || status <= -WireStatus.CODE_COUNT)
            {
                fail("unknown status " + status + " for " + inputs.describe(i));
            }
            statusCounts[-status]++;
        }
        final String distribution = "status counts by -code: " + Arrays.toString(statusCounts);
        assertTrue(statusCounts[0] >= ITERATIONS / 50, "too few accepted inputs for the accessors; " + distribution);
        assertTrue(statusCounts[0] <= ITERATIONS * 9 / 10, "mutations too weak; " + distribution);
    }
}
