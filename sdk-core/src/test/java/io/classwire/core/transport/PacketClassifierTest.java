package io.classwire.core.transport;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.SplittableRandom;

import static io.classwire.core.transport.PacketClassifier.CONTROL;
import static io.classwire.core.transport.PacketClassifier.MALFORMED;
import static io.classwire.core.transport.PacketClassifier.RTCP;
import static io.classwire.core.transport.PacketClassifier.RTP;
import static io.classwire.core.transport.PacketClassifier.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PacketClassifierTest
{
    private static int classify(final byte... bytes)
    {
        return PacketClassifier.classify(new UnsafeBuffer(bytes), 0, bytes.length);
    }

    private static int classifyValues(final int... values)
    {
        final byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++)
        {
            bytes[i] = (byte)values[i];
        }
        return classify(bytes);
    }

    private static byte[] packet(final int first, final int second, final int length)
    {
        final byte[] bytes = new byte[length];
        if (length > 0)
        {
            bytes[0] = (byte)first;
        }
        if (length > 1)
        {
            bytes[1] = (byte)second;
        }
        return bytes;
    }

    /** Every range boundary of the RFC 7983 / RFC 9443 table, plus RFC 5761's RTP/RTCP split on the second byte. */
    @ParameterizedTest(name = "first={0} second={1} length={2} -> {3}")
    @CsvSource({
        "0, 1, 20, UNKNOWN",      // STUN binding request
        "3, 0, 20, UNKNOWN",      // last STUN value
        "4, 0, 1, CONTROL",       // first Classwire control value
        "15, 255, 8, CONTROL",    // last Classwire control value
        "16, 0, 20, UNKNOWN",     // ZRTP
        "20, 254, 20, UNKNOWN",   // DTLS change_cipher_spec
        "22, 254, 20, UNKNOWN",   // DTLS handshake
        "63, 0, 20, UNKNOWN",     // last DTLS value
        "64, 0, 20, UNKNOWN",     // TURN channel / QUIC short header
        "127, 0, 20, UNKNOWN",    // QUIC short header
        "128, 96, 12, RTP",       // V=2, PT 96, minimal fixed header
        "128, 224, 12, RTP",      // V=2, marker + PT 96: the last packet of a video frame
        "128, 191, 12, RTP",      // marker + PT 63, just below the RTCP range
        "128, 192, 4, RTCP",      // first RTCP type in RFC 5761's range (historic FIR)
        "128, 200, 28, RTCP",     // SR
        "129, 201, 32, RTCP",     // RR with one report block
        "143, 206, 12, RTCP",     // PSFB, FMT 15
        "128, 223, 4, RTCP",      // last RTCP type in RFC 5761's range
        "191, 96, 12, RTP",       // V=2 with padding, extension and CC=15: still RTP
        "192, 0, 20, UNKNOWN",    // QUIC long header
        "255, 255, 20, UNKNOWN",
    })
    void shouldClassifyByFirstByteRanges(final int first, final int second, final int length, final String expected)
    {
        assertEquals(expected.toLowerCase(), PacketClassifier.describe(classify(packet(first, second, length))));
    }

    @Test
    void shouldClassifyRealRtpAndRtcpHeaders()
    {
        // Constructed by hand from RFC 3550 section 5.1: V=2, PT=111 (Opus, dynamic), seq 0x1234, ts 0x01020304,
        // SSRC 0xDEADBEEF.
        assertEquals(RTP, classifyValues(0x80, 0x6F, 0x12, 0x34, 0x01, 0x02, 0x03, 0x04, 0xDE, 0xAD, 0xBE, 0xEF));
        // Constructed by hand from RFC 3550 section 6.4.2: RR, RC=0, length 1 (8 bytes), SSRC 0xDEADBEEF.
        assertEquals(RTCP, classifyValues(0x80, 0xC9, 0x00, 0x01, 0xDE, 0xAD, 0xBE, 0xEF));
        // RFC 4585 section 6.3.1: PLI is PSFB (206) with FMT 1, 12 bytes.
        assertEquals(RTCP, classifyValues(0x81, 0xCE, 0x00, 0x02, 1, 2, 3, 4, 5, 6, 7, 8));
    }

    @Test
    void shouldCallEmptyAndTooShortDatagramsMalformed()
    {
        assertEquals(MALFORMED, classify());
        assertEquals(MALFORMED, classify((byte)0x80));
        assertEquals(MALFORMED, classify(packet(0x80, 96, PacketClassifier.RTP_MIN_LENGTH - 1)));
        assertEquals(MALFORMED, classify(packet(0x80, 200, PacketClassifier.RTCP_MIN_LENGTH - 1)));
        assertEquals(MALFORMED, PacketClassifier.classify(new UnsafeBuffer(new byte[4]), 0, -1));
        assertEquals(CONTROL, classify((byte)4));
    }

    /** Independent statement of the table, written per range rather than per comparison. */
    private static int expected(final int first, final int second, final int length)
    {
        if (length <= 0)
        {
            return MALFORMED;
        }
        if ((first >> 6) == 2)
        {
            if (length < 2)
            {
                return MALFORMED;
            }
            final boolean rtcp = (second >> 5) == 6; // 192..223 is 110xxxxx
            if (rtcp)
            {
                return length >= 4 ? RTCP : MALFORMED;
            }
            return length >= 12 ? RTP : MALFORMED;
        }
        return (first >= 4 && first <= 15) ? CONTROL : UNKNOWN;
    }

    @Test
    void shouldMatchTheRangeTableForAllFirstAndSecondBytesAndShortLengths()
    {
        for (int first = 0; first < 256; first++)
        {
            for (int second = 0; second < 256; second++)
            {
                for (int length = 0; length <= 13; length++)
                {
                    final int actual = classify(packet(first, second, length));
                    assertEquals(expected(first, second, length), actual,
                        "first=" + first + " second=" + second + " length=" + length);
                }
            }
        }
    }

    @Test
    void shouldNeverThrowOrReadOutsideTheRegionOnRandomInput()
    {
        final long seed = 0x5EED_7983L;
        final SplittableRandom random = new SplittableRandom(seed);
        final byte[] backing = new byte[64];
        final UnsafeBuffer buffer = new UnsafeBuffer(backing);
        final UnsafeBuffer exact = new UnsafeBuffer(0, 0);
        for (int i = 0; i < 1_000_000; i++)
        {
            final int offset = random.nextInt(32);
            final int length = random.nextInt(33);
            random.nextBytes(backing);
            if (random.nextInt(4) == 0)
            {
                backing[offset] = (byte)(0x80 | random.nextInt(64)); // bias towards RTP/RTCP first bytes
            }
            // A view of exactly the region: any read past its end throws, and that counts as a failure.
            exact.wrap(backing, offset, length);
            final int actual = PacketClassifier.classify(exact, 0, length);
            final int second = length > 1 ? backing[offset + 1] & 0xFF : 0;
            assertEquals(expected(backing[offset] & 0xFF, second, length), actual,
                "seed=" + seed + " iteration=" + i);
            assertEquals(actual, PacketClassifier.classify(buffer, offset, length), "seed=" + seed + " i=" + i);
        }
    }

    @Test
    void shouldNameEveryClassification()
    {
        assertEquals("malformed", PacketClassifier.describe(MALFORMED));
        assertEquals("unknown", PacketClassifier.describe(UNKNOWN));
        assertEquals("rtp", PacketClassifier.describe(RTP));
        assertEquals("rtcp", PacketClassifier.describe(RTCP));
        assertEquals("control", PacketClassifier.describe(CONTROL));
        assertEquals(true, PacketClassifier.isControlFirstByte(4));
        assertEquals(false, PacketClassifier.isControlFirstByte(16));
    }
}
