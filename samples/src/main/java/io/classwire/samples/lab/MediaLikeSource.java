package io.classwire.samples.lab;

import io.classwire.core.session.SendStream;
import io.classwire.core.transport.TimedAgent;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * A paced media-like stream: one packet every 20 ms of a fixed size, as an Opus or low-rate video sender would send,
 * carrying its send time in the first 8 payload bytes so the receiver can measure one-way delay. Runs as a task of a
 * session agent, in real or virtual time.
 */
public final class MediaLikeSource implements TimedAgent
{
    /** Packet interval. */
    public static final long FRAME_NS = 20_000_000L;
    /** Payload bytes that carry the send time. */
    public static final int TIMESTAMP_BYTES = 8;

    private final SendStream stream;
    private final int payloadBytes;
    private final int ticksPerFrame;
    private final UnsafeBuffer payload;
    private final long stopNs;
    private long nextSendNs;
    private int rtpTimestamp;
    private volatile long sent;
    private long sendFailures;

    /**
     * @param stream       where the packets go.
     * @param payloadBytes payload size, at least {@link #TIMESTAMP_BYTES}.
     * @param startNs      time of the first packet.
     * @param stopNs       no packet at or after this time.
     */
    public MediaLikeSource(final SendStream stream, final int payloadBytes, final long startNs, final long stopNs)
    {
        if (payloadBytes < TIMESTAMP_BYTES || payloadBytes > stream.maxPayloadLength())
        {
            throw new IllegalArgumentException("payload must be " + TIMESTAMP_BYTES + ".." +
                stream.maxPayloadLength() + " bytes: " + payloadBytes);
        }
        this.stream = stream;
        this.payloadBytes = payloadBytes;
        this.ticksPerFrame = (int)(stream.clockRateHz() * FRAME_NS / 1_000_000_000L);
        this.payload = new UnsafeBuffer(new byte[payloadBytes]);
        this.nextSendNs = startNs;
        this.stopNs = stopNs;
    }

    /**
     * @param payload a received payload from such a source.
     * @param offset  of its first byte.
     * @return the send time it carries.
     */
    public static long sendTimeNs(final org.agrona.DirectBuffer payload, final int offset)
    {
        return payload.getLong(offset, ByteOrder.BIG_ENDIAN);
    }

    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        while (nowNs - nextSendNs >= 0 && nextSendNs - stopNs < 0)
        {
            payload.putLong(0, nowNs, ByteOrder.BIG_ENDIAN);
            if (stream.send(nowNs, rtpTimestamp, sent == 0, payload, 0, payloadBytes) == SendStream.OK)
            {
                sent = sent + 1;
            }
            else
            {
                sendFailures++;
            }
            rtpTimestamp += ticksPerFrame;
            nextSendNs += FRAME_NS;
            work++;
        }
        return work;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextSendNs - stopNs < 0 ? nextSendNs : NO_DEADLINE;
    }

    @Override
    public String roleName()
    {
        return "media-source";
    }

    /** @return packets handed to the session. */
    public long sent()
    {
        return sent;
    }

    /** @return packets the session refused (back-pressure, closed). */
    public long sendFailures()
    {
        return sendFailures;
    }
}
