package io.classwire.core.lab;

import org.agrona.concurrent.NanoClock;

/**
 * A {@link NanoClock} whose time only moves when its owner (the {@link Simulator}) advances it.
 *
 * <p>Single-threaded: read and advanced only from the thread running the simulation. Time never goes backwards.
 */
public final class VirtualClock implements NanoClock
{
    private long nowNs;

    /** Create a clock reading zero. */
    public VirtualClock()
    {
        this(0);
    }

    /**
     * Create a clock reading {@code startNs}.
     *
     * @param startNs initial reading.
     */
    public VirtualClock(final long startNs)
    {
        nowNs = startNs;
    }

    /**
     * The current virtual time.
     *
     * @return the current reading in nanoseconds.
     */
    @Override
    public long nanoTime()
    {
        return nowNs;
    }

    /**
     * Move the clock forward to {@code timeNs}.
     *
     * @param timeNs new reading; must not be earlier than the current one.
     * @throws IllegalArgumentException if {@code timeNs} is in the past.
     */
    public void advanceTo(final long timeNs)
    {
        if (timeNs < nowNs)
        {
            throw new IllegalArgumentException("virtual time cannot go backwards: now=" + nowNs + " to=" + timeNs);
        }
        nowNs = timeNs;
    }
}
