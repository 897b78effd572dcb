package io.classwire.core.session;

import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.SeqNum;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One local SSRC: sends RTP through the session's send path and keeps what sender reports need (sequence numbers,
 * packet and octet counts, the media clock) and what the peer's reports say about it (loss, jitter, round-trip
 * time). Single-threaded: call from the session's agent thread. Create with
 * {@link RtpSession#addSendStream(int, int)}.
 *
 * <p>Two ways to send, both allocation-free:
 * <pre>{@code
 * stream.send(nowNs, rtpTimestamp, marker, payload, offset, length);     // copies the payload once
 *
 * int n = encoder.encode(stream.payloadBuffer(), stream.payloadOffset(), stream.maxPayloadLength());
 * stream.sendInPlace(nowNs, rtpTimestamp, marker, n);                     // the encoder wrote in place
 * }</pre>
 * The payload sits at a fixed offset after {@link #HEADROOM_BYTES} of headroom and the header is written just in
 * front of it, so neither variant moves the payload. A failed send leaves the sequence number unchanged: retry with
 * the same arguments, or skip the frame, and the stream shows no gap either way.
 */
public final class SendStream
{
    /** The packet was handed to the transport (or taken by a stage such as a pacer). */
    public static final int OK = 0;
    /** The transport's outgoing queue was full; nothing was sent. */
    public static final int BACK_PRESSURED = -1;
    /** The transport does not know the peer or is closed. */
    public static final int NOT_CONNECTED = -2;
    /** Header plus payload exceed the session's MTU (or the transport's datagram limit). */
    public static final int TOO_LARGE = -3;
    /** The session is closed. */
    public static final int CLOSED = -4;
    /** A stage of the send path (e.g. a congestion controller added later) dropped the packet. */
    public static final int DROPPED = -5;
    /** Bytes reserved in front of the payload for the RTP header: fixed header, CSRCs and extensions. */
    public static final int HEADROOM_BYTES = 256;

    private static final double RTT_SMOOTHING = 1.0 / 8.0;

    private final SendPath path;
    private final int ssrc;
    private final int clockRateHz;
    private final int payloadType;
    private final int mtuBytes;
    private final RtpPacketBuilder header = new RtpPacketBuilder();
    private final UnsafeBuffer buffer;
    private int nextSequenceNumber;
    private long packetsSent;
    private long payloadBytesSent;
    private long sendFailures;
    private int lastRtpTimestamp;
    private long lastSendNs;
    private boolean sentSinceReport;
    private long reportsReceived;
    private long lastReportNs;
    private int remoteFractionLost;
    private int remoteCumulativeLost;
    private long remoteExtendedHighestSeq;
    private long remoteJitterTicks;
    private long rttNs = -1;
    private double smoothedRttNs = -1;

    SendStream(
        final SendPath path,
        final int ssrc,
        final int clockRateHz,
        final int payloadType,
        final int initialSequenceNumber,
        final int mtuBytes)
    {
        this.path = path;
        this.ssrc = ssrc;
        this.clockRateHz = clockRateHz;
        this.payloadType = payloadType;
        this.mtuBytes = mtuBytes;
        this.nextSequenceNumber = initialSequenceNumber & SeqNum.MASK;
        this.buffer = new UnsafeBuffer(new byte[HEADROOM_BYTES + mtuBytes]);
        header.ssrc(ssrc).payloadType(payloadType);
    }

    /**
     * Send one RTP packet, copying the payload.
     *
     * @param nowNs        current time.
     * @param rtpTimestamp media timestamp of the payload, in this stream's clock.
     * @param marker       the marker bit (e.g. first packet of a talkspurt, last packet of a video frame).
     * @param payload      buffer holding the payload.
     * @param offset       of the payload's first byte.
     * @param length       payload bytes, at most {@link #maxPayloadLength()}.
     * @return {@link #OK} or a negative code: {@link #BACK_PRESSURED}, {@link #NOT_CONNECTED}, {@link #TOO_LARGE},
     *         {@link #CLOSED}, {@link #DROPPED}.
     */
    public int send(
        final long nowNs,
        final int rtpTimestamp,
        final boolean marker,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        if (length > 0 && length <= maxPayloadLength())
        {
            buffer.putBytes(HEADROOM_BYTES, payload, offset, length);
        }
        // An oversized payload is not copied; the header stage refuses it, so the drop shows in the chain.
        return sendInPlace(nowNs, rtpTimestamp, marker, length);
    }

    /**
     * Send the payload already written at {@link #payloadOffset()} of {@link #payloadBuffer()}.
     *
     * @param nowNs         current time.
     * @param rtpTimestamp  media timestamp of the payload.
     * @param marker        the marker bit.
     * @param payloadLength payload bytes written, at most {@link #maxPayloadLength()}.
     * @return as {@link #send}.
     */
    public int sendInPlace(final long nowNs, final int rtpTimestamp, final boolean marker, final int payloadLength)
    {
        final int result = path.sendRtp(this, nowNs, rtpTimestamp, marker, payloadLength);
        if (result == OK)
        {
            nextSequenceNumber = (nextSequenceNumber + 1) & SeqNum.MASK;
            packetsSent++;
            payloadBytesSent += payloadLength;
            lastRtpTimestamp = rtpTimestamp;
            lastSendNs = nowNs;
            sentSinceReport = true;
        }
        else
        {
            sendFailures++;
        }
        return result;
    }

    /** @return the buffer to write a payload into for {@link #sendInPlace}. */
    public MutableDirectBuffer payloadBuffer()
    {
        return buffer;
    }

    /** @return where in {@link #payloadBuffer()} the payload starts. */
    public int payloadOffset()
    {
        return HEADROOM_BYTES;
    }

    /** @return the largest payload that fits the MTU with the current header. */
    public int maxPayloadLength()
    {
        return mtuBytes - header.headerLength();
    }

    /**
     * The header template: add CSRCs or RFC 8285 extension elements here (a congestion-control stage reserves its
     * transport-wide sequence element and fills it in place). SSRC, payload type, sequence number, timestamp and
     * marker are set by the stream; do not {@code reset()} it.
     *
     * @return the stream's RTP header builder.
     */
    public RtpPacketBuilder headerBuilder()
    {
        return header;
    }

    /** @return the SSRC. */
    public int ssrc()
    {
        return ssrc;
    }

    /** @return the RTP clock rate. */
    public int clockRateHz()
    {
        return clockRateHz;
    }

    /** @return the payload type. */
    public int payloadType()
    {
        return payloadType;
    }

    /** @return the sequence number the next packet gets. */
    public int nextSequenceNumber()
    {
        return nextSequenceNumber;
    }

    /** @return packets sent (the SR's packet count). */
    public long packetsSent()
    {
        return packetsSent;
    }

    /** @return payload bytes sent (the SR's octet count). */
    public long payloadBytesSent()
    {
        return payloadBytesSent;
    }

    /** @return sends that returned a negative code. */
    public long sendFailures()
    {
        return sendFailures;
    }

    /** @return receiver reports (report blocks) received about this stream. */
    public long reportsReceived()
    {
        return reportsReceived;
    }

    /** @return arrival time of the latest report block about this stream. */
    public long lastReportNs()
    {
        return lastReportNs;
    }

    /** @return fraction lost (1/256 units) in the peer's latest report. */
    public int remoteFractionLost()
    {
        return remoteFractionLost;
    }

    /** @return cumulative packets lost in the peer's latest report. */
    public int remoteCumulativeLost()
    {
        return remoteCumulativeLost;
    }

    /** @return extended highest sequence number in the peer's latest report. */
    public long remoteExtendedHighestSeq()
    {
        return remoteExtendedHighestSeq;
    }

    /** @return interarrival jitter in the peer's latest report, in ns. */
    public long remoteJitterNs()
    {
        return remoteJitterTicks * 1_000_000_000L / clockRateHz;
    }

    /** @return the latest round-trip time from LSR and DLSR (RFC 3550 section 6.4.1), or -1 before the first. */
    public long rttNs()
    {
        return rttNs;
    }

    /** @return round-trip time smoothed with gain 1/8, or -1 before the first sample. */
    public long smoothedRttNs()
    {
        return (long)smoothedRttNs;
    }

    boolean sentSinceReport()
    {
        return sentSinceReport;
    }

    void onReportSent()
    {
        sentSinceReport = false;
    }

    boolean hasSent()
    {
        return packetsSent > 0;
    }

    /** The RTP timestamp matching {@code nowNs}: the last one sent, moved on by the media clock (RFC 3550 6.4.1). */
    int rtpTimestampAt(final long nowNs)
    {
        return lastRtpTimestamp + (int)((nowNs - lastSendNs) * clockRateHz / 1_000_000_000L);
    }

    void onReportBlock(
        final int fractionLost,
        final int cumulativeLost,
        final long extendedHighestSeq,
        final long jitterTicks,
        final long rttSampleNs,
        final long arrivalNs)
    {
        reportsReceived++;
        lastReportNs = arrivalNs;
        remoteFractionLost = fractionLost;
        remoteCumulativeLost = cumulativeLost;
        remoteExtendedHighestSeq = extendedHighestSeq;
        remoteJitterTicks = jitterTicks;
        if (rttSampleNs >= 0)
        {
            rttNs = rttSampleNs;
            smoothedRttNs = smoothedRttNs < 0 ?
                rttSampleNs : smoothedRttNs + (rttSampleNs - smoothedRttNs) * RTT_SMOOTHING;
        }
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "SendStream{ssrc=" + Integer.toUnsignedString(ssrc) + ", pt=" + payloadType +
            ", packets=" + packetsSent + ", octets=" + payloadBytesSent + ", rttUs=" + rttNs / 1_000 +
            ", remoteLost=" + remoteCumulativeLost + '}';
    }
}
