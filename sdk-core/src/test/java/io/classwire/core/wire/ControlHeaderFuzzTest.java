package io.classwire.core.wire;

import io.classwire.core.probe.ProbeMessage;
import io.classwire.core.probe.ProbeMessageWriter;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Feeds {@link WireFuzz#ITERATIONS} inputs to the control-message header parser and as many to the probe message
 * parser behind it, half random bytes and half mutations of valid probe messages (with targeted edits of the length
 * and count fields). Neither may throw or read outside its region (the fuzz view ends at the input's last byte), and
 * whatever they accept must satisfy the accessors' documented bounds. A failure names the seed, iteration and input.
 */
class ControlHeaderFuzzTest
{
    private static final int MAX_INPUT = 1600;
    private static final int CORPUS_SIZE = 256;
    private static final int[] FIELD_OFFSETS = { ControlHeader.LENGTH_OFFSET, 12, 14, 16, 18, 20 };

    /** Parses one input and checks invariants; returns the parser's status. */
    private interface Target
    {
        int parse(UnsafeBuffer buffer, int offset, int length);
    }

    private final ControlHeader header = new ControlHeader();
    private final ProbeMessage message = new ProbeMessage();

    @Test
    void shouldNeverThrowOnFuzzedControlHeaders()
    {
        final int[] histogram = fuzz(0xF022_C001L, this::parseHeader);
        assertReached(histogram, WireStatus.OK, WireStatus.TRUNCATED, WireStatus.OVERSIZED, WireStatus.BAD_VERSION,
            WireStatus.BAD_TYPE, WireStatus.BAD_LENGTH);
    }

    @Test
    void shouldNeverThrowOnFuzzedProbeMessages()
    {
        final int[] histogram = fuzz(0xF022_C002L, this::parseProbeMessage);
        assertReached(histogram, WireStatus.OK, WireStatus.TRUNCATED, WireStatus.OVERSIZED, WireStatus.BAD_TYPE,
            WireStatus.BAD_COUNT, WireStatus.BAD_VALUE, WireStatus.BAD_LENGTH);
    }

    private int[] fuzz(final long seed, final Target target)
    {
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final int[] lengths = new int[CORPUS_SIZE];
        final SplittableRandom corpusRandom = new SplittableRandom(seed ^ 0x5A5A);
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            corpus[i] = new byte[MAX_INPUT];
            lengths[i] = buildRandomMessage(corpusRandom, new UnsafeBuffer(corpus[i]));
            assertTrue(lengths[i] > 0, "corpus message " + i + " built: " + lengths[i]);
        }
        final WireFuzz fuzz = new WireFuzz(seed, MAX_INPUT);
        final SplittableRandom random = fuzz.random();
        final byte[] input = new byte[MAX_INPUT];
        final int[] histogram = new int[WireStatus.CODE_COUNT];
        for (int iteration = 0; iteration < WireFuzz.ITERATIONS; iteration++)
        {
            int length;
            if ((iteration & 1) == 0)
            {
                length = fuzz.randomBytes(input, MAX_INPUT);
                if (length > 0 && random.nextBoolean())
                {
                    input[0] = (byte)ControlHeader.MARKER_V1;
                }
            }
            else
            {
                final int pick = random.nextInt(CORPUS_SIZE);
                System.arraycopy(corpus[pick], 0, input, 0, lengths[pick]);
                length = lengths[pick];
                final boolean edit = random.nextInt(3) == 0;
                if (edit)
                {
                    fuzz.editField(input, length, FIELD_OFFSETS[random.nextInt(FIELD_OFFSETS.length)], 2);
                }
                if (!edit || random.nextBoolean())
                {
                    length = fuzz.mutate(input, length);
                }
            }
            final UnsafeBuffer view = fuzz.view(input, length);
            final int status;
            try
            {
                status = target.parse(view, fuzz.viewOffset(), length);
            }
            catch (final RuntimeException | AssertionError ex)
            {
                throw new AssertionError("seed=" + seed + " iteration=" + iteration + " offset=" + fuzz.viewOffset() +
                    " input=" + WireFuzz.hex(input, length), ex);
            }
            histogram[-status]++;
        }
        return histogram;
    }

    private static int buildRandomMessage(final SplittableRandom random, final UnsafeBuffer out)
    {
        final int probeId = random.nextInt();
        final int capacity = out.capacity();
        switch (random.nextInt(5))
        {
            case 0:
                return ProbeMessageWriter.writeEchoRequest(out, 0, capacity, probeId, random.nextInt(),
                    random.nextLong(), ProbeMessage.ECHO_MIN_LENGTH + random.nextInt(200));
            case 1:
                final long receivedNs = random.nextLong(1L << 60);
                return ProbeMessageWriter.writeEchoReply(out, 0, capacity, probeId, random.nextInt(), random.nextInt(),
                    random.nextInt(1000), random.nextLong(), receivedNs, receivedNs + random.nextInt(1_000_000),
                    ProbeMessage.ECHO_MIN_LENGTH + random.nextInt(200));
            case 2:
                final int count = 1 + random.nextInt(300);
                return ProbeMessageWriter.writeTrainPacket(out, 0, capacity, probeId, random.nextInt(),
                    random.nextInt(count), count, random.nextLong(),
                    ProbeMessage.TRAIN_PACKET_MIN_LENGTH + random.nextInt(1200));
            case 3:
                final int sent = 1 + random.nextInt(300);
                final long firstNs = random.nextLong(1L << 60);
                return ProbeMessageWriter.writeTrainReport(out, 0, capacity, probeId, random.nextInt(),
                    1 + random.nextInt(sent), sent, random.nextInt(1 << 20), random.nextInt(1 << 30), firstNs,
                    firstNs + random.nextInt(1 << 30), random.nextInt() - (1 << 30));
            default:
                return ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, capacity, probeId, random.nextInt(),
                    random.nextInt(), 1 + random.nextInt(1000),
                    ProbeMessage.TRAIN_PACKET_MIN_LENGTH + random.nextInt(1500), 1 + random.nextInt(Integer.MAX_VALUE));
        }
    }

    private int parseHeader(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int status = header.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            assertEquals(length, header.messageLength());
            assertTrue(header.type() >= 1 && header.type() <= 255);
            assertEquals(offset + length, header.bodyOffset() + header.bodyLength());
            assertTrue(header.bodyLength() >= 0);
            header.sessionId();
        }
        return status;
    }

    private int parseProbeMessage(final UnsafeBuffer buffer, final int offset, final int length)
    {
        final int status = message.wrap(buffer, offset, length).validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        assertEquals(length, message.messageLength());
        message.probeId();
        switch (message.type())
        {
            case ControlHeader.TYPE_PROBE_ECHO_REQUEST:
            case ControlHeader.TYPE_PROBE_ECHO_REPLY:
                assertTrue(length >= ProbeMessage.ECHO_MIN_LENGTH);
                message.sequence();
                message.cookie();
                assertTrue(message.requestsReceived() >= 0);
                message.clientSendNs();
                if (message.type() == ControlHeader.TYPE_PROBE_ECHO_REPLY)
                {
                    assertTrue(message.responderSendNs() >= message.responderReceiveNs());
                }
                break;
            case ControlHeader.TYPE_TRAIN_PACKET:
                assertTrue(length >= ProbeMessage.TRAIN_PACKET_MIN_LENGTH);
                assertTrue(message.count() >= 1 && message.trainIndex() < message.count());
                message.trainId();
                message.trainSendNs();
                break;
            case ControlHeader.TYPE_TRAIN_REPORT:
                assertEquals(ProbeMessage.REPORT_LENGTH, length);
                assertTrue(message.packetsReceived() >= 1 && message.packetsReceived() <= message.count());
                assertTrue(message.lastArrivalNs() >= message.firstArrivalNs());
                assertTrue(message.bytesReceived() >= 0 && message.receivedRateBps() >= 0);
                message.delayGrowthNs();
                break;
            case ControlHeader.TYPE_DOWNLINK_TRAIN_REQUEST:
                assertEquals(ProbeMessage.REQUEST_LENGTH, length);
                assertTrue(message.requestedCount() >= 1);
                assertTrue(message.requestedPacketBytes() >= ProbeMessage.TRAIN_PACKET_MIN_LENGTH);
                assertTrue(message.requestedRateBps() >= 1);
                message.cookie();
                break;
            default:
                throw new AssertionError("accepted unknown type " + message.type());
        }
        return status;
    }

    private static void assertReached(final int[] histogram, final int... statuses)
    {
        for (final int status : statuses)
        {
            assertTrue(histogram[-status] > 0, "fuzzing never produced " + WireStatus.describe(status));
        }
    }
}
