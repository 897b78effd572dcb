package io.classwire.core.recovery;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One block of media packets run through an encoder, kept as the list of datagrams in sending order (each media
 * packet, followed by any repairs it completed), to replay through a decoder with any subset lost.
 */
final class FecBlockFixture
{
    static final int SSRC = 0x1234_5678;

    final List<byte[]> datagrams = new ArrayList<>();
    final List<Boolean> isRepair = new ArrayList<>();
    final List<byte[]> media = new ArrayList<>();

    FecBlockFixture(final FecEncoder encoder, final SplittableRandom random, final int firstSeq, final int count,
        final int maxPayload)
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);
        for (int i = 0; i < count; i++)
        {
            final byte[] packet = TestPackets.random(random, (firstSeq + i) & 0xFFFF, 960 * i, SSRC, maxPayload);
            media.add(packet);
            add(packet, false);
            encoder.onMedia(new UnsafeBuffer(packet), 0, packet.length, i * 20_000_000L);
            drain(encoder, out);
        }
        encoder.flush();
        drain(encoder, out);
    }

    private void drain(final FecEncoder encoder, final UnsafeBuffer out)
    {
        while (encoder.pendingRepairs() > 0)
        {
            final int length = encoder.writeRepair(out, 0, out.capacity());
            add(Arrays.copyOf(out.byteArray(), length), true);
        }
    }

    private void add(final byte[] datagram, final boolean repair)
    {
        datagrams.add(datagram);
        isRepair.add(repair);
    }

    int size()
    {
        return datagrams.size();
    }

    /** Feed every datagram not marked lost, in order, then flush. */
    void replay(final FecDecoder decoder, final boolean[] lost, final CollectingHandler handler)
    {
        for (int i = 0; i < datagrams.size(); i++)
        {
            if (lost[i])
            {
                continue;
            }
            final byte[] bytes = datagrams.get(i);
            if (isRepair.get(i))
            {
                decoder.onRepair(new UnsafeBuffer(bytes), 0, bytes.length, handler);
            }
            else
            {
                decoder.onMedia(new UnsafeBuffer(bytes), 0, bytes.length, handler);
            }
        }
        decoder.flush(handler);
    }

    static FecDecoder decoder()
    {
        return new FecDecoder(new FecDecoderContext().protectedSsrc(SSRC).maxPacketLength(1500));
    }
}
