package io.classwire.core.lab;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Counters of an {@link ImpairmentProxy}, written only by the proxy's event loop and readable from any thread.
 *
 * <p>Per direction: datagrams received from the socket; dropped by the impairment model (by {@link DropCause}); dropped
 * because the in-flight pool was full (overload, decided before the model sees the datagram); extra copies the model
 * decided to duplicate; datagrams written to the far socket (duplicates included); and copies that fell due but could
 * not be written (no client address known yet, the socket's outbound buffer was full, or the datagram was empty).
 * Once nothing is in flight:
 * <pre>
 *   received + duplicated = forwarded + dropped(by cause) + overload + unsendable
 * </pre>
 * Each counter is individually up to date; a set of them read while traffic flows is not one consistent snapshot.
 */
public final class ProxyCounters
{
    private static final int RECEIVED = 0;
    private static final int RECEIVED_BYTES = 1;
    private static final int FORWARDED = 2;
    private static final int FORWARDED_BYTES = 3;
    private static final int DUPLICATED = 4;
    private static final int OVERLOAD = 5;
    private static final int UNSENDABLE = 6;
    private static final int DROPPED_BASE = 7;
    private static final int STRIDE = DROPPED_BASE + DropCause.values().length;
    private static final int SOCKET_ERRORS = 2 * STRIDE;
    private static final int IN_FLIGHT = SOCKET_ERRORS + 1;
    private static final int LENGTH = IN_FLIGHT + 1;

    private final AtomicLongArray values = new AtomicLongArray(LENGTH);

    ProxyCounters()
    {
    }

    /**
     * Datagrams read from the socket of a direction.
     *
     * @param direction which way.
     * @return the count.
     */
    public long receivedPackets(final ProxyDirection direction)
    {
        return values.get(index(direction, RECEIVED));
    }

    /**
     * Payload bytes of the datagrams counted by {@link #receivedPackets(ProxyDirection)}.
     *
     * @param direction which way.
     * @return the count.
     */
    public long receivedBytes(final ProxyDirection direction)
    {
        return values.get(index(direction, RECEIVED_BYTES));
    }

    /**
     * Datagrams written to the far socket, duplicate copies included.
     *
     * @param direction which way.
     * @return the count.
     */
    public long forwardedPackets(final ProxyDirection direction)
    {
        return values.get(index(direction, FORWARDED));
    }

    /**
     * Payload bytes of the datagrams counted by {@link #forwardedPackets(ProxyDirection)}.
     *
     * @param direction which way.
     * @return the count.
     */
    public long forwardedBytes(final ProxyDirection direction)
    {
        return values.get(index(direction, FORWARDED_BYTES));
    }

    /**
     * Extra copies the impairment model decided to deliver (duplication).
     *
     * @param direction which way.
     * @return the count.
     */
    public long duplicatedPackets(final ProxyDirection direction)
    {
        return values.get(index(direction, DUPLICATED));
    }

    /**
     * Datagrams the impairment model dropped for one cause.
     *
     * @param direction which way.
     * @param cause     the cause; {@link DropCause#NONE} always gives 0.
     * @return the count.
     */
    public long droppedPackets(final ProxyDirection direction, final DropCause cause)
    {
        return cause == DropCause.NONE ? 0 : values.get(index(direction, DROPPED_BASE + cause.ordinal()));
    }

    /**
     * Datagrams the impairment model dropped for any cause (overload not included).
     *
     * @param direction which way.
     * @return the count.
     */
    public long droppedPackets(final ProxyDirection direction)
    {
        long total = 0;
        for (final DropCause cause : DropCause.values())
        {
            total += droppedPackets(direction, cause);
        }
        return total;
    }

    /**
     * Datagrams dropped because the in-flight pool was full when they arrived.
     *
     * @param direction which way.
     * @return the count.
     */
    public long overloadDrops(final ProxyDirection direction)
    {
        return values.get(index(direction, OVERLOAD));
    }

    /**
     * Overload drops in both directions.
     *
     * @return the count.
     */
    public long overloadDrops()
    {
        return overloadDrops(ProxyDirection.UPLINK) + overloadDrops(ProxyDirection.DOWNLINK);
    }

    /**
     * Copies that fell due but were discarded because there was nowhere to send them yet (downlink before any client
     * datagram), the socket's outbound buffer was full, or they were empty (Netty does not send empty datagrams).
     *
     * @param direction which way.
     * @return the count.
     */
    public long unsendablePackets(final ProxyDirection direction)
    {
        return values.get(index(direction, UNSENDABLE));
    }

    /**
     * Errors reported by either socket (for example a failed write); the proxy counts them and carries on.
     *
     * @return the count.
     */
    public long socketErrors()
    {
        return values.get(SOCKET_ERRORS);
    }

    /**
     * Datagrams held for delayed delivery right now, both directions together.
     *
     * @return the number of in-flight pool slots in use.
     */
    public long inFlightPackets()
    {
        return values.get(IN_FLIGHT);
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        final StringBuilder builder = new StringBuilder(256);
        for (final ProxyDirection direction : ProxyDirection.values())
        {
            appendDirection(builder, direction).append(" | ");
        }
        return builder.append("inflight=").append(inFlightPackets())
            .append(" errors=").append(socketErrors())
            .toString();
    }

    /**
     * Append one direction's counters as {@code up: rx=.. fwd=.. drop=.. (cause=..) overload=.. unsendable=.. dup=..}.
     *
     * @param builder   to append to.
     * @param direction which way.
     * @return {@code builder}.
     */
    public StringBuilder appendDirection(final StringBuilder builder, final ProxyDirection direction)
    {
        builder.append(direction.shortName())
            .append(": rx=").append(receivedPackets(direction))
            .append(" fwd=").append(forwardedPackets(direction))
            .append(" drop=").append(droppedPackets(direction));
        String separator = " (";
        for (final DropCause cause : DropCause.values())
        {
            final long count = droppedPackets(direction, cause);
            if (count > 0)
            {
                builder.append(separator).append(cause.shortName()).append('=').append(count);
                separator = " ";
            }
        }
        if (!" (".equals(separator))
        {
            builder.append(')');
        }
        return builder.append(" overload=").append(overloadDrops(direction))
            .append(" unsendable=").append(unsendablePackets(direction))
            .append(" dup=").append(duplicatedPackets(direction));
    }

    void onReceived(final ProxyDirection direction, final int lengthBytes)
    {
        increment(index(direction, RECEIVED), 1);
        increment(index(direction, RECEIVED_BYTES), lengthBytes);
    }

    void onForwarded(final ProxyDirection direction, final int lengthBytes)
    {
        increment(index(direction, FORWARDED), 1);
        increment(index(direction, FORWARDED_BYTES), lengthBytes);
    }

    void onDuplicated(final ProxyDirection direction)
    {
        increment(index(direction, DUPLICATED), 1);
    }

    void onDropped(final ProxyDirection direction, final DropCause cause)
    {
        increment(index(direction, DROPPED_BASE + cause.ordinal()), 1);
    }

    void onOverload(final ProxyDirection direction)
    {
        increment(index(direction, OVERLOAD), 1);
    }

    void onUnsendable(final ProxyDirection direction)
    {
        increment(index(direction, UNSENDABLE), 1);
    }

    void onSocketError()
    {
        increment(SOCKET_ERRORS, 1);
    }

    void inFlightPackets(final int count)
    {
        values.setRelease(IN_FLIGHT, count);
    }

    private void increment(final int index, final long delta)
    {
        // Single writer: a plain read and a release store are enough, no read-modify-write needed.
        values.setRelease(index, values.getPlain(index) + delta);
    }

    private static int index(final ProxyDirection direction, final int counter)
    {
        return direction.ordinal() * STRIDE + counter;
    }
}
