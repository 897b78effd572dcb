package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtpPacketBuilder;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Builds RTP packets for recovery tests: random payloads and lengths, sometimes CSRCs, extensions and padding. */
final class TestPackets
{
    private TestPackets()
    {
    }

    /**
     * @param random     source of every choice.
     * @param seq        sequence number.
     * @param timestamp  RTP timestamp.
     * @param ssrc       SSRC.
     * @param maxPayload longest payload.
     * @return the packet's bytes.
     */
    static byte[] random(
        final SplittableRandom random, final int seq, final int timestamp, final int ssrc, final int maxPayload)
    {
        final RtpPacketBuilder builder = new RtpPacketBuilder();
        builder.marker(random.nextInt(4) == 0).payloadType(96 + random.nextInt(20)).sequenceNumber(seq)
            .timestamp(timestamp).ssrc(ssrc);
        if (random.nextInt(8) == 0)
        {
            for (int i = random.nextInt(1, 4); i > 0; i--)
            {
                builder.addCsrc(random.nextInt());
            }
        }
        if (random.nextInt(8) == 0)
        {
            builder.extensions().addByte(1, random.nextInt(256));
        }
        if (random.nextInt(8) == 0)
        {
            builder.paddingLength(random.nextInt(1, 20));
        }
        final byte[] payload = new byte[random.nextInt(maxPayload + 1)];
        for (int i = 0; i < payload.length; i++)
        {
            payload[i] = (byte)random.nextInt(256);
        }
        final byte[] out = new byte[2048];
        final int length = builder.build(new UnsafeBuffer(out), 0, out.length, new UnsafeBuffer(payload), 0,
            payload.length);
        if (length < 0)
        {
            throw new IllegalStateException("build failed " + length);
        }
        return Arrays.copyOf(out, length);
    }

    /**
     * @param bytes a packet.
     * @return a validated flyweight over a copy.
     */
    static RtpPacket wrap(final byte[] bytes)
    {
        final RtpPacket packet = new RtpPacket().wrap(new UnsafeBuffer(bytes.clone()), 0, bytes.length);
        if (packet.validate() != 0)
        {
            throw new IllegalStateException("invalid test packet");
        }
        return packet;
    }

    static int seqOf(final byte[] packet)
    {
        return ((packet[2] & 0xFF) << 8) | (packet[3] & 0xFF);
    }
}
