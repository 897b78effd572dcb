package io.classwire.core.session;

/**
 * An ordered chain of {@link PacketStage}s with per-stage counters (packets in, forwarded, consumed, dropped), so the
 * fate of every packet can be read off by stage. Single writer: process and add on the owning agent's thread; the
 * counters may be read from other threads and may then be slightly stale.
 */
public final class StageChain
{
    private final String name;
    private PacketStage[] stages;
    private long[] in;
    private long[] consumed;
    private long[] dropped;
    private long forwarded;

    /**
     * @param name   name of the path, e.g. "receive".
     * @param stages stages in processing order.
     */
    public StageChain(final String name, final PacketStage... stages)
    {
        this.name = name;
        this.stages = stages.clone();
        this.in = new long[stages.length];
        this.consumed = new long[stages.length];
        this.dropped = new long[stages.length];
    }

    /**
     * Insert a stage, e.g. congestion control or loss recovery plugging into an existing path. Not for the hot path.
     *
     * @param index position the new stage takes (0 = first).
     * @param stage the stage.
     */
    public void insert(final int index, final PacketStage stage)
    {
        if (index < 0 || index > stages.length)
        {
            throw new IndexOutOfBoundsException("stage index " + index + " not in [0, " + stages.length + "]");
        }
        stages = insertAt(stages, index, stage);
        in = insertAt(in, index);
        consumed = insertAt(consumed, index);
        dropped = insertAt(dropped, index);
    }

    /**
     * Run a packet through the stages.
     *
     * @param packet the packet.
     * @return {@link PacketStage#FORWARD} when it passed every stage, else the verdict of the stage that stopped it.
     */
    public int process(final PacketContext packet)
    {
        final PacketStage[] stages = this.stages;
        for (int i = 0; i < stages.length; i++)
        {
            in[i]++;
            final int verdict = stages[i].process(packet);
            if (verdict == PacketStage.CONSUMED)
            {
                consumed[i]++;
                return verdict;
            }
            if (verdict != PacketStage.FORWARD)
            {
                dropped[i]++;
                return PacketStage.DROP;
            }
        }
        forwarded++;
        return PacketStage.FORWARD;
    }

    /** @return number of stages. */
    public int size()
    {
        return stages.length;
    }

    /**
     * @param index stage index.
     * @return the stage.
     */
    public PacketStage stage(final int index)
    {
        return stages[index];
    }

    /**
     * @param index stage index.
     * @return packets that entered the stage.
     */
    public long packetsIn(final int index)
    {
        return in[index];
    }

    /**
     * @param index stage index.
     * @return packets the stage consumed.
     */
    public long packetsConsumed(final int index)
    {
        return consumed[index];
    }

    /**
     * @param index stage index.
     * @return packets the stage dropped.
     */
    public long packetsDropped(final int index)
    {
        return dropped[index];
    }

    /** @return packets that passed every stage. */
    public long packetsForwarded()
    {
        return forwarded;
    }

    /** @return a multi-line table of the counters, for logs and the CLI. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(name).append(" path\n");
        for (int i = 0; i < stages.length; i++)
        {
            sb.append(String.format("  %-20s in=%d consumed=%d dropped=%d%n",
                stages[i].name(), in[i], consumed[i], dropped[i]));
        }
        return sb.append("  forwarded=").append(forwarded).append('\n').toString();
    }

    private static PacketStage[] insertAt(final PacketStage[] array, final int index, final PacketStage value)
    {
        final PacketStage[] copy = new PacketStage[array.length + 1];
        System.arraycopy(array, 0, copy, 0, index);
        copy[index] = value;
        System.arraycopy(array, index, copy, index + 1, array.length - index);
        return copy;
    }

    private static long[] insertAt(final long[] array, final int index)
    {
        final long[] copy = new long[array.length + 1];
        System.arraycopy(array, 0, copy, 0, index);
        System.arraycopy(array, index, copy, index + 1, array.length - index);
        return copy;
    }
}
