package io.classwire.core.recovery;

import io.classwire.core.session.SendStream;
import io.classwire.core.transport.TimedAgent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Test media source: one packet every 20 ms with a payload derived from its frame number (so the receiver can check
 * every byte of recovered packets), recording each frame's send time and sequence number.
 */
final class PacedAudioSource implements TimedAgent
{
    static final long INTERVAL_NS = 20_000_000L;
    static final int SAMPLES_PER_FRAME = 960;

    private final SendStream stream;
    private final int payloadLength;
    private final long stopNs;
    private final UnsafeBuffer payload;
    private final long[] sendNs;
    private long nextNs;
    private final int firstSeq;
    private int frames;

    PacedAudioSource(final SendStream stream, final int payloadLength, final long startNs, final long stopNs)
    {
        this.stream = stream;
        this.payloadLength = payloadLength;
        this.stopNs = stopNs;
        this.payload = new UnsafeBuffer(new byte[payloadLength]);
        this.sendNs = new long[(int)((stopNs - startNs) / INTERVAL_NS) + 2];
        this.nextNs = startNs;
        this.firstSeq = stream.nextSequenceNumber();
    }

    static byte payloadByte(final int frame, final int index)
    {
        return (byte)(frame * 31 + index * 7 + (frame >> 8));
    }

    @Override
    public int doWork(final long nowNs)
    {
        int work = 0;
        while (nowNs >= nextNs && nextNs < stopNs)
        {
            for (int i = 0; i < payloadLength; i++)
            {
                payload.putByte(i, payloadByte(frames, i));
            }
            if (stream.send(nowNs, frames * SAMPLES_PER_FRAME, false, payload, 0, payloadLength) == SendStream.OK)
            {
                sendNs[frames++] = nowNs;
            }
            nextNs += INTERVAL_NS;
            work++;
        }
        return work;
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextNs < stopNs ? nextNs : NO_DEADLINE;
    }

    @Override
    public String roleName()
    {
        return "paced-audio";
    }

    int frames()
    {
        return frames;
    }

    int capacity()
    {
        return sendNs.length;
    }

    int firstSeq()
    {
        return firstSeq;
    }

    long sendNs(final int frame)
    {
        return sendNs[frame];
    }
}
