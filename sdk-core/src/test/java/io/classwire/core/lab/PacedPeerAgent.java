package io.classwire.core.lab;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Test agent standing in for a media endpoint: sends fixed-size "media" datagrams at a fixed interval and a small
 * "feedback" datagram at another interval, and counts what it receives. Each datagram carries its kind and a sequence
 * number so the receiver can check order.
 */
final class PacedPeerAgent implements TimedAgent, DatagramHandler
{
    static final byte MEDIA = 1;
    static final byte FEEDBACK = 2;

    private final String name;
    private final DatagramTransport transport;
    private final int peerId;
    private final int mediaBytes;
    private final long mediaIntervalNs;
    private final long feedbackIntervalNs;
    private final long stopNs;
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[2048]);
    private long nextMediaNs;
    private long nextFeedbackNs;
    private int mediaSequence;
    private int feedbackSequence;

    long mediaSent;
    long feedbackSent;
    long mediaReceived;
    long feedbackReceived;
    long outOfOrderMedia;
    long lastReceivedNs;
    long maxObservedLatenessNs;
    private int highestMediaSequence = -1;

    PacedPeerAgent(final String name, final DatagramTransport transport, final String peer, final int mediaBytes,
        final long mediaIntervalNs, final long feedbackIntervalNs, final long stopNs)
    {
        this.name = name;
        this.transport = transport;
        this.peerId = transport.peerId(peer, 5000);
        this.mediaBytes = mediaBytes;
        this.mediaIntervalNs = mediaIntervalNs;
        this.feedbackIntervalNs = feedbackIntervalNs;
        this.stopNs = stopNs;
    }

    @Override
    public int doWork(final long nowNs)
    {
        int work = transport.poll(this, 64);
        while (nextMediaNs <= nowNs && nextMediaNs < stopNs)
        {
            send(MEDIA, mediaSequence++, mediaBytes);
            mediaSent++;
            nextMediaNs += mediaIntervalNs;
            work++;
        }
        while (nextFeedbackNs <= nowNs && nextFeedbackNs < stopNs)
        {
            send(FEEDBACK, feedbackSequence++, 100);
            feedbackSent++;
            nextFeedbackNs += feedbackIntervalNs;
            work++;
        }
        return work;
    }

    private void send(final byte kind, final int sequence, final int length)
    {
        sendBuffer.putByte(0, kind);
        sendBuffer.putInt(1, sequence, ByteOrder.BIG_ENDIAN);
        final int result = transport.send(peerId, sendBuffer, 0, length);
        if (result != DatagramTransport.OK)
        {
            throw new IllegalStateException(name + " send failed: " + result);
        }
    }

    @Override
    public long nextDeadlineNs()
    {
        final long next = Math.min(nextMediaNs, nextFeedbackNs);
        return next < stopNs ? next : NO_DEADLINE;
    }

    @Override
    public String roleName()
    {
        return name;
    }

    @Override
    public void onDatagram(final int fromPeerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        lastReceivedNs = receivedNs;
        final byte kind = buffer.getByte(offset);
        final int sequence = buffer.getInt(offset + 1, ByteOrder.BIG_ENDIAN);
        if (kind == MEDIA)
        {
            mediaReceived++;
            if (sequence < highestMediaSequence)
            {
                outOfOrderMedia++;
            }
            highestMediaSequence = Math.max(highestMediaSequence, sequence);
        }
        else if (kind == FEEDBACK)
        {
            feedbackReceived++;
        }
    }
}
