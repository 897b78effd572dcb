package io.classwire.core.session;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Immutable snapshot of one {@link RtpSession}'s streams and RTCP activity, taken on the session's thread with
 * {@link RtpSession#stats()} and safe to hand to any other (a CLI, a metrics exporter). Being a record of values, two
 * runs with the same seed give equal snapshots, which the determinism test relies on.
 *
 * @param peerId                  the peer's id on the transport.
 * @param cname                   our CNAME.
 * @param receiveStreams          one entry per remote SSRC, in order of appearance.
 * @param sendStreams             one entry per local SSRC, in order of creation.
 * @param regularReportsSent      regular compound reports sent.
 * @param earlyFeedbackSent       early feedback packets sent.
 * @param rtcpCompoundsReceived   valid RTCP datagrams received.
 * @param feedbackReceived        feedback packets received.
 * @param paths                   the stage tables of the receive, send and RTCP send paths and the session counters,
 *                                as {@link RtpSession#describe()} prints them.
 */
public record SessionStats(
    int peerId,
    String cname,
    List<ReceiveStreamStats> receiveStreams,
    List<SendStreamStats> sendStreams,
    long regularReportsSent,
    long earlyFeedbackSent,
    long rtcpCompoundsReceived,
    long feedbackReceived,
    String paths)
{
    /**
     * Snapshot of one remote stream.
     *
     * @param ssrc             the remote SSRC.
     * @param cname            its CNAME, or null before SDES arrived.
     * @param payloadType      payload type of its first packet.
     * @param clockRateHz      clock rate its jitter is measured in.
     * @param packets          packets received (duplicates included).
     * @param expected         packets expected (RFC 3550 A.3).
     * @param lost             cumulative packets lost.
     * @param fractionLost     fraction lost in our latest report, in 1/256.
     * @param jitterMs         interarrival jitter (A.8).
     * @param senderReports    sender reports received from it.
     * @param lastSrNtp        NTP timestamp of its latest sender report, 0 before the first.
     * @param lastSrArrivalNs  our arrival time of that report.
     * @param ended            whether it said BYE.
     */
    public record ReceiveStreamStats(
        int ssrc,
        String cname,
        int payloadType,
        int clockRateHz,
        long packets,
        long expected,
        long lost,
        int fractionLost,
        double jitterMs,
        long senderReports,
        long lastSrNtp,
        long lastSrArrivalNs,
        boolean ended)
    {
        /** @return cumulative lost over expected, 0 when nothing was expected. */
        public double lossRatio()
        {
            return expected > 0 ? (double)lost / expected : 0.0;
        }
    }

    /**
     * Snapshot of one local stream and the peer's view of it.
     *
     * @param ssrc                     the local SSRC.
     * @param payloadType              its payload type.
     * @param clockRateHz              its clock rate.
     * @param packets                  packets sent.
     * @param octets                   payload bytes sent.
     * @param rttMs                    latest round-trip time from LSR/DLSR, -1 before the first.
     * @param smoothedRttMs            smoothed round-trip time, -1 before the first.
     * @param reportsReceived          report blocks received about it.
     * @param remoteFractionLost       fraction lost in the peer's latest report, in 1/256.
     * @param remoteCumulativeLost     cumulative lost in the peer's latest report.
     * @param remoteExtendedHighestSeq extended highest sequence number in the peer's latest report.
     * @param remoteJitterMs           jitter in the peer's latest report.
     */
    public record SendStreamStats(
        int ssrc,
        int payloadType,
        int clockRateHz,
        long packets,
        long octets,
        double rttMs,
        double smoothedRttMs,
        long reportsReceived,
        int remoteFractionLost,
        long remoteCumulativeLost,
        long remoteExtendedHighestSeq,
        double remoteJitterMs)
    {
    }

    static SessionStats of(final RtpSession session)
    {
        final List<ReceiveStreamStats> receive = new ArrayList<>();
        for (int i = 0; i < session.receiveStreamCount(); i++)
        {
            final ReceiveStream s = session.receiveStream(i);
            receive.add(new ReceiveStreamStats(s.ssrc(), s.cname(), s.payloadType(), s.clockRateHz(),
                s.packetsReceived(), s.expected(), s.cumulativeLost(), s.lastReportedFractionLost(),
                s.jitterNs() / 1e6, s.senderReportsReceived(), s.lastSrNtp(), s.lastSrArrivalNs(), s.isEnded()));
        }
        final List<SendStreamStats> send = new ArrayList<>();
        for (int i = 0; i < session.sendStreamCount(); i++)
        {
            final SendStream s = session.sendStream(i);
            send.add(new SendStreamStats(s.ssrc(), s.payloadType(), s.clockRateHz(), s.packetsSent(),
                s.payloadBytesSent(), toMs(s.rttNs()), toMs(s.smoothedRttNs()), s.reportsReceived(),
                s.remoteFractionLost(), s.remoteCumulativeLost(), s.remoteExtendedHighestSeq(),
                s.remoteJitterNs() / 1e6));
        }
        final SessionCounters counters = session.counters();
        return new SessionStats(session.peerId(), session.context().cname(),
            Collections.unmodifiableList(receive), Collections.unmodifiableList(send),
            counters.regularReportsSent(), counters.earlyFeedbackSent(), counters.rtcpCompoundsReceived(),
            counters.feedbackReceived(), session.describe());
    }

    private static double toMs(final long ns)
    {
        return ns < 0 ? -1 : ns / 1e6;
    }

    /** @return a small table, one line per stream (the path tables are in {@link #paths()}). */
    @Override
    public String toString()
    {
        final StringBuilder sb = new StringBuilder()
            .append("session peer=").append(peerId).append(" cname=").append(cname)
            .append(" rtcp sent=").append(regularReportsSent).append(" early=").append(earlyFeedbackSent)
            .append(" received=").append(rtcpCompoundsReceived).append(" feedback=").append(feedbackReceived)
            .append('\n');
        for (final ReceiveStreamStats s : receiveStreams)
        {
            sb.append(String.format("  recv ssrc=%-10s pt=%-3d packets=%d expected=%d lost=%d (%.2f%%) " +
                "fraction=%d/256 jitter=%.2fms cname=%s%s%n", Integer.toUnsignedString(s.ssrc()), s.payloadType(),
                s.packets(), s.expected(), s.lost(), 100 * s.lossRatio(), s.fractionLost(), s.jitterMs(), s.cname(),
                s.ended() ? " ended" : ""));
        }
        for (final SendStreamStats s : sendStreams)
        {
            sb.append(String.format("  send ssrc=%-10s pt=%-3d packets=%d octets=%d rtt=%.2fms srtt=%.2fms " +
                "remote: lost=%d fraction=%d/256 jitter=%.2fms%n", Integer.toUnsignedString(s.ssrc()),
                s.payloadType(), s.packets(), s.octets(), s.rttMs(), s.smoothedRttMs(), s.remoteCumulativeLost(),
                s.remoteFractionLost(), s.remoteJitterMs()));
        }
        return sb.toString();
    }
}
