package io.classwire.core.wire;

import org.agrona.DirectBuffer;

import java.nio.ByteOrder;

/**
 * Flyweight over a transport-wide congestion-control feedback message (RTPFB, PT 205, FMT 15,
 * draft-holmer-rmcat-transport-wide-cc-extensions-01 section 3.1), with an allocation-free cursor over the reported
 * packets. Single-threaded: one instance per parsing thread, reused across packets.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=15 |    PT=205     |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     SSRC of packet sender                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                      SSRC of media source                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      base sequence number     |      packet status count      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 reference time                | fb pkt. count |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |          packet chunk         |         packet chunk          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |         packet chunk          |  recv delta   |  recv delta   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * .                                                               .
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           recv delta          |  recv delta   | zero padding  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Run-length chunk (T=0)          Status vector chunk (T=1)
 * |0| S |     run length     |    |1|S|        symbol list        |
 *  S: one 2-bit symbol, 13-bit     S=0: 14 one-bit symbols (0 lost, 1 small delta)
 *  run length                      S=1: 7 two-bit symbols
 *
 * Symbols: 00 not received, 01 received with a 1-byte unsigned delta, 10 received with a 2-byte signed delta,
 * 11 reserved. Deltas are in 250 us units; the first is relative to reference time x 64 ms, each next one to the
 * previous received packet.
 * </pre>
 *
 * <p>Decisions where the draft is silent (checked against libwebrtc's parser):
 * <ul>
 *   <li>A status count of 0 is rejected ({@link WireStatus#BAD_COUNT}); there is nothing to report.</li>
 *   <li>Chunks are read until they cover the status count; the last chunk may describe more packets than remain
 *   (a partly used vector, or a longer run, as some senders emit). Those extra symbols are ignored, whatever their
 *   value.</li>
 *   <li>The reserved symbol 11 for a packet inside the status count is {@link WireStatus#BAD_VALUE}. Early draft
 *   text used it for "received without delta"; libwebrtc rejects it too.</li>
 *   <li>All receive deltas must lie inside the packet ({@link WireStatus#BAD_LENGTH}). libwebrtc instead treats a
 *   packet too short for its deltas as a timestamp-less report; we do not support that mode.</li>
 *   <li>Padding: with the P bit the last byte counts the padding (1 up to the bytes after the fixed header, else
 *   {@link WireStatus#BAD_PADDING}); without it, up to 3 bytes of alignment may follow the deltas (older senders
 *   padded that way). Their values are not checked. More than 3 unexplained bytes is
 *   {@link WireStatus#BAD_LENGTH}.</li>
 *   <li>The 24-bit reference time wraps every 2^24 x 64 ms (about 12.4 days) and its origin is arbitrary, so it is
 *   reported raw ({@link #referenceTime()}); {@link #unwrapReferenceTime(long, int)} extends it against the previous
 *   feedback.</li>
 * </ul>
 *
 * <p>The wrapped region may hold more bytes than this packet (a compound RTCP packet); the packet occupies
 * {@link #packetLengthBytes()} of them. Accessors and the cursor are only valid after {@link #validate()} returned
 * {@link WireStatus#OK}; before that they may return garbage or throw.
 */
public final class TransportFeedback
{
    /** Offset of the base sequence number. */
    public static final int BASE_SEQUENCE_OFFSET = 12;
    /** Offset of the packet status count. */
    public static final int STATUS_COUNT_OFFSET = 14;
    /** Offset of the 24-bit reference time. */
    public static final int REFERENCE_TIME_OFFSET = 16;
    /** Offset of the feedback packet count. */
    public static final int FEEDBACK_COUNT_OFFSET = 19;
    /** Offset of the first packet chunk; also the length of the fixed part. */
    public static final int CHUNKS_OFFSET = 20;
    /** Smallest legal packet: fixed part, one chunk, padded to a word. */
    public static final int MIN_PACKET_LENGTH = 24;
    /** Largest packet status count the 16-bit field can carry. */
    public static final int MAX_STATUS_COUNT = 0xFFFF;
    /** Longest run a run-length chunk can describe. */
    public static final int MAX_RUN_LENGTH = 0x1FFF;
    /** Symbols in a one-bit status vector chunk. */
    public static final int ONE_BIT_CAPACITY = 14;
    /** Symbols in a two-bit status vector chunk. */
    public static final int TWO_BIT_CAPACITY = 7;
    /** Microseconds per receive delta tick. */
    public static final int DELTA_TICK_US = 250;
    /** Microseconds per reference time tick. */
    public static final int REFERENCE_TICK_US = 64_000;
    /** Receive delta ticks per reference time tick. */
    public static final int DELTA_TICKS_PER_REFERENCE_TICK = REFERENCE_TICK_US / DELTA_TICK_US;
    /** Mask of the 24-bit reference time field. */
    public static final int REFERENCE_TIME_MASK = 0xFF_FFFF;
    /** Status symbol: packet not received. */
    public static final int SYMBOL_NOT_RECEIVED = 0;
    /** Status symbol: received, 1-byte unsigned delta. */
    public static final int SYMBOL_SMALL_DELTA = 1;
    /** Status symbol: received, 2-byte signed delta. */
    public static final int SYMBOL_LARGE_DELTA = 2;
    /** Status symbol reserved by the draft. */
    public static final int SYMBOL_RESERVED = 3;
    /** Arrival time reported for a packet that was not received. */
    public static final long NOT_RECEIVED = Long.MIN_VALUE;

    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int packetLength;
    private int receivedCount;
    private int deltasOffset;

    private int cursorCount;
    private int cursorBaseSequence;
    private int cursorIndex;
    private int cursorChunkOffset;
    private int cursorChunk;
    private int cursorChunkUsed;
    private int cursorChunkSize;
    private int cursorDeltaOffset;
    private long cursorTimeTicks;
    private int cursorSequence;
    private int cursorSymbol;
    private int cursorDeltaTicks;

    /**
     * Point the flyweight at a region that starts with a feedback packet; call {@link #validate()} next.
     *
     * @param buffer holding the packet.
     * @param offset of the packet's first byte.
     * @param length bytes available from {@code offset} (may include later packets of a compound packet).
     * @return this for chaining.
     */
    public TransportFeedback wrap(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.packetLength = 0;
        this.receivedCount = 0;
        this.deltasOffset = 0;
        this.cursorCount = 0;
        this.cursorIndex = 0;
        this.cursorSequence = 0;
        this.cursorSymbol = 0;
        this.cursorDeltaTicks = 0;
        return this;
    }

    /**
     * Check the whole packet (header, chunks, deltas, padding) without allocating and without reading outside the
     * wrapped region; on success rewind the cursor to the first packet status.
     *
     * @return {@link WireStatus#OK} or a negative failure code; never throws.
     */
    public int validate()
    {
        packetLength = 0;
        cursorCount = 0;
        if (null == buffer || offset < 0 || length < 0 || (long)offset + length > buffer.capacity())
        {
            return WireStatus.TRUNCATED;
        }
        final int headerStatus = RtcpHeader.validateHeader(buffer, offset, length);
        if (WireStatus.OK != headerStatus)
        {
            return headerStatus;
        }
        if (RtcpHeader.packetType(buffer, offset) != RtcpHeader.PT_RTPFB ||
            RtcpHeader.countOrFormat(buffer, offset) != RtcpHeader.FMT_TWCC)
        {
            return WireStatus.BAD_TYPE;
        }
        final int declaredLength = RtcpHeader.packetLengthBytes(buffer, offset);
        if (declaredLength < CHUNKS_OFFSET)
        {
            return WireStatus.BAD_LENGTH;
        }
        final int statusCount = buffer.getShort(offset + STATUS_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
        if (0 == statusCount)
        {
            return WireStatus.BAD_COUNT;
        }
        int contentEnd = declaredLength;
        if (RtcpHeader.padding(buffer, offset))
        {
            final int paddingLength = buffer.getByte(offset + declaredLength - 1) & 0xFF;
            if (0 == paddingLength || paddingLength > declaredLength - CHUNKS_OFFSET)
            {
                return WireStatus.BAD_PADDING;
            }
            contentEnd -= paddingLength;
        }
        return validateBody(statusCount, declaredLength, contentEnd);
    }

    private int validateBody(final int statusCount, final int declaredLength, final int contentEnd)
    {
        int chunkOffset = CHUNKS_OFFSET;
        int covered = 0;
        int deltaBytes = 0;
        int received = 0;
        while (covered < statusCount)
        {
            if (chunkOffset + 2 > contentEnd)
            {
                return WireStatus.BAD_LENGTH;
            }
            final int chunk = buffer.getShort(offset + chunkOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            chunkOffset += 2;
            final int used = Math.min(chunkSymbolCount(chunk), statusCount - covered);
            if (isRunLength(chunk))
            {
                final int symbol = chunkSymbol(chunk, 0);
                if (used > 0 && SYMBOL_RESERVED == symbol)
                {
                    return WireStatus.BAD_VALUE;
                }
                deltaBytes += symbol * used;
                received += SYMBOL_NOT_RECEIVED == symbol ? 0 : used;
            }
            else
            {
                for (int i = 0; i < used; i++)
                {
                    final int symbol = chunkSymbol(chunk, i);
                    if (SYMBOL_RESERVED == symbol)
                    {
                        return WireStatus.BAD_VALUE;
                    }
                    deltaBytes += symbol;
                    received += SYMBOL_NOT_RECEIVED == symbol ? 0 : 1;
                }
            }
            covered += used;
        }

        final int deltasEnd = chunkOffset + deltaBytes;
        if (deltasEnd > contentEnd || contentEnd - deltasEnd > 3)
        {
            return WireStatus.BAD_LENGTH;
        }
        packetLength = declaredLength;
        receivedCount = received;
        deltasOffset = chunkOffset;
        resetCursor();
        return WireStatus.OK;
    }

    /** @return total bytes of this packet (header, body and padding), the step to the next packet of a compound. */
    public int packetLengthBytes()
    {
        return packetLength;
    }

    /** @return SSRC of the feedback sender, as the unsigned bit pattern in an int. */
    public int senderSsrc()
    {
        return RtcpHeader.senderSsrc(buffer, offset);
    }

    /** @return the media source SSRC field; feedback is transport-wide, so it does not select what is reported. */
    public int mediaSsrc()
    {
        return RtcpHeader.mediaSsrc(buffer, offset);
    }

    /** @return transport-wide sequence number of the first reported packet. */
    public int baseSequenceNumber()
    {
        return buffer.getShort(offset + BASE_SEQUENCE_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return number of packets reported, received or not, in [1, 65535]. */
    public int packetStatusCount()
    {
        return buffer.getShort(offset + STATUS_COUNT_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
    }

    /** @return number of reported packets that were received (each carries one delta). */
    public int receivedCount()
    {
        return receivedCount;
    }

    /** @return the raw 24-bit reference time in 64 ms ticks, in [0, 2^24). */
    public int referenceTime()
    {
        return ((buffer.getShort(offset + REFERENCE_TIME_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF) << 8) |
            (buffer.getByte(offset + REFERENCE_TIME_OFFSET + 2) & 0xFF);
    }

    /** @return the reference time read as the draft's signed 24-bit integer, in [-2^23, 2^23). */
    public int referenceTimeSigned()
    {
        return (referenceTime() << 8) >> 8;
    }

    /** @return the 8-bit feedback packet count, incremented by the sender for each feedback. */
    public int feedbackPacketCount()
    {
        return buffer.getByte(offset + FEEDBACK_COUNT_OFFSET) & 0xFF;
    }

    /**
     * Extend a raw 24-bit reference time to the value congruent to it modulo 2^24 nearest to the previous feedback's
     * extended reference time, so that times keep increasing across the field's wrap. Exactly half-way maps backward.
     *
     * @param previousTicks extended reference time of the previous feedback (for the first one, its raw value).
     * @param rawTicks      raw reference time of this feedback, {@link #referenceTime()}.
     * @return the extended reference time in 64 ms ticks.
     */
    public static long unwrapReferenceTime(final long previousTicks, final int rawTicks)
    {
        final long difference = ((rawTicks - previousTicks) << 40) >> 40;
        return previousTicks + difference;
    }

    /**
     * @param chunk a 16-bit packet status chunk.
     * @return true for a run-length chunk (T=0), false for a status vector chunk.
     */
    public static boolean isRunLength(final int chunk)
    {
        return (chunk & 0x8000) == 0;
    }

    /**
     * @param chunk a 16-bit packet status chunk.
     * @return how many packets the chunk describes: its run length, 14 or 7.
     */
    public static int chunkSymbolCount(final int chunk)
    {
        if (isRunLength(chunk))
        {
            return chunk & MAX_RUN_LENGTH;
        }
        return (chunk & 0x4000) == 0 ? ONE_BIT_CAPACITY : TWO_BIT_CAPACITY;
    }

    /**
     * @param chunk a 16-bit packet status chunk.
     * @param index of the symbol within the chunk, below {@link #chunkSymbolCount(int)} (ignored for a run).
     * @return the status symbol, {@link #SYMBOL_NOT_RECEIVED} to {@link #SYMBOL_RESERVED}.
     */
    public static int chunkSymbol(final int chunk, final int index)
    {
        if (isRunLength(chunk))
        {
            return (chunk >> 13) & 0x3;
        }
        if ((chunk & 0x4000) == 0)
        {
            return (chunk >> (ONE_BIT_CAPACITY - 1 - index)) & 0x1;
        }
        return (chunk >> (2 * (TWO_BIT_CAPACITY - 1 - index))) & 0x3;
    }

    /** Rewind the cursor before the first packet, taking the raw reference time as the time base. */
    public void resetCursor()
    {
        resetCursor(referenceTime());
    }

    /**
     * Rewind the cursor before the first packet with a caller-chosen reference time, e.g. the value from
     * {@link #unwrapReferenceTime(long, int)}.
     *
     * @param referenceTicks reference time in 64 ms ticks used for {@link #arrivalTimeUs()}.
     */
    public void resetCursor(final long referenceTicks)
    {
        cursorCount = packetStatusCount();
        cursorBaseSequence = baseSequenceNumber();
        cursorIndex = 0;
        cursorChunkOffset = offset + CHUNKS_OFFSET;
        cursorChunk = 0;
        cursorChunkUsed = 0;
        cursorChunkSize = 0;
        cursorDeltaOffset = offset + deltasOffset;
        cursorTimeTicks = referenceTicks * DELTA_TICKS_PER_REFERENCE_TICK;
        cursorSequence = 0;
        cursorSymbol = 0;
        cursorDeltaTicks = 0;
    }

    /**
     * Advance the cursor to the next reported packet.
     *
     * @return true when positioned on a packet, false after the last one.
     */
    public boolean next()
    {
        if (cursorIndex >= cursorCount)
        {
            return false;
        }
        while (cursorChunkUsed >= cursorChunkSize)
        {
            cursorChunk = buffer.getShort(cursorChunkOffset, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            cursorChunkOffset += 2;
            cursorChunkSize = chunkSymbolCount(cursorChunk);
            cursorChunkUsed = 0;
        }
        final int symbol = chunkSymbol(cursorChunk, cursorChunkUsed++);
        int delta = 0;
        if (SYMBOL_SMALL_DELTA == symbol)
        {
            delta = buffer.getByte(cursorDeltaOffset) & 0xFF;
            cursorDeltaOffset += 1;
        }
        else if (SYMBOL_LARGE_DELTA == symbol)
        {
            delta = buffer.getShort(cursorDeltaOffset, ByteOrder.BIG_ENDIAN);
            cursorDeltaOffset += 2;
        }
        cursorTimeTicks += delta;
        cursorSymbol = symbol;
        cursorDeltaTicks = delta;
        cursorSequence = (cursorBaseSequence + cursorIndex) & SeqNum.MASK;
        cursorIndex++;
        return true;
    }

    /** @return transport-wide sequence number of the packet under the cursor. */
    public int sequenceNumber()
    {
        return cursorSequence;
    }

    /** @return whether the packet under the cursor was received. */
    public boolean received()
    {
        return SYMBOL_NOT_RECEIVED != cursorSymbol;
    }

    /** @return status symbol of the packet under the cursor. */
    public int symbol()
    {
        return cursorSymbol;
    }

    /** @return receive delta of the packet under the cursor in 250 us ticks, 0 when not received. */
    public int deltaTicks()
    {
        return cursorDeltaTicks;
    }

    /**
     * @return arrival time of the packet under the cursor in microseconds (reference time x 64 ms plus the deltas so
     * far), or {@link #NOT_RECEIVED}.
     */
    public long arrivalTimeUs()
    {
        return SYMBOL_NOT_RECEIVED == cursorSymbol ? NOT_RECEIVED : cursorTimeTicks * DELTA_TICK_US;
    }

    /**
     * Rewind the cursor and hand every reported packet to {@code handler}, in order, using the raw reference time.
     *
     * @param handler receiving each status.
     * @return number of packets reported.
     */
    public int forEachPacket(final PacketStatusHandler handler)
    {
        return forEachPacket(handler, referenceTime());
    }

    /**
     * Rewind the cursor and hand every reported packet to {@code handler}, in order.
     *
     * @param handler        receiving each status.
     * @param referenceTicks reference time in 64 ms ticks, e.g. from {@link #unwrapReferenceTime(long, int)}.
     * @return number of packets reported.
     */
    public int forEachPacket(final PacketStatusHandler handler, final long referenceTicks)
    {
        resetCursor(referenceTicks);
        int count = 0;
        while (next())
        {
            handler.onPacket(cursorSequence, received(), arrivalTimeUs());
            count++;
        }
        return count;
    }
}
