package io.classwire.core.session;

import io.classwire.core.transport.TimedAgent;
import org.agrona.MutableDirectBuffer;

import java.util.SplittableRandom;

/**
 * Test media source standing in for an Opus encoder: one packet every 20 ms on a 48 kHz clock (960 ticks), payloads
 * of 100 to 160 bytes written in place, marker on the first packet. Runs as a task of a {@link SessionAgent}.
 */
final class OpusLikeSource implements TimedAgent
{
    static final long FRAME_NS = 20_000_000L;
    static final int FRAME_TICKS = 960;

    private final SendStream stream;
    private final SplittableRandom random;
    private final long startNs;
    private final long stopNs;
    private final int firstSequenceNumber;
    private long nextFrameNs;
    private int rtpTimestamp;
    long framesSent;
    long sendFailures;
    int lastResult;

    OpusLikeSource(final SendStream stream, final long seed, final long startNs, final long stopNs)
    {
        this.stream = stream;
        this.random = new SplittableRandom(seed);
        this.startNs = startNs;
        this.stopNs = stopNs;
        this.nextFrameNs = startNs;
        this.rtpTimestamp = random.nextInt();
        this.firstSequenceNumber = stream.nextSequenceNumber();
    }

    int firstSequenceNumber()
    {
        return firstSequenceNumber;
    }

    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        while (nextFrameNs <= nowNs && nextFrameNs < stopNs)
        {
            final int length = 100 + random.nextInt(61);
            final MutableDirectBuffer buffer = stream.payloadBuffer();
            final int offset = stream.payloadOffset();
            for (int i = 0; i < length; i += 8)
            {
                buffer.putLong(offset + i, random.nextLong());
            }
            lastResult = stream.sendInPlace(nowNs, rtpTimestamp, nextFrameNs == startNs, length);
            if (lastResult == SendStream.OK)
            {
                framesSent++;
            }
            else
            {
                sendFailures++;
            }
            rtpTimestamp += FRAME_TICKS;
            nextFrameNs += FRAME_NS;
            work++;
        }
        return work;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextFrameNs < stopNs ? nextFrameNs : NO_DEADLINE;
    }

    @Override
    public String roleName()
    {
        return "opus-like";
    }
}
