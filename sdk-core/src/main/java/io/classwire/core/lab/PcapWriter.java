package io.classwire.core.lab;

import org.agrona.DirectBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Writes UDP datagrams as a classic libpcap capture file (Ethernet link type, IPv4, UDP with valid checksums) so that
 * Wireshark, tshark and tcpdump can dissect Classwire traffic. Single-threaded; reuses one record buffer, so writing
 * allocates nothing per datagram.
 *
 * <p>File layout (libpcap format, microsecond timestamps, written little-endian with magic {@code 0xa1b2c3d4}):
 * a 24-byte global header, then per packet a 16-byte record header (ts_sec, ts_usec, incl_len, orig_len) followed by
 * a 14-byte Ethernet II header, a 20-byte IPv4 header and an 8-byte UDP header before the payload.
 */
public final class PcapWriter implements AutoCloseable
{
    /** libpcap magic for microsecond timestamps. */
    public static final int MAGIC = 0xA1B2C3D4;
    /** LINKTYPE_ETHERNET. */
    public static final int LINKTYPE_ETHERNET = 1;
    /** Largest UDP payload that fits an IPv4 datagram. */
    public static final int MAX_UDP_PAYLOAD = 65_507;

    private static final int GLOBAL_HEADER_LENGTH = 24;
    private static final int RECORD_HEADER_LENGTH = 16;
    private static final int ETHERNET_HEADER_LENGTH = 14;
    private static final int IPV4_HEADER_LENGTH = 20;
    private static final int UDP_HEADER_LENGTH = 8;
    private static final int FRAME_OVERHEAD = ETHERNET_HEADER_LENGTH + IPV4_HEADER_LENGTH + UDP_HEADER_LENGTH;

    private final OutputStream out;
    private final byte[] record = new byte[RECORD_HEADER_LENGTH + FRAME_OVERHEAD + MAX_UDP_PAYLOAD];
    private final ByteBuffer recordView = ByteBuffer.wrap(record);
    private int ipIdentification;
    private long packetsWritten;
    private boolean closed;

    /**
     * Start a capture: writes the global header at once.
     *
     * @param out where the capture goes; closed by {@link #close()}.
     * @throws IOException if the header cannot be written.
     */
    public PcapWriter(final OutputStream out) throws IOException
    {
        this.out = out;
        final ByteBuffer header = ByteBuffer.allocate(GLOBAL_HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(MAGIC).putShort((short)2).putShort((short)4).putInt(0).putInt(0)
            .putInt(65_535).putInt(LINKTYPE_ETHERNET);
        out.write(header.array());
    }

    /**
     * Append one UDP datagram.
     *
     * @param timestampNs capture time, nanoseconds since the Unix epoch (or any origin; Wireshark shows it as a date).
     * @param srcIp       source IPv4 address as a big-endian int (e.g. {@code 0x7F000001} for 127.0.0.1).
     * @param srcPort     source UDP port.
     * @param dstIp       destination IPv4 address.
     * @param dstPort     destination UDP port.
     * @param payload     buffer holding the UDP payload.
     * @param offset      of the payload.
     * @param length      of the payload in bytes, at most {@link #MAX_UDP_PAYLOAD}.
     * @throws IOException              if writing fails.
     * @throws IllegalArgumentException if the payload is too large or a port is out of range.
     * @throws IllegalStateException    if the writer is closed.
     */
    public void writeUdp(
        final long timestampNs,
        final int srcIp,
        final int srcPort,
        final int dstIp,
        final int dstPort,
        final DirectBuffer payload,
        final int offset,
        final int length) throws IOException
    {
        if (closed)
        {
            throw new IllegalStateException("pcap writer is closed");
        }
        if (length < 0 || length > MAX_UDP_PAYLOAD)
        {
            throw new IllegalArgumentException("UDP payload length " + length + " not in [0, " + MAX_UDP_PAYLOAD + "]");
        }
        if ((srcPort & ~0xFFFF) != 0 || (dstPort & ~0xFFFF) != 0)
        {
            throw new IllegalArgumentException("port out of range: " + srcPort + " -> " + dstPort);
        }
        final int frameLength = FRAME_OVERHEAD + length;
        final ByteBuffer b = recordView;
        b.clear();
        b.order(ByteOrder.LITTLE_ENDIAN);
        b.putInt((int)Math.floorDiv(timestampNs, 1_000_000_000L));
        b.putInt((int)(Math.floorMod(timestampNs, 1_000_000_000L) / 1000));
        b.putInt(frameLength).putInt(frameLength);

        b.order(ByteOrder.BIG_ENDIAN);
        final int ethernet = b.position();
        b.putShort((short)0x0200).putInt(dstIp);            // locally administered MAC derived from the IP
        b.putShort((short)0x0200).putInt(srcIp);
        b.putShort((short)0x0800);                          // EtherType IPv4

        final int ip = ethernet + ETHERNET_HEADER_LENGTH;
        b.put((byte)0x45).put((byte)0).putShort((short)(IPV4_HEADER_LENGTH + UDP_HEADER_LENGTH + length));
        b.putShort((short)ipIdentification++).putShort((short)0x4000);   // don't fragment
        b.put((byte)64).put((byte)17).putShort((short)0);             // TTL, UDP, checksum later
        b.putInt(srcIp).putInt(dstIp);
        b.putShort(ip + 10, (short)~onesComplementSum(record, ip, IPV4_HEADER_LENGTH, 0));

        final int udp = ip + IPV4_HEADER_LENGTH;
        final int udpLength = UDP_HEADER_LENGTH + length;
        b.putShort((short)srcPort).putShort((short)dstPort).putShort((short)udpLength).putShort((short)0);
        payload.getBytes(offset, record, udp + UDP_HEADER_LENGTH, length);

        final int pseudo = (srcIp >>> 16) + (srcIp & 0xFFFF) + (dstIp >>> 16) + (dstIp & 0xFFFF) + 17 + udpLength;
        int checksum = ~onesComplementSum(record, udp, udpLength, pseudo) & 0xFFFF;
        if (checksum == 0)
        {
            checksum = 0xFFFF;    // RFC 768: a computed zero is sent as all ones
        }
        b.putShort(udp + 6, (short)checksum);

        out.write(record, 0, RECORD_HEADER_LENGTH + frameLength);
        packetsWritten++;
    }

    /** @return datagrams written so far. */
    public long packetsWritten()
    {
        return packetsWritten;
    }

    /**
     * Parse a dotted IPv4 address into the int form {@link #writeUdp} takes.
     *
     * @param dotted such as "127.0.0.1".
     * @return the address as a big-endian int.
     * @throws IllegalArgumentException if it is not a dotted quad.
     */
    public static int ipv4(final String dotted)
    {
        final String[] parts = dotted.split("\\.", -1);
        if (parts.length != 4)
        {
            throw new IllegalArgumentException("not an IPv4 address: " + dotted);
        }
        int address = 0;
        for (final String part : parts)
        {
            final int octet;
            try
            {
                octet = Integer.parseInt(part);
            }
            catch (final NumberFormatException ex)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted, ex);
            }
            if (octet < 0 || octet > 255)
            {
                throw new IllegalArgumentException("not an IPv4 address: " + dotted);
            }
            address = (address << 8) | octet;
        }
        return address;
    }

    /** Flush and close the underlying stream; idempotent. */
    @Override
    public void close() throws IOException
    {
        if (!closed)
        {
            closed = true;
            out.close();
        }
    }

    /** 16-bit one's complement sum (RFC 1071), folded, starting from {@code initial}. */
    static int onesComplementSum(final byte[] bytes, final int offset, final int length, final int initial)
    {
        long sum = initial & 0xFFFF_FFFFL;
        int i = offset;
        final int end = offset + length;
        for (; i + 1 < end; i += 2)
        {
            sum += ((bytes[i] & 0xFF) << 8) | (bytes[i + 1] & 0xFF);
        }
        if (i < end)
        {
            sum += (bytes[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0)
        {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int)sum;
    }
}
