package io.classwire.core.recovery;

import io.classwire.core.wire.NackPacket;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtxPayload;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** NACK answering: RFC 4588 packets that restore the original, once per RTT, within the byte budget. */
class RtxSenderTest
{
    private static final long MS = 1_000_000L;
    private static final int MEDIA_SSRC = 0x0A0B_0C0D;
    private static final int RTX_SSRC = 0x1122_3344;
    private static final int MEDIA_PT = 111;
    private static final int RTX_PT = 97;

    private final CapturingTransport transport = new CapturingTransport();
    private final RtpPacketHistory history = new RtpPacketHistory(512, 256 * 1024, 5_000 * MS);
    private final RtxPacketWriter writer = new RtxPacketWriter(RTX_SSRC, RTX_PT, 65_535, 1500, transport, 1);
    private final byte[][] originals = new byte[100][];

    private void sendMedia(final SplittableRandom random, final boolean padding)
    {
        for (int i = 0; i < originals.length; i++)
        {
            final byte[] packet = TestPackets.random(random, 1000 + i, i * 960, MEDIA_SSRC, 300);
            originals[i] = padding ? packet : withoutPadding(packet);
            history.store(new UnsafeBuffer(originals[i]), 0, originals[i].length, i * 20 * MS);
        }
    }

    private static byte[] withoutPadding(final byte[] packet)
    {
        final RtpPacket view = TestPackets.wrap(packet);
        final byte[] copy = java.util.Arrays.copyOf(packet, packet.length - view.paddingLength());
        copy[0] &= (byte)~RtpPacket.PADDING_BIT;
        return copy;
    }

    @Test
    void shouldRestoreTheOriginalSequenceNumberAndBytesFromTheRetransmission()
    {
        sendMedia(new SplittableRandom(11), false);
        final RtxSender sender = new RtxSender(history, writer, 10_000_000, 100_000);
        final long nowNs = 2_100 * MS;
        for (int i = 0; i < originals.length; i += 7)
        {
            assertEquals(RtxSender.RESENT, sender.resend(1000 + i, nowNs));
        }
        final RtpPacket rtx = new RtpPacket();
        final UnsafeBuffer restored = new UnsafeBuffer(new byte[1500]);
        int rtxSeq = 65_535;
        int index = 0;
        for (final byte[] sent : transport.sent)
        {
            assertEquals(0, rtx.wrap(new UnsafeBuffer(sent), 0, sent.length).validate());
            assertEquals(RTX_SSRC, rtx.ssrc());
            assertEquals(RTX_PT, rtx.payloadType());
            assertEquals(rtxSeq, rtx.sequenceNumber(), "the RTX stream numbers its own packets, across the wrap");
            rtxSeq = (rtxSeq + 1) & 0xFFFF;
            final int length = RtxPayload.writeOriginal(rtx, MEDIA_PT, MEDIA_SSRC, restored, 0, restored.capacity());
            final byte[] expected = originals[index].clone();
            expected[1] = (byte)((expected[1] & 0x80) | MEDIA_PT);
            final byte[] actual = new byte[length];
            restored.getBytes(0, actual);
            assertArrayEquals(expected, actual, "packet " + index);
            index += 7;
        }
        assertEquals(15, transport.sent.size());
        assertEquals(15, sender.packetsSent());
        long bytes = 0;
        for (final byte[] sent : transport.sent)
        {
            bytes += sent.length;
        }
        assertEquals(bytes, sender.bytesSent(), "bytes exposed for congestion control");
    }

    @Test
    void shouldDropTheOriginalsPaddingAsRfc4588Requires()
    {
        final SplittableRandom random = new SplittableRandom(5);
        final byte[] padded = TestPackets.random(random, 42, 0, MEDIA_SSRC, 100);
        final RtpPacket view = TestPackets.wrap(padded);
        if (view.paddingLength() == 0)
        {
            return;
        }
        history.store(new UnsafeBuffer(padded), 0, padded.length, 0);
        final RtxSender sender = new RtxSender(history, writer, 10_000_000, 100_000);
        assertEquals(RtxSender.RESENT, sender.resend(42, 0));
        assertEquals(padded.length - view.paddingLength() + 2, transport.sent.get(0).length);
    }

    @Test
    void shouldAnswerEachListedSequenceNumberButNoMoreThanOncePerRtt()
    {
        sendMedia(new SplittableRandom(12), true);
        final RtxSender sender = new RtxSender(history, writer, 10_000_000, 100_000);
        sender.rttNs(80 * MS);
        final UnsafeBuffer nackBuffer = new UnsafeBuffer(new byte[256]);
        final int[] lost = { 1003, 1005, 1030, 1031, 1099, 2000 };
        final int length = NackPacket.build(nackBuffer, 0, 256, 1, MEDIA_SSRC, lost, lost.length, 10);
        final NackPacket nack = new NackPacket().wrap(nackBuffer, 0, length);
        assertEquals(0, nack.validate());

        assertEquals(5, sender.onNack(nack, 2_000 * MS), "2000 was never sent");
        assertEquals(1, sender.notFound());
        assertEquals(0, sender.onNack(nack, 2_079 * MS), "79 ms later is inside one RTT");
        assertEquals(5, sender.tooSoon());
        assertEquals(5, sender.onNack(nack, 2_080 * MS), "one RTT later a new request is answered");
        assertEquals(10, transport.sent.size());
    }

    @Test
    void shouldKeepRetransmissionsWithinTheByteBudget()
    {
        sendMedia(new SplittableRandom(13), true);
        final long budgetBps = 64_000;
        final int burstBytes = 2_000;
        final RtxSender sender = new RtxSender(history, writer, budgetBps, burstBytes);
        sender.rttNs(1);
        final SplittableRandom random = new SplittableRandom(14);
        final long startNs = 2_000 * MS;
        for (long t = startNs; t < startNs + 1_000 * MS; t += MS)
        {
            sender.resend(1000 + random.nextInt(100), t);
        }
        final long allowed = budgetBps / 8 + burstBytes;
        assertTrue(sender.bytesSent() <= allowed, sender.bytesSent() + " bytes in 1 s, allowed " + allowed);
        assertTrue(sender.bytesSent() > allowed * 0.8, "the budget is used: " + sender.bytesSent());
        assertTrue(sender.rateLimited() > 0);

        transport.result = CapturingTransport.BACK_PRESSURED;
        final long before = sender.bytesSent();
        assertEquals(RtxSender.SEND_FAILED, sender.resend(1050, startNs + 1_500 * MS));
        assertEquals(before, sender.bytesSent(), "a refused send is not charged");
    }
}
