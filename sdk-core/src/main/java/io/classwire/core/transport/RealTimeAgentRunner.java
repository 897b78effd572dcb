package io.classwire.core.transport;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs one {@link TimedAgent} in real time on a thread of its own: an Agrona {@link AgentRunner} calls
 * {@code doWork(clock.nanoTime())} in a loop and backs off through an {@link IdleStrategy} when the agent reports no
 * work. The network lab runs the same agent in virtual time instead.
 *
 * <p>This is where real time enters the SDK: the clock given here ({@link SystemNanoClock} unless a test injects
 * another) is read once per duty cycle and handed down as {@code nowNs}; protocol code never reads a clock itself.
 * The only other reader is {@link NettyUdpEndpoint}, which stamps arrivals with {@link EndpointContext#clock()},
 * the same clock by default, so arrival times and {@code nowNs} are comparable.
 *
 * <p>Errors thrown by the agent go to the error handler and {@link #errorCount()}; the thread keeps running. The
 * idle strategy sleeps at most its maximum park period (1 ms for the default {@link BackoffIdleStrategy}), which
 * bounds how late a timer fires when the agent is idle.
 */
public final class RealTimeAgentRunner implements AutoCloseable
{
    private final AgentRunner runner;
    private final AtomicLong errorCount;

    private RealTimeAgentRunner(final AgentRunner runner, final AtomicLong errorCount)
    {
        this.runner = runner;
        this.errorCount = errorCount;
    }

    /**
     * Start an agent with the idle strategy, error handler and clock of an endpoint's context.
     *
     * @param agent   to run; from now on only the new thread calls it.
     * @param context a concluded endpoint context.
     * @return the running runner; close it to stop the thread.
     */
    public static RealTimeAgentRunner start(final TimedAgent agent, final EndpointContext context)
    {
        return start(agent, context.idleStrategy(), context.errorHandler(), context.clock());
    }

    /**
     * Start an agent on a new thread named after its role.
     *
     * @param agent        to run; from now on only the new thread calls it.
     * @param idleStrategy applied to each duty cycle's work count.
     * @param errorHandler told of every exception the agent throws.
     * @param clock        source of {@code nowNs}; {@link SystemNanoClock#INSTANCE} in production.
     * @return the running runner; close it to stop the thread.
     */
    public static RealTimeAgentRunner start(
        final TimedAgent agent,
        final IdleStrategy idleStrategy,
        final ErrorHandler errorHandler,
        final NanoClock clock)
    {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(idleStrategy, "idleStrategy");
        Objects.requireNonNull(errorHandler, "errorHandler");
        Objects.requireNonNull(clock, "clock");
        final AtomicLong errorCount = new AtomicLong();
        final ErrorHandler countingHandler = (throwable) ->
        {
            errorCount.incrementAndGet();
            try
            {
                errorHandler.onError(throwable);
            }
            catch (final Throwable ignore)
            {
                // The count has moved; a broken handler must not end the duty cycle.
            }
        };
        final AgentRunner runner = new AgentRunner(idleStrategy, countingHandler, null, new ClockedAgent(agent, clock));
        AgentRunner.startOnThread(runner);
        return new RealTimeAgentRunner(runner, errorCount);
    }

    /** @return number of exceptions the agent has thrown so far. */
    public long errorCount()
    {
        return errorCount.get();
    }

    /** @return the agent's thread, or null before it started. */
    public Thread thread()
    {
        return runner.thread();
    }

    /** @return true once {@link #close()} has been called. */
    public boolean isClosed()
    {
        return runner.isClosed();
    }

    /** Stop the agent's thread and wait for it to finish its current duty cycle; idempotent. */
    @Override
    public void close()
    {
        runner.close();
    }

    /** Adapts a {@link TimedAgent} to Agrona's {@link Agent} by reading the clock once per duty cycle. */
    private static final class ClockedAgent implements Agent
    {
        private final TimedAgent agent;
        private final NanoClock clock;

        ClockedAgent(final TimedAgent agent, final NanoClock clock)
        {
            this.agent = agent;
            this.clock = clock;
        }

        @Override
        public int doWork()
        {
            return agent.doWork(clock.nanoTime());
        }

        @Override
        public String roleName()
        {
            return agent.roleName();
        }
    }
}
