package io.classwire.core.wire;

import io.classwire.core.transport.PacketClassifier;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ControlHeaderTest
{
    /**
     * A 12-byte message built by hand from the field definitions in ControlHeader's javadoc: marker 4, type 2, length
     * 12, session id 0xCAFEBABE, then a 4-byte body.
     */
    private static final byte[] HAND_BUILT = bytes(0x04, 0x02, 0x00, 0x0C, 0xCA, 0xFE, 0xBA, 0xBE, 1, 2, 3, 4);

    private final ControlHeader header = new ControlHeader();

    @Test
    void shouldParseHandBuiltVector()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(HAND_BUILT);
        assertEquals(WireStatus.OK, header.wrap(buffer, 0, HAND_BUILT.length).validate());
        assertEquals(ControlHeader.TYPE_PROBE_ECHO_REPLY, header.type());
        assertEquals(12, header.messageLength());
        assertEquals(0xCAFEBABE, header.sessionId());
        assertEquals(8, header.bodyOffset());
        assertEquals(4, header.bodyLength());
        assertEquals(PacketClassifier.CONTROL, PacketClassifier.classify(buffer, 0, HAND_BUILT.length));
    }

    @Test
    void shouldWriteHandBuiltVectorByteExact()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertEquals(8, ControlHeaderWriter.write(out, 0, 12, 2, 12, 0xCAFEBABE));
        out.putBytes(8, new byte[] { 1, 2, 3, 4 });
        assertArrayEquals(HAND_BUILT, Arrays.copyOf(out.byteArray(), 12));
    }

    @Test
    void shouldRejectEachMalformedField()
    {
        assertEquals(WireStatus.TRUNCATED, validate(Arrays.copyOf(HAND_BUILT, 7)));
        assertEquals(WireStatus.TRUNCATED, validate(Arrays.copyOf(HAND_BUILT, 11)));
        assertEquals(WireStatus.OVERSIZED, validate(Arrays.copyOf(HAND_BUILT, 13)));
        assertEquals(WireStatus.BAD_VERSION, validate(with(HAND_BUILT, 0, 5)));
        assertEquals(WireStatus.BAD_VERSION, validate(with(HAND_BUILT, 0, 15)));
        assertEquals(WireStatus.BAD_TYPE, validate(with(HAND_BUILT, 0, 3)));
        assertEquals(WireStatus.BAD_TYPE, validate(with(HAND_BUILT, 0, 0x80)));
        assertEquals(WireStatus.BAD_TYPE, validate(with(HAND_BUILT, 1, 0)));
        assertEquals(WireStatus.BAD_LENGTH, validate(with(HAND_BUILT, 3, 7)));
        assertEquals(WireStatus.OK, validate(with(HAND_BUILT, 1, 200)), "unknown types pass the header");
    }

    @Test
    void shouldNeverReadOutsideRegionOrBuffer()
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(HAND_BUILT);
        assertEquals(WireStatus.TRUNCATED, header.wrap(buffer, 8, 12).validate());
        assertEquals(WireStatus.TRUNCATED, header.wrap(buffer, -1, 12).validate());
        assertEquals(WireStatus.TRUNCATED, header.wrap(buffer, 0, -1).validate());
        assertEquals(WireStatus.TRUNCATED, new ControlHeader().validate(), "nothing wrapped");
    }

    @Test
    void shouldRejectBadWriterArguments()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[16]);
        assertEquals(WireStatus.BAD_TYPE, ControlHeaderWriter.write(out, 0, 16, 0, 8, 1));
        assertEquals(WireStatus.BAD_TYPE, ControlHeaderWriter.write(out, 0, 16, 256, 8, 1));
        assertEquals(WireStatus.BAD_LENGTH, ControlHeaderWriter.write(out, 0, 16, 1, 7, 1));
        assertEquals(WireStatus.BAD_LENGTH, ControlHeaderWriter.write(out, 0, 16, 1, 65_536, 1));
        assertEquals(WireStatus.TRUNCATED, ControlHeaderWriter.write(out, 0, 11, 1, 12, 1));
        assertEquals(WireStatus.TRUNCATED, ControlHeaderWriter.write(out, 8, 12, 1, 12, 1), "buffer ends first");
        assertEquals(WireStatus.TRUNCATED, ControlHeaderWriter.write(out, -1, 16, 1, 12, 1));
        assertTrue(Arrays.equals(new byte[16], out.byteArray()), "nothing written on failure");
    }

    @Test
    void shouldRoundTripRandomHeaders()
    {
        final long seed = 0xC0_417201L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[ControlHeader.MAX_MESSAGE_LENGTH + 16]);
        for (int i = 0; i < 10_000; i++)
        {
            final int type = 1 + random.nextInt(255);
            final int length = ControlHeader.HEADER_LENGTH + random.nextInt(ControlHeader.MAX_MESSAGE_LENGTH - 7);
            final int sessionId = random.nextInt();
            final int offset = random.nextInt(16);
            final String context = "seed=" + seed + " i=" + i;
            assertEquals(8, ControlHeaderWriter.write(out, offset, length, type, length, sessionId), context);
            assertEquals(WireStatus.OK, header.wrap(out, offset, length).validate(), context);
            assertEquals(type, header.type(), context);
            assertEquals(length, header.messageLength(), context);
            assertEquals(sessionId, header.sessionId(), context);
            assertEquals(length - 8, header.bodyLength(), context);
            assertEquals(ControlHeader.isProbeType(type), type <= ControlHeader.TYPE_PROBE_MAX, context);
        }
        assertFalse(ControlHeader.isProbeType(0));
        assertEquals("train-report", ControlHeader.typeName(ControlHeader.TYPE_TRAIN_REPORT));
    }

    private int validate(final byte[] message)
    {
        return header.wrap(new UnsafeBuffer(message), 0, message.length).validate();
    }

    private static byte[] with(final byte[] message, final int index, final int value)
    {
        final byte[] copy = message.clone();
        copy[index] = (byte)value;
        return copy;
    }

    private static byte[] bytes(final int... values)
    {
        final byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            result[i] = (byte)values[i];
        }
        return result;
    }
}
