package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.FeedbackGenerator;
import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.HeaderExtensionReader;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Test receiver for closed-loop congestion runs: parses RTP, feeds each packet's transport-wide sequence number and
 * arrival time to a {@link FeedbackGenerator}, sends the feedback back to the sender, and records goodput and the
 * queuing delay each packet saw (one-way delay minus the configured base delay). Allocation-free once running.
 */
public final class TwccReceiverAgent implements TimedAgent, DatagramHandler
{
    private final DatagramTransport transport;
    private final int peerId;
    private final FeedbackGenerator generator;
    private final RateSeries series;
    private final long baseDelayNs;
    private final RtpPacket packet = new RtpPacket();
    private final HeaderExtensionReader extensions = new HeaderExtensionReader();
    private final UnsafeBuffer feedbackBuffer = new UnsafeBuffer(new byte[1500]);
    private long mediaPackets;
    private long malformedPackets;
    private long feedbackSent;

    /**
     * Create a receiver.
     *
     * @param transport   its node.
     * @param peer        sender node name.
     * @param generator   the feedback generator.
     * @param series      where samples go.
     * @param baseDelayNs one-way delay of an empty path (propagation), subtracted to get queuing delay.
     */
    public TwccReceiverAgent(final DatagramTransport transport, final String peer, final FeedbackGenerator generator,
        final RateSeries series, final long baseDelayNs)
    {
        this.transport = transport;
        this.peerId = transport.peerId(peer, 5004);
        this.generator = generator;
        this.series = series;
        this.baseDelayNs = baseDelayNs;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        int work = transport.poll(this, 256);
        int length;
        while ((length = generator.poll(nowNs, feedbackBuffer, 0)) > 0)
        {
            transport.send(peerId, feedbackBuffer, 0, length);
            feedbackSent++;
            work++;
        }
        return work;
    }

    /** {@inheritDoc} */
    @Override
    public void onDatagram(final int fromPeerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        packet.wrap(buffer, offset, length);
        if (packet.validate() != WireStatus.OK)
        {
            malformedPackets++;
            return;
        }
        final long found = extensions.wrap(packet).find(GccSenderAgent.TRANSPORT_SEQUENCE_ID);
        if (found == HeaderExtensionReader.NOT_FOUND ||
            TransportSequenceExtension.validate(HeaderExtensionReader.packedLength(found)) != WireStatus.OK)
        {
            malformedPackets++;
            return;
        }
        final int sequence =
            TransportSequenceExtension.sequenceNumber(buffer, HeaderExtensionReader.packedOffset(found));
        generator.onPacketReceived(sequence, receivedNs, length);
        mediaPackets++;
        final long sendNs = buffer.getLong(offset + GccSenderAgent.SEND_TIME_OFFSET, ByteOrder.BIG_ENDIAN);
        series.recordReceived(receivedNs, length, Math.max(0, receivedNs - sendNs - baseDelayNs));
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return generator.nextDeadlineNs();
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return "twcc-receiver";
    }

    /**
     * Packets received with a transport sequence number.
     *
     * @return the count.
     */
    public long mediaPackets()
    {
        return mediaPackets;
    }

    /**
     * Packets that were not valid RTP with the extension.
     *
     * @return the count.
     */
    public long malformedPackets()
    {
        return malformedPackets;
    }

    /**
     * Feedback packets sent.
     *
     * @return the count.
     */
    public long feedbackSent()
    {
        return feedbackSent;
    }

    /**
     * The feedback generator.
     *
     * @return it.
     */
    public FeedbackGenerator generator()
    {
        return generator;
    }
}
