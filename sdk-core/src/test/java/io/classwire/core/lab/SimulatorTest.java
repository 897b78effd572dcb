package io.classwire.core.lab;

import io.classwire.core.transport.TimedAgent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SimulatorTest
{
    @Test
    void shouldRunEventsInTimeThenInsertionOrder()
    {
        final Simulator simulator = new Simulator(1);
        final List<String> order = new ArrayList<>();
        simulator.schedule(20, (now) -> order.add("b@" + now));
        simulator.schedule(10, (now) -> order.add("a@" + now));
        simulator.schedule(20, (now) -> order.add("c@" + now));
        simulator.schedule(20, (now) -> simulator.schedule(now, (later) -> order.add("d@" + later)));
        simulator.runUntil(100);
        assertEquals(List.of("a@10", "b@20", "c@20", "d@20"), order);
        assertEquals(100, simulator.nowNs(), "clock ends at the requested time");
    }

    @Test
    void shouldKeepHeapOrderAcrossManyRandomEvents()
    {
        final Simulator simulator = new Simulator(2);
        final SplittableRandom random = new SplittableRandom(2);
        final long[] last = { Long.MIN_VALUE };
        final int[] count = { 0 };
        for (int i = 0; i < 50_000; i++)
        {
            simulator.schedule(random.nextLong(1_000_000), (now) ->
            {
                assertTrue(now >= last[0]);
                assertEquals(now, simulator.nowNs());
                last[0] = now;
                count[0]++;
            });
        }
        simulator.runUntil(Long.MAX_VALUE);
        assertEquals(50_000, count[0]);
    }

    @Test
    void shouldRunEventsAtEndTimeButNotAfter()
    {
        final Simulator simulator = new Simulator(3);
        final List<Long> times = new ArrayList<>();
        simulator.schedule(50, times::add);
        simulator.schedule(51, times::add);
        simulator.runUntil(50);
        assertEquals(List.of(50L), times);
        simulator.runUntil(60);
        assertEquals(List.of(50L, 51L), times);
    }

    @Test
    void shouldRejectSchedulingInThePast()
    {
        final Simulator simulator = new Simulator(4);
        simulator.runUntil(100);
        assertThrows(IllegalArgumentException.class, () -> simulator.schedule(99, (now) -> { }));
    }

    @Test
    void shouldNotMoveVirtualClockBackwards()
    {
        final VirtualClock clock = new VirtualClock(10);
        clock.advanceTo(20);
        assertEquals(20, clock.nanoTime());
        assertThrows(IllegalArgumentException.class, () -> clock.advanceTo(19));
    }

    @Test
    void shouldCallAgentAtItsDeadlines()
    {
        final Simulator simulator = new Simulator(5);
        final TickingAgent agent = new TickingAgent(7, 30);
        simulator.addAgent(agent);
        simulator.runUntil(100);
        assertEquals(List.of(0L, 7L, 14L, 21L, 28L), agent.calls);
    }

    @Test
    void shouldFailFastWhenAgentNeverMovesItsDeadline()
    {
        final Simulator simulator = new Simulator(6);
        simulator.addAgent(new TimedAgent()
        {
            @Override
            public int doWork(final long nowNs)
            {
                return 0;
            }

            @Override
            public long nextDeadlineNs()
            {
                return 5;
            }

            @Override
            public String roleName()
            {
                return "stuck";
            }
        });
        final IllegalStateException error = assertThrows(IllegalStateException.class, () -> simulator.runUntil(10));
        assertTrue(error.getMessage().contains("stuck"), error.getMessage());
    }

    @Test
    void shouldDeriveIndependentStreamsByKey()
    {
        final Simulator first = new Simulator(7);
        final Simulator second = new Simulator(7);
        second.randomStream("an-extra-component");
        assertEquals(first.randomStream("link:a>b").nextLong(), second.randomStream("link:a>b").nextLong(),
            "a stream must not depend on which other streams exist");
        assertNotEquals(RandomStreams.deriveSeed(7, "x"), RandomStreams.deriveSeed(8, "x"));
        assertNotEquals(RandomStreams.deriveSeed(7, "x"), RandomStreams.deriveSeed(7, "y"));
        assertThrows(IllegalArgumentException.class, () -> first.randomStream("link:a>b"), "keys are unique");
    }

    private static final class TickingAgent implements TimedAgent
    {
        private final long periodNs;
        private final long stopNs;
        private final List<Long> calls = new ArrayList<>();
        private long nextNs;

        TickingAgent(final long periodNs, final long stopNs)
        {
            this.periodNs = periodNs;
            this.stopNs = stopNs;
        }

        @Override
        public int doWork(final long nowNs)
        {
            calls.add(nowNs);
            nextNs = nowNs + periodNs;
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return nextNs < stopNs ? nextNs : NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "ticker";
        }
    }
}
