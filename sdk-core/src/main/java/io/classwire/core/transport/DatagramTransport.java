package io.classwire.core.transport;

import org.agrona.DirectBuffer;

/**
 * Datagram send and receive as protocol code sees it. Implemented by the Netty socket endpoint (real time) and by
 * the network lab's simulated node (virtual time), so protocol code cannot tell which it runs on.
 *
 * <p>Peers are named by small int ids that the transport assigns ({@link #peerId(String, int)}), so the hot path
 * carries no address objects. Both methods are non-blocking and must be called from the single thread that owns the
 * protocol state (the agent's thread).
 */
public interface DatagramTransport extends AutoCloseable
{
    /** The datagram was accepted for sending. */
    int OK = 0;
    /** The outgoing queue is full; the datagram was dropped and counted. Retry later or give up. */
    int BACK_PRESSURED = -1;
    /** The peer id is unknown or the transport is closed. */
    int NOT_CONNECTED = -2;
    /** The datagram is larger than the transport's maximum datagram size. */
    int TOO_LARGE = -3;

    /**
     * Register (or look up) a peer address and return its id.
     *
     * @param host numeric host address or node name.
     * @param port UDP port.
     * @return a non-negative peer id, stable for the transport's life.
     */
    int peerId(String host, int port);

    /**
     * Queue one datagram for a peer. The bytes are copied before the call returns.
     *
     * @param peerId id from {@link #peerId(String, int)} or from a received datagram.
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length in bytes.
     * @return {@link #OK}, {@link #BACK_PRESSURED}, {@link #NOT_CONNECTED} or {@link #TOO_LARGE}.
     */
    int send(int peerId, DirectBuffer buffer, int offset, int length);

    /**
     * Deliver up to {@code limit} received datagrams to the handler, in arrival order.
     *
     * @param handler called once per datagram; the buffer is only valid during the call.
     * @param limit   most datagrams to deliver in this call.
     * @return the number delivered (0 when none were waiting).
     */
    int poll(DatagramHandler handler, int limit);

    /** Release sockets and buffers; idempotent. */
    @Override
    void close();
}
