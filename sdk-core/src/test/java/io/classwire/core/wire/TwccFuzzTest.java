package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Feeds {@link TransportFeedback#validate()} over a million random and mutated inputs. Every input sits at the very
 * end of its backing array, so any read past the wrapped region throws from UnsafeBuffer's bounds checks. Validated
 * packets are then walked completely with the cursor and the handler.
 */
class TwccFuzzTest
{
    private static final long SEED = 0x5EED_7CC0L;
    private static final int ITERATIONS = 1_200_000;

    private final TransportFeedback feedback = new TransportFeedback();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[0]);
    private final long[] statusCounts = new long[WireStatus.CODE_COUNT];
    private int handlerCalls;

    @Test
    void shouldNeverThrowOnRandomOrMutatedInput()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final List<byte[]> seeds = seeds(random);
        for (int i = 0; i < ITERATIONS; i++)
        {
            final int prefix = random.nextInt(4) == 0 ? random.nextInt(1, 9) : 0;
            final byte[] input = (i & 1) == 0 ?
                randomInput(random, prefix) : mutate(random, seeds.get(random.nextInt(seeds.size())), prefix);
            try
            {
                check(input, prefix);
            }
            catch (final RuntimeException | AssertionError ex)
            {
                fail("iteration " + i + " seed " + SEED + " input " + hex(input) + ": " + ex, ex);
            }
        }

        assertTrue(statusCounts[0] > ITERATIONS / 20, "enough inputs validate to exercise the cursor");
        for (int code = 1; code < WireStatus.CODE_COUNT; code++)
        {
            if (-code != WireStatus.OVERSIZED)
            {
                assertTrue(statusCounts[code] > 0, "never produced " + WireStatus.describe(-code));
            }
        }
    }

    private void check(final byte[] input, final int prefix)
    {
        buffer.wrap(input);
        final int length = input.length - prefix;
        final int status = feedback.wrap(buffer, prefix, length).validate();
        assertTrue(status <= 0 && -status < WireStatus.CODE_COUNT, "unknown status " + status);
        statusCounts[-status]++;
        if (WireStatus.OK != status)
        {
            return;
        }
        assertEquals(status, feedback.validate(), "validate is repeatable");
        final int packetLength = feedback.packetLengthBytes();
        assertTrue(packetLength >= TransportFeedback.MIN_PACKET_LENGTH && packetLength <= length);
        assertEquals(0, packetLength & 3);

        final int statusCount = feedback.packetStatusCount();
        int seen = 0;
        int received = 0;
        int expectedSequence = feedback.baseSequenceNumber();
        while (feedback.next())
        {
            assertEquals(expectedSequence, feedback.sequenceNumber());
            expectedSequence = SeqNum.add(expectedSequence, 1);
            received += feedback.received() ? 1 : 0;
            assertTrue(feedback.symbol() != TransportFeedback.SYMBOL_RESERVED);
            seen++;
        }
        assertEquals(statusCount, seen);
        assertEquals(feedback.receivedCount(), received);

        handlerCalls = 0;
        assertEquals(statusCount, feedback.forEachPacket(this::countPacket));
        assertEquals(statusCount, handlerCalls);
    }

    private void countPacket(final int sequenceNumber, final boolean received, final long arrivalTimeUs)
    {
        handlerCalls++;
        assertEquals(received, TransportFeedback.NOT_RECEIVED != arrivalTimeUs);
    }

    private static List<byte[]> seeds(final SplittableRandom random)
    {
        final List<byte[]> seeds = new ArrayList<>();
        for (final String hex : TwccVectors.VALID)
        {
            seeds.add(TwccVectors.bytes(hex));
        }
        final TransportFeedbackBuilder builder = new TransportFeedbackBuilder(256);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[256]);
        for (int i = 0; i < 300; i++)
        {
            int seq = random.nextInt(0x10000);
            long timeUs = random.nextLong(0, 1L << 40);
            builder.reset(random.nextInt(), random.nextInt(), seq, random.nextInt(256));
            final int packets = 1 + random.nextInt(60);
            for (int p = 0; p < packets; p++)
            {
                seq = SeqNum.add(seq, random.nextInt(10) == 0 ? 1 + random.nextInt(40) : 1);
                timeUs += random.nextInt(10) == 0 ? random.nextLong(-9_000_000L, 9_000_000L) : random.nextInt(3_000);
                builder.addReceived(seq, timeUs);
            }
            final int length = builder.build(out, 0);
            if (length > 0)
            {
                final byte[] packet = new byte[length];
                out.getBytes(0, packet);
                seeds.add(packet);
            }
        }
        return seeds;
    }

    private static byte[] randomInput(final SplittableRandom random, final int prefix)
    {
        final int length = random.nextInt(4) == 0 ? random.nextInt(0, 24) : random.nextInt(0, 80);
        final byte[] input = new byte[prefix + length];
        for (int i = 0; i < input.length; i++)
        {
            input[i] = (byte)random.nextInt(256);
        }
        if (length >= 16 && random.nextInt(4) != 0)
        {
            // A plausible fixed part, so that most inputs reach the chunk and delta checks.
            input[prefix] = (byte)(0x8F | (random.nextBoolean() ? 0x20 : 0));
            input[prefix + 1] = (byte)RtcpHeader.PT_RTPFB;
            input[prefix + 2] = 0;
            input[prefix + 3] = (byte)(random.nextInt(3) == 0 ? random.nextInt(256) : length / 4 - 1);
            input[prefix + 14] = 0;
            input[prefix + 15] = (byte)random.nextInt(1, 40);
        }
        return input;
    }

    private static byte[] mutate(final SplittableRandom random, final byte[] seed, final int prefix)
    {
        byte[] packet = seed.clone();
        final int mutations = 1 + random.nextInt(3);
        for (int m = 0; m < mutations; m++)
        {
            packet = mutateOnce(random, packet);
        }
        final byte[] input = new byte[prefix + packet.length];
        System.arraycopy(packet, 0, input, prefix, packet.length);
        return input;
    }

    private static byte[] mutateOnce(final SplittableRandom random, final byte[] packet)
    {
        if (0 == packet.length)
        {
            return packet;
        }
        switch (random.nextInt(9))
        {
            case 0:
                packet[random.nextInt(packet.length)] ^= (byte)(1 << random.nextInt(8));
                return packet;
            case 1:
                packet[random.nextInt(packet.length)] = (byte)random.nextInt(256);
                return packet;
            case 2:
                return Arrays.copyOf(packet, random.nextInt(packet.length));
            case 3:
                return extend(random, packet);
            case 4:
                final int nudged = byteAt(packet, 3) + random.nextInt(-2, 3);
                return setByte(packet, 3, random.nextBoolean() ? nudged : random.nextInt(256));
            case 5:
                setByte(packet, 14, random.nextInt(3) == 0 ? random.nextInt(256) : 0);
                return setByte(packet, 15, byteAt(packet, 15) + random.nextInt(-3, 4));
            case 6:
                return setByte(packet, 0, packet[0] ^ 0x20);
            case 7:
                return setByte(packet, packet.length - 1, random.nextInt(256));
            default:
                final int chunk = 20 + 2 * random.nextInt(8);
                return setByte(packet, chunk, byteAt(packet, chunk) ^ (0x40 << random.nextInt(2)));
        }
    }

    private static byte[] extend(final SplittableRandom random, final byte[] packet)
    {
        final int extra = 4 * random.nextInt(1, 4);
        final byte[] longer = Arrays.copyOf(packet, packet.length + extra);
        for (int i = packet.length; i < longer.length; i++)
        {
            longer[i] = (byte)(random.nextBoolean() ? 0 : random.nextInt(256));
        }
        if (random.nextBoolean() && longer.length > 3)
        {
            longer[3] = (byte)(longer.length / 4 - 1);
        }
        return longer;
    }

    private static int byteAt(final byte[] packet, final int index)
    {
        return index < packet.length ? packet[index] : 0;
    }

    private static byte[] setByte(final byte[] packet, final int index, final int value)
    {
        if (index < packet.length)
        {
            packet[index] = (byte)value;
        }
        return packet;
    }

    private static String hex(final byte[] bytes)
    {
        final StringBuilder builder = new StringBuilder();
        for (final byte b : bytes)
        {
            builder.append(String.format("%02x ", b & 0xFF));
        }
        return builder.toString().trim();
    }
}
