package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static io.classwire.core.wire.RtcpVectors.LIBWEBRTC_APP;
import static io.classwire.core.wire.RtcpVectors.PION_REAL_COMPOUND;
import static io.classwire.core.wire.RtcpVectors.buffer;
import static io.classwire.core.wire.RtcpVectors.bytes;
import static io.classwire.core.wire.RtcpVectors.copy;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AppPacketTest
{
    private final AppPacket app = new AppPacket();

    @Test
    void shouldParseAndBuildAppFromPacketDump()
    {
        final UnsafeBuffer buffer = buffer(PION_REAL_COMPOUND);
        assertEquals(WireStatus.OK, app.wrap(buffer, 116, 16).validate());
        assertEquals(0, app.subtype());
        assertEquals(0x4baae1ab, app.ssrc());
        assertEquals(AppPacket.name('N', 'A', 'M', 'E'), app.name());
        assertEquals(128, app.dataOffset());
        assertEquals(4, app.dataLength());
        assertEquals("ABCD", buffer.getStringWithoutLengthAscii(app.dataOffset(), app.dataLength()));

        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        final int length = AppPacket.build(
            out, 0, 64, 0, 0x4baae1ab, AppPacket.name('N', 'A', 'M', 'E'), buffer, 128, 4);
        assertArrayEquals(Arrays.copyOfRange(PION_REAL_COMPOUND, 116, 132), copy(out, 0, length));
    }

    @Test
    void shouldParseAndBuildLibwebrtcVectorsByteExact()
    {
        final UnsafeBuffer buffer = buffer(LIBWEBRTC_APP);
        assertEquals(WireStatus.OK, app.wrap(buffer, 0, LIBWEBRTC_APP.length).validate());
        assertEquals(0x1e, app.subtype());
        assertEquals(0x12345678, app.ssrc());
        assertEquals(0x6e616d65, app.name());
        assertEquals("testdata", buffer.getStringWithoutLengthAscii(app.dataOffset(), app.dataLength()));

        final UnsafeBuffer data = new UnsafeBuffer(bytes('t', 'e', 's', 't', 'd', 'a', 't', 'a'));
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        int length = AppPacket.build(out, 0, 64, 0x1e, 0x12345678, AppPacket.name('n', 'a', 'm', 'e'), data, 0, 8);
        assertArrayEquals(LIBWEBRTC_APP, copy(out, 0, length));

        // libwebrtc rtcp_packet/app_unittest.cc kPacketWithoutData.
        length = AppPacket.build(out, 0, 64, 0x1e, 0x12345678, AppPacket.name('n', 'a', 'm', 'e'), null, 0, 0);
        assertArrayEquals(
            bytes(0x80 | 0x1e, 204, 0x00, 0x02, 0x12, 0x34, 0x56, 0x78, 'n', 'a', 'm', 'e'), copy(out, 0, length));
    }

    @Test
    void shouldRejectTooSmallAndUnalignedPackets()
    {
        // libwebrtc app_unittest.cc kTooSmallPacket: SSRC but no name.
        assertEquals(WireStatus.TRUNCATED, validate(bytes(0x80 | 0x1e, 204, 0x00, 0x01, 0x12, 0x34, 0x56, 0x78)));
        // libwebrtc app_unittest.cc kPacketWithUnalignedPayload: a padding count of 1 cannot keep words whole.
        assertEquals(WireStatus.BAD_PADDING, validate(bytes(
            0xA0 | 0x1e, 204, 0x00, 0x03, 0x12, 0x34, 0x56, 0x78, 'n', 'a', 'm', 'e', 'd', 'a', 't', 1)));
        assertEquals(WireStatus.BAD_TYPE, validate(bytes(0x80, 203, 0x00, 0x02, 0, 0, 0, 1, 'n', 'a', 'm', 'e')));
    }

    @Test
    void shouldRejectBadBuilderArguments()
    {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[64]);
        assertEquals(WireStatus.BAD_VALUE, AppPacket.build(out, 0, 64, 32, 1, 2, null, 0, 0));
        assertEquals(WireStatus.BAD_LENGTH, AppPacket.build(out, 0, 64, 1, 1, 2, out, 0, 3));
        assertEquals(WireStatus.BAD_LENGTH, AppPacket.build(out, 0, 64, 1, 1, 2, null, 0, 4));
        assertEquals(WireStatus.TRUNCATED, AppPacket.build(out, 0, 15, 1, 1, 2, out, 32, 4));
    }

    @Test
    void shouldRoundTripRandomApps()
    {
        final long seed = 0x5EED_0004L;
        final SplittableRandom random = new SplittableRandom(seed);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[1024]);
        final UnsafeBuffer data = new UnsafeBuffer(new byte[512]);
        for (int iteration = 0; iteration < 20_000; iteration++)
        {
            final String context = "seed=" + seed + " iteration=" + iteration;
            final int subtype = random.nextInt(32);
            final int ssrc = random.nextInt();
            final int name = random.nextInt();
            final int dataLength = 4 * random.nextInt(128);
            for (int i = 0; i < dataLength; i++)
            {
                data.putByte(i, (byte)random.nextInt());
            }
            final int offset = random.nextInt(16);
            final int length = AppPacket.build(out, offset, 1024 - offset, subtype, ssrc, name, data, 0, dataLength);
            assertEquals(12 + dataLength, length, context);

            assertEquals(WireStatus.OK, app.wrap(out, offset, length).validate(), context);
            assertEquals(subtype, app.subtype(), context);
            assertEquals(ssrc, app.ssrc(), context);
            assertEquals(name, app.name(), context);
            assertEquals(dataLength, app.dataLength(), context);
            for (int i = 0; i < dataLength; i++)
            {
                assertEquals(data.getByte(i), out.getByte(app.dataOffset() + i), context);
            }
        }
    }

    private int validate(final byte[] packet)
    {
        return app.wrap(buffer(packet), 0, packet.length).validate();
    }
}
