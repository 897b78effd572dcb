package io.classwire.core.session;

import io.classwire.core.wire.RtpPacket;
import org.agrona.DirectBuffer;

import java.nio.charset.StandardCharsets;

/**
 * One remote SSRC as this session receives it: RFC 3550 reception statistics (appendix A.1, A.3, A.8), the last
 * sender report (for the LSR and DLSR fields of our reports and for lip sync), its CNAME and whether it said BYE.
 * Single-threaded: owned by the session's agent; getters read live values on that thread (use
 * {@link RtpSession#stats()} for a snapshot to hand elsewhere).
 */
public final class ReceiveStream
{
    private final int ssrc;
    private final int payloadType;
    private final ReceiveStatistics statistics;
    private final long firstArrivalNs;
    private final byte[] cnameBytes = new byte[255];
    private int cnameLength = -1;
    private String cname;
    private long packetsReceived;
    private long payloadBytesReceived;
    private long lastArrivalNs;
    private boolean receivedSinceReport;
    private int lastReportedFractionLost;
    private long senderReportsReceived;
    private long lastSrNtp;
    private int lastSrRtpTimestamp;
    private long lastSrArrivalNs;
    private long lastSrPacketCount;
    private long lastSrOctetCount;
    private boolean ended;
    private long endedNs;

    ReceiveStream(final int ssrc, final int payloadType, final int clockRateHz, final long firstArrivalNs)
    {
        this.ssrc = ssrc;
        this.payloadType = payloadType;
        this.statistics = new ReceiveStatistics(clockRateHz);
        this.firstArrivalNs = firstArrivalNs;
        this.lastArrivalNs = firstArrivalNs;
    }

    void onRtp(final RtpPacket packet, final long arrivalNs)
    {
        statistics.onPacket(packet.sequenceNumber(), packet.timestamp(), arrivalNs);
        packetsReceived++;
        payloadBytesReceived += packet.payloadLength();
        lastArrivalNs = arrivalNs;
        receivedSinceReport = true;
    }

    void onSenderReport(
        final long ntp, final int rtpTimestamp, final long packetCount, final long octetCount, final long arrivalNs)
    {
        senderReportsReceived++;
        lastSrNtp = ntp;
        lastSrRtpTimestamp = rtpTimestamp;
        lastSrPacketCount = packetCount;
        lastSrOctetCount = octetCount;
        lastSrArrivalNs = arrivalNs;
    }

    void onCname(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length == cnameLength && sameCname(buffer, offset, length))
        {
            return;
        }
        buffer.getBytes(offset, cnameBytes, 0, length);
        cnameLength = length;
        cname = new String(cnameBytes, 0, length, StandardCharsets.UTF_8);
    }

    private boolean sameCname(final DirectBuffer buffer, final int offset, final int length)
    {
        for (int i = 0; i < length; i++)
        {
            if (buffer.getByte(offset + i) != cnameBytes[i])
            {
                return false;
            }
        }
        return true;
    }

    void onBye(final long nowNs)
    {
        if (!ended)
        {
            ended = true;
            endedNs = nowNs;
        }
    }

    /** True when the stream belongs in the next report: valid per A.1 and heard from since the last report. */
    boolean isReportable()
    {
        return receivedSinceReport && statistics.isValid() && !ended;
    }

    /** Start a new report interval: returns the fraction lost of the one just ended (A.3). */
    int takeFractionLost()
    {
        receivedSinceReport = false;
        lastReportedFractionLost = statistics.takeFractionLost();
        return lastReportedFractionLost;
    }

    /** @return the remote SSRC. */
    public int ssrc()
    {
        return ssrc;
    }

    /** @return payload type of the stream's first packet. */
    public int payloadType()
    {
        return payloadType;
    }

    /** @return the clock rate its jitter is measured in. */
    public int clockRateHz()
    {
        return statistics.clockRateHz();
    }

    /** @return the RFC 3550 reception statistics (read-only use; the session feeds them). */
    public ReceiveStatistics statistics()
    {
        return statistics;
    }

    /** @return the CNAME from the peer's SDES, or null until one arrived. */
    public String cname()
    {
        return cname;
    }

    /** @return RTP packets that reached the stream (duplicates and packets on probation included). */
    public long packetsReceived()
    {
        return packetsReceived;
    }

    /** @return payload bytes of those packets. */
    public long payloadBytesReceived()
    {
        return payloadBytesReceived;
    }

    /** @return packets expected since the first valid one (RFC 3550 A.3). */
    public long expected()
    {
        return statistics.expected();
    }

    /** @return cumulative packets lost (expected minus received; negative with duplicates). */
    public long cumulativeLost()
    {
        return statistics.cumulativeLost();
    }

    /** @return the fraction lost, in 1/256, that our last report carried for this stream. */
    public int lastReportedFractionLost()
    {
        return lastReportedFractionLost;
    }

    /** @return interarrival jitter in ns (RFC 3550 A.8). */
    public long jitterNs()
    {
        return statistics.jitterNs();
    }

    /** @return arrival time of the first packet. */
    public long firstArrivalNs()
    {
        return firstArrivalNs;
    }

    /** @return arrival time of the latest packet. */
    public long lastArrivalNs()
    {
        return lastArrivalNs;
    }

    /** @return sender reports received from this SSRC. */
    public long senderReportsReceived()
    {
        return senderReportsReceived;
    }

    /** @return 64-bit NTP timestamp of the last sender report, 0 before the first. */
    public long lastSrNtp()
    {
        return lastSrNtp;
    }

    /** @return RTP timestamp of the last sender report (pairs with {@link #lastSrNtp()} for lip sync). */
    public int lastSrRtpTimestamp()
    {
        return lastSrRtpTimestamp;
    }

    /** @return our arrival time of the last sender report. */
    public long lastSrArrivalNs()
    {
        return lastSrArrivalNs;
    }

    /** @return the sender's packet count in its last report. */
    public long lastSrPacketCount()
    {
        return lastSrPacketCount;
    }

    /** @return the sender's octet count in its last report. */
    public long lastSrOctetCount()
    {
        return lastSrOctetCount;
    }

    /** @return true once the SSRC said BYE. */
    public boolean isEnded()
    {
        return ended;
    }

    /** @return when the BYE arrived, valid when {@link #isEnded()}. */
    public long endedNs()
    {
        return endedNs;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "ReceiveStream{ssrc=" + Integer.toUnsignedString(ssrc) + ", pt=" + payloadType +
            ", cname=" + cname + ", packets=" + packetsReceived + ", expected=" + expected() +
            ", lost=" + cumulativeLost() + ", jitterUs=" + jitterNs() / 1_000 + (ended ? ", ended" : "") + '}';
    }
}
