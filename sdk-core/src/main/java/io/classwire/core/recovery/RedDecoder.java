package io.classwire.core.recovery;

import io.classwire.core.wire.RedPayload;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.SeqNum;
import io.classwire.core.wire.SeqUnwrapper;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Receiver side of RFC 2198 redundant audio for one stream: splits each RED packet into plain RTP packets, the
 * redundant blocks first (oldest first) and the primary last, and hands out only those not seen before, so a packet
 * lost on the way comes back from the redundancy of a later one and a packet that did arrive is not delivered twice.
 *
 * <p>The n-th redundant block counted back from the primary gets sequence number {@code seq - n} and timestamp
 * {@code timestamp - offset} (see {@link RedEncoder} for why the numbering holds); it is rebuilt with a plain 12-byte
 * header (marker clear, the block's payload type, the packet's SSRC). The primary keeps the RED packet's header,
 * CSRCs and extensions included, with the primary's payload type.
 *
 * <p>Malformed RED payloads (bad block lengths, nested RED) are counted by {@link WireStatus} code and dropped whole,
 * never thrown. Single-threaded; allocation-free after construction.
 */
public final class RedDecoder
{
    private final int redPayloadType;
    private final RedPayload red = new RedPayload();
    private final SeqUnwrapper unwrapper = new SeqUnwrapper();
    private final ReceivedSeqWindow seen;
    private final UnsafeBuffer out;
    private final long[] malformed = new long[WireStatus.CODE_COUNT];
    private long packets;
    private long primaries;
    private long recovered;
    private long duplicates;
    private long redundantUnused;
    private long tooLarge;

    /**
     * @param redPayloadType  the payload type RED packets carry in their RTP header.
     * @param maxPacketLength longest packet handed out.
     * @param windowPackets   how far back duplicates are recognised, a multiple of 64.
     */
    public RedDecoder(final int redPayloadType, final int maxPacketLength, final int windowPackets)
    {
        this.redPayloadType = redPayloadType;
        this.out = new UnsafeBuffer(new byte[maxPacketLength]);
        this.seen = new ReceivedSeqWindow(windowPackets);
    }

    /** @return the RED payload type. */
    public int redPayloadType()
    {
        return redPayloadType;
    }

    /**
     * A plain (non-RED) packet of the stream arrived, e.g. while the sender has RED off: note it, so a later
     * redundant copy is not delivered again.
     *
     * @param seq its sequence number.
     * @return false when it is a repeat of a packet seen (or rebuilt) within the window, else true.
     */
    public boolean onPlainPacket(final int seq)
    {
        // Only a proven repeat is dropped: a number behind the window (after one far jump ahead, a restarted sender)
        // cannot be shown to be a copy, and dropping it would drop the whole stream until it catches up.
        return seen.mark(unwrapper.unwrap(seq)) != ReceivedSeqWindow.DUPLICATE;
    }

    /**
     * Split one RED packet.
     *
     * @param packet  a validated RTP packet with the RED payload type.
     * @param handler receives the plain packets: recovered ones flagged, then the primary unflagged.
     * @return packets handed out, or a negative {@link WireStatus} code when the RED payload is malformed.
     */
    public int onPacket(final RtpPacket packet, final RecoveredPacketHandler handler)
    {
        packets++;
        final int status = validate(packet);
        if (status != WireStatus.OK)
        {
            malformed[-status]++;
            return status;
        }
        final long ext = unwrapper.unwrap(packet.sequenceNumber());
        final int count = red.redundantCount();
        int emitted = 0;
        int index = 0;
        red.reset();
        while (red.next())
        {
            if (red.isPrimary())
            {
                emitted += emitPrimary(packet, ext, handler);
            }
            else
            {
                emitted += emitRedundant(packet, ext - (count - index), handler);
                index++;
            }
        }
        return emitted;
    }

    private int validate(final RtpPacket packet)
    {
        final int status = red.wrap(packet.buffer(), packet.payloadOffset(), packet.payloadLength()).validate();
        if (status != WireStatus.OK)
        {
            return status;
        }
        red.reset();
        while (red.next())
        {
            if (red.blockPayloadType() == redPayloadType)
            {
                return WireStatus.BAD_TYPE;
            }
        }
        return WireStatus.OK;
    }

    private int emitRedundant(final RtpPacket packet, final long ext, final RecoveredPacketHandler handler)
    {
        if (ext < 0 || seen.mark(ext) != ReceivedSeqWindow.NEW)
        {
            redundantUnused++;
            return 0;
        }
        final int length = RtpPacket.FIXED_HEADER_LENGTH + red.blockLength();
        if (length > out.capacity())
        {
            tooLarge++;
            return 0;
        }
        out.putByte(0, (byte)(RtpPacket.VERSION << 6));
        out.putByte(RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET, (byte)red.blockPayloadType());
        out.putShort(RtpPacket.SEQUENCE_NUMBER_OFFSET, (short)(ext & SeqNum.MASK), ByteOrder.BIG_ENDIAN);
        out.putInt(RtpPacket.TIMESTAMP_OFFSET, packet.timestamp() - red.timestampOffset(), ByteOrder.BIG_ENDIAN);
        out.putInt(RtpPacket.SSRC_OFFSET, packet.ssrc(), ByteOrder.BIG_ENDIAN);
        out.putBytes(RtpPacket.FIXED_HEADER_LENGTH, packet.buffer(), red.blockOffset(), red.blockLength());
        recovered++;
        handler.onPacket(out, 0, length, true);
        return 1;
    }

    private int emitPrimary(final RtpPacket packet, final long ext, final RecoveredPacketHandler handler)
    {
        if (seen.mark(ext) == ReceivedSeqWindow.DUPLICATE)
        {
            duplicates++;
            return 0;
        }
        final int headerLength = packet.headerLength();
        final int length = headerLength + red.blockLength();
        if (length > out.capacity())
        {
            tooLarge++;
            return 0;
        }
        out.putBytes(0, packet.buffer(), packet.offset(), headerLength);
        out.putByte(0, (byte)(out.getByte(0) & ~RtpPacket.PADDING_BIT));
        RtpPacketBuilder.putPayloadType(out, 0, red.blockPayloadType());
        out.putBytes(headerLength, packet.buffer(), red.blockOffset(), red.blockLength());
        primaries++;
        handler.onPacket(out, 0, length, false);
        return 1;
    }

    /** @return RED packets given to {@link #onPacket}. */
    public long packets()
    {
        return packets;
    }

    /** @return primaries handed out. */
    public long primaries()
    {
        return primaries;
    }

    /** @return lost packets rebuilt from redundant blocks. */
    public long recovered()
    {
        return recovered;
    }

    /** @return primaries already seen (duplicated packets, or ones rebuilt earlier from redundancy). */
    public long duplicates()
    {
        return duplicates;
    }

    /** @return redundant blocks whose packet had already arrived: the normal case on a clean path. */
    public long redundantUnused()
    {
        return redundantUnused;
    }

    /** @return blocks too long for the output buffer. */
    public long tooLarge()
    {
        return tooLarge;
    }

    /**
     * @param status a negative {@link WireStatus} code.
     * @return RED payloads rejected with that code.
     */
    public long malformed(final int status)
    {
        return status < 0 && -status < malformed.length ? malformed[-status] : 0;
    }

    /** @return RED payloads rejected, all codes. */
    public long malformed()
    {
        long total = 0;
        for (final long count : malformed)
        {
            total += count;
        }
        return total;
    }
}
