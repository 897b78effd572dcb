package io.classwire.core.session;

import io.classwire.core.wire.RtcpHeader;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A session accepts what a standard RTP stack sends: datagrams captured on loopback (tshark, 2026-11-25) between a
 * GStreamer 1.22 sender ({@code rtpbin rtp-profile=avpf} + {@code rtprtxsend}, Opus PT 111, RTX PT 112) and a
 * GStreamer receiver ({@code rtpsession} + {@code rtprtxreceive} + {@code rtpjitterbuffer do-retransmission=true}).
 * The Opus packet is cut after 28 payload bytes (the session does not look inside payloads).
 */
class GStreamerRtcpInteropTest
{
    private static final int SENDER_SSRC = 0x09052c21;
    private static final int RTX_SSRC = 0x0a7bedba;
    /** RTP, PT 111 with the marker bit (second byte 0xEF), seq 0x6d40, from the sender. */
    private static final String OPUS_RTP =
        "80ef6d403e9aee2809052c21f8b50e7d91cc0582757248c1edf330e4fc3244559a0eb22341bf71c0";
    /** RFC 4588 RTX, PT 112, own SSRC, original sequence number 0x6d57 first in the payload (cut after 20 bytes). */
    private static final String RTX_RTP = "807079c53e9b43300a7bedba6d57f8abc6a8af0cfd064bdec848ed3b";
    /** SR without report blocks + SDES (CNAME, TOOL "GStreamer"), from the sender. */
    private static final String SR_SDES = "80c8000609052c21eeb1a8190826138f3e9b6ba400000023000016a381ca000c09052c21" +
        "011c757365723132333336343437353240686f73742d383734306266623706094753747265616d6572000000";
    /** The sender's last compound at end of stream: SR + SDES + BYE. */
    private static final String SR_SDES_BYE = "80c8000609052c21eeb1a81f4bd102bc3ea002330000015b0000dadb81ca000c" +
        "09052c21011c757365723132333336343437353240686f73742d383734306266623706094753747265616d6572000000" +
        "81cb000109052c21";
    /** The receiver's feedback: RR without blocks + SDES (CNAME) + generic NACK for seq 0x6d52 of the sender. */
    private static final String RR_SDES_NACK = "80c900016f4f09e681ca00096f4f09e6011c75736572313130353336323238304068" +
        "6f73742d6639363966336561000081cd00036f4f09e609052c216d520000";

    private final CapturingTransport transport = new CapturingTransport();
    private final RecordingHandler handler = new RecordingHandler(48_000);
    private long nowNs = 1_000_000_000L;

    private RtpSession session()
    {
        return new RtpSession(new SessionContext().randomSeed(5).clockRate(111, 48_000).clockRate(112, 48_000),
            transport, 0).rtpHandler(handler);
    }

    private void receive(final RtpSession session, final String hex)
    {
        final byte[] bytes = HexFormat.of().parseHex(hex);
        nowNs += 20_000_000L;
        session.onDatagram(new UnsafeBuffer(bytes), 0, bytes.length, nowNs);
    }

    @Test
    void shouldCreateReceiveStreamsForSsrcsItNeverSignalled()
    {
        final RtpSession session = session();

        receive(session, OPUS_RTP);
        receive(session, RTX_RTP);

        assertEquals(2, session.receiveStreamCount());
        final ReceiveStream media = session.receiveStreamBySsrc(SENDER_SSRC);
        assertNotNull(media);
        assertEquals(111, media.payloadType());
        assertEquals(112, session.receiveStreamBySsrc(RTX_SSRC).payloadType());
        assertEquals(2, handler.delivered, "both delivered; the RTX stage above the session unwraps RTX");
        assertEquals(2, handler.newStreams);
    }

    @Test
    void shouldParseSenderReportsSdesAndByeOfGStreamer()
    {
        final RtpSession session = session();
        receive(session, OPUS_RTP);

        receive(session, SR_SDES);
        final ReceiveStream media = session.receiveStreamBySsrc(SENDER_SSRC);
        assertEquals(1, media.senderReportsReceived());
        assertEquals(0x23, media.lastSrPacketCount());
        assertTrue(media.lastSrNtp() != 0);
        receive(session, SR_SDES_BYE);

        final SessionCounters counters = session.counters();
        assertEquals(2, counters.rtcpCompoundsReceived());
        assertEquals(2, counters.senderReportsReceived());
        assertEquals(2, counters.sdesReceived());
        assertEquals(1, counters.byesReceived());
        assertEquals(0, counters.rtcpPacketsInvalid());
        assertTrue(media.isEnded());
        assertEquals(1, handler.endedStreams);
    }

    @Test
    void shouldHandGStreamerGenericNackToFeedbackListeners()
    {
        final RtpSession session = session();
        // we play the GStreamer sender's part: our stream has the SSRC the receiver's NACK names
        session.addSendStream(SENDER_SSRC, 48_000, 111);
        final List<String> feedback = new ArrayList<>();
        session.addFeedbackListener((packetType, format, buffer, offset, length, arrivalNs) ->
            feedback.add(packetType + "/" + format + "/" + length));

        receive(session, RR_SDES_NACK);

        assertEquals(List.of(RtcpHeader.PT_RTPFB + "/" + RtcpHeader.FMT_NACK + "/16"), feedback);
        assertEquals(1, session.counters().receiverReportsReceived());
        assertEquals(0, session.counters().rtcpPacketsInvalid());
    }
}
