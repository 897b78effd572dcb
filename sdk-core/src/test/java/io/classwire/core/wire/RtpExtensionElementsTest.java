package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.classwire.core.wire.RtpPacketTest.bytes;
import static io.classwire.core.wire.RtpPacketTest.regionEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RtpExtensionElementsTest
{
    private final HeaderExtensionWriter writer = new HeaderExtensionWriter();
    private final HeaderExtensionReader reader = new HeaderExtensionReader();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);

    @Test
    void shouldWriteAudioLevelAsRfc6464OneByteFigure()
    {
        // RFC 6464 section 3, Figure 1: 0xBEDE, length 1, ID | len=0, V | level, two padding bytes. ID 1, V=1 and
        // level 42 are ours.
        writer.reset();
        assertEquals(WireStatus.OK, AudioLevelExtension.add(writer, 1, true, 42));
        assertEquals(8, writer.write(out, 0, 64));
        assertTrue(regionEquals(out, 0, bytes(0xBE, 0xDE, 0x00, 0x01, 0x10, 0xAA, 0x00, 0x00), 0, 8));

        reader.wrap(out, 0xBEDE, 4, 4);
        assertEquals(WireStatus.OK, reader.validate());
        final long found = reader.find(1);
        assertEquals(WireStatus.OK, AudioLevelExtension.validate(HeaderExtensionReader.packedLength(found)));
        assertTrue(AudioLevelExtension.voiceActivity(out, HeaderExtensionReader.packedOffset(found)));
        assertEquals(42, AudioLevelExtension.levelDbov(out, HeaderExtensionReader.packedOffset(found)));
    }

    @Test
    void shouldWriteAudioLevelAsRfc6464TwoByteFigure()
    {
        // RFC 6464 section 3, Figure 2: 0x1000, length 1, ID, len=1, V | level, one padding byte. ID 1, V=0 and
        // level 127 (silence) are ours.
        writer.reset().forceTwoByte(true);
        assertEquals(WireStatus.OK, AudioLevelExtension.add(writer, 1, false, 127));
        assertEquals(8, writer.write(out, 0, 64));
        assertTrue(regionEquals(out, 0, bytes(0x10, 0x00, 0x00, 0x01, 0x01, 0x01, 0x7F, 0x00), 0, 8));

        reader.wrap(out, 0x1000, 4, 4);
        assertEquals(WireStatus.OK, reader.validate());
        assertTrue(reader.next());
        assertFalse(AudioLevelExtension.voiceActivity(out, reader.dataOffset()));
        assertEquals(AudioLevelExtension.MAX_LEVEL_DBOV, AudioLevelExtension.levelDbov(out, reader.dataOffset()));
    }

    @Test
    void shouldEncodeEveryAudioLevelAndRejectOutOfRange()
    {
        final UnsafeBuffer one = new UnsafeBuffer(new byte[1]);
        for (int level = 0; level <= 127; level++)
        {
            for (int v = 0; v < 2; v++)
            {
                one.putByte(0, (byte)AudioLevelExtension.encode(v == 1, level));
                assertEquals(level, AudioLevelExtension.levelDbov(one, 0));
                assertEquals(v == 1, AudioLevelExtension.voiceActivity(one, 0));
            }
        }
        assertEquals(127, AudioLevelExtension.encode(false, 500), "encode clamps");
        assertEquals(0x80, AudioLevelExtension.encode(true, -3), "encode clamps");
        assertEquals(WireStatus.BAD_VALUE, AudioLevelExtension.add(writer.reset(), 1, true, 128));
        assertEquals(WireStatus.BAD_VALUE, AudioLevelExtension.add(writer, 1, true, -1));
        assertEquals(WireStatus.BAD_LENGTH, AudioLevelExtension.validate(2));
        assertEquals(WireStatus.BAD_LENGTH, AudioLevelExtension.validate(0));
        assertEquals("urn:ietf:params:rtp-hdrext:ssrc-audio-level", AudioLevelExtension.URI);
    }

    @Test
    void shouldWriteReadAndRewriteTransportSequenceNumber()
    {
        writer.reset();
        assertEquals(WireStatus.OK, TransportSequenceExtension.add(writer, 5, 0x1_2345));
        assertEquals(8, writer.write(out, 0, 64));
        // One-byte form: ID 5, L=1 (two bytes), value 0x2345 (reduced modulo 2^16), one padding byte.
        assertTrue(regionEquals(out, 0, bytes(0xBE, 0xDE, 0x00, 0x01, 0x51, 0x23, 0x45, 0x00), 0, 8));

        reader.wrap(out, 0xBEDE, 4, 4);
        final long found = reader.find(5);
        assertEquals(WireStatus.OK, TransportSequenceExtension.validate(HeaderExtensionReader.packedLength(found)));
        final int dataOffset = HeaderExtensionReader.packedOffset(found);
        assertEquals(0x2345, TransportSequenceExtension.sequenceNumber(out, dataOffset));
        TransportSequenceExtension.put(out, dataOffset, 65535);
        assertEquals(65535, TransportSequenceExtension.sequenceNumber(out, dataOffset));
        assertEquals(WireStatus.BAD_LENGTH, TransportSequenceExtension.validate(3));
        assertEquals(
            "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
            TransportSequenceExtension.URI);
    }
}
