package io.classwire.core.transport;

import io.netty.channel.unix.Socket;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Non-blocking datagram I/O on the agent's own thread, on the socket the endpoint's Netty channel owns: one system
 * call per datagram with no hand-off to the event loop, no wake-up and no Netty message object. Used only by the
 * agent thread (the caller of {@code send} and {@code poll}), so the staging buffers need no synchronisation; the
 * kernel keeps concurrent reads on the event loop and writes here apart, one datagram per call.
 *
 * <p>Two implementations: over Netty's native {@link Socket} (the epoll channel's descriptor) and over the JDK
 * {@link DatagramChannel} that a NIO endpoint creates itself and hands to Netty. Either allocates nothing per
 * datagram on a connected socket, and the JDK channel nothing on an unconnected one either; Netty's
 * {@code sendToAddress} on an unconnected epoll socket builds a new 16-byte IPv4-mapped address array per call
 * (32 B per datagram, measured), as its public API takes an {@code InetAddress} rather than address bytes.
 */
abstract class AgentSocket
{
    /** {@link #receive()} result when no datagram is waiting; {@link #send} result when the send buffer is full. */
    static final int WOULD_BLOCK = 0;
    /** {@link #receive()} result for a zero-length datagram (epoll only: NIO cannot tell it from no datagram). */
    static final int EMPTY_DATAGRAM = -1;

    final UnsafeBuffer receiveView;
    final UnsafeBuffer sendView;
    final int receiveCapacity;

    AgentSocket(final int maxDatagramBytes)
    {
        // One byte past the limit lets an oversize datagram show as such instead of arriving silently truncated.
        this.receiveCapacity = maxDatagramBytes + 1;
        this.receiveView = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(receiveCapacity), 64));
        this.sendView = new UnsafeBuffer(BufferUtil.allocateDirectAligned(align(maxDatagramBytes), 64));
    }

    private static int align(final int length)
    {
        return (length + 63) & ~63;
    }

    /**
     * @param socket           the epoll channel's descriptor.
     * @param maxDatagramBytes largest datagram sent or accepted.
     * @return I/O over Netty's native socket.
     */
    static AgentSocket epoll(final Socket socket, final int maxDatagramBytes)
    {
        return new EpollAgentSocket(socket, maxDatagramBytes);
    }

    /**
     * @param channel          the JDK channel under the endpoint's NIO channel, already non-blocking.
     * @param maxDatagramBytes largest datagram sent or accepted.
     * @return I/O over the JDK channel.
     */
    static AgentSocket nio(final DatagramChannel channel, final int maxDatagramBytes)
    {
        return new NioAgentSocket(channel, maxDatagramBytes);
    }

    /**
     * Send one datagram now.
     *
     * @param recipient where to, or null on a connected socket.
     * @param buffer    holding the datagram.
     * @param offset    of its first byte.
     * @param length    in bytes, 1 to the maximum datagram size.
     * @return bytes sent, or {@link #WOULD_BLOCK} when the socket's send buffer is full.
     * @throws IOException when the kernel refuses the datagram (e.g. ICMP port unreachable on a connected socket).
     */
    abstract int send(InetSocketAddress recipient, DirectBuffer buffer, int offset, int length) throws IOException;

    /**
     * Read one datagram of a connected socket into {@link #receiveView} at offset 0.
     *
     * @return its length (at most the maximum datagram size + 1, truncated beyond), {@link #WOULD_BLOCK} when none
     *         is waiting, or {@link #EMPTY_DATAGRAM}.
     * @throws IOException on a socket error (e.g. ICMP port unreachable for an earlier send).
     */
    abstract int receive() throws IOException;

    private static final class EpollAgentSocket extends AgentSocket
    {
        private final Socket socket;
        private final long sendAddress;
        private final long receiveAddress;

        EpollAgentSocket(final Socket socket, final int maxDatagramBytes)
        {
            super(maxDatagramBytes);
            this.socket = socket;
            this.sendAddress = sendView.addressOffset();
            this.receiveAddress = receiveView.addressOffset();
        }

        @Override
        int send(final InetSocketAddress recipient, final DirectBuffer buffer, final int offset, final int length)
            throws IOException
        {
            final long address;
            if (null == buffer.byteArray())
            {
                // Already off-heap: the kernel copies straight from the caller's memory.
                address = buffer.addressOffset() + offset;
            }
            else
            {
                sendView.putBytes(0, buffer, offset, length);
                address = sendAddress;
            }
            return null == recipient ?
                socket.sendAddress(address, 0, length) :
                socket.sendToAddress(address, 0, length, recipient.getAddress(), recipient.getPort());
        }

        @Override
        int receive() throws IOException
        {
            // Netty returns -1 for a zero-length datagram and 0 for EAGAIN, matching our two codes.
            return socket.recvAddress(receiveAddress, 0, receiveCapacity);
        }
    }

    private static final class NioAgentSocket extends AgentSocket
    {
        private final DatagramChannel channel;
        private final ByteBuffer sendBuffer;
        private final ByteBuffer receiveBuffer;

        NioAgentSocket(final DatagramChannel channel, final int maxDatagramBytes)
        {
            super(maxDatagramBytes);
            this.channel = channel;
            this.sendBuffer = sendView.byteBuffer().duplicate();
            this.receiveBuffer = receiveView.byteBuffer().duplicate();
        }

        @Override
        int send(final InetSocketAddress recipient, final DirectBuffer buffer, final int offset, final int length)
            throws IOException
        {
            sendView.putBytes(0, buffer, offset, length);
            sendBuffer.clear().limit(length);
            return null == recipient ? channel.write(sendBuffer) : channel.send(sendBuffer, recipient);
        }

        @Override
        int receive() throws IOException
        {
            receiveBuffer.clear().limit(receiveCapacity);
            return channel.read(receiveBuffer);
        }
    }
}
