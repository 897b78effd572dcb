package io.classwire.core.recovery;

import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.SeqHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NACK generator in virtual time: a paced 20 ms stream with chosen losses, arrivals fed at their times, and
 * {@code poll} called every millisecond. Every request is checked against the deadline, backoff and rate rules.
 */
class NackGeneratorTest
{
    private static final long MS = 1_000_000L;
    private static final long INTERVAL_NS = 20 * MS;

    /** Records every (time, seq) request a run makes. */
    private static final class Run
    {
        final Map<Integer, List<Long>> requests = new HashMap<>();
        final List<Long> nackTimes = new ArrayList<>();
        final List<Integer> nackSizes = new ArrayList<>();
    }

    private static Run run(final NackGenerator generator, final boolean[] lost, final long[] extraDelayNs,
        final long endNs)
    {
        final Run run = new Run();
        final int[] out = new int[256];
        final int packets = lost.length;
        for (long now = 0; now <= endNs; now += MS)
        {
            for (int s = 0; s < packets; s++)
            {
                if (!lost[s] && s * INTERVAL_NS + extraDelayNs[s] == now)
                {
                    generator.onPacket(s, now);
                }
            }
            final int count = generator.poll(now, out);
            if (count > 0)
            {
                run.nackTimes.add(now);
                run.nackSizes.add(count);
                for (int i = 0; i < count; i++)
                {
                    run.requests.computeIfAbsent(out[i], (k) -> new ArrayList<>()).add(now);
                }
            }
        }
        return run;
    }

    @Test
    void shouldNeverRequestAPacketThatCannotArriveBeforeItsPlayoutDeadline()
    {
        final long seed = 0x4ACC_0001L;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int trial = 0; trial < 40; trial++)
        {
            final long rttNs = random.nextInt(5, 400) * MS;
            final long playoutNs = random.nextInt(20, 500) * MS;
            final NackContext context = new NackContext().rttNs(rttNs).playoutDelayNs(playoutNs);
            final NackGenerator generator = new NackGenerator(context);
            final boolean[] lost = new boolean[300];
            for (int s = 1; s < lost.length - 1; s++)
            {
                lost[s] = random.nextInt(5) == 0;
            }
            final Run run = run(generator, lost, new long[lost.length], lost.length * INTERVAL_NS + 2_000 * MS);
            final String where = "seed=" + seed + " trial=" + trial + " rtt=" + rttNs / MS + " playout=" +
                playoutNs / MS;
            for (final Map.Entry<Integer, List<Long>> entry : run.requests.entrySet())
            {
                assertTrue(lost[entry.getKey()], where + " requested a received packet " + entry.getKey());
                final long deadlineNs = entry.getKey() * INTERVAL_NS + playoutNs;
                for (final long t : entry.getValue())
                {
                    assertTrue(t + rttNs + context.marginNs() <= deadlineNs,
                        where + " seq " + entry.getKey() + " requested at " + t / MS + " ms, deadline " +
                        deadlineNs / MS);
                }
            }
            assertEquals(0, generator.missingCount(), where + ": everything resolved by the end");
            if (rttNs + context.marginNs() + INTERVAL_NS + context.reorderDelayNs() > playoutNs)
            {
                assertTrue(run.requests.isEmpty(), where + ": too late for any request");
            }
        }
    }

    @Test
    void shouldRequestASingleLossUntilItsDeadlineAndThenGiveUp()
    {
        final NackGenerator generator = new NackGenerator(
            new NackContext().rttNs(100 * MS).playoutDelayNs(400 * MS).reorderWindow(5 * MS, 1));
        final boolean[] lost = new boolean[60];
        lost[10] = true;
        final Run run = run(generator, lost, new long[60], 1_500 * MS);
        // Gap seen when 11 arrives (220 ms); 1 newer packet more (240 ms) ends the reorder wait before 225 ms? No:
        // the 5 ms wait ends first, at 225 ms. Retries: +150 ms (375), +225 ms (600 > 600-110), so two requests.
        assertEquals(List.of(225 * MS, 375 * MS), run.requests.get(10));
        assertEquals(1, generator.abandonedLate());
        assertEquals(1, generator.lossesDetected());
    }

    @Test
    void shouldNotRepeatARequestBeforeItsBackoffInterval()
    {
        final long rttNs = 30 * MS;
        final NackContext context = new NackContext().rttNs(rttNs).playoutDelayNs(10_000 * MS);
        final NackGenerator generator = new NackGenerator(context);
        final boolean[] lost = new boolean[200];
        final SplittableRandom random = new SplittableRandom(7);
        for (int s = 1; s < 199; s++)
        {
            lost[s] = random.nextInt(4) == 0;
        }
        final Run run = run(generator, lost, new long[200], 12_000 * MS);
        int retries = 0;
        for (final Map.Entry<Integer, List<Long>> entry : run.requests.entrySet())
        {
            final List<Long> times = entry.getValue();
            assertTrue(times.size() <= context.maxRequests());
            for (int n = 1; n < times.size(); n++)
            {
                final double minimumNs = Math.max(rttNs * 1.5, 20 * MS) * Math.pow(1.5, n - 1);
                assertTrue(times.get(n) - times.get(n - 1) >= (long)minimumNs,
                    "seq " + entry.getKey() + " retry " + n + " after " + (times.get(n) - times.get(n - 1)) / MS);
                retries++;
            }
        }
        assertTrue(retries > 100, "retries happened: " + retries);
        assertTrue(generator.abandonedRetries() > 0, "the request limit ended some");
    }

    @Test
    void shouldCapNackRateAndSize()
    {
        final NackContext context = new NackContext().rttNs(MS).playoutDelayNs(5_000 * MS)
            .retry(1.0, MS, 1.0).rateLimit(10, 2).maxSeqsPerNack(8).maxRequests(50);
        final NackGenerator generator = new NackGenerator(context);
        final boolean[] lost = new boolean[400];
        for (int s = 1; s < 399; s += 2)
        {
            lost[s] = true;
        }
        final Run run = run(generator, lost, new long[400], 9_000 * MS);
        for (final int size : run.nackSizes)
        {
            assertTrue(size <= 8);
        }
        for (int i = 0; i < run.nackTimes.size(); i++)
        {
            int inWindow = 0;
            for (int j = i; j < run.nackTimes.size() && run.nackTimes.get(j) < run.nackTimes.get(i) + 1_000 * MS; j++)
            {
                inWindow++;
            }
            assertTrue(inWindow <= 10 + 2, inWindow + " NACKs in the second from " + run.nackTimes.get(i) / MS);
        }
        assertTrue(run.nackTimes.size() > 70, "the cap is the limit, not something else: " + run.nackTimes.size());
        assertTrue(generator.rateLimited() > 0);
    }

    @Test
    void shouldNotRequestAReorderedPacketThatArrivesWithinTheWindow()
    {
        final NackGenerator generator = new NackGenerator(new NackContext().reorderWindow(5 * MS, 1));
        final long[] delay = new long[50];
        delay[20] = 23 * MS;  // arrives 3 ms after 21, before the 5 ms wait and before 22
        final Run run = run(generator, new boolean[50], delay, 1_500 * MS);
        assertTrue(run.requests.isEmpty());
        assertEquals(1, generator.lossesDetected());
        assertEquals(1, generator.recoveredBeforeNack());
    }

    @Test
    void shouldClearStateWhenARetransmissionArrivesAndCountItAsRecovered()
    {
        final NackGenerator generator = new NackGenerator(new NackContext().rttNs(40 * MS));
        final int[] out = new int[64];
        for (int s = 0; s < 10; s++)
        {
            if (s != 4 && s != 5)
            {
                generator.onPacket(s, s * INTERVAL_NS);
            }
        }
        assertEquals(2, generator.poll(10 * INTERVAL_NS, out));
        generator.onPacket(5, 10 * INTERVAL_NS + 40 * MS);
        assertEquals(1, generator.missingCount());
        assertEquals(1, generator.recoveredAfterNack());
        assertEquals(NackGenerator.DUPLICATE, generator.onPacket(5, 10 * INTERVAL_NS + 41 * MS));
    }

    @Test
    void shouldWriteAParsableNackAcrossTheSequenceWrapAndIgnoreDiscontinuities()
    {
        final NackGenerator generator = new NackGenerator(new NackContext().reorderWindow(0, 0));
        generator.onPacket(65_530, 0);
        generator.onPacket(3, 20 * MS);
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[200]);
        final int length = generator.writeNack(21 * MS, buffer, 0, 200, 0x11, 0x22);
        final NackPacket nack = new NackPacket().wrap(buffer, 0, length);
        assertEquals(0, nack.validate());
        assertEquals(0x22, nack.mediaSsrc());
        final List<Integer> seqs = new ArrayList<>();
        nack.forEachLost((SeqHandler)seqs::add);
        assertEquals(List.of(65_531, 65_532, 65_533, 65_534, 65_535, 0, 1, 2), seqs);

        assertEquals(NackGenerator.DISCONTINUITY, generator.onPacket(5_000, 40 * MS));
        assertEquals(0, generator.missingCount());
        assertEquals(0, generator.writeNack(41 * MS, buffer, 0, 200, 0x11, 0x22));
    }

    @Test
    void shouldLeaveUncoveredNumbersDueWhenTheNackDoesNotFit()
    {
        final NackGenerator generator = new NackGenerator(
            new NackContext().reorderWindow(0, 0).playoutDelayNs(5_000 * MS));
        generator.onPacket(0, 0);
        for (int s = 2; s < 200; s += 20)
        {
            generator.onPacket(s, s * MS);
        }
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[200]);
        final int first = generator.writeNack(300 * MS, buffer, 0, 12 + 3 * 4, 1, 2);
        assertEquals(12 + 3 * 4, first, "three items fit");
        final NackPacket nack = new NackPacket().wrap(buffer, 0, first);
        assertEquals(0, nack.validate());
        final int second = generator.writeNack(300 * MS, buffer, 0, 200, 1, 2);
        assertTrue(second > 12, "the rest goes out at once (the burst allows a second NACK)");
    }
}
