package io.classwire.samples.pcap;

import io.classwire.core.lab.PcapWriter;
import io.classwire.core.session.NtpTime;
import io.classwire.core.wire.AudioLevelExtension;
import io.classwire.core.wire.Bye;
import io.classwire.core.wire.FullIntraRequest;
import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.OpusPayloadWriter;
import io.classwire.core.wire.PictureLossIndication;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.RedPayloadWriter;
import io.classwire.core.wire.ReportBlock;
import io.classwire.core.wire.RtcpCompoundValidator;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.RtxPayload;
import io.classwire.core.wire.Sdes;
import io.classwire.core.wire.SenderReport;
import io.classwire.core.wire.TransportFeedbackBuilder;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * A short synthetic two-party session built with the wire layer and written to a capture: a teacher (127.0.0.1)
 * sends Opus audio with audio-level and transport-wide sequence extensions, RED and RTX to a learner (127.0.0.2),
 * who answers with receiver reports, NACK, PLI, FIR and transport-wide feedback; both send SR/RR with SDES and end
 * with BYE. Every packet is validated by our own parsers before it is written, so the capture doubles as a check
 * that builders and parsers agree.
 */
public final class SyntheticSession
{
    /** Teacher address. */
    public static final String TEACHER_IP = "127.0.0.1";
    /** Learner address. */
    public static final String LEARNER_IP = "127.0.0.2";
    /** RTP port on both sides. */
    public static final int RTP_PORT = 5004;
    /** RTCP port on both sides unless multiplexed (RTP port + 1). */
    public static final int RTCP_PORT = 5005;
    /** Opus payload type (as WebRTC offers it). */
    public static final int PT_OPUS = 111;
    /** RTX payload type, apt=111. */
    public static final int PT_RTX = 112;
    /** RED payload type, as Chrome offers red/48000/2 (Wireshark shows it as "Unassigned" without SDP). */
    public static final int PT_RED = 63;
    /** Audio-level extension id. */
    public static final int EXT_AUDIO_LEVEL = 1;
    /** Transport-wide sequence number extension id. */
    public static final int EXT_TRANSPORT_SEQ = 3;

    private static final int TEACHER_SSRC = 0x1A2B_3C4D;
    private static final int TEACHER_RTX_SSRC = 0x1A2B_3C4E;
    private static final int LEARNER_SSRC = 0x5E6F_7081;
    private static final long FRAME_NS = 20_000_000L;
    private static final int FRAME_TICKS = 960;
    /** 2026-11-25T09:00:00Z, a class start; only the capture's labels depend on it. */
    private static final long START_UNIX_NS = 1_795_597_200_000_000_000L;

    private final PcapWriter writer;
    private final boolean rtcpMux;
    private final int teacherIp = PcapWriter.ipv4(TEACHER_IP);
    private final int learnerIp = PcapWriter.ipv4(LEARNER_IP);
    private final UnsafeBuffer packet = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer frame = new UnsafeBuffer(new byte[200]);
    private final UnsafeBuffer lostPacket = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer redPayload = new UnsafeBuffer(new byte[1500]);
    private final RtpPacketBuilder rtp = new RtpPacketBuilder();
    private final RtpPacket parsed = new RtpPacket();
    private final OpusPayloadWriter opus = new OpusPayloadWriter();
    private final RedPayloadWriter red = new RedPayloadWriter();
    private final SplittableRandom random = new SplittableRandom(2026);
    private final UnsafeBuffer previousOpus = new UnsafeBuffer(new byte[200]);
    private int previousOpusLength;
    private int teacherSeq = 1000;
    private int rtxSeq = 1;
    private int transportSeq = 1;
    private int packetsSent;
    private long octetsSent;

    /**
     * @param writer  where the datagrams go.
     * @param rtcpMux true to send RTCP on the RTP port (RFC 5761), false for the classic RTP port + 1.
     */
    public SyntheticSession(final PcapWriter writer, final boolean rtcpMux)
    {
        this.writer = writer;
        this.rtcpMux = rtcpMux;
    }

    /**
     * Write the whole session: 2 s of audio with one loss repaired by RTX, RED from the 1 s mark, reports every
     * second, and the learner's feedback.
     *
     * @throws IOException if the capture cannot be written.
     */
    public void write() throws IOException
    {
        final int frames = 100;
        for (int i = 0; i < frames; i++)
        {
            final long nowNs = START_UNIX_NS + i * FRAME_NS;
            final int seq = teacherSeq;
            final boolean useRed = i >= 50;
            final int length = buildAudio(i, useRed);
            if (i == 20)
            {
                // Lost on the way: the learner NACKs it and the teacher repairs it with RTX.
                teacherSeq = (teacherSeq + 1) & 0xFFFF;
                packet.getBytes(0, lostPacket, 0, length);
                sendLearnerNack(nowNs + 5_000_000L, seq);
                sendRtx(nowNs + 6_000_000L, length);
                continue;
            }
            rtpFromTeacher(nowNs, length);
            teacherSeq = (teacherSeq + 1) & 0xFFFF;
            if (i % 10 == 9)
            {
                sendTransportFeedback(nowNs + 1_000_000L, i);
            }
            if (i == 49 || i == 99)
            {
                sendTeacherSenderReport(nowNs + 2_000_000L);
                sendLearnerReceiverReport(nowNs + 3_000_000L, seq);
            }
        }
        final long endNs = START_UNIX_NS + frames * FRAME_NS;
        sendLearnerPli(endNs);
        sendLearnerFir(endNs + 1_000_000L);
        sendBye(endNs + 2_000_000L, TEACHER_SSRC, teacherIp, learnerIp);
        sendBye(endNs + 3_000_000L, LEARNER_SSRC, learnerIp, teacherIp);
    }

    private int buildAudio(final int index, final boolean useRed)
    {
        final int frameLength = 40 + random.nextInt(60);
        for (int b = 0; b < frameLength; b++)
        {
            frame.putByte(b, (byte)random.nextInt(256));
        }
        // Config 9: SILK wideband 20 ms, mono, one frame (RFC 6716 Table 2).
        opus.reset(9, false);
        opus.addFrame(frame, 0, frameLength);
        final int opusLength = check(opus.write(scratch, 0, scratch.capacity()), "opus");

        rtp.reset().ssrc(TEACHER_SSRC).sequenceNumber(teacherSeq).timestamp(index * FRAME_TICKS)
            .marker(index == 0);
        check(AudioLevelExtension.add(rtp.extensions(), EXT_AUDIO_LEVEL, true, 30 + (index % 20)), "audio level");
        check(TransportSequenceExtension.add(rtp.extensions(), EXT_TRANSPORT_SEQ, transportSeq), "transport seq");
        final int length;
        if (useRed && previousOpusLength > 0)
        {
            red.reset();
            check(red.addRedundant(PT_OPUS, FRAME_TICKS, previousOpus, 0, previousOpusLength), "red block");
            final int redLength = check(red.write(PT_OPUS, scratch, 0, opusLength, redPayload, 0, redPayload.capacity()), "red");
            rtp.payloadType(PT_RED);
            length = check(rtp.build(packet, 0, packet.capacity(), redPayload, 0, redLength), "rtp red");
        }
        else
        {
            rtp.payloadType(PT_OPUS);
            length = check(rtp.build(packet, 0, packet.capacity(), scratch, 0, opusLength), "rtp");
        }
        scratch.getBytes(0, previousOpus, 0, opusLength);
        previousOpusLength = opusLength;
        return length;
    }

    private void rtpFromTeacher(final long nowNs, final int length) throws IOException
    {
        parsed.wrap(packet, 0, length);
        check(parsed.validate(), "rtp validate");
        transportSeq++;
        packetsSent++;
        octetsSent += parsed.payloadLength();
        writer.writeUdp(nowNs, teacherIp, RTP_PORT, learnerIp, RTP_PORT, packet, 0, length);
    }

    private void sendRtx(final long nowNs, final int originalLength) throws IOException
    {
        parsed.wrap(lostPacket, 0, originalLength);
        check(parsed.validate(), "original validate");
        final int length = check(RtxPayload.writeRtx(parsed, PT_RTX, TEACHER_RTX_SSRC, rtxSeq++, scratch, 0,
            scratch.capacity()), "rtx");
        parsed.wrap(scratch, 0, length);
        check(parsed.validate(), "rtx validate");
        writer.writeUdp(nowNs, teacherIp, RTP_PORT, learnerIp, RTP_PORT, scratch, 0, length);
    }

    private void sendTeacherSenderReport(final long nowNs) throws IOException
    {
        final int rtpTimestamp = (int)((nowNs - START_UNIX_NS) * 48 / 1_000_000L);
        int length = check(SenderReport.build(packet, 0, packet.capacity(), TEACHER_SSRC, NtpTime.fromUnixNs(nowNs),
            rtpTimestamp, packetsSent, octetsSent, 0), "sr");
        length += check(Sdes.buildCname(packet, length, packet.capacity() - length, TEACHER_SSRC,
            "teacher@classwire.example"), "sdes");
        rtcp(nowNs, teacherIp, learnerIp, length);
    }

    private void sendLearnerReceiverReport(final long nowNs, final int highestSeq) throws IOException
    {
        int length = receiverReport(highestSeq);
        length += check(Sdes.buildCname(packet, length, packet.capacity() - length, LEARNER_SSRC,
            "learner-42@classwire.example"), "sdes");
        rtcp(nowNs, learnerIp, teacherIp, length);
    }

    private int receiverReport(final int highestSeq)
    {
        final int length = check(ReceiverReport.build(packet, 0, packet.capacity(), LEARNER_SSRC, 1), "rr");
        ReportBlock.write(packet, ReceiverReport.blockOffset(0, 0), TEACHER_SSRC, 0, 0, highestSeq, 12,
            0, 0);
        return length;
    }

    private void sendLearnerNack(final long nowNs, final int lostSeq) throws IOException
    {
        int length = receiverReport(lostSeq);
        final int[] lost = { lostSeq };
        length += check(NackPacket.build(packet, length, packet.capacity() - length, LEARNER_SSRC, TEACHER_SSRC,
            lost, 1, 16), "nack");
        rtcp(nowNs, learnerIp, teacherIp, length);
    }

    private void sendLearnerPli(final long nowNs) throws IOException
    {
        int length = receiverReport(teacherSeq);
        length += check(PictureLossIndication.build(packet, length, packet.capacity() - length, LEARNER_SSRC,
            TEACHER_SSRC), "pli");
        rtcp(nowNs, learnerIp, teacherIp, length);
    }

    private void sendLearnerFir(final long nowNs) throws IOException
    {
        int length = receiverReport(teacherSeq);
        length += check(FullIntraRequest.build(packet, length, packet.capacity() - length, LEARNER_SSRC,
            new int[] { TEACHER_SSRC }, new int[] { 1 }, 1), "fir");
        rtcp(nowNs, learnerIp, teacherIp, length);
    }

    private void sendTransportFeedback(final long nowNs, final int frameIndex) throws IOException
    {
        final TransportFeedbackBuilder feedback = new TransportFeedbackBuilder();
        final int firstSeq = transportSeq - 10;
        feedback.reset(LEARNER_SSRC, TEACHER_SSRC, firstSeq, frameIndex / 10);
        // The learner's receive clock started 10 s before the class (any origin works; only deltas matter).
        final long baseUs = 10_000_000 + (nowNs - START_UNIX_NS) / 1000 - 200_000;
        for (int s = 0; s < 10; s++)
        {
            if (frameIndex - 9 + s == 20)
            {
                continue;   // the lost packet is reported as not received
            }
            feedback.addReceived((firstSeq + s) & 0xFFFF, baseUs + s * 20_000L + random.nextInt(3_000));
        }
        int length = receiverReport(teacherSeq);
        length += check(feedback.build(packet, length), "twcc");
        rtcp(nowNs, learnerIp, teacherIp, length);
    }

    private void sendBye(final long nowNs, final int ssrc, final int fromIp, final int toIp) throws IOException
    {
        int length = ssrc == TEACHER_SSRC ?
            check(SenderReport.build(packet, 0, packet.capacity(), ssrc, NtpTime.fromUnixNs(nowNs), 0,
                packetsSent, octetsSent, 0), "sr") :
            check(ReceiverReport.build(packet, 0, packet.capacity(), ssrc, 0), "rr");
        final UnsafeBuffer reason = new UnsafeBuffer("class over".getBytes(StandardCharsets.US_ASCII));
        length += check(Bye.build(packet, length, packet.capacity() - length, new int[] { ssrc }, 1,
            reason, 0, reason.capacity()), "bye");
        rtcp(nowNs, fromIp, toIp, length);
    }

    private void rtcp(final long nowNs, final int fromIp, final int toIp, final int length) throws IOException
    {
        check(RtcpCompoundValidator.validate(packet, 0, length), "rtcp compound");
        final int port = rtcpMux ? RTP_PORT : RTCP_PORT;
        writer.writeUdp(nowNs, fromIp, port, toIp, port, packet, 0, length);
    }

    private static int check(final int result, final String what)
    {
        if (result < 0)
        {
            throw new IllegalStateException(what + " failed: " + WireStatus.describe(result));
        }
        return result;
    }
}
