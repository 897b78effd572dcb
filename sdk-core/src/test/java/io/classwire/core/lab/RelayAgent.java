package io.classwire.core.lab;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import org.agrona.DirectBuffer;

/** Test agent: forwards every datagram from one of two peers to the other, like a minimal relay. */
final class RelayAgent implements TimedAgent, DatagramHandler
{
    private final DatagramTransport transport;
    private final int peerA;
    private final int peerB;
    long forwarded;

    RelayAgent(final DatagramTransport transport, final int peerA, final int peerB)
    {
        this.transport = transport;
        this.peerA = peerA;
        this.peerB = peerB;
    }

    @Override
    public int doWork(final long nowNs)
    {
        return transport.poll(this, 256);
    }

    @Override
    public long nextDeadlineNs()
    {
        return NO_DEADLINE;
    }

    @Override
    public String roleName()
    {
        return "relay";
    }

    @Override
    public void onDatagram(final int peerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        if (transport.send(peerId == peerA ? peerB : peerA, buffer, offset, length) == DatagramTransport.OK)
        {
            forwarded++;
        }
    }
}
