package io.classwire.core.recovery;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reed-Solomon FEC end to end, as a property: random block shapes, random packet lengths (CSRCs, extensions,
 * padding), random loss patterns over media and repairs, sometimes a shuffled arrival order. With at most m of the
 * k + m datagrams lost, every lost media packet comes back byte for byte; with more, nothing is rebuilt, every lost
 * media packet is reported unrecoverable once, and nothing is thrown.
 */
class RsFecTest
{
    @Test
    void shouldRecoverAnyMErasuresAndFailCleanlyBeyond()
    {
        final long seed = 0x2545_F491L;
        final SplittableRandom random = new SplittableRandom(seed);
        int recoveredTotal = 0;
        int failedBlocks = 0;
        for (int trial = 0; trial < 1_500; trial++)
        {
            final int k = random.nextInt(1, 25);
            final int m = random.nextInt(1, 13);
            final RsFecEncoder encoder = new RsFecEncoder(32, 16, 1500).configure(k, m);
            final FecBlockFixture block = new FecBlockFixture(
                encoder, random.split(), random.nextInt(65536), k, random.nextInt(1, 400));
            assertEquals(k + m, block.size(), "one full block");
            final int lostCount = random.nextInt(k + m + 1);
            final boolean[] lost = new boolean[block.size()];
            final int[] order = ReedSolomonFecTest.shuffled(random, block.size());
            final TreeSet<Integer> lostMedia = new TreeSet<>();
            for (int i = 0; i < lostCount; i++)
            {
                lost[order[i]] = true;
                if (!block.isRepair.get(order[i]))
                {
                    lostMedia.add(TestPackets.seqOf(block.datagrams.get(order[i])));
                }
            }
            final String context = "seed=" + seed + " trial=" + trial + " k=" + k + " m=" + m + " lost=" + lostCount;
            final CollectingHandler handler = new CollectingHandler();
            final FecDecoder decoder = FecBlockFixture.decoder();
            if (random.nextBoolean())
            {
                replayShuffled(block, lost, decoder, handler, random);
            }
            else
            {
                block.replay(decoder, lost, handler);
            }
            assertEquals(0, decoder.recoveryFailures(), context);
            if (lostCount <= m)
            {
                // Shuffled, repairs may overtake media and rebuild packets that were only late: still exact.
                assertTrue(handler.recovered.keySet().containsAll(lostMedia), context);
                for (final byte[] original : block.media)
                {
                    final byte[] rebuilt = handler.recovered.get(TestPackets.seqOf(original));
                    if (rebuilt != null)
                    {
                        assertArrayEquals(original, rebuilt, context);
                    }
                }
                assertTrue(handler.unrecoverable.isEmpty(), context);
                assertEquals(0, handler.duplicateRecoveries, context);
                recoveredTotal += lostMedia.size();
            }
            else
            {
                assertTrue(handler.recovered.isEmpty(), context);
                final boolean anyRepair = lostCount < k + m && hasReceivedRepair(block, lost);
                assertEquals(anyRepair ? lostMedia : new TreeSet<Integer>(), new TreeSet<>(handler.unrecoverable),
                    context);
                assertEquals(handler.unrecoverable.size(), new TreeSet<>(handler.unrecoverable).size(), context);
                failedBlocks++;
            }
        }
        assertTrue(recoveredTotal > 1_000 && failedBlocks > 300, recoveredTotal + " recovered, " + failedBlocks);
    }

    private static boolean hasReceivedRepair(final FecBlockFixture block, final boolean[] lost)
    {
        for (int i = 0; i < block.size(); i++)
        {
            if (block.isRepair.get(i) && !lost[i])
            {
                return true;
            }
        }
        return false;
    }

    private static void replayShuffled(final FecBlockFixture block, final boolean[] lost, final FecDecoder decoder,
        final CollectingHandler handler, final SplittableRandom random)
    {
        final int[] order = ReedSolomonFecTest.shuffled(random, block.size());
        for (final int i : order)
        {
            if (!lost[i])
            {
                final byte[] bytes = block.datagrams.get(i);
                if (block.isRepair.get(i))
                {
                    decoder.onRepair(new UnsafeBuffer(bytes), 0, bytes.length, handler);
                }
                else
                {
                    decoder.onMedia(new UnsafeBuffer(bytes), 0, bytes.length, handler);
                }
            }
        }
        decoder.flush(handler);
    }

    @Test
    void shouldCloseAPartialBlockWithTheSmallerMediaCount()
    {
        final RsFecEncoder encoder = new RsFecEncoder(16, 4, 1500).configure(10, 3);
        final SplittableRandom random = new SplittableRandom(3);
        final FecBlockFixture block = new FecBlockFixture(encoder, random, 100, 4, 120);
        assertEquals(4 + 3, block.size(), "flush closed a block of 4 with 3 repairs");
        final FecHeader header = new FecHeader();
        final byte[] repair = block.datagrams.get(4);
        assertEquals(0, header.wrap(new UnsafeBuffer(repair), 0, repair.length).validate());
        assertEquals(4, header.mediaCount());
        assertEquals(3, header.repairCount());
        final boolean[] lost = { true, false, true, true, false, false, false };
        final CollectingHandler handler = new CollectingHandler();
        block.replay(FecBlockFixture.decoder(), lost, handler);
        assertEquals(3, handler.recovered.size());
        assertArrayEquals(block.media.get(2), handler.recovered.get(102));
    }

    @Test
    void shouldReportTheSpanOfTheLatestBlockAndRecoverWithManyRepairs()
    {
        // heavy loss: ten media packets, 80 repairs (above the old 48 cap), only 10 of the 90 arrive
        final RsFecEncoder encoder = new RsFecEncoder(16, 128, 1500).configure(10, 80);
        final FecBlockFixture block = new FecBlockFixture(encoder, new SplittableRandom(11), 500, 10, 80);
        assertEquals(90, block.size());
        final boolean[] lost = new boolean[block.size()];
        Arrays.fill(lost, true);
        for (int i = 0; i < 10; i++)
        {
            lost[3 + i * 8] = false;
        }
        final FecDecoder decoder = new FecDecoder(new FecDecoderContext().protectedSsrc(FecBlockFixture.SSRC)
            .maxPacketLength(1500).maxRepair(128).poolSymbols(256));
        assertEquals(0, decoder.lastBlockSpanPackets(), "nothing seen yet");
        final CollectingHandler handler = new CollectingHandler();
        block.replay(decoder, lost, handler);
        assertEquals(9, decoder.lastBlockSpanPackets(), "(k - 1) * stride");
        for (int i = 0; i < 10; i++)
        {
            if (lost[i])
            {
                assertArrayEquals(block.media.get(i), handler.recovered.get(500 + i), "packet " + i);
            }
        }
    }
}
