package io.classwire.core.transport;

import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import static io.classwire.core.transport.EndpointTestSupport.awaitTrue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RealTimeAgentRunnerTest
{
    /** Counts duty cycles, remembers each nowNs, and throws on every third call. */
    private static final class RecordingAgent implements TimedAgent
    {
        final ConcurrentLinkedQueue<Long> nows = new ConcurrentLinkedQueue<>();
        final AtomicLong calls = new AtomicLong();
        final boolean failSometimes;

        RecordingAgent(final boolean failSometimes)
        {
            this.failSometimes = failSometimes;
        }

        @Override
        public int doWork(final long nowNs)
        {
            final long call = calls.incrementAndGet();
            if (nows.size() < 100)
            {
                nows.add(nowNs);
            }
            if (failSometimes && call % 3 == 0)
            {
                throw new IllegalStateException("planned failure " + call);
            }
            return 0;
        }

        @Override
        public long nextDeadlineNs()
        {
            return NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "recording";
        }
    }

    @Test
    void shouldPassInjectedClockReadingsAsNowNs()
    {
        final AtomicLong ticks = new AtomicLong(1_000);
        final NanoClock clock = () -> ticks.getAndAdd(10);
        final RecordingAgent agent = new RecordingAgent(false);
        try (RealTimeAgentRunner runner = RealTimeAgentRunner.start(
            agent, new YieldingIdleStrategy(), (t) -> { }, clock))
        {
            awaitTrue(() -> agent.nows.size() >= 5, "five duty cycles");
            assertEquals("recording", runner.thread().getName());
        }
        long expected = 1_000;
        for (final long now : agent.nows)
        {
            assertEquals(expected, now, "one clock reading per duty cycle, handed down unchanged");
            expected += 10;
        }
    }

    @Test
    void shouldCountAndReportErrorsAndKeepRunning()
    {
        final RecordingAgent agent = new RecordingAgent(true);
        final ConcurrentLinkedQueue<Throwable> reported = new ConcurrentLinkedQueue<>();
        final RealTimeAgentRunner runner = RealTimeAgentRunner.start(
            agent, new YieldingIdleStrategy(), (t) ->
            {
                reported.add(t);
                throw new IllegalArgumentException("a broken error handler must not stop the agent");
            },
            System::nanoTime);
        try
        {
            awaitTrue(() -> runner.errorCount() >= 5, "five errors");
            final long callsAtFifthError = agent.calls.get();
            awaitTrue(() -> agent.calls.get() > callsAtFifthError + 3, "still running after errors");
            assertTrue(runner.thread().isAlive());
            assertSame(IllegalStateException.class, reported.peek().getClass());
        }
        finally
        {
            runner.close();
        }
        runner.close();
        assertTrue(runner.isClosed());
        assertFalse(runner.thread() != null && runner.thread().isAlive());
    }

    @Test
    void shouldTakeIdleStrategyErrorHandlerAndClockFromEndpointContext()
    {
        final RecordingAgent agent = new RecordingAgent(false);
        final EndpointContext context = new EndpointContext().clock(() -> 77L).conclude();
        try (RealTimeAgentRunner runner = RealTimeAgentRunner.start(agent, context))
        {
            awaitTrue(() -> !agent.nows.isEmpty(), "a duty cycle");
            assertEquals(0, runner.errorCount());
        }
        assertEquals(77L, agent.nows.peek());
    }
}
