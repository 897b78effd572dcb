package io.classwire.core.recovery;

import io.classwire.core.session.SendStream;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtxPayload;
import io.classwire.core.wire.WireStatus;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Sends retransmissions through a session's RTX {@link SendStream} (its own SSRC, the RTX payload type, its own
 * sequence numbers and RTCP): the RFC 4588 payload (original sequence number, then the original payload without
 * padding) is written in place and sent with the original's timestamp and marker. Going through the session's send
 * path means congestion-control stages stamp and count the bytes like any other packet. The original's CSRCs and
 * header extensions are not carried (the RTX stream's header template applies). Single-threaded; allocation-free.
 */
public final class SendStreamRtxOutput implements RtxOutput
{
    private final SendStream rtxStream;

    /**
     * @param rtxStream the RTX stream, created with the RTX payload type.
     */
    public SendStreamRtxOutput(final SendStream rtxStream)
    {
        this.rtxStream = rtxStream;
    }

    /** {@inheritDoc} */
    @Override
    public int sendRtx(final RtpPacket original, final long nowNs)
    {
        final int payloadLength = original.payloadLength();
        final int length = RtxPayload.OSN_LENGTH + payloadLength;
        if (length > rtxStream.maxPayloadLength())
        {
            return WireStatus.OVERSIZED;
        }
        final MutableDirectBuffer buffer = rtxStream.payloadBuffer();
        final int offset = rtxStream.payloadOffset();
        buffer.putShort(offset, (short)original.sequenceNumber(), ByteOrder.BIG_ENDIAN);
        buffer.putBytes(offset + RtxPayload.OSN_LENGTH, original.buffer(), original.payloadOffset(), payloadLength);
        final int result = rtxStream.sendInPlace(nowNs, original.timestamp(), original.marker(), length);
        return result == SendStream.OK ? rtxStream.headerBuilder().headerLength() + length : result;
    }
}
