package io.classwire.core.wire;

import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

import static io.classwire.core.wire.TransportFeedback.CHUNKS_OFFSET;
import static io.classwire.core.wire.TransportFeedback.DELTA_TICKS_PER_REFERENCE_TICK;
import static io.classwire.core.wire.TransportFeedback.DELTA_TICK_US;
import static io.classwire.core.wire.TransportFeedback.MAX_STATUS_COUNT;
import static io.classwire.core.wire.TransportFeedback.MIN_PACKET_LENGTH;
import static io.classwire.core.wire.TransportFeedback.REFERENCE_TICK_US;
import static io.classwire.core.wire.TransportFeedback.REFERENCE_TIME_MASK;
import static io.classwire.core.wire.TransportFeedback.SYMBOL_LARGE_DELTA;
import static io.classwire.core.wire.TransportFeedback.SYMBOL_SMALL_DELTA;

/**
 * Reusable writer of transport-wide congestion-control feedback ({@link TransportFeedback} describes the format).
 * Single-threaded; every array is sized at construction for the largest packet allowed, so {@link #reset},
 * {@link #addReceived} and {@link #build} allocate nothing.
 *
 * <p>Usage: {@link #reset} with the base sequence, then {@link #addReceived} each received packet in increasing
 * sequence order (gaps are reported as not received), then {@link #build}. When {@code addReceived} returns false the
 * packet does not fit this feedback (its delta is outside the 16-bit range, or the packet would exceed the size
 * limit, or its sequence is not after the last one): build this feedback, reset a new one based at that packet's
 * sequence and add it there. This is how a feedback that cannot hold a delta is split.
 *
 * <p>Time: the reference time is the first received packet's arrival floored to 64 ms, unless given to
 * {@link #reset(int, int, int, long, int)}. Each delta is rounded to the nearest 250 us from the running
 * <em>quantized</em> time, not from the previous true arrival, so rounding errors never accumulate: every reported
 * arrival is within 125 us of the true one. Packets 200 us apart thus get deltas of 1, 1, 0, 1, 1, ... ticks rather
 * than all 0 or all 1. Arrival times are microseconds on any base within +-2^62 (the reference field keeps the low
 * 24 bits of the 64 ms tick count).
 *
 * <p>The packet is padded to a 32-bit boundary the way libwebrtc does: P bit set, zeros, and the padding length in
 * the last byte.
 */
public final class TransportFeedbackBuilder
{
    /**
     * Default size limit: leaves room in a 1280-byte IPv6 minimum MTU datagram for IP/UDP headers, an SRTCP trailer
     * and other RTCP packets of the same compound.
     */
    public static final int DEFAULT_MAX_PACKET_BYTES = 1200;

    private final int maxPacketBytes;
    private final short[] deltas;
    private final StatusChunkEncoder chunks;

    private int senderSsrc;
    private int mediaSsrc;
    private int baseSequence;
    private int feedbackCount;
    private boolean hasReference;
    private long referenceTicks;
    private long timeTicks;
    private int statusCount;
    private int receivedCount;
    private int deltaBytes;

    /** Create a builder limited to {@link #DEFAULT_MAX_PACKET_BYTES}. */
    public TransportFeedbackBuilder()
    {
        this(DEFAULT_MAX_PACKET_BYTES);
    }

    /**
     * Create a builder whose packets never exceed {@code maxPacketBytes}.
     *
     * @param maxPacketBytes size limit including header and padding, in [24, {@link RtcpHeader#MAX_PACKET_LENGTH}].
     * @throws IllegalArgumentException when out of range (construction time only, never on the data path).
     */
    public TransportFeedbackBuilder(final int maxPacketBytes)
    {
        if (maxPacketBytes < MIN_PACKET_LENGTH || maxPacketBytes > RtcpHeader.MAX_PACKET_LENGTH)
        {
            throw new IllegalArgumentException("maxPacketBytes out of range: " + maxPacketBytes);
        }
        this.maxPacketBytes = maxPacketBytes & ~3;
        this.deltas = new short[Math.min(MAX_STATUS_COUNT, this.maxPacketBytes - CHUNKS_OFFSET - 2)];
        this.chunks = new StatusChunkEncoder((this.maxPacketBytes - CHUNKS_OFFSET) / 2);
    }

    /**
     * Start a new feedback whose reference time is taken from the first received packet.
     *
     * @param senderSsrc    SSRC of the feedback sender.
     * @param mediaSsrc     media source SSRC field (informational: the feedback covers all streams).
     * @param baseSequence  transport-wide sequence number of the first packet to report.
     * @param feedbackCount 8-bit feedback packet count, incremented by the caller for each feedback sent.
     * @return this for chaining.
     */
    public TransportFeedbackBuilder reset(
        final int senderSsrc, final int mediaSsrc, final int baseSequence, final int feedbackCount)
    {
        this.senderSsrc = senderSsrc;
        this.mediaSsrc = mediaSsrc;
        this.baseSequence = baseSequence & SeqNum.MASK;
        this.feedbackCount = feedbackCount & 0xFF;
        this.hasReference = false;
        this.referenceTicks = 0;
        this.timeTicks = 0;
        this.statusCount = 0;
        this.receivedCount = 0;
        this.deltaBytes = 0;
        chunks.reset();
        return this;
    }

    /**
     * Start a new feedback with an explicit reference time, floored to 64 ms.
     *
     * @param senderSsrc      SSRC of the feedback sender.
     * @param mediaSsrc       media source SSRC field.
     * @param baseSequence    transport-wide sequence number of the first packet to report.
     * @param referenceTimeUs reference time in microseconds on the arrival times' base.
     * @param feedbackCount   8-bit feedback packet count.
     * @return this for chaining.
     */
    public TransportFeedbackBuilder reset(
        final int senderSsrc,
        final int mediaSsrc,
        final int baseSequence,
        final long referenceTimeUs,
        final int feedbackCount)
    {
        reset(senderSsrc, mediaSsrc, baseSequence, feedbackCount);
        hasReference = true;
        referenceTicks = Math.floorDiv(referenceTimeUs, REFERENCE_TICK_US);
        timeTicks = referenceTicks * DELTA_TICKS_PER_REFERENCE_TICK;
        return this;
    }

    /**
     * Report a received packet; packets between the last reported one and this one are reported as not received.
     * On false nothing changed.
     *
     * @param sequenceNumber transport-wide sequence number, after the last one added (at most 32768 ahead).
     * @param arrivalTimeUs  arrival time in microseconds.
     * @return false when the packet cannot be added to this feedback (delta outside +-8192 ms, over the size limit,
     *         over 65535 statuses, or not after the previous sequence number).
     */
    public boolean addReceived(final int sequenceNumber, final long arrivalTimeUs)
    {
        final int sequence = sequenceNumber & SeqNum.MASK;
        final int next = (baseSequence + statusCount) & SeqNum.MASK;
        if (sequence != next && !SeqNum.isNewer(sequence, (next - 1) & SeqNum.MASK))
        {
            return false;
        }
        final int losses = (sequence - next) & SeqNum.MASK;
        if (statusCount + losses + 1 > MAX_STATUS_COUNT)
        {
            return false;
        }

        final long reference = hasReference ? referenceTicks : Math.floorDiv(arrivalTimeUs, REFERENCE_TICK_US);
        final long fromTicks = hasReference ? timeTicks : reference * DELTA_TICKS_PER_REFERENCE_TICK;
        final long fromUs = fromTicks * DELTA_TICK_US;
        final long differenceUs = arrivalTimeUs - fromUs;
        final boolean overflowed = ((arrivalTimeUs ^ fromUs) & (arrivalTimeUs ^ differenceUs)) < 0;
        if (overflowed || differenceUs < Integer.MIN_VALUE || differenceUs > Integer.MAX_VALUE)
        {
            return false;
        }
        final long delta = Math.floorDiv(differenceUs + DELTA_TICK_US / 2, DELTA_TICK_US);
        if (delta < Short.MIN_VALUE || delta > Short.MAX_VALUE)
        {
            return false;
        }

        final int symbol = delta >= 0 && delta <= 0xFF ? SYMBOL_SMALL_DELTA : SYMBOL_LARGE_DELTA;
        // Far from the size limit the statuses cannot overflow it (each 2-bit vector chunk of 2 bytes holds 7, plus
        // the open group and padding), so the encoder's state is only saved for a possible rollback near the limit.
        final long worstCaseBytes = CHUNKS_OFFSET + chunks.encodedLength() + deltaBytes + symbol +
            2L * ((losses + 1) / 7 + 2) + 3;
        if (worstCaseBytes <= maxPacketBytes)
        {
            chunks.addLosses(losses);
            chunks.add(symbol);
        }
        else
        {
            chunks.mark();
            chunks.addLosses(losses);
            chunks.add(symbol);
            if (paddedLength(CHUNKS_OFFSET + chunks.encodedLength() + deltaBytes + symbol) > maxPacketBytes)
            {
                chunks.rollback();
                return false;
            }
        }

        deltas[receivedCount++] = (short)delta;
        deltaBytes += symbol;
        statusCount += losses + 1;
        hasReference = true;
        referenceTicks = reference;
        timeTicks = fromTicks + delta;
        return true;
    }

    /** @return number of packets reported so far, received or not. */
    public int statusCount()
    {
        return statusCount;
    }

    /** @return number of received packets reported so far. */
    public int receivedCount()
    {
        return receivedCount;
    }

    /** @return the reference time in 64 ms ticks before truncation to 24 bits; 0 until one is known. */
    public long referenceTicks()
    {
        return referenceTicks;
    }

    /**
     * @return the quantized arrival time of the last received packet added, in microseconds on the arrival times'
     * base: exactly what a parser reports for it given {@link #referenceTicks()}.
     */
    public long lastArrivalTimeUs()
    {
        return timeTicks * DELTA_TICK_US;
    }

    /** @return bytes {@link #build} would write now, padding included; 0 when nothing was added. */
    public int lengthBytes()
    {
        return 0 == statusCount ? 0 : paddedLength(unpaddedLength());
    }

    /**
     * Write the feedback. The builder keeps its state, so more packets may be added and the packet built again.
     *
     * @param buffer to write into.
     * @param offset of the packet's first byte.
     * @return bytes written, or {@link WireStatus#BAD_COUNT} when no packet was added, or
     *         {@link WireStatus#TRUNCATED} when the buffer cannot hold the packet.
     */
    public int build(final MutableDirectBuffer buffer, final int offset)
    {
        if (0 == statusCount)
        {
            return WireStatus.BAD_COUNT;
        }
        final int unpadded = unpaddedLength();
        final int length = paddedLength(unpadded);
        if (offset < 0 || (!buffer.isExpandable() && (long)offset + length > buffer.capacity()))
        {
            return WireStatus.TRUNCATED;
        }
        final int padding = length - unpadded;
        RtcpHeader.writeHeader(buffer, offset, padding > 0, RtcpHeader.FMT_TWCC, RtcpHeader.PT_RTPFB, length);
        buffer.putInt(offset + RtcpHeader.SENDER_SSRC_OFFSET, senderSsrc, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + RtcpHeader.MEDIA_SSRC_OFFSET, mediaSsrc, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + TransportFeedback.BASE_SEQUENCE_OFFSET, (short)baseSequence, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + TransportFeedback.STATUS_COUNT_OFFSET, (short)statusCount, ByteOrder.BIG_ENDIAN);
        final int reference = (int)referenceTicks & REFERENCE_TIME_MASK;
        final int referenceOffset = offset + TransportFeedback.REFERENCE_TIME_OFFSET;
        buffer.putShort(referenceOffset, (short)(reference >> 8), ByteOrder.BIG_ENDIAN);
        buffer.putByte(referenceOffset + 2, (byte)reference);
        buffer.putByte(offset + TransportFeedback.FEEDBACK_COUNT_OFFSET, (byte)feedbackCount);

        int position = offset + CHUNKS_OFFSET;
        position += chunks.write(buffer, position);
        for (int i = 0; i < receivedCount; i++)
        {
            final short delta = deltas[i];
            if (delta >= 0 && delta <= 0xFF)
            {
                buffer.putByte(position++, (byte)delta);
            }
            else
            {
                buffer.putShort(position, delta, ByteOrder.BIG_ENDIAN);
                position += 2;
            }
        }
        for (int i = 1; i < padding; i++)
        {
            buffer.putByte(position++, (byte)0);
        }
        if (padding > 0)
        {
            buffer.putByte(position, (byte)padding);
        }
        return length;
    }

    private int unpaddedLength()
    {
        return CHUNKS_OFFSET + chunks.encodedLength() + deltaBytes;
    }

    private static int paddedLength(final int length)
    {
        return (length + 3) & ~3;
    }
}
