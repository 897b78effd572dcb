package io.classwire.core.lab;

/** Something the {@link Simulator} runs at a scheduled virtual time. */
@FunctionalInterface
public interface SimEvent
{
    /**
     * Run the event.
     *
     * @param nowNs the virtual time at which it runs, equal to the time it was scheduled for.
     */
    void onEvent(long nowNs);
}
