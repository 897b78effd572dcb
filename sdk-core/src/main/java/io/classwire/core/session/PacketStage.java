package io.classwire.core.session;

/**
 * One small named step of a send or receive path (parse, demultiplex, statistics, loss recovery, congestion-control
 * stamping, ...). A stage is called on the owning agent's thread only and must not allocate per packet.
 */
public interface PacketStage
{
    /** Pass the packet to the next stage. */
    int FORWARD = 0;
    /** The stage took the packet (stored it, answered it, delivered it); the chain stops without counting a drop. */
    int CONSUMED = 1;
    /** The stage rejected the packet; the chain stops and counts a drop (the reason is in the context). */
    int DROP = 2;

    /**
     * @param packet the packet and what earlier stages learned.
     * @return {@link #FORWARD}, {@link #CONSUMED} or {@link #DROP}.
     */
    int process(PacketContext packet);

    /** @return a short name shown with the stage's counters. */
    String name();
}
