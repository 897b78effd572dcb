package io.classwire.core.session;

import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.Bye;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.ReportBlock;
import io.classwire.core.wire.RtcpCompoundReader;
import io.classwire.core.wire.RtcpCompoundValidator;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.SenderReport;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The compound reports a session writes and what it learns from the peer's, checked byte for byte. The expected bytes
 * are constructed by hand from the field definitions of RFC 3550 sections 6.4.1 (SR), 6.4.2 (RR) and 6.5 (SDES).
 */
class SessionRtcpTest
{
    private static final long MS = 1_000_000L;
    private static final long EPOCH_NS = 1_800_000_000L * 1_000_000_000L;
    private static final int REMOTE_SSRC = 0x11223344;
    private static final int LOCAL_SSRC = 0xCAFEBABE;
    private static final long REMOTE_SR_NTP = 0xE123_4567_8000_0000L;

    private final CapturingTransport transport = new CapturingTransport();
    private final UnsafeBuffer scratch = new UnsafeBuffer(new byte[1500]);

    private RtpSession session(final String cname)
    {
        // A 5 s minimum puts the first report between 1.03 s and 3.08 s after start, after the packets below.
        return new RtpSession(new SessionContext().cname(cname).randomSeed(7).epochOffsetNs(EPOCH_NS)
            .rtcpMinIntervalNs(5_000 * MS).clockRate(111, 48_000), transport, 3);
    }

    private void receiveRtp(final RtpSession session, final int seq, final int timestamp, final long arrivalNs)
    {
        final int length = new RtpPacketBuilder().ssrc(REMOTE_SSRC).payloadType(111).sequenceNumber(seq)
            .timestamp(timestamp).build(scratch, 0, scratch.capacity(), new UnsafeBuffer(new byte[40]), 0, 40);
        session.onDatagram(scratch, 0, length, arrivalNs);
    }

    @Test
    void shouldWriteReceiverReportWithLossLsrDlsrAndCnameWhenReceiveOnly()
    {
        final RtpSession bob = session("bob");
        for (int i = 0; i < 10; i++)
        {
            if (i != 5)
            {
                receiveRtp(bob, 1000 + i, i * 960, 1_000 * MS + i * 20 * MS);
            }
        }
        final int srLength = SenderReport.build(scratch, 0, 100, REMOTE_SSRC, REMOTE_SR_NTP, 9_600, 10, 400, 0);
        bob.onDatagram(scratch, 0, srLength, 1_200 * MS);
        final long reportNs = bob.nextDeadlineNs();
        assertEquals(1, bob.doWork(reportNs));

        final int dlsr = (int)(((reportNs - 1_200 * MS) << 16) / 1_000_000_000L);
        final ByteBuffer expected = ByteBuffer.allocate(32 + 16)
            // RR: V=2, P=0, RC=1, PT=201, length 7 words; sender SSRC.
            .putInt(0x81C9_0007).putInt(bob.reporterSsrc())
            // Block: 1000 was on probation, so 1001..1009 were expected (9) and 1005 lost: fraction 256/9 = 28.
            .putInt(REMOTE_SSRC).putInt(28 << 24 | 1).putInt(1009).putInt(0)
            .putInt(0x4567_8000).putInt(dlsr)
            // SDES: SC=1, PT=202, 3 words; chunk = SSRC, CNAME(1) "bob", null item, no further padding needed.
            .putInt(0x81CA_0003).putInt(bob.reporterSsrc()).putInt(0x0103_626F).putInt(0x6200_0000);
        assertArrayEquals(expected.array(), transport.sent.get(0));
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(transport.last(), 0, 48));
        assertEquals(28, bob.receiveStream(0).lastReportedFractionLost());
    }

    @Test
    void shouldWriteSenderReportWithExtrapolatedRtpTimestampAndCounts()
    {
        final RtpSession alice = session("al");
        final SendStream stream = alice.addSendStream(LOCAL_SSRC, 48_000, 111);
        alice.doWork(0);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[100]);
        for (int i = 0; i < 50; i++)
        {
            assertEquals(SendStream.OK, stream.send(i * 20 * MS, 5_000 + i * 960, i == 0, payload, 0, 100));
        }
        final long reportNs = alice.nextDeadlineNs();
        alice.doWork(reportNs);

        final byte[] report = transport.sent.get(transport.sent.size() - 1);
        final long ntp = NtpTime.fromUnixNs(reportNs + EPOCH_NS);
        final int rtpTimestamp = 5_000 + 49 * 960 + (int)((reportNs - 49 * 20 * MS) * 48_000 / 1_000_000_000L);
        final ByteBuffer expected = ByteBuffer.allocate(28 + 16)
            // SR: V=2, P=0, RC=0, PT=200, length 6 words; SSRC, NTP, RTP timestamp, packet and octet counts.
            .putInt(0x80C8_0006).putInt(LOCAL_SSRC).putLong(ntp).putInt(rtpTimestamp).putInt(50).putInt(5_000)
            // SDES: 3 words; chunk = SSRC, CNAME(1) "al", null item padded to the next word boundary.
            .putInt(0x81CA_0003).putInt(LOCAL_SSRC).putInt(0x0102_616C).putInt(0);
        assertArrayEquals(expected.array(), report);
    }

    @Test
    void shouldTakeRemoteLossJitterAndRttFromReportBlockAboutOurStream()
    {
        final RtpSession alice = session("alice");
        final SendStream stream = alice.addSendStream(LOCAL_SSRC, 48_000, 111);
        alice.doWork(0);
        stream.send(0, 0, false, new UnsafeBuffer(new byte[10]), 0, 10);
        final long reportNs = alice.nextDeadlineNs();
        alice.doWork(reportNs);
        final int lsr = NtpTime.compact(NtpTime.fromUnixNs(reportNs + EPOCH_NS));

        // The peer held our SR for 1 s (DLSR 0x0001_0000) and its RR reaches us 1.5 s after the SR left: RTT 0.5 s.
        final int rrLength = ReceiverReport.build(scratch, 0, 100, REMOTE_SSRC, 1);
        ReportBlock.write(scratch, 8, LOCAL_SSRC, 64, 16, 0x0001_0005L, 480, lsr & 0xFFFF_FFFFL, 0x0001_0000L);
        alice.onDatagram(scratch, 0, rrLength, reportNs + 1_500 * MS);

        assertEquals(1, stream.reportsReceived());
        assertEquals(64, stream.remoteFractionLost());
        assertEquals(16, stream.remoteCumulativeLost());
        assertEquals(0x0001_0005L, stream.remoteExtendedHighestSeq());
        assertEquals(10 * MS, stream.remoteJitterNs(), "480 ticks at 48 kHz");
        // Compact NTP has 1/65536 s (15.3 us) resolution; each of the two timestamps truncates once.
        assertEquals(500 * MS, stream.rttNs(), 31_000);
        assertEquals(stream.rttNs(), stream.smoothedRttNs());
        assertEquals(0, alice.counters().foreignReportBlocks());
    }

    @Test
    void shouldEndWithByeForEveryLocalSsrcOnClose()
    {
        final RtpSession alice = session("alice");
        alice.addSendStream(LOCAL_SSRC, 48_000, 111);
        alice.addSendStream(LOCAL_SSRC + 1, 90_000, 96);
        alice.doWork(0);
        alice.close(10 * MS);
        alice.close(20 * MS);

        assertEquals(1, transport.sent.size(), "close is idempotent");
        final UnsafeBuffer bye = transport.last();
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(bye, 0, bye.capacity()));
        final RtcpCompoundReader reader = new RtcpCompoundReader().wrap(bye, 0, bye.capacity());
        final int[] types = new int[3];
        int count = 0;
        int byeOffset = 0;
        int byeLength = 0;
        while (reader.next())
        {
            types[count++] = reader.packetType();
            byeOffset = reader.offset();
            byeLength = reader.length();
        }
        assertArrayEquals(new int[]{ RtcpHeader.PT_RR, RtcpHeader.PT_SDES, RtcpHeader.PT_BYE }, types);
        final Bye flyweight = new Bye().wrap(bye, byeOffset, byeLength);
        assertEquals(WireStatus.OK, flyweight.validate());
        assertEquals(2, flyweight.sourceCount());
        assertEquals(LOCAL_SSRC, flyweight.source(0));
        assertEquals(LOCAL_SSRC + 1, flyweight.source(1));
        assertEquals(SendStream.CLOSED, alice.sendStream(0).send(30 * MS, 0, false, scratch, 0, 10));
        assertEquals(TimedAgent.NO_DEADLINE, alice.nextDeadlineNs());
    }
}
