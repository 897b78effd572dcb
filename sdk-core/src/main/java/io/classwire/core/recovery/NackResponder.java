package io.classwire.core.recovery;

import io.classwire.core.session.FeedbackListener;
import io.classwire.core.session.SendStream;
import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

/**
 * Sender-side listener for NACKs about one media stream: validates each generic NACK and has the {@link RtxSender}
 * answer it, with the round-trip time of the media stream's reports. Register with
 * {@code session.addFeedbackListener(responder)}. Malformed NACKs are counted, never thrown. Single-threaded.
 */
public final class NackResponder implements FeedbackListener
{
    private final RtxSender sender;
    private final SendStream mediaStream;
    private final NackPacket nack = new NackPacket();
    private long nacksReceived;
    private long nacksMalformed;
    private long nacksOtherSsrc;

    /**
     * @param sender      answers the NACKs.
     * @param mediaStream the protected stream: its SSRC selects the NACKs, its RTT paces the answers.
     */
    public NackResponder(final RtxSender sender, final SendStream mediaStream)
    {
        this.sender = sender;
        this.mediaStream = mediaStream;
    }

    /** {@inheritDoc} */
    @Override
    public void onFeedback(
        final int packetType,
        final int format,
        final DirectBuffer buffer,
        final int offset,
        final int length,
        final long arrivalNs)
    {
        if (packetType != RtcpHeader.PT_RTPFB || format != RtcpHeader.FMT_NACK)
        {
            return;
        }
        if (nack.wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            nacksMalformed++;
            return;
        }
        if (nack.mediaSsrc() != mediaStream.ssrc())
        {
            nacksOtherSsrc++;
            return;
        }
        nacksReceived++;
        sender.rttNs(mediaStream.smoothedRttNs());
        sender.onNack(nack, arrivalNs);
    }

    /** @return NACKs about the media stream answered. */
    public long nacksReceived()
    {
        return nacksReceived;
    }

    /** @return NACKs that failed validation. */
    public long nacksMalformed()
    {
        return nacksMalformed;
    }

    /** @return NACKs about other streams. */
    public long nacksOtherSsrc()
    {
        return nacksOtherSsrc;
    }
}
