package io.classwire.core.probe;

import io.classwire.core.wire.ControlHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Byte-exact vectors for each probe message, constructed by hand from the field layouts in {@link ProbeMessage}'s
 * javadoc (there is no external reference for our own framing), plus validation failures and seeded round trips.
 */
class ProbeMessageTest
{
    private static final byte[] ECHO_REPLY = bytes(
        0x04, 0x02, 0x00, 0x34, 0x00, 0x0C, 0x1A, 0x55,   // marker, type 2, length 52, probe id
        0x00, 0x00, 0x00, 0x07,                           // sequence 7
        0xDE, 0xAD, 0xBE, 0xEF,                           // cookie
        0x00, 0x00, 0x00, 0x05,                           // requests received 5
        0x00, 0x00, 0x00, 0x00,                           // reserved
        0, 0, 0, 0, 0, 0, 0x03, 0xE8,                     // client send 1000 ns
        0, 0, 0, 0, 0, 0, 0x07, 0xD0,                     // responder receive 2000 ns
        0, 0, 0, 0, 0, 0, 0x07, 0xD5,                     // responder send 2005 ns
        0, 0, 0, 0);                                      // padding to 52
    private static final byte[] TRAIN_PACKET_HEAD = bytes(
        0x04, 0x03, 0x00, 0x40, 0x00, 0x00, 0x00, 0x09,   // type 3, length 64, probe id 9
        0x00, 0x00, 0x00, 0x2A,                           // train 42
        0x00, 0x03, 0x00, 0x14,                           // index 3 of 20
        0, 0, 0, 0, 0x3B, 0x9A, 0xCA, 0x00);              // send time 1 s
    private static final byte[] TRAIN_REPORT = bytes(
        0x04, 0x04, 0x00, 0x30, 0x00, 0x00, 0x00, 0x09,   // type 4, length 48
        0x00, 0x00, 0x00, 0x2A,                           // train 42
        0x00, 0x12, 0x00, 0x14,                           // 18 of 20 received
        0x00, 0x00, 0x54, 0x60,                           // 21600 bytes
        0x00, 0x0F, 0x42, 0x40,                           // 1,000,000 bps
        0, 0, 0, 0, 0x77, 0x35, 0x94, 0x00,               // first arrival 2 s
        0, 0, 0, 0, 0x77, 0x3E, 0xBB, 0xC0,               // last arrival 2.0006 s
        0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFC, 0x18);  // delay growth -1000 ns
    private static final byte[] DOWNLINK_REQUEST = bytes(
        0x04, 0x05, 0x00, 0x18, 0x00, 0x00, 0x00, 0x09,   // type 5, length 24
        0x00, 0x00, 0x00, 0x2B,                           // train 43
        0xDE, 0xAD, 0xBE, 0xEF,                           // cookie
        0x00, 0xFA, 0x04, 0xB0,                           // 250 packets of 1200 bytes
        0x01, 0x31, 0x2D, 0x00);                          // 20,000,000 bps

    private final ProbeMessage message = new ProbeMessage();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[2048]);

    @Test
    void shouldParseAndWriteEchoReplyByteExact()
    {
        assertEquals(WireStatus.OK, wrap(ECHO_REPLY).validate());
        assertEquals(ControlHeader.TYPE_PROBE_ECHO_REPLY, message.type());
        assertEquals(0x0C1A55, message.probeId());
        assertEquals(7, message.sequence());
        assertEquals(0xDEADBEEF, message.cookie());
        assertEquals(5, message.requestsReceived());
        assertEquals(1000, message.clientSendNs());
        assertEquals(2000, message.responderReceiveNs());
        assertEquals(2005, message.responderSendNs());
        final int length = ProbeMessageWriter.writeEchoReply(out, 0, 2048, 0x0C1A55, 7, 0xDEADBEEF, 5, 1000, 2000,
            2005, 52);
        assertArrayEquals(ECHO_REPLY, Arrays.copyOf(out.byteArray(), length));
    }

    @Test
    void shouldParseAndWriteTrainPacketByteExact()
    {
        final byte[] packet = Arrays.copyOf(TRAIN_PACKET_HEAD, 64);
        assertEquals(WireStatus.OK, wrap(packet).validate());
        assertEquals(42, message.trainId());
        assertEquals(3, message.trainIndex());
        assertEquals(20, message.count());
        assertEquals(1_000_000_000L, message.trainSendNs());
        out.setMemory(0, 2048, (byte)0x55);
        final int length = ProbeMessageWriter.writeTrainPacket(out, 0, 2048, 9, 42, 3, 20, 1_000_000_000L, 64);
        assertArrayEquals(packet, Arrays.copyOf(out.byteArray(), length), "padding is zero-filled");
    }

    @Test
    void shouldParseAndWriteTrainReportByteExact()
    {
        assertEquals(WireStatus.OK, wrap(TRAIN_REPORT).validate());
        assertEquals(42, message.trainId());
        assertEquals(18, message.packetsReceived());
        assertEquals(20, message.count());
        assertEquals(21_600, message.bytesReceived());
        assertEquals(1_000_000, message.receivedRateBps());
        assertEquals(2_000_000_000L, message.firstArrivalNs());
        assertEquals(2_000_600_000L, message.lastArrivalNs());
        assertEquals(-1000, message.delayGrowthNs());
        final int length = ProbeMessageWriter.writeTrainReport(out, 0, 2048, 9, 42, 18, 20, 21_600, 1_000_000,
            2_000_000_000L, 2_000_600_000L, -1000);
        assertArrayEquals(TRAIN_REPORT, Arrays.copyOf(out.byteArray(), length));
    }

    @Test
    void shouldParseAndWriteDownlinkRequestByteExact()
    {
        assertEquals(WireStatus.OK, wrap(DOWNLINK_REQUEST).validate());
        assertEquals(43, message.trainId());
        assertEquals(0xDEADBEEF, message.cookie());
        assertEquals(250, message.requestedCount());
        assertEquals(1200, message.requestedPacketBytes());
        assertEquals(20_000_000, message.requestedRateBps());
        final int length = ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 2048, 9, 43, 0xDEADBEEF, 250, 1200,
            20_000_000);
        assertArrayEquals(DOWNLINK_REQUEST, Arrays.copyOf(out.byteArray(), length));
    }

    @Test
    void shouldRejectBodiesThatBreakTheirRules()
    {
        assertEquals(WireStatus.TRUNCATED, validate(resized(ECHO_REPLY, 47)));
        assertEquals(WireStatus.BAD_VALUE, validate(with(ECHO_REPLY, 47, 0xCF)), "sent before received");
        assertEquals(WireStatus.TRUNCATED, validate(resized(TRAIN_PACKET_HEAD, 47)));
        assertEquals(WireStatus.BAD_COUNT, validate(with(Arrays.copyOf(TRAIN_PACKET_HEAD, 64), 13, 20)));
        assertEquals(WireStatus.BAD_COUNT, validate(with(with(Arrays.copyOf(TRAIN_PACKET_HEAD, 64), 15, 0), 13, 0)));
        assertEquals(WireStatus.OVERSIZED, validate(resized(TRAIN_REPORT, 52)));
        assertEquals(WireStatus.TRUNCATED, validate(resized(TRAIN_REPORT, 44)));
        assertEquals(WireStatus.BAD_COUNT, validate(with(TRAIN_REPORT, 13, 21)), "more received than sent");
        assertEquals(WireStatus.BAD_COUNT, validate(with(TRAIN_REPORT, 13, 0)), "nothing received");
        assertEquals(WireStatus.BAD_VALUE, validate(with(TRAIN_REPORT, 36, 0x70)), "last before first arrival");
        assertEquals(WireStatus.OVERSIZED, validate(resized(DOWNLINK_REQUEST, 28)));
        assertEquals(WireStatus.BAD_COUNT, validate(with(with(DOWNLINK_REQUEST, 16, 0), 17, 0)));
        assertEquals(WireStatus.BAD_VALUE, validate(with(with(DOWNLINK_REQUEST, 18, 0), 19, 47)), "tiny packets");
        assertEquals(WireStatus.BAD_VALUE, validate(with(with(with(with(DOWNLINK_REQUEST, 20, 0), 21, 0), 22, 0),
            23, 0)), "zero rate");
        assertEquals(WireStatus.BAD_TYPE, validate(with(DOWNLINK_REQUEST, 1, 6)), "not a probe type");
        assertEquals(WireStatus.BAD_VERSION, validate(with(DOWNLINK_REQUEST, 0, 5)));
    }

    @Test
    void shouldRejectBadWriterArguments()
    {
        assertEquals(WireStatus.BAD_LENGTH, ProbeMessageWriter.writeEchoRequest(out, 0, 2048, 1, 1, 1, 47));
        assertEquals(WireStatus.TRUNCATED, ProbeMessageWriter.writeEchoRequest(out, 0, 99, 1, 1, 1, 100));
        assertEquals(WireStatus.BAD_VALUE, ProbeMessageWriter.writeEchoReply(out, 0, 2048, 1, 1, 1, 1, 1, 10, 9, 48));
        assertEquals(WireStatus.BAD_COUNT, ProbeMessageWriter.writeTrainPacket(out, 0, 2048, 1, 1, 5, 5, 0, 48));
        assertEquals(WireStatus.BAD_COUNT, ProbeMessageWriter.writeTrainPacket(out, 0, 2048, 1, 1, 0, 65_536, 0, 48));
        assertEquals(WireStatus.BAD_LENGTH, ProbeMessageWriter.writeTrainPacket(out, 0, 2048, 1, 1, 0, 1, 0, 47));
        assertEquals(WireStatus.BAD_COUNT, ProbeMessageWriter.writeTrainReport(out, 0, 2048, 1, 1, 0, 5, 0, 0, 0, 0,
            0));
        assertEquals(WireStatus.BAD_VALUE, ProbeMessageWriter.writeTrainReport(out, 0, 2048, 1, 1, 1, 5, 0, 0, 9, 8,
            0));
        assertEquals(WireStatus.BAD_VALUE, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 2048, 1, 1, 1, 1, 47,
            1));
        assertEquals(WireStatus.BAD_VALUE, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 2048, 1, 1, 1, 1, 48,
            0));
        assertEquals(WireStatus.BAD_COUNT, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 2048, 1, 1, 1, 0, 48,
            1));
        assertEquals(WireStatus.TRUNCATED, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 23, 1, 1, 1, 1, 48,
            1));
    }

    @Test
    void shouldRoundTripRandomMessages()
    {
        final long seed = 0x9E0B_E001L;
        final SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 20_000; i++)
        {
            final String context = "seed=" + seed + " i=" + i;
            final int probeId = random.nextInt();
            final int trainId = random.nextInt();
            final int count = 1 + random.nextInt(0xFFFF);
            final int index = random.nextInt(count);
            final long timeNs = random.nextLong();
            final int size = ProbeMessage.TRAIN_PACKET_MIN_LENGTH + random.nextInt(2000);
            assertEquals(size, ProbeMessageWriter.writeTrainPacket(out, 0, 2048, probeId, trainId, index, count,
                timeNs, size), context);
            assertEquals(WireStatus.OK, message.wrap(out, 0, size).validate(), context);
            assertEquals(probeId, message.probeId(), context);
            assertEquals(trainId, message.trainId(), context);
            assertEquals(index, message.trainIndex(), context);
            assertEquals(count, message.count(), context);
            assertEquals(timeNs, message.trainSendNs(), context);

            final long rateBps = 1 + random.nextLong(0xFFFF_FFFFL);
            final int cookie = random.nextInt();
            assertEquals(ProbeMessage.REQUEST_LENGTH, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 2048,
                probeId, trainId, cookie, count, size, rateBps), context);
            assertEquals(WireStatus.OK, message.wrap(out, 0, ProbeMessage.REQUEST_LENGTH).validate(), context);
            assertEquals(cookie, message.cookie(), context);
            assertEquals(count, message.requestedCount(), context);
            assertEquals(size, message.requestedPacketBytes(), context);
            assertEquals(rateBps, message.requestedRateBps(), context);

            final long received = random.nextLong(0x1_0000_0000L);
            final long holdNs = random.nextLong(1L << 40);
            final int echoLength = ProbeMessage.ECHO_MIN_LENGTH + random.nextInt(1000);
            assertEquals(echoLength, ProbeMessageWriter.writeEchoReply(out, 0, 2048, probeId, index, cookie,
                received, timeNs, timeNs >> 1, (timeNs >> 1) + holdNs, echoLength), context);
            assertEquals(WireStatus.OK, message.wrap(out, 0, echoLength).validate(), context);
            assertEquals(index, message.sequence(), context);
            assertEquals(received, message.requestsReceived(), context);
            assertEquals(holdNs, message.responderSendNs() - message.responderReceiveNs(), context);
        }
    }

    private ProbeMessage wrap(final byte[] bytes)
    {
        return message.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private int validate(final byte[] bytes)
    {
        return wrap(bytes).validate();
    }

    /** Copy with a new length, the header's length field updated to match. */
    private static byte[] resized(final byte[] bytes, final int length)
    {
        final byte[] copy = Arrays.copyOf(bytes, length);
        copy[2] = (byte)(length >> 8);
        copy[3] = (byte)length;
        return copy;
    }

    private static byte[] with(final byte[] bytes, final int index, final int value)
    {
        final byte[] copy = bytes.clone();
        copy[index] = (byte)value;
        return copy;
    }

    static byte[] bytes(final int... values)
    {
        final byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = (byte)values[i];
        }
        return result;
    }
}
