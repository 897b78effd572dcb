package io.classwire.core.recovery;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * XOR FEC end to end: for row, column and 2-D layouts, every pattern of one, two and three lost datagrams (media or
 * repair) of a block is replayed through the decoder, and what comes back is compared with an independent
 * peeling decoder over the group structure: exactly the recoverable losses are rebuilt, byte for byte, and every
 * other loss inside a group whose repair arrived is reported unrecoverable, once. The block starts at 65530 so its
 * groups straddle the sequence number wrap.
 */
class XorFecTest
{
    @ParameterizedTest(name = "mode {0}, {1} x {2}")
    @CsvSource({ "1, 4, 3", "2, 3, 4", "3, 3, 3", "2, 4, 1" })
    void shouldRecoverExactlyWhatTheGroupsAllowForEveryLossPatternOfUpToThree(
        final int mode, final int columns, final int rows)
    {
        final int packets = columns * (mode == XorFecEncoder.MODE_ROW ? 3 : rows);
        final XorFecEncoder encoder = new XorFecEncoder(8, 1500).configure(mode, columns, rows);
        final FecBlockFixture block = new FecBlockFixture(encoder, new SplittableRandom(mode * 100 + columns),
            65_530, packets, 200);
        final List<int[]> groups = groupsOf(block);
        final int n = block.size();
        int patterns = 0;
        int recoveredTotal = 0;
        for (int a = 0; a < n; a++)
        {
            for (int b = a; b < n; b++)
            {
                for (int c = b; c < n; c++)
                {
                    final boolean[] lost = new boolean[n];
                    lost[a] = true;
                    lost[b] = true;
                    lost[c] = true;
                    recoveredTotal += check(block, groups, lost, "lost " + a + "," + b + "," + c);
                    patterns++;
                }
            }
        }
        assertTrue(patterns > 100 && recoveredTotal > 0, patterns + " patterns, " + recoveredTotal + " recovered");
    }

    private static int check(final FecBlockFixture block, final List<int[]> groups, final boolean[] lost,
        final String context)
    {
        final Set<Integer> lostMedia = new TreeSet<>();
        final Set<Integer> receivedMedia = new HashSet<>();
        final boolean[] repairReceived = new boolean[groups.size()];
        int repairIndex = 0;
        for (int i = 0; i < block.size(); i++)
        {
            if (block.isRepair.get(i))
            {
                repairReceived[repairIndex++] = !lost[i];
            }
            else
            {
                final int seq = TestPackets.seqOf(block.datagrams.get(i));
                (lost[i] ? lostMedia : receivedMedia).add(seq);
            }
        }
        final Set<Integer> expected = peel(groups, repairReceived, receivedMedia, lostMedia);

        final CollectingHandler handler = new CollectingHandler();
        final FecDecoder decoder = FecBlockFixture.decoder();
        block.replay(decoder, lost, handler);

        assertEquals(expected, new TreeSet<>(handler.recovered.keySet()), context);
        assertEquals(0, handler.duplicateRecoveries, context);
        for (final byte[] original : block.media)
        {
            final byte[] rebuilt = handler.recovered.get(TestPackets.seqOf(original));
            if (rebuilt != null)
            {
                assertArrayEquals(original, rebuilt, context);
            }
        }
        // Only losses inside a group whose repair arrived are known to the decoder; the rest are the NACK
        // generator's business.
        final Set<Integer> unrecoverable = new TreeSet<>();
        for (int g = 0; g < groups.size(); g++)
        {
            for (final int seq : groups.get(g))
            {
                if (repairReceived[g] && lostMedia.contains(seq) && !expected.contains(seq))
                {
                    unrecoverable.add(seq);
                }
            }
        }
        assertEquals(unrecoverable, new TreeSet<>(handler.unrecoverable), context);
        assertEquals(unrecoverable.size(), handler.unrecoverable.size(), "each reported once: " + context);
        assertEquals(0, decoder.recoveryFailures(), context);
        return expected.size();
    }

    // The reference decoder: any group with its repair and exactly one member missing yields that member; repeat.
    private static Set<Integer> peel(final List<int[]> groups, final boolean[] repairReceived,
        final Set<Integer> received, final Set<Integer> lost)
    {
        final Set<Integer> have = new HashSet<>(received);
        final Set<Integer> recovered = new TreeSet<>();
        boolean progress = true;
        while (progress)
        {
            progress = false;
            for (int g = 0; g < groups.size(); g++)
            {
                if (!repairReceived[g])
                {
                    continue;
                }
                int missing = -1;
                int missingCount = 0;
                for (final int seq : groups.get(g))
                {
                    if (!have.contains(seq))
                    {
                        missing = seq;
                        missingCount++;
                    }
                }
                if (missingCount == 1 && lost.contains(missing))
                {
                    have.add(missing);
                    recovered.add(missing);
                    progress = true;
                }
            }
        }
        return recovered;
    }

    private static List<int[]> groupsOf(final FecBlockFixture block)
    {
        final List<int[]> groups = new ArrayList<>();
        final FecHeader header = new FecHeader();
        for (int i = 0; i < block.size(); i++)
        {
            if (block.isRepair.get(i))
            {
                final byte[] bytes = block.datagrams.get(i);
                assertEquals(0, header.wrap(new UnsafeBuffer(bytes), 0, bytes.length).validate());
                final int[] members = new int[header.mediaCount()];
                for (int j = 0; j < members.length; j++)
                {
                    members[j] = header.protectedSequenceNumber(j);
                }
                groups.add(members);
            }
        }
        return groups;
    }
}
