package io.classwire.core.session;

import io.classwire.core.wire.Bye;
import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.ReportBlock;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.Sdes;
import io.classwire.core.wire.SenderReport;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad datagrams are counted at the stage that rejects them, with the reason, and never throw. */
class MalformedInboundTest
{
    private static final long MS = 1_000_000L;
    private static final int LOCAL_SSRC = 0x7777_0001;

    private final CapturingTransport transport = new CapturingTransport();
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[2048]);
    private final RtpSession session = new RtpSession(
        new SessionContext().randomSeed(9).maxReceiveStreams(2), transport, 1);
    private final StageChain chain = session.receiveChain();
    private long nowNs;

    MalformedInboundTest()
    {
        session.addSendStream(LOCAL_SSRC, 48_000, 111);
    }

    private void receive(final int length)
    {
        nowNs += MS;
        session.onDatagram(buffer, 0, length, nowNs);
    }

    private long dropped(final String stage, final int reason)
    {
        return chain.packetsDropped(chain.indexOf(stage), reason);
    }

    private int rtp(final int ssrc, final int seq)
    {
        return new RtpPacketBuilder().ssrc(ssrc).payloadType(111).sequenceNumber(seq)
            .build(buffer, 0, buffer.capacity(), new UnsafeBuffer(new byte[20]), 0, 20);
    }

    @Test
    void shouldDropUnclassifiableDatagramsAtClassify()
    {
        receive(0);
        buffer.putByte(0, (byte)0x00);
        receive(20);
        buffer.putByte(0, (byte)0x17);
        receive(40);
        buffer.putByte(0, (byte)0x80);
        receive(5);
        buffer.putByte(0, (byte)0x05);
        receive(9);

        assertEquals(2, dropped("classify", DropReason.MALFORMED), "empty, and RTP shorter than 12 bytes");
        assertEquals(2, dropped("classify", DropReason.UNKNOWN_PROTOCOL), "STUN and DTLS first bytes");
        assertEquals(1, dropped("classify", DropReason.NO_CONTROL_HANDLER));
        final int[] controls = new int[1];
        session.controlHandler((peerId, b, offset, length, receivedNs) -> controls[0] += length);
        receive(9);
        assertEquals(9, controls[0]);
        assertEquals(1, chain.packetsConsumed("classify"));
        assertEquals(6, chain.packetsIn("classify"));
    }

    @Test
    void shouldDropBadRtpAtRtpValidateWithTheWireStatus()
    {
        final int length = rtp(0x1111, 1);
        buffer.putByte(0, (byte)0x83);
        receive(16);
        buffer.putByte(0, (byte)0x90);
        buffer.putShort(14, (short)100, ByteOrder.BIG_ENDIAN);
        receive(length);
        rtp(0x1111, 1);
        buffer.putByte(0, (byte)0xA0);
        buffer.putByte(length - 1, (byte)0);
        receive(length);

        assertEquals(1, dropped("rtp-validate", WireStatus.BAD_COUNT), "three CSRCs announced, one fits");
        assertEquals(1, dropped("rtp-validate", WireStatus.BAD_LENGTH), "extension runs past the end");
        assertEquals(1, dropped("rtp-validate", WireStatus.BAD_PADDING), "padding count 0");
        assertEquals(0, session.receiveStreamCount());
        assertTrue(chain.describe().contains("rtp-validate         in=3 consumed=0 dropped=3 (inconsistent count=1"),
            chain.describe());
    }

    @Test
    void shouldDropBadRtcpCompoundsAtRtcpAndSkipBadPacketsInsideGoodOnes()
    {
        final int rr = ReceiverReport.build(buffer, 0, 100, 0x2222, 0);
        buffer.putShort(2, (short)9, ByteOrder.BIG_ENDIAN);
        receive(rr);
        final int sdes = Sdes.buildCname(buffer, 0, 100, 0x2222, "x");
        receive(sdes);
        ReceiverReport.build(buffer, 0, 100, 0x2222, 0);
        receive(rr + 2);
        ReceiverReport.build(buffer, 0, 100, 0x2222, 0);
        buffer.putByte(rr, (byte)0x41);
        buffer.putByte(rr + 1, (byte)RtcpHeader.PT_BYE);
        buffer.putShort(rr + 2, (short)0);
        receive(rr + 4);

        assertEquals(1, dropped("rtcp", WireStatus.TRUNCATED), "length field past the datagram");
        assertEquals(1, dropped("rtcp", WireStatus.BAD_TYPE), "compound must start with SR or RR");
        assertEquals(1, dropped("rtcp", WireStatus.BAD_LENGTH), "2-byte tail");
        assertEquals(1, dropped("rtcp", WireStatus.BAD_VERSION), "second packet of version 1");

        // A compound whose SR claims 3 report blocks but holds none: skipped, while its BYE still applies.
        receive(rtp(0x3333, 10));
        receive(rtp(0x3333, 11));
        int length = SenderReport.build(buffer, 0, 100, 0x3333, 0, 0, 0, 0, 0);
        buffer.putByte(0, (byte)0x83);
        length += Bye.build(buffer, length, 100, new int[]{ 0x3333 }, 1, null, 0, 0);
        receive(length);
        assertEquals(1, chain.packetsConsumed("rtcp"));
        assertEquals(1, session.counters().rtcpPacketsInvalid());
        assertTrue(session.receiveStreamBySsrc(0x3333).isEnded());
        receive(rtp(0x3333, 12));
        assertEquals(1, dropped("ssrc-demux", DropReason.STREAM_ENDED));
    }

    @Test
    void shouldDropNewSsrcsBeyondTheMaximumAndOurOwnSsrc()
    {
        receive(rtp(0xA, 1));
        receive(rtp(0xB, 1));
        receive(rtp(0xC, 1));
        receive(rtp(LOCAL_SSRC, 1));

        assertEquals(2, session.receiveStreamCount());
        assertEquals(1, dropped("ssrc-demux", DropReason.TOO_MANY_STREAMS));
        assertEquals(1, dropped("ssrc-demux", DropReason.SSRC_COLLISION));
        assertEquals(2, chain.packetsForwarded());

        // An ended stream frees its slot for a newcomer.
        final int bye = Bye.build(buffer, ReceiverReport.build(buffer, 0, 100, 0xA, 0), 100,
            new int[]{ 0xA }, 1, null, 0, 0);
        receive(bye + 8);
        receive(rtp(0xC, 2));
        assertEquals(0xC, session.receiveStream(0).ssrc());
    }

    @Test
    void shouldSurviveAMillionRandomAndMutatedDatagrams()
    {
        final long seed = 0x5E55_1011L;
        final SplittableRandom random = new SplittableRandom(seed);
        final long[] delivered = new long[1];
        session.rtpHandler((stream, packet, arrivalNs) ->
        {
            assertTrue(packet.payloadOffset() + packet.payloadLength() <= packet.offset() + packet.length());
            delivered[0]++;
        });
        final NackPacket nack = new NackPacket();
        session.addFeedbackListener((type, format, b, offset, length, arrivalNs) ->
        {
            if (type == RtcpHeader.PT_RTPFB && format == RtcpHeader.FMT_NACK &&
                nack.wrap(b, offset, length).validate() == WireStatus.OK)
            {
                nack.lostCount();
            }
        });
        final byte[] validRtp = bytes(rtp(0x4444, 500));
        final byte[] validCompound = validCompound();
        final int datagrams = 1_000_000;
        for (int i = 0; i < datagrams; i++)
        {
            final int length;
            switch (i % 3)
            {
                case 0: length = randomDatagram(random); break;
                case 1: length = mutate(random, validRtp); break;
                default: length = mutate(random, validCompound); break;
            }
            try
            {
                receive(length);
            }
            catch (final RuntimeException ex)
            {
                throw new AssertionError("seed " + seed + " datagram " + i, ex);
            }
        }
        long stopped = 0;
        for (int s = 0; s < chain.size(); s++)
        {
            stopped += chain.packetsConsumed(s) + chain.packetsDropped(s);
        }
        assertEquals(datagrams, chain.packetsIn(0));
        assertEquals(datagrams, stopped + chain.packetsForwarded(), "every datagram's fate is counted once");
        assertEquals(delivered[0], chain.packetsForwarded());
        assertTrue(chain.packetsForwarded() > 10_000, "some got through: " + chain.describe());
        assertTrue(session.counters().rtcpCompoundsReceived() > 10_000, "some RTCP got through");
    }

    private int randomDatagram(final SplittableRandom random)
    {
        final int length = random.nextInt(120);
        for (int i = 0; i < length; i++)
        {
            buffer.putByte(i, (byte)random.nextInt());
        }
        if (length > 1 && random.nextBoolean())
        {
            buffer.putByte(0, (byte)(0x80 | random.nextInt(0x40)));
            buffer.putByte(1, (byte)(random.nextBoolean() ? 200 + random.nextInt(7) : random.nextInt(128)));
        }
        return length;
    }

    private int mutate(final SplittableRandom random, final byte[] valid)
    {
        buffer.putBytes(0, valid);
        int length = valid.length;
        switch (random.nextInt(4))
        {
            case 0:
                final int flips = 1 + random.nextInt(4);
                for (int f = 0; f < flips; f++)
                {
                    final int bit = random.nextInt(length * 8);
                    buffer.putByte(bit / 8, (byte)(buffer.getByte(bit / 8) ^ (1 << (bit % 8))));
                }
                break;
            case 1:
                length = random.nextInt(length + 1);
                break;
            case 2:
                final int at = random.nextInt(Math.max(1, length / 4)) * 4;
                buffer.putShort(Math.min(at + 2, length - 2), (short)random.nextInt(), ByteOrder.BIG_ENDIAN);
                break;
            default:
                break;
        }
        return length;
    }

    private byte[] validCompound()
    {
        int length = SenderReport.build(buffer, 0, 200, 0x4444, 0x1234_5678_9ABC_DEF0L, 1, 2, 3, 1);
        ReportBlock.write(buffer, 28, LOCAL_SSRC, 10, 5, 1000, 20, 0x1234, 0x10);
        length += Sdes.buildCname(buffer, length, 200, 0x4444, "fuzz@classwire");
        length += NackPacket.build(buffer, length, 200, 0x4444, LOCAL_SSRC, new int[]{ 3, 5, 40 }, 3, 10);
        return bytes(length);
    }

    private byte[] bytes(final int length)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(0, copy);
        return copy;
    }
}
