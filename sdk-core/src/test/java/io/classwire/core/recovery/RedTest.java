package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 2198 redundancy: the encoder's layout, and the decoder's split, recovery and duplicate suppression. */
class RedTest
{
    private static final int RED_PT = 63;
    private static final int OPUS_PT = 111;
    private static final int SSRC = 0x0BAD_CAFE;

    /** A stream of RED packets and the plain packets they stand for. */
    private static final class Stream
    {
        final List<byte[]> red = new ArrayList<>();
        final List<byte[]> payloads = new ArrayList<>();
        final List<Integer> timestamps = new ArrayList<>();
    }

    private static Stream stream(final int distance, final int count, final int firstSeq, final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final RedEncoder encoder = new RedEncoder(distance, 1000);
        final RtpPacketBuilder builder = new RtpPacketBuilder().ssrc(SSRC).payloadType(RED_PT);
        final UnsafeBuffer redPayload = new UnsafeBuffer(new byte[2048]);
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[2048]);
        final Stream stream = new Stream();
        int timestamp = 1_000;
        for (int i = 0; i < count; i++)
        {
            final byte[] payload = new byte[random.nextInt(1, 120)];
            random.nextBytes(payload);
            // A pause now and then (DTX): timestamps jump, sequence numbers do not.
            timestamp += random.nextInt(10) == 0 ? 960 * 5 : 960;
            final int n = encoder.encode(OPUS_PT, timestamp, new UnsafeBuffer(payload), 0, payload.length, redPayload,
                0, 2048);
            final int length = builder.sequenceNumber(firstSeq + i).timestamp(timestamp)
                .build(packet, 0, 2048, redPayload, 0, n);
            stream.red.add(Arrays.copyOf(packet.byteArray(), length));
            stream.payloads.add(payload);
            stream.timestamps.add(timestamp);
        }
        return stream;
    }

    private static CollectingHandler replay(final Stream stream, final boolean[] lost, final RedDecoder decoder)
    {
        final CollectingHandler handler = new CollectingHandler();
        for (int i = 0; i < stream.red.size(); i++)
        {
            if (!lost[i])
            {
                assertTrue(decoder.onPacket(TestPackets.wrap(stream.red.get(i)), handler) >= 0);
            }
        }
        return handler;
    }

    @Test
    void shouldWriteTheRfc2198LayoutByteForByte()
    {
        // Hand-built from RFC 2198 section 3: F=1, block PT 111, timestamp offset 960 (14 bits), block length 3
        // (10 bits); then F=0 with the primary PT; then the redundant data and the primary data.
        final RedEncoder encoder = new RedEncoder(1, 100);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        encoder.encode(OPUS_PT, 1000, new UnsafeBuffer(new byte[]{ 1, 2, 3 }), 0, 3, out, 0, 64);
        final int n = encoder.encode(OPUS_PT, 1960, new UnsafeBuffer(new byte[]{ 9, 8 }), 0, 2, out, 0, 64);
        final byte[] expected = { (byte)0xEF, 0x0F, 0x00, 0x03, 0x6F, 1, 2, 3, 9, 8 };
        assertArrayEquals(expected, Arrays.copyOf(out.byteArray(), n));
    }

    @ParameterizedTest
    @ValueSource(ints = { 1, 2, 3 })
    void shouldRebuildEveryBurstUpToTheDistanceExactly(final int distance)
    {
        final Stream stream = stream(distance, 400, 65_400, distance);
        final boolean[] lost = new boolean[400];
        final SplittableRandom random = new SplittableRandom(99);
        for (int i = 5; i < 390; i += distance + 1 + random.nextInt(3))
        {
            final int burst = random.nextInt(1, distance + 1);
            for (int b = 0; b < burst; b++)
            {
                lost[i + b] = true;
            }
            i += burst;
        }
        final RedDecoder decoder = new RedDecoder(RED_PT, 1500, 1024);
        final CollectingHandler handler = replay(stream, lost, decoder);
        for (int i = 0; i < 400; i++)
        {
            final int seq = (65_400 + i) & 0xFFFF;
            final byte[] packet = lost[i] ? handler.recovered.get(seq) : handler.plain.get(seq);
            assertTrue(packet != null, "packet " + i + " lost=" + lost[i]);
            final RtpPacket view = TestPackets.wrap(packet);
            assertEquals(OPUS_PT, view.payloadType());
            assertEquals(seq, view.sequenceNumber());
            assertEquals(SSRC, view.ssrc());
            assertEquals((int)stream.timestamps.get(i), view.timestamp(), "timestamp from the offset, packet " + i);
            final byte[] payload = new byte[view.payloadLength()];
            view.buffer().getBytes(view.payloadOffset(), payload);
            assertArrayEquals(stream.payloads.get(i), payload);
        }
        assertEquals(0, handler.duplicateRecoveries);
        assertEquals(handler.recovered.size(), decoder.recovered());
    }

    @Test
    void shouldNotRebuildABurstLongerThanTheDistance()
    {
        final Stream stream = stream(2, 50, 10, 5);
        final boolean[] lost = new boolean[50];
        lost[20] = true;
        lost[21] = true;
        lost[22] = true;
        final CollectingHandler handler = replay(stream, lost, new RedDecoder(RED_PT, 1500, 1024));
        assertNull(handler.recovered.get(30));
        assertEquals(List.of(31, 32), new ArrayList<>(handler.recovered.keySet()));
    }

    @Test
    void shouldIgnoreDuplicatesAndLateOriginals()
    {
        final Stream stream = stream(1, 10, 500, 6);
        final RedDecoder decoder = new RedDecoder(RED_PT, 1500, 1024);
        final CollectingHandler handler = new CollectingHandler();
        decoder.onPacket(TestPackets.wrap(stream.red.get(0)), handler);
        decoder.onPacket(TestPackets.wrap(stream.red.get(2)), handler);  // 1 lost so far: rebuilt from 2
        decoder.onPacket(TestPackets.wrap(stream.red.get(2)), handler);  // duplicate
        decoder.onPacket(TestPackets.wrap(stream.red.get(1)), handler);  // the late original
        assertEquals(List.of(500, 501, 502), handler.order);
        assertEquals(2, decoder.duplicates());
        assertEquals(1, decoder.recovered());
        assertFalse(decoder.onPlainPacket(502));
    }

    @Test
    void shouldKeepPassingTheStreamWhenOnePacketJumpedFarAhead()
    {
        final RedDecoder decoder = new RedDecoder(RED_PT, 1500, 1024);
        assertTrue(decoder.onPlainPacket(1000));
        assertTrue(decoder.onPlainPacket(1001));
        // a stray packet (forged, corrupt or from a restarted sender) far ahead moves the window
        assertTrue(decoder.onPlainPacket(1000 + 20_000));
        // the real stream is now behind the window: not provably a repeat, so it passes
        assertTrue(decoder.onPlainPacket(1002));
        assertTrue(decoder.onPlainPacket(1003));
        assertFalse(decoder.onPlainPacket(1000 + 20_000), "a repeat inside the window is still dropped");
    }

    @Test
    void shouldStopTheChainAtABlockItCannotCarry()
    {
        final RedEncoder encoder = new RedEncoder(3, 100);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[512]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[200]);
        encoder.encode(OPUS_PT, 0, payload, 0, 10, out, 0, 512);
        encoder.encode(OPUS_PT, 960, payload, 0, 150, out, 0, 512);   // too long to keep
        encoder.encode(OPUS_PT, 1920, payload, 0, 10, out, 0, 512);
        encoder.encode(OPUS_PT, 1920 + 20_000, payload, 0, 10, out, 0, 512);  // offset 20000 > 16383 for the one before
        // The 2nd packet carries the 1st; the 3rd stops at the unkept 2nd; the 4th at the 20000-tick offset.
        assertEquals(1, encoder.blocksCarried());
    }

    @Test
    void shouldCountMalformedRedPayloadsWithoutThrowing()
    {
        final RedDecoder decoder = new RedDecoder(RED_PT, 1500, 1024);
        final CollectingHandler handler = new CollectingHandler();
        final RtpPacketBuilder builder = new RtpPacketBuilder().ssrc(SSRC).payloadType(RED_PT).sequenceNumber(1);
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[64]);
        final byte[][] payloads = {
            {},                                                  // empty
            { (byte)0xEF, 0x0F },                                 // header cut short
            { (byte)0xEF, 0x0F, 0x03, (byte)0xFF, 0x6F, 1 },      // block length 1023 past the end
            { (byte)(0x80 | RED_PT), 0, 0, 1, 0x6F, 7, 8 },       // nested RED block
            { RED_PT, 1, 2 },                                     // nested RED primary
        };
        final int[] statuses = { WireStatus.TRUNCATED, WireStatus.TRUNCATED, WireStatus.BAD_LENGTH,
            WireStatus.BAD_TYPE, WireStatus.BAD_TYPE };
        for (int i = 0; i < payloads.length; i++)
        {
            final int length = builder.build(packet, 0, 64, new UnsafeBuffer(payloads[i]), 0, payloads[i].length);
            final RtpPacket view = new RtpPacket().wrap(packet, 0, length);
            assertEquals(WireStatus.OK, view.validate());
            assertEquals(statuses[i], decoder.onPacket(view, handler), "payload " + i);
        }
        assertEquals(5, decoder.malformed());
        assertEquals(2, decoder.malformed(WireStatus.BAD_TYPE));
        assertTrue(handler.order.isEmpty());
    }
}
