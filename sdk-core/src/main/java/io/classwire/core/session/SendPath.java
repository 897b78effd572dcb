package io.classwire.core.session;

import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.wire.RtpPacketBuilder;
import org.agrona.MutableDirectBuffer;

/**
 * The session's two outgoing chains, sharing one transport:
 * <pre>
 *   send:      header --&gt; [cc-stamp] --&gt; [history] --&gt; [pacer] --&gt; transport-out
 *   rtcp-send:                                                        transport-out
 * </pre>
 * (bracketed stages are where later layers insert themselves). Each chain reuses one {@link PacketContext}, so a
 * send allocates nothing. Single-threaded.
 */
final class SendPath
{
    /** Name of the stage that writes the RTP header in front of the payload. */
    static final String HEADER = "header";
    /** Name of the stage that hands datagrams to the transport. */
    static final String TRANSPORT_OUT = "transport-out";

    private final int peerId;
    private final int mtuBytes;
    private final PacketContext rtpContext = new PacketContext();
    private final PacketContext rtcpContext = new PacketContext();
    private final StageChain rtpChain;
    private final StageChain rtcpChain;
    private int rtpTimestamp;
    private boolean marker;
    private boolean closed;

    SendPath(final DatagramTransport transport, final int peerId, final int mtuBytes)
    {
        this.peerId = peerId;
        this.mtuBytes = mtuBytes;
        this.rtpChain = new StageChain("send", new HeaderStage(), new TransportOutStage(transport));
        this.rtcpChain = new StageChain("rtcp-send", new TransportOutStage(transport));
    }

    StageChain rtpChain()
    {
        return rtpChain;
    }

    StageChain rtcpChain()
    {
        return rtcpChain;
    }

    void close()
    {
        closed = true;
    }

    int sendRtp(
        final SendStream stream,
        final long nowNs,
        final int rtpTimestamp,
        final boolean marker,
        final int payloadLength)
    {
        if (closed)
        {
            return SendStream.CLOSED;
        }
        this.rtpTimestamp = rtpTimestamp;
        this.marker = marker;
        rtpContext.reset(stream.payloadBuffer(), stream.payloadOffset(), payloadLength, peerId, nowNs)
            .kind(PacketContext.KIND_RTP)
            .sendStream(stream);
        if (rtpChain.process(rtpContext) == PacketStage.DROP)
        {
            return toSendResult(rtpContext.dropReason());
        }
        return SendStream.OK;
    }

    /**
     * Send one RTCP datagram (compound or reduced-size).
     *
     * @return {@link SendStream#OK} or a negative {@link SendStream} code.
     */
    int sendRtcp(final MutableDirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        rtcpContext.reset(buffer, offset, length, peerId, nowNs).kind(PacketContext.KIND_RTCP);
        if (rtcpChain.process(rtcpContext) == PacketStage.DROP)
        {
            return toSendResult(rtcpContext.dropReason());
        }
        return SendStream.OK;
    }

    static int toSendResult(final int dropReason)
    {
        switch (dropReason)
        {
            case DropReason.BACK_PRESSURED: return SendStream.BACK_PRESSURED;
            case DropReason.NOT_CONNECTED: return SendStream.NOT_CONNECTED;
            case DropReason.TOO_LARGE: return SendStream.TOO_LARGE;
            case DropReason.SESSION_CLOSED: return SendStream.CLOSED;
            default: return SendStream.DROPPED;
        }
    }

    /** Writes the stream's RTP header just in front of the payload and points the context at the whole packet. */
    private final class HeaderStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            final SendStream stream = packet.sendStream();
            final RtpPacketBuilder header = stream.headerBuilder();
            final int sequenceNumber = stream.nextSequenceNumber();
            header.sequenceNumber(sequenceNumber).timestamp(rtpTimestamp).marker(marker);
            final int headerLength = header.headerLength();
            final int payloadLength = packet.length();
            if (payloadLength < 0 || headerLength > packet.offset() || headerLength + payloadLength > mtuBytes)
            {
                packet.dropReason(DropReason.TOO_LARGE);
                return DROP;
            }
            final MutableDirectBuffer buffer = stream.payloadBuffer();
            final int start = packet.offset() - headerLength;
            final int written = header.writeHeader(buffer, start, headerLength);
            if (written < 0)
            {
                packet.dropReason(written);
                return DROP;
            }
            final int length = headerLength + payloadLength;
            packet.bytes(buffer, start, length).ssrc(stream.ssrc()).sequenceNumber(sequenceNumber);
            packet.rtp().wrap(buffer, start, length);
            return FORWARD;
        }

        @Override
        public String name()
        {
            return HEADER;
        }
    }

    /** Hands the packet to the transport; the transport copies it, so the buffer is free on return. */
    private static final class TransportOutStage implements PacketStage
    {
        private final DatagramTransport transport;

        TransportOutStage(final DatagramTransport transport)
        {
            this.transport = transport;
        }

        @Override
        public int process(final PacketContext packet)
        {
            final int result = transport.send(packet.peerId(), packet.buffer(), packet.offset(), packet.length());
            switch (result)
            {
                case DatagramTransport.OK:
                    return FORWARD;
                case DatagramTransport.BACK_PRESSURED:
                    packet.dropReason(DropReason.BACK_PRESSURED);
                    return DROP;
                case DatagramTransport.TOO_LARGE:
                    packet.dropReason(DropReason.TOO_LARGE);
                    return DROP;
                default:
                    packet.dropReason(DropReason.NOT_CONNECTED);
                    return DROP;
            }
        }

        @Override
        public String name()
        {
            return TRANSPORT_OUT;
        }
    }
}
