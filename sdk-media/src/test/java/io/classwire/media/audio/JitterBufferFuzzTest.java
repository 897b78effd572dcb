package io.classwire.media.audio;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Random traffic into the jitter buffer: real packets, mutated ones and garbage, with random sequence numbers
 * (jumps, wraps, repeats), timestamps (jumps, going backwards) and arrival times, interleaved with pulls at random
 * times. Nothing may throw, every pull writes exactly its length, and every offered packet is accounted for.
 */
class JitterBufferFuzzTest
{
    @Test
    void shouldSurviveRandomTrafficAndAccountForEveryPacket()
    {
        final long seed = 0x0F22_B0FFL;
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[][] real = TestAudio.encode(Arrays.copyOf(TestAudio.clip(TestAudio.EN).samples(), 96_000),
            new AudioEncoder());
        for (int trial = 0; trial < 4; trial++)
        {
            final JitterBufferConfig config = new JitterBufferConfig()
                .pullSamples(trial % 2 == 0 ? 960 : 480)
                .capacityPackets(trial < 2 ? 16 : 128)
                .maxDelayMs(trial == 3 ? 100 : 1000);
            final JitterBuffer buffer = new JitterBuffer(config);
            final short[] pcm = new short[1000];
            int sequence = random.nextInt(65_536);
            int timestamp = random.nextInt();
            long nowNs = random.nextLong(1L << 40);
            final byte[] bytes = new byte[1600];
            int pulls = 0;
            int i = 0;
            try
            {
                for (; i < 25_000; i++)
                {
                    final int length = nextPayload(random, real, bytes);
                    sequence = (sequence + step(random)) & 0xFFFF;
                    timestamp += random.nextInt(20) == 0 ? random.nextInt() : 960 * step(random);
                    nowNs += random.nextInt(20) == 0 ? -random.nextLong(1_000_000_000L) : random.nextLong(25_000_000L);
                    buffer.insert(sequence, timestamp, nowNs, new UnsafeBuffer(bytes), 0, length);
                    if (random.nextInt(10) == 0)
                    {
                        pulls++;
                        Arrays.fill(pcm, (short)-7);
                        buffer.pull(nowNs, pcm, 3);
                        if (pcm[2] != -7 || pcm[3 + config.pullSamples()] != -7)
                        {
                            fail("pull wrote outside its " + config.pullSamples() + " samples");
                        }
                    }
                }
            }
            catch (final Throwable ex)
            {
                fail("seed " + seed + " trial " + trial + " iteration " + i, ex);
            }
            final JitterBufferCounters c = buffer.counters();
            System.out.printf("fuzz trial %d: %d offered, %d stored, %d duplicate, %d late, %d malformed, " +
                "%d flushes, %d pulls, %d decoded, %d decode errors%n", trial, c.packetsReceived(),
                c.packetsInserted(), c.duplicates(), c.late(), c.malformed(), c.flushes(), pulls, c.packetsDecoded(),
                c.decodeErrors());
            assertEquals(c.packetsReceived(), c.packetsInserted() + c.duplicates() + c.late() + c.malformed(),
                "seed " + seed + " trial " + trial);
            assertEquals(pulls, c.framesTotal());
        }
    }

    private static int step(final SplittableRandom random)
    {
        final int kind = random.nextInt(20);
        return kind < 14 ? 1 : kind < 16 ? 0 : kind < 18 ? random.nextInt(-5, 6) : random.nextInt(65_536);
    }

    private static int nextPayload(final SplittableRandom random, final byte[][] real, final byte[] bytes)
    {
        final byte[] source = real[random.nextInt(real.length)];
        switch (random.nextInt(4))
        {
            case 0:
                final int length = random.nextInt(1600);
                for (int i = 0; i < length; i++)
                {
                    bytes[i] = (byte)random.nextInt();
                }
                return length;
            case 1:
                System.arraycopy(source, 0, bytes, 0, source.length);
                bytes[random.nextInt(source.length)] ^= (byte)(1 << random.nextInt(8));
                return source.length;
            default:
                System.arraycopy(source, 0, bytes, 0, source.length);
                return source.length;
        }
    }
}
