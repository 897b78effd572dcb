package io.classwire.core.probe;

import io.classwire.core.transport.DatagramTransport;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * What the phases of a {@link NetworkProbe} share: the transport, the peer, one send buffer and the count of sends
 * the transport refused. Single-threaded.
 */
final class ProbeChannel
{
    private final DatagramTransport transport;
    private final int peerId;
    private final int probeId;
    private final UnsafeBuffer sendBuffer;
    private long sendFailures;

    ProbeChannel(final DatagramTransport transport, final int peerId, final int probeId, final int maxPacketBytes)
    {
        this.transport = transport;
        this.peerId = peerId;
        this.probeId = probeId;
        this.sendBuffer = new UnsafeBuffer(new byte[maxPacketBytes]);
    }

    /** @return the buffer to write the next message into, at offset 0. */
    UnsafeBuffer buffer()
    {
        return sendBuffer;
    }

    int probeId()
    {
        return probeId;
    }

    /**
     * Send the first {@code length} bytes of the buffer to the peer.
     *
     * @param length bytes written by a {@link ProbeMessageWriter} method; a negative code counts as a failure.
     * @return true when the transport accepted the datagram.
     */
    boolean send(final int length)
    {
        if (length > 0 && transport.send(peerId, sendBuffer, 0, length) == DatagramTransport.OK)
        {
            return true;
        }
        sendFailures++;
        return false;
    }

    long sendFailures()
    {
        return sendFailures;
    }
}
