package io.classwire.core.transport;

import org.agrona.DirectBuffer;

/** Callback for one received datagram; the buffer region is only valid for the duration of the call. */
@FunctionalInterface
public interface DatagramHandler
{
    /**
     * @param peerId     id of the sending peer, as assigned by the transport.
     * @param buffer     holding the datagram.
     * @param offset     of its first byte.
     * @param length     in bytes.
     * @param receivedNs arrival time on the transport's clock.
     */
    void onDatagram(int peerId, DirectBuffer buffer, int offset, int length, long receivedNs);
}
