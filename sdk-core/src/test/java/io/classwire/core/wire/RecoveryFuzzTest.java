package io.classwire.core.wire;

import io.classwire.core.recovery.FecDecoder;
import io.classwire.core.recovery.FecDecoderContext;
import io.classwire.core.recovery.FecEncoder;
import io.classwire.core.recovery.FecHeader;
import io.classwire.core.recovery.RecoveredPacketHandler;
import io.classwire.core.recovery.RedDecoder;
import io.classwire.core.recovery.RedEncoder;
import io.classwire.core.recovery.RsFecEncoder;
import io.classwire.core.recovery.XorFecEncoder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fuzzes the recovery layer's parsers with {@link WireFuzz} (it lives in this package): {@link WireFuzz#ITERATIONS}
 * random and mutated inputs each for the FEC header, the FEC decoder fed repair payloads while media keeps flowing,
 * and the RED decoder. Nothing may throw or read outside the input; malformed input must be counted; whatever the
 * decoders hand out must be a valid RTP packet of the protected stream.
 */
class RecoveryFuzzTest
{
    private static final int MAX_INPUT = 1400;
    private static final int CORPUS_SIZE = 256;
    private static final int SSRC = 0x0F0E_0D0C;
    private static final int RED_PT = 63;

    private final FecHeader header = new FecHeader();
    private final RtpPacket rtp = new RtpPacket();

    /** Checks every packet a decoder hands out. */
    private final class CheckingHandler implements RecoveredPacketHandler
    {
        long packets;

        @Override
        public void onPacket(final DirectBuffer buffer, final int offset, final int length, final boolean recovered)
        {
            assertEquals(WireStatus.OK, rtp.wrap(buffer, offset, length).validate());
            assertEquals(SSRC, rtp.ssrc());
            packets++;
        }
    }

    @Test
    void shouldNeverThrowOnFuzzedFecHeaders()
    {
        final long seed = 0xFEC0_0001L;
        final byte[][] corpus = repairCorpus(seed);
        final int[] histogram = fuzz(seed, corpus, (buffer, offset, length) ->
        {
            final int status = header.wrap(buffer, offset, length).validate();
            if (status == WireStatus.OK)
            {
                assertTrue(header.mediaCount() >= 1 && header.repairIndex() < header.repairCount());
                assertTrue(header.stride() >= 1 && (header.mediaCount() - 1) * header.stride() < FecHeader.MAX_SPAN);
                assertEquals(offset + length, header.symbolOffset() + header.symbolLength());
                assertTrue(header.symbolLength() >= FecHeader.MIN_SYMBOL_LENGTH);
                header.protectedSsrc();
                header.protectedSequenceNumber(header.mediaCount() - 1);
            }
            return status;
        });
        assertReached(histogram, WireStatus.OK, WireStatus.TRUNCATED, WireStatus.BAD_VERSION, WireStatus.BAD_TYPE,
            WireStatus.BAD_COUNT, WireStatus.BAD_VALUE);
    }

    @Test
    void shouldCountMalformedRepairsAndNeverThrowInTheFecDecoder()
    {
        final long seed = 0xFEC0_0002L;
        final byte[][] corpus = repairCorpus(seed);
        final FecDecoder decoder = new FecDecoder(new FecDecoderContext().protectedSsrc(SSRC));
        final CheckingHandler handler = new CheckingHandler();
        final SplittableRandom mediaRandom = new SplittableRandom(seed + 1);
        final UnsafeBuffer media = new UnsafeBuffer(new byte[1500]);
        final RtpPacketBuilder builder = new RtpPacketBuilder().ssrc(SSRC).payloadType(111);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[300]);
        final int[] nextSeq = { 0 };
        final int[] histogram = fuzz(seed, corpus, (buffer, offset, length) ->
        {
            if (mediaRandom.nextInt(4) == 0)
            {
                // Media keeps flowing, with gaps, so groups complete, recover, age and get evicted.
                nextSeq[0] = (nextSeq[0] + 1 + (mediaRandom.nextInt(5) == 0 ? 1 : 0)) & 0xFFFF;
                final int n = builder.sequenceNumber(nextSeq[0]).timestamp(nextSeq[0] * 960)
                    .build(media, 0, 1500, payload, 0, mediaRandom.nextInt(300));
                decoder.onMedia(media, 0, n, handler);
            }
            if (length >= FecHeader.LENGTH && mediaRandom.nextBoolean())
            {
                // Aim the base sequence number near the live media, so fuzzed repairs reach the groups.
                buffer.putShort(offset + FecHeader.BASE_SEQUENCE_OFFSET,
                    (short)(nextSeq[0] - mediaRandom.nextInt(60)), ByteOrder.BIG_ENDIAN);
            }
            final int result = decoder.onRepair(buffer, offset, length, handler);
            return Math.min(result, 0);
        });
        assertReached(histogram, WireStatus.OK, WireStatus.TRUNCATED, WireStatus.BAD_VERSION, WireStatus.BAD_COUNT);
        long malformed = 0;
        for (int code = 1; code < WireStatus.CODE_COUNT; code++)
        {
            malformed += histogram[code];
        }
        assertEquals(malformed, decoder.repairsMalformed(), "every malformed repair is counted");
        assertTrue(decoder.repairsAccepted() > 10_000, "fuzzed repairs reached groups: " + decoder.repairsAccepted());
        assertTrue(handler.packets > 0 && decoder.recoveryFailures() > 0,
            "rebuilt packets checked, forged ones refused: " + handler.packets + " / " + decoder.recoveryFailures());
    }

    @Test
    void shouldCountMalformedRedPayloadsAndNeverThrow()
    {
        final long seed = 0xFEC0_0003L;
        final byte[][] corpus = redCorpus(seed);
        final RedDecoder decoder = new RedDecoder(RED_PT, 1500, 1024);
        final CheckingHandler handler = new CheckingHandler();
        final RtpPacket packet = new RtpPacket();
        final int[] histogram = fuzz(seed, corpus, (buffer, offset, length) ->
        {
            final int status = packet.wrap(buffer, offset, length).validate();
            if (status != WireStatus.OK || packet.ssrc() != SSRC || packet.payloadType() != RED_PT)
            {
                return status == WireStatus.OK ? WireStatus.BAD_TYPE : status;
            }
            return Math.min(decoder.onPacket(packet, handler), 0);
        });
        assertReached(histogram, WireStatus.OK, WireStatus.TRUNCATED, WireStatus.BAD_LENGTH);
        assertTrue(decoder.malformed() > 10_000 && handler.packets > 10_000,
            decoder.malformed() + " malformed, " + handler.packets + " handed out");
    }

    /** Parses one input; returns a WireStatus (OK or a failure). */
    private interface Target
    {
        int parse(UnsafeBuffer buffer, int offset, int length);
    }

    private static int[] fuzz(final long seed, final byte[][] corpus, final Target target)
    {
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
            }
            else
            {
                final byte[] valid = corpus[random.nextInt(corpus.length)];
                System.arraycopy(valid, 0, input, 0, valid.length);
                length = valid.length;
                if (random.nextInt(3) == 0)
                {
                    // The header's count, index, base and stride fields.
                    final int field = 1 + random.nextInt(7);
                    fuzz.editField(input, length, field, field == 4 ? 2 : 1);
                }
                else
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

    private static void assertReached(final int[] histogram, final int... statuses)
    {
        for (final int status : statuses)
        {
            assertTrue(histogram[-status] > 0, "never returned " + WireStatus.describe(status));
        }
    }

    // Repair payloads of every scheme and a range of shapes, protecting sequence numbers near where the media of
    // the decoder test runs.
    private static byte[][] repairCorpus(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[400]);
        final RtpPacketBuilder builder = new RtpPacketBuilder().ssrc(SSRC).payloadType(111);
        int filled = 0;
        while (filled < CORPUS_SIZE)
        {
            final FecEncoder encoder = random.nextBoolean() ?
                new XorFecEncoder(8, 1500).configure(
                    1 + random.nextInt(3), 2 + random.nextInt(6), 2 + random.nextInt(4)) :
                new RsFecEncoder(20, 10, 1500).configure(1 + random.nextInt(20), 1 + random.nextInt(10));
            int seq = random.nextInt(1000);
            for (int i = 0; i < 40 && filled < CORPUS_SIZE; i++)
            {
                final int n = builder.sequenceNumber(seq++).build(packet, 0, 1500, payload, 0, random.nextInt(400));
                encoder.onMedia(packet, 0, n, i);
                while (encoder.pendingRepairs() > 0 && filled < CORPUS_SIZE)
                {
                    final int length = encoder.writeRepair(out, 0, 1500);
                    corpus[filled] = new byte[length];
                    out.getBytes(0, corpus[filled++]);
                }
            }
        }
        return corpus;
    }

    private static byte[][] redCorpus(final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed ^ 0x5A5A);
        final byte[][] corpus = new byte[CORPUS_SIZE][];
        final RedEncoder encoder = new RedEncoder(3, 400);
        final RtpPacketBuilder builder = new RtpPacketBuilder().ssrc(SSRC).payloadType(RED_PT);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[400]);
        final UnsafeBuffer red = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[1500]);
        for (int i = 0; i < CORPUS_SIZE; i++)
        {
            encoder.distance(random.nextInt(4));
            final int n = encoder.encode(111, i * 960, payload, 0, random.nextInt(300), red, 0, 1500);
            final int length = builder.sequenceNumber(i * 3).timestamp(i * 960).build(packet, 0, 1500, red, 0, n);
            corpus[i] = new byte[length];
            packet.getBytes(0, corpus[i]);
        }
        return corpus;
    }
}
