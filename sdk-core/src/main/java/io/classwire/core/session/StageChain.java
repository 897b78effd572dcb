package io.classwire.core.session;

import java.util.Arrays;

/**
 * An ordered chain of named {@link PacketStage}s with per-stage counters (packets in, consumed, dropped, and drops
 * by {@link DropReason}), so the fate of every packet can be read off by stage. Single writer: process and insert on
 * the owning agent's thread; the counters may be read from other threads and may then be slightly stale.
 *
 * <p>Later layers plug in by name, e.g. {@code receiveChain.insertBefore("deliver", jitterBuffer)}. A stage that
 * holds packets and releases them later (a jitter buffer, a pacer) or creates them (FEC recovery) feeds them to the
 * stages after it with {@link #processFrom(int, PacketContext)}, using its own {@link PacketContext}.
 */
public final class StageChain
{
    private static final int REASON_SLOTS = DropReason.MAX_COUNTED - DropReason.MIN_COUNTED + 2;
    private static final int OTHER_REASON_SLOT = REASON_SLOTS - 1;

    private final String name;
    private PacketStage[] stages;
    private long[] in;
    private long[] consumed;
    private long[] dropped;
    private long[][] droppedByReason;
    private long forwarded;

    /**
     * Build a chain from stages in processing order.
     *
     * @param name   name of the path, e.g. "receive".
     * @param stages stages in processing order; names should be unique so that {@link #indexOf(String)} finds them.
     */
    public StageChain(final String name, final PacketStage... stages)
    {
        this.name = name;
        this.stages = stages.clone();
        this.in = new long[stages.length];
        this.consumed = new long[stages.length];
        this.dropped = new long[stages.length];
        this.droppedByReason = new long[stages.length][REASON_SLOTS];
    }

    /** @return the path's name. */
    public String name()
    {
        return name;
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
        final long[][] reasons = new long[droppedByReason.length + 1][];
        System.arraycopy(droppedByReason, 0, reasons, 0, index);
        reasons[index] = new long[REASON_SLOTS];
        System.arraycopy(droppedByReason, index, reasons, index + 1, droppedByReason.length - index);
        droppedByReason = reasons;
    }

    /**
     * Insert a stage just before the named one.
     *
     * @param existing name of a stage in the chain.
     * @param stage    the new stage.
     * @throws IllegalArgumentException if no stage has that name.
     */
    public void insertBefore(final String existing, final PacketStage stage)
    {
        insert(requireIndex(existing), stage);
    }

    /**
     * Insert a stage just after the named one.
     *
     * @param existing name of a stage in the chain.
     * @param stage    the new stage.
     * @throws IllegalArgumentException if no stage has that name.
     */
    public void insertAfter(final String existing, final PacketStage stage)
    {
        insert(requireIndex(existing) + 1, stage);
    }

    /**
     * Find a stage by name.
     *
     * @param stageName the name a stage reports from {@link PacketStage#name()}.
     * @return its index, or -1 when no stage has that name.
     */
    public int indexOf(final String stageName)
    {
        for (int i = 0; i < stages.length; i++)
        {
            if (stages[i].name().equals(stageName))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * Run a packet through all the stages.
     *
     * @param packet the packet.
     * @return {@link PacketStage#FORWARD} when it passed every stage, else the verdict of the stage that stopped it.
     */
    public int process(final PacketContext packet)
    {
        return processFrom(0, packet);
    }

    /**
     * Run a packet through the stages from {@code firstIndex} on, as a stage that released or recovered a packet does.
     *
     * @param firstIndex index of the first stage to run; {@link #size()} runs none and counts the packet forwarded.
     * @param packet     the packet.
     * @return {@link PacketStage#FORWARD} when it passed every stage, else the verdict of the stage that stopped it.
     */
    public int processFrom(final int firstIndex, final PacketContext packet)
    {
        final PacketStage[] stages = this.stages;
        for (int i = firstIndex; i < stages.length; i++)
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
                droppedByReason[i][reasonSlot(packet.dropReason())]++;
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

    /**
     * @param index  stage index.
     * @param reason a {@link DropReason} or {@link io.classwire.core.wire.WireStatus} code.
     * @return packets the stage dropped for that reason; codes outside the counted range share one "other" count.
     */
    public long packetsDropped(final int index, final int reason)
    {
        return droppedByReason[index][reasonSlot(reason)];
    }

    /**
     * @param stageName name of a stage in the chain.
     * @return packets that entered it.
     * @throws IllegalArgumentException if no stage has that name.
     */
    public long packetsIn(final String stageName)
    {
        return in[requireIndex(stageName)];
    }

    /**
     * @param stageName name of a stage in the chain.
     * @return packets it dropped.
     * @throws IllegalArgumentException if no stage has that name.
     */
    public long packetsDropped(final String stageName)
    {
        return dropped[requireIndex(stageName)];
    }

    /**
     * @param stageName name of a stage in the chain.
     * @return packets it consumed.
     * @throws IllegalArgumentException if no stage has that name.
     */
    public long packetsConsumed(final String stageName)
    {
        return consumed[requireIndex(stageName)];
    }

    /** @return packets that passed every stage. */
    public long packetsForwarded()
    {
        return forwarded;
    }

    /** @return a multi-line table of the counters, drop reasons included, for logs and the CLI. */
    public String describe()
    {
        final StringBuilder sb = new StringBuilder(name).append(" path\n");
        for (int i = 0; i < stages.length; i++)
        {
            sb.append(String.format("  %-20s in=%d consumed=%d dropped=%d",
                stages[i].name(), in[i], consumed[i], dropped[i]));
            appendReasons(sb, droppedByReason[i]);
            sb.append('\n');
        }
        return sb.append("  forwarded=").append(forwarded).append('\n').toString();
    }

    private static void appendReasons(final StringBuilder sb, final long[] reasons)
    {
        String separator = " (";
        for (int slot = 0; slot < reasons.length; slot++)
        {
            if (reasons[slot] != 0)
            {
                final String reason = slot == OTHER_REASON_SLOT ?
                    "other" : DropReason.describe(slot + DropReason.MIN_COUNTED);
                sb.append(separator).append(reason).append('=').append(reasons[slot]);
                separator = ", ";
            }
        }
        if (!" (".equals(separator))
        {
            sb.append(')');
        }
    }

    private static int reasonSlot(final int reason)
    {
        if (reason < DropReason.MIN_COUNTED || reason > DropReason.MAX_COUNTED)
        {
            return OTHER_REASON_SLOT;
        }
        return reason - DropReason.MIN_COUNTED;
    }

    private int requireIndex(final String stageName)
    {
        final int index = indexOf(stageName);
        if (index < 0)
        {
            final String[] names = new String[stages.length];
            for (int i = 0; i < stages.length; i++)
            {
                names[i] = stages[i].name();
            }
            throw new IllegalArgumentException(
                "no stage '" + stageName + "' in " + name + " path; stages are " + Arrays.toString(names));
        }
        return index;
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
