package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Cursor over the individual packets of a compound RTCP packet (RFC 3550 section 6.1). Not thread safe; reuse one
 * instance per thread to iterate without allocation.
 *
 * <pre>{@code
 * if (RtcpCompoundValidator.validate(buffer, offset, length) == WireStatus.OK)
 * {
 *     reader.wrap(buffer, offset, length);
 *     while (reader.next())
 *     {
 *         switch (reader.packetType()) { ... wrap the matching flyweight at reader.offset(), reader.length() ... }
 *     }
 * }
 * }</pre>
 *
 * The cursor only guarantees that each packet it yields lies inside the wrapped region: {@link #next()} stops at the
 * first header that is cut short or whose length field runs past the end. It does not apply the appendix A.2 rules
 * (version, first type, padding placement); run {@link RtcpCompoundValidator} first for those.
 */
public final class RtcpCompoundReader
{
    private DirectBuffer buffer;
    private int end;
    private int nextOffset;
    private int packetOffset;
    private int packetLength;

    /**
     * Point the cursor before the first packet of a compound packet.
     *
     * @param buffer holding the compound packet.
     * @param offset of its first byte.
     * @param length of the compound packet in bytes; a region outside the buffer yields no packets.
     * @return this, for chaining.
     */
    public RtcpCompoundReader wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        if (RtcpPacketCheck.regionInside(buffer, offset, length))
        {
            nextOffset = offset;
            end = offset + length;
        }
        else
        {
            nextOffset = 0;
            end = 0;
        }
        packetOffset = nextOffset;
        packetLength = 0;
        return this;
    }

    /**
     * Advance to the next packet.
     *
     * @return true when a whole packet (per its length field) follows inside the region; false at the end or at a
     * header that does not fit, after which the cursor stays exhausted.
     */
    public boolean next()
    {
        final int remaining = end - nextOffset;
        if (remaining < RtcpHeader.HEADER_LENGTH)
        {
            nextOffset = end;
            return false;
        }
        final int length = RtcpHeader.packetLengthBytes(buffer, nextOffset);
        if (length > remaining)
        {
            nextOffset = end;
            return false;
        }
        packetOffset = nextOffset;
        packetLength = length;
        nextOffset += length;
        return true;
    }

    /**
     * @return the packet type of the current packet; valid after {@link #next()} returned true.
     */
    public int packetType()
    {
        return RtcpHeader.packetType(buffer, packetOffset);
    }

    /**
     * @return the 5-bit count or FMT field of the current packet; valid after {@link #next()} returned true.
     */
    public int countOrFormat()
    {
        return RtcpHeader.countOrFormat(buffer, packetOffset);
    }

    /**
     * @return true when the current packet has its padding bit set; valid after {@link #next()} returned true.
     */
    public boolean padding()
    {
        return RtcpHeader.padding(buffer, packetOffset);
    }

    /**
     * @return the offset in the buffer of the current packet's first byte.
     */
    public int offset()
    {
        return packetOffset;
    }

    /**
     * @return the length in bytes of the current packet, header and padding included.
     */
    public int length()
    {
        return packetLength;
    }
}
