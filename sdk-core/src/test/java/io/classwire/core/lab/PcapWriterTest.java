package io.classwire.core.lab;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PcapWriterTest
{
    @Test
    void shouldWriteGlobalHeaderAndRecordsWithValidChecksums() throws Exception
    {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final byte[] odd = { 1, 2, 3, 4, 5 };
        final byte[] even = { (byte)0x80, 0x6F, 0x00, 0x01 };
        try (PcapWriter writer = new PcapWriter(bytes))
        {
            writer.writeUdp(1_500_000_123_456L, PcapWriter.ipv4("127.0.0.1"), 5000,
                PcapWriter.ipv4("127.0.0.2"), 6000, new UnsafeBuffer(odd), 0, odd.length);
            writer.writeUdp(1_500_000_223_456L, PcapWriter.ipv4("127.0.0.2"), 6000,
                PcapWriter.ipv4("127.0.0.1"), 5000, new UnsafeBuffer(even), 0, even.length);
            assertEquals(2, writer.packetsWritten());
        }
        final ByteBuffer file = ByteBuffer.wrap(bytes.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(PcapWriter.MAGIC, file.getInt(0));
        assertEquals(2, file.getShort(4));
        assertEquals(4, file.getShort(6));
        assertEquals(PcapWriter.LINKTYPE_ETHERNET, file.getInt(20));

        int position = 24;
        for (final byte[] payload : new byte[][] { odd, even })
        {
            final int inclLength = file.getInt(position + 8);
            assertEquals(42 + payload.length, inclLength);
            assertEquals(inclLength, file.getInt(position + 12));
            final int frame = position + 16;
            final byte[] raw = bytes.toByteArray();
            final int ip = frame + 14;
            assertEquals(0xFFFF, PcapWriter.onesComplementSum(raw, ip, 20, 0), "IPv4 header checksum");
            final int udp = ip + 20;
            final int udpLength = 8 + payload.length;
            final int pseudo = 0x7F00 + 0x0001 + 0x7F00 + 0x0002 + 17 + udpLength;
            assertEquals(0xFFFF, PcapWriter.onesComplementSum(raw, udp, udpLength, pseudo), "UDP checksum");
            final byte[] copy = new byte[payload.length];
            System.arraycopy(raw, udp + 8, copy, 0, copy.length);
            assertArrayEquals(payload, copy);
            position = frame + inclLength;
        }
        assertEquals(file.capacity(), position);
        assertEquals(1500, file.getInt(24), "seconds");
        assertEquals(123, file.getInt(28), "microseconds");
    }

    @Test
    void shouldRejectBadArguments() throws Exception
    {
        final PcapWriter writer = new PcapWriter(new ByteArrayOutputStream());
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
        assertThrows(IllegalArgumentException.class, () -> writer.writeUdp(0, 1, 70_000, 2, 1, payload, 0, 8));
        assertThrows(IllegalArgumentException.class, () -> PcapWriter.ipv4("1.2.3"));
        assertThrows(IllegalArgumentException.class, () -> PcapWriter.ipv4("1.2.3.256"));
        assertThrows(IllegalArgumentException.class, () -> PcapWriter.ipv4("a.b.c.d"));
        writer.close();
        writer.close();
        assertThrows(IllegalStateException.class, () -> writer.writeUdp(0, 1, 1, 2, 2, payload, 0, 8));
    }
}
