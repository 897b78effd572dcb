package io.classwire.core.session;

import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SendStreamTest
{
    private static final long MS = 1_000_000L;

    private final CapturingTransport transport = new CapturingTransport();
    private final RtpSession session = new RtpSession(
        new SessionContext().randomSeed(17).mtuBytes(300), transport, 5);
    private final SendStream stream = session.addSendStream(0x0102_0304, 48_000, 111);
    private final UnsafeBuffer payload = new UnsafeBuffer(new byte[400]);

    @Test
    void shouldWriteHeaderInFrontOfPayloadWrittenInPlace()
    {
        final int first = stream.nextSequenceNumber();
        stream.payloadBuffer().putStringWithoutLengthAscii(stream.payloadOffset(), "opus");
        assertEquals(SendStream.OK, stream.sendInPlace(MS, 960, true, 4));
        assertEquals(SendStream.OK, stream.send(21 * MS, 1920, false, payload, 0, 40));

        final RtpPacket packet = new RtpPacket().wrap(new UnsafeBuffer(transport.sent.get(0)), 0, 16);
        assertEquals(WireStatus.OK, packet.validate());
        assertEquals(0x0102_0304, packet.ssrc());
        assertEquals(111, packet.payloadType());
        assertTrue(packet.marker());
        assertEquals(first, packet.sequenceNumber());
        assertEquals(960, packet.timestamp());
        assertEquals("opus", packet.buffer().getStringWithoutLengthAscii(packet.payloadOffset(), 4));
        assertEquals((first + 1) & 0xFFFF, new RtpPacket().wrap(transport.last(), 0, 52).sequenceNumber());
        assertEquals(2, stream.packetsSent());
        assertEquals(44, stream.payloadBytesSent());
        assertEquals(5, transport.sentToPeer.get(0));
        assertEquals(2, session.sendChain().packetsForwarded());
    }

    @Test
    void shouldRefusePayloadBeyondMtuAtHeaderStageWithoutUsingASequenceNumber()
    {
        final int next = stream.nextSequenceNumber();
        assertEquals(300 - 12, stream.maxPayloadLength());
        assertEquals(SendStream.TOO_LARGE, stream.send(MS, 0, false, payload, 0, 289));
        assertEquals(SendStream.OK, stream.send(MS, 0, false, payload, 0, 288));
        assertEquals(300, transport.sent.get(0).length);
        assertEquals(1, session.sendChain().packetsDropped(0, DropReason.TOO_LARGE));
        assertEquals((next + 1) & 0xFFFF, stream.nextSequenceNumber(), "the refused packet took no number");
        assertEquals(1, stream.sendFailures());
    }

    @Test
    void shouldKeepSequenceNumberWhenTransportIsBackPressured()
    {
        final int next = stream.nextSequenceNumber();
        transport.sendResult = DatagramTransport.BACK_PRESSURED;
        assertEquals(SendStream.BACK_PRESSURED, stream.send(MS, 0, false, payload, 0, 10));
        transport.sendResult = DatagramTransport.NOT_CONNECTED;
        assertEquals(SendStream.NOT_CONNECTED, stream.send(MS, 0, false, payload, 0, 10));
        transport.sendResult = DatagramTransport.OK;
        assertEquals(SendStream.OK, stream.send(2 * MS, 0, false, payload, 0, 10));

        assertEquals(next, new RtpPacket().wrap(transport.last(), 0, 22).sequenceNumber(), "retry reuses the number");
        assertEquals(1, session.sendChain().packetsDropped(1, DropReason.BACK_PRESSURED));
        assertEquals(1, session.sendChain().packetsDropped(1, DropReason.NOT_CONNECTED));
        assertEquals(1, stream.packetsSent());
    }

    @Test
    void shouldRunInsertedStagesBetweenHeaderAndTransport()
    {
        final long[] seen = new long[2];
        session.sendChain().insertBefore("transport-out", new PacketStage()
        {
            @Override
            public int process(final PacketContext packet)
            {
                // What a congestion-control stage sees: the whole packet, mutable, with its stream.
                seen[0] = packet.sequenceNumber();
                seen[1] = packet.rtp().payloadLength();
                return packet.sendStream() == stream && packet.mutableBuffer() != null ? FORWARD : DROP;
            }

            @Override
            public String name()
            {
                return "cc-stamp";
            }
        });
        assertEquals(SendStream.OK, stream.send(MS, 0, false, payload, 0, 33));
        assertEquals((stream.nextSequenceNumber() - 1) & 0xFFFF, seen[0]);
        assertEquals(33, seen[1]);
        assertEquals(1, session.sendChain().packetsIn("cc-stamp"));
    }

    @Test
    void shouldAddHeaderExtensionsFromTheTemplate()
    {
        stream.headerBuilder().addCsrc(0xAB);
        assertEquals(300 - 16, stream.maxPayloadLength());
        assertEquals(SendStream.OK, stream.send(MS, 0, false, payload, 0, 20));
        final RtpPacket packet = new RtpPacket().wrap(transport.last(), 0, 36);
        assertEquals(WireStatus.OK, packet.validate());
        assertEquals(0xAB, packet.csrc(0));
        assertEquals(20, packet.payloadLength());
    }

    @Test
    void shouldPickDistinctRandomSsrcsAndRefuseDuplicates()
    {
        final SendStream other = session.addSendStream(90_000, 96);
        assertTrue(other.ssrc() != stream.ssrc());
        assertThrows(IllegalArgumentException.class, () -> session.addSendStream(0x0102_0304, 48_000, 111));
        assertThrows(IllegalArgumentException.class, () -> session.addSendStream(5, 48_000, 128));
        session.addSendStream(8_000, 0);
        session.addSendStream(16_000, 9);
        assertThrows(IllegalStateException.class, () -> session.addSendStream(8_000, 8), "default max is 4");
        assertEquals(stream, session.sendStreamBySsrc(0x0102_0304));
        assertEquals(stream.ssrc(), session.reporterSsrc(), "reports come from the first send stream");
    }
}
