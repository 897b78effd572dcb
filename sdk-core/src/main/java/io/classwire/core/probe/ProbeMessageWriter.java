package io.classwire.core.probe;

import io.classwire.core.wire.ControlHeader;
import io.classwire.core.wire.ControlHeaderWriter;
import io.classwire.core.wire.WireStatus;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteOrder;

/**
 * Writes network-probe control messages (layouts in {@link ProbeMessage}) into caller-supplied buffers. Stateless and
 * allocation-free. Each method returns the bytes written, or a negative {@link WireStatus} code when an argument is
 * out of range or the message does not fit, in which case nothing useful was written. Padding is zero-filled so that
 * no stale bytes of an earlier message leave the host.
 */
public final class ProbeMessageWriter
{
    private ProbeMessageWriter()
    {
    }

    /**
     * Write an echo request.
     *
     * @param buffer        to write into.
     * @param offset        of the message's first byte.
     * @param capacity      bytes allowed from {@code offset}.
     * @param probeId       the probe run's id.
     * @param sequence      echo sequence number.
     * @param clientSendNs  send time on the client's clock.
     * @param messageLength total length, {@link ProbeMessage#ECHO_MIN_LENGTH}..65535; the reply will be as long.
     * @return bytes written, {@link WireStatus#BAD_LENGTH} for a bad length, {@link WireStatus#TRUNCATED} when short
     *         of room.
     */
    public static int writeEchoRequest(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int probeId,
        final int sequence,
        final long clientSendNs,
        final int messageLength)
    {
        return writeEcho(buffer, offset, capacity, ControlHeader.TYPE_PROBE_ECHO_REQUEST, probeId, sequence, 0, 0,
            clientSendNs, 0, 0, messageLength);
    }

    /**
     * Write an echo reply.
     *
     * @param buffer             to write into.
     * @param offset             of the message's first byte.
     * @param capacity           bytes allowed from {@code offset}.
     * @param probeId            the probe run's id, from the request.
     * @param sequence           the request's sequence number.
     * @param cookie             the responder's cookie for this client and probe.
     * @param requestsReceived   echo requests received for this probe so far, this one included (low 32 bits sent).
     * @param clientSendNs       the request's client send time.
     * @param responderReceiveNs when the request arrived, responder's clock.
     * @param responderSendNs    when the reply leaves, responder's clock, not before the receive time.
     * @param messageLength      the request's length.
     * @return bytes written, {@link WireStatus#BAD_VALUE} when sent before received, {@link WireStatus#BAD_LENGTH}
     *         for a bad length, {@link WireStatus#TRUNCATED} when short of room.
     */
    public static int writeEchoReply(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int probeId,
        final int sequence,
        final int cookie,
        final long requestsReceived,
        final long clientSendNs,
        final long responderReceiveNs,
        final long responderSendNs,
        final int messageLength)
    {
        if (responderSendNs < responderReceiveNs)
        {
            return WireStatus.BAD_VALUE;
        }
        return writeEcho(buffer, offset, capacity, ControlHeader.TYPE_PROBE_ECHO_REPLY, probeId, sequence, cookie,
            (int)requestsReceived, clientSendNs, responderReceiveNs, responderSendNs, messageLength);
    }

    private static int writeEcho(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int type,
        final int probeId,
        final int sequence,
        final int cookie,
        final int requestsReceived,
        final long clientSendNs,
        final long responderReceiveNs,
        final long responderSendNs,
        final int messageLength)
    {
        if (messageLength < ProbeMessage.ECHO_MIN_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        final int header = ControlHeaderWriter.write(buffer, offset, capacity, type, messageLength, probeId);
        if (header < 0)
        {
            return header;
        }
        buffer.putInt(offset + ProbeMessage.ECHO_SEQUENCE_OFFSET, sequence, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.ECHO_COOKIE_OFFSET, cookie, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.ECHO_REQUESTS_RECEIVED_OFFSET, requestsReceived, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.ECHO_REQUESTS_RECEIVED_OFFSET + 4, 0, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.ECHO_CLIENT_SEND_OFFSET, clientSendNs, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.ECHO_RESPONDER_RECEIVE_OFFSET, responderReceiveNs, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.ECHO_RESPONDER_SEND_OFFSET, responderSendNs, ByteOrder.BIG_ENDIAN);
        buffer.setMemory(offset + ProbeMessage.ECHO_MIN_LENGTH, messageLength - ProbeMessage.ECHO_MIN_LENGTH,
            (byte)0);
        return messageLength;
    }

    /**
     * Write one packet of a train.
     *
     * @param buffer        to write into.
     * @param offset        of the message's first byte.
     * @param capacity      bytes allowed from {@code offset}.
     * @param probeId       the probe run's id.
     * @param trainId       the train's id.
     * @param index         the packet's index in the train, below {@code count}.
     * @param count         packets in the train, 1..65535.
     * @param sendNs        send time on the sender's clock.
     * @param messageLength total length, {@link ProbeMessage#TRAIN_PACKET_MIN_LENGTH}..65535.
     * @return bytes written, {@link WireStatus#BAD_COUNT} for a bad index or count, {@link WireStatus#BAD_LENGTH}
     *         for a bad length, {@link WireStatus#TRUNCATED} when short of room.
     */
    public static int writeTrainPacket(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int probeId,
        final int trainId,
        final int index,
        final int count,
        final long sendNs,
        final int messageLength)
    {
        if (count < 1 || count > 0xFFFF || index < 0 || index >= count)
        {
            return WireStatus.BAD_COUNT;
        }
        if (messageLength < ProbeMessage.TRAIN_PACKET_MIN_LENGTH)
        {
            return WireStatus.BAD_LENGTH;
        }
        final int header = ControlHeaderWriter.write(
            buffer, offset, capacity, ControlHeader.TYPE_TRAIN_PACKET, messageLength, probeId);
        if (header < 0)
        {
            return header;
        }
        buffer.putInt(offset + ProbeMessage.TRAIN_ID_OFFSET, trainId, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ProbeMessage.TRAIN_INDEX_OFFSET, (short)index, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ProbeMessage.TRAIN_COUNT_OFFSET, (short)count, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.TRAIN_SEND_OFFSET, sendNs, ByteOrder.BIG_ENDIAN);
        final int fixedEnd = ProbeMessage.TRAIN_SEND_OFFSET + 8;
        buffer.setMemory(offset + fixedEnd, messageLength - fixedEnd, (byte)0);
        return messageLength;
    }

    /**
     * Write a train report.
     *
     * @param buffer          to write into.
     * @param offset          of the message's first byte.
     * @param capacity        bytes allowed from {@code offset}.
     * @param probeId         the probe run's id.
     * @param trainId         the train's id.
     * @param packetsReceived distinct packets received, 1..count.
     * @param count           packets in the train, 1..65535.
     * @param bytesReceived   bytes of the packets received (saturates at 2^32-1).
     * @param receivedRateBps received rate in bits per second (saturates at 2^32-1).
     * @param firstArrivalNs  first arrival, receiver's clock.
     * @param lastArrivalNs   last arrival, receiver's clock, not before the first.
     * @param delayGrowthNs   least transit of the second half minus least transit of the first half.
     * @return {@link ProbeMessage#REPORT_LENGTH}, {@link WireStatus#BAD_COUNT} or {@link WireStatus#BAD_VALUE} for
     *         bad arguments, {@link WireStatus#TRUNCATED} when short of room.
     */
    public static int writeTrainReport(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int probeId,
        final int trainId,
        final int packetsReceived,
        final int count,
        final long bytesReceived,
        final long receivedRateBps,
        final long firstArrivalNs,
        final long lastArrivalNs,
        final long delayGrowthNs)
    {
        if (count < 1 || count > 0xFFFF || packetsReceived < 1 || packetsReceived > count)
        {
            return WireStatus.BAD_COUNT;
        }
        if (lastArrivalNs < firstArrivalNs || bytesReceived < 0 || receivedRateBps < 0)
        {
            return WireStatus.BAD_VALUE;
        }
        final int header = ControlHeaderWriter.write(
            buffer, offset, capacity, ControlHeader.TYPE_TRAIN_REPORT, ProbeMessage.REPORT_LENGTH, probeId);
        if (header < 0)
        {
            return header;
        }
        buffer.putInt(offset + ProbeMessage.TRAIN_ID_OFFSET, trainId, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ProbeMessage.REPORT_RECEIVED_OFFSET, (short)packetsReceived, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ProbeMessage.REPORT_COUNT_OFFSET, (short)count, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.REPORT_BYTES_OFFSET, (int)Math.min(bytesReceived, 0xFFFF_FFFFL),
            ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.REPORT_RATE_OFFSET, (int)Math.min(receivedRateBps, 0xFFFF_FFFFL),
            ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.REPORT_FIRST_ARRIVAL_OFFSET, firstArrivalNs, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.REPORT_LAST_ARRIVAL_OFFSET, lastArrivalNs, ByteOrder.BIG_ENDIAN);
        buffer.putLong(offset + ProbeMessage.REPORT_DELAY_GROWTH_OFFSET, delayGrowthNs, ByteOrder.BIG_ENDIAN);
        return ProbeMessage.REPORT_LENGTH;
    }

    /**
     * Write a downlink train request.
     *
     * @param buffer      to write into.
     * @param offset      of the message's first byte.
     * @param capacity    bytes allowed from {@code offset}.
     * @param probeId     the probe run's id.
     * @param trainId     id the responder will put on the train's packets.
     * @param cookie      the cookie from an echo reply of this probe.
     * @param count       packets wanted, 1..65535.
     * @param packetBytes size of each, {@link ProbeMessage#TRAIN_PACKET_MIN_LENGTH}..65535.
     * @param rateBps     pacing rate wanted, 1..2^32-1 bits per second.
     * @return {@link ProbeMessage#REQUEST_LENGTH}, {@link WireStatus#BAD_COUNT} or {@link WireStatus#BAD_VALUE} for
     *         bad arguments, {@link WireStatus#TRUNCATED} when short of room.
     */
    public static int writeDownlinkTrainRequest(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final int probeId,
        final int trainId,
        final int cookie,
        final int count,
        final int packetBytes,
        final long rateBps)
    {
        if (count < 1 || count > 0xFFFF)
        {
            return WireStatus.BAD_COUNT;
        }
        if (packetBytes < ProbeMessage.TRAIN_PACKET_MIN_LENGTH || packetBytes > 0xFFFF ||
            rateBps < 1 || rateBps > 0xFFFF_FFFFL)
        {
            return WireStatus.BAD_VALUE;
        }
        final int header = ControlHeaderWriter.write(buffer, offset, capacity,
            ControlHeader.TYPE_DOWNLINK_TRAIN_REQUEST, ProbeMessage.REQUEST_LENGTH, probeId);
        if (header < 0)
        {
            return header;
        }
        buffer.putInt(offset + ProbeMessage.TRAIN_ID_OFFSET, trainId, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.REQUEST_COOKIE_OFFSET, cookie, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ProbeMessage.REQUEST_COUNT_OFFSET, (short)count, ByteOrder.BIG_ENDIAN);
        buffer.putShort(offset + ProbeMessage.REQUEST_PACKET_BYTES_OFFSET, (short)packetBytes, ByteOrder.BIG_ENDIAN);
        buffer.putInt(offset + ProbeMessage.REQUEST_RATE_OFFSET, (int)rateBps, ByteOrder.BIG_ENDIAN);
        return ProbeMessage.REQUEST_LENGTH;
    }
}
