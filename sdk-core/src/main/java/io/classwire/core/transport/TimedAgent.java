package io.classwire.core.transport;

/**
 * Protocol logic driven by injected time, so that the same object runs in real time (wrapped in an Agrona
 * {@code Agent} polled by an {@code AgentRunner}) and in the lab's virtual time (called by the simulator at each
 * event and at its own deadline). Single-threaded: all calls come from the thread that owns the agent.
 */
public interface TimedAgent
{
    /** Returned by {@link #nextDeadlineNs()} when the agent has no timer pending. */
    long NO_DEADLINE = Long.MAX_VALUE;

    /**
     * Do whatever is due at {@code nowNs}: poll transports, fire expired timers, send.
     *
     * @param nowNs current time on the injected clock.
     * @return amount of work done, 0 when idle (lets an idle strategy back off).
     */
    int doWork(long nowNs);

    /**
     * @return the earliest time at which {@link #doWork(long)} has timed work to do, or {@link #NO_DEADLINE}.
     *         The simulator advances virtual time to this deadline when no packet arrives sooner.
     */
    long nextDeadlineNs();

    /** @return a short name for logs and agent threads. */
    String roleName();
}
