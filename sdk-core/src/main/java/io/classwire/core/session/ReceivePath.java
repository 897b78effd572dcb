package io.classwire.core.session;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.PacketClassifier;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

/**
 * The session's incoming chain, one reused {@link PacketContext} per datagram:
 * <pre>
 *   classify --&gt; rtcp --&gt; rtp-validate --&gt; ssrc-demux --&gt; receive-stats
 *      |           |        --&gt; [rtx] --&gt; [fec] --&gt; [jitter-buffer] --&gt; deliver
 *      |           +-- RTCP consumed by the {@link RtcpReceiver}
 *      +-- control consumed by the control handler; unknown or malformed dropped
 * </pre>
 * (bracketed stages are where later layers insert themselves). Statistics come before recovery so that reports
 * describe the network, not the repaired stream. Allocation-free after a stream's first packet; single-threaded.
 */
final class ReceivePath
{
    /** Sorts datagrams by first byte into RTP, RTCP and control. */
    static final String CLASSIFY = "classify";
    /** Applies RTCP compounds. */
    static final String RTCP = "rtcp";
    /** Validates the RTP header. */
    static final String RTP_VALIDATE = "rtp-validate";
    /** Finds or creates the remote stream. */
    static final String SSRC_DEMUX = "ssrc-demux";
    /** Updates RFC 3550 reception statistics. */
    static final String RECEIVE_STATS = "receive-stats";
    /** Calls the application's {@link RtpHandler}. */
    static final String DELIVER = "deliver";

    private static final RtpHandler NO_RTP_HANDLER = (stream, packet, arrivalNs) -> {};

    private final SessionContext context;
    private final ReceiveStreams receiveStreams;
    private final SendStreams sendStreams;
    private final RtcpReceiver rtcpReceiver;
    private final PacketContext packet = new PacketContext();
    private final StageChain chain;
    private RtpHandler rtpHandler = NO_RTP_HANDLER;
    private DatagramHandler controlHandler;

    ReceivePath(
        final SessionContext context,
        final ReceiveStreams receiveStreams,
        final SendStreams sendStreams,
        final RtcpReceiver rtcpReceiver)
    {
        this.context = context;
        this.receiveStreams = receiveStreams;
        this.sendStreams = sendStreams;
        this.rtcpReceiver = rtcpReceiver;
        this.chain = new StageChain("receive",
            new ClassifyStage(), new RtcpStage(), new RtpValidateStage(), new SsrcDemuxStage(),
            new ReceiveStatsStage(), new DeliverStage());
    }

    static RtpHandler noRtpHandler()
    {
        return NO_RTP_HANDLER;
    }

    StageChain chain()
    {
        return chain;
    }

    void rtpHandler(final RtpHandler rtpHandler)
    {
        this.rtpHandler = rtpHandler == null ? NO_RTP_HANDLER : rtpHandler;
    }

    void controlHandler(final DatagramHandler controlHandler)
    {
        this.controlHandler = controlHandler;
    }

    void onDatagram(final int peerId, final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        chain.process(packet.reset(buffer, offset, length, peerId, nowNs));
    }

    private final class ClassifyStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            switch (PacketClassifier.classify(packet.buffer(), packet.offset(), packet.length()))
            {
                case PacketClassifier.RTP:
                    packet.kind(PacketContext.KIND_RTP);
                    return FORWARD;
                case PacketClassifier.RTCP:
                    packet.kind(PacketContext.KIND_RTCP);
                    return FORWARD;
                case PacketClassifier.CONTROL:
                    packet.kind(PacketContext.KIND_CONTROL);
                    if (controlHandler == null)
                    {
                        packet.dropReason(DropReason.NO_CONTROL_HANDLER);
                        return DROP;
                    }
                    controlHandler.onDatagram(
                        packet.peerId(), packet.buffer(), packet.offset(), packet.length(), packet.timeNs());
                    return CONSUMED;
                case PacketClassifier.UNKNOWN:
                    packet.dropReason(DropReason.UNKNOWN_PROTOCOL);
                    return DROP;
                default:
                    packet.dropReason(DropReason.MALFORMED);
                    return DROP;
            }
        }

        @Override
        public String name()
        {
            return CLASSIFY;
        }
    }

    private final class RtcpStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            if (packet.kind() != PacketContext.KIND_RTCP)
            {
                return FORWARD;
            }
            final int status = rtcpReceiver.onRtcp(packet.buffer(), packet.offset(), packet.length(), packet.timeNs());
            if (status != WireStatus.OK)
            {
                packet.dropReason(status);
                return DROP;
            }
            return CONSUMED;
        }

        @Override
        public String name()
        {
            return RTCP;
        }
    }

    private static final class RtpValidateStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            final RtpPacket rtp = packet.rtp().wrap(packet.buffer(), packet.offset(), packet.length());
            final int status = rtp.validate();
            if (status != WireStatus.OK)
            {
                packet.dropReason(status);
                return DROP;
            }
            packet.ssrc(rtp.ssrc()).sequenceNumber(rtp.sequenceNumber());
            return FORWARD;
        }

        @Override
        public String name()
        {
            return RTP_VALIDATE;
        }
    }

    private final class SsrcDemuxStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            final int ssrc = packet.ssrc();
            ReceiveStream stream = receiveStreams.find(ssrc);
            if (stream == null)
            {
                if (sendStreams.find(ssrc) != null)
                {
                    packet.dropReason(DropReason.SSRC_COLLISION);
                    return DROP;
                }
                final int payloadType = packet.rtp().payloadType();
                stream = receiveStreams.add(ssrc, payloadType, context.clockRateHz(payloadType), packet.timeNs());
                if (stream == null)
                {
                    packet.dropReason(DropReason.TOO_MANY_STREAMS);
                    return DROP;
                }
                rtpHandler.onNewStream(stream);
            }
            if (stream.isEnded())
            {
                packet.dropReason(DropReason.STREAM_ENDED);
                return DROP;
            }
            packet.receiveStream(stream);
            return FORWARD;
        }

        @Override
        public String name()
        {
            return SSRC_DEMUX;
        }
    }

    private static final class ReceiveStatsStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            // Statistics never decide delivery: a packet on A.1 probation still reaches the application.
            packet.receiveStream().onRtp(packet.rtp(), packet.timeNs());
            return FORWARD;
        }

        @Override
        public String name()
        {
            return RECEIVE_STATS;
        }
    }

    private final class DeliverStage implements PacketStage
    {
        @Override
        public int process(final PacketContext packet)
        {
            rtpHandler.onRtpPacket(packet.receiveStream(), packet.rtp(), packet.timeNs());
            return FORWARD;
        }

        @Override
        public String name()
        {
            return DELIVER;
        }
    }
}
