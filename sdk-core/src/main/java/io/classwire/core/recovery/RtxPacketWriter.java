package io.classwire.core.recovery;

import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtxPayload;
import io.classwire.core.wire.SeqNum;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Writes whole RFC 4588 retransmission packets (section 4: the original's header with the RTX stream's SSRC,
 * payload type and next sequence number, then the original sequence number and payload) with {@link RtxPayload},
 * and sends them to one peer over a {@link DatagramTransport}. Owns the RTX stream's sequence counter, which moves
 * only when a packet is written. Single-threaded; allocation-free.
 */
public final class RtxPacketWriter implements RtxOutput
{
    private final int rtxSsrc;
    private final int rtxPayloadType;
    private final DatagramTransport transport;
    private final int peerId;
    private final UnsafeBuffer buffer;
    private int nextSequenceNumber;

    /**
     * @param rtxSsrc               SSRC of the RTX stream.
     * @param rtxPayloadType        its payload type (whose {@code apt} is the original's), 0..127.
     * @param initialSequenceNumber its first sequence number (random, RFC 3550 section 5.1).
     * @param maxPacketLength       longest RTX packet written.
     * @param transport             where to send; may be null when only {@link #write} is used.
     * @param peerId                the peer on that transport.
     */
    public RtxPacketWriter(
        final int rtxSsrc,
        final int rtxPayloadType,
        final int initialSequenceNumber,
        final int maxPacketLength,
        final DatagramTransport transport,
        final int peerId)
    {
        if (rtxPayloadType < 0 || rtxPayloadType > RtpPacket.MAX_PAYLOAD_TYPE)
        {
            throw new IllegalArgumentException("payload type " + rtxPayloadType);
        }
        this.rtxSsrc = rtxSsrc;
        this.rtxPayloadType = rtxPayloadType;
        this.nextSequenceNumber = initialSequenceNumber & SeqNum.MASK;
        this.buffer = new UnsafeBuffer(new byte[maxPacketLength]);
        this.transport = transport;
        this.peerId = peerId;
    }

    /**
     * Write the retransmission of a packet, taking the next RTX sequence number.
     *
     * @param original a validated packet.
     * @param dst      destination, not overlapping the original.
     * @param offset   where the RTX packet starts.
     * @param capacity bytes available.
     * @return bytes written, or a negative {@link io.classwire.core.wire.WireStatus} code (no number is used).
     */
    public int write(final RtpPacket original, final MutableDirectBuffer dst, final int offset, final int capacity)
    {
        final int written = RtxPayload.writeRtx(
            original, rtxPayloadType, rtxSsrc, nextSequenceNumber, dst, offset, capacity);
        if (written > 0)
        {
            nextSequenceNumber = SeqNum.add(nextSequenceNumber, 1);
        }
        return written;
    }

    /** {@inheritDoc} */
    @Override
    public int sendRtx(final RtpPacket original, final long nowNs)
    {
        final int length = RtxPayload.writeRtx(
            original, rtxPayloadType, rtxSsrc, nextSequenceNumber, buffer, 0, buffer.capacity());
        if (length < 0)
        {
            return length;
        }
        final int result = transport.send(peerId, buffer, 0, length);
        if (result != DatagramTransport.OK)
        {
            return result < 0 ? result : -1;
        }
        nextSequenceNumber = SeqNum.add(nextSequenceNumber, 1);
        return length;
    }

    /** @return the sequence number the next RTX packet gets. */
    public int nextSequenceNumber()
    {
        return nextSequenceNumber;
    }

    /** @return SSRC of the RTX stream. */
    public int rtxSsrc()
    {
        return rtxSsrc;
    }

    /** @return payload type of the RTX stream. */
    public int rtxPayloadType()
    {
        return rtxPayloadType;
    }
}
