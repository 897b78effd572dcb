package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.CongestionController;
import io.classwire.core.congestion.GccController;
import io.classwire.core.congestion.Pacer;
import io.classwire.core.congestion.PacketKind;
import io.classwire.core.congestion.PacketSender;
import io.classwire.core.congestion.ProbeClusterRequest;
import io.classwire.core.congestion.TransportSequencer;
import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.TransportSequenceExtension;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Test sender for closed-loop congestion runs: an encoder model that produces video frames at the controller's
 * target (optionally capped to model an application-limited sender, optionally paused, optionally with a constant
 * audio stream), a {@link Pacer}, a {@link TransportSequencer} and a {@link CongestionController}. Packets are real
 * RTP with a transport-wide sequence number extension; the payload starts with the send time so the receiver can
 * measure one-way delay. Feedback coming back is parsed with {@link TransportFeedback}.
 *
 * <p>Independent of the RTP session layer on purpose: it exercises the controller, pacer and feedback path alone.
 * Allocation-free once running.
 */
public final class GccSenderAgent implements TimedAgent, DatagramHandler, PacketSender
{
    /** Header extension id used for the transport-wide sequence number. */
    public static final int TRANSPORT_SEQUENCE_ID = 5;
    /** Largest RTP packet the encoder model produces. */
    public static final int MAX_PACKET_BYTES = 1200;
    /** Offset of the 8-byte send time in each packet's payload. */
    static final int SEND_TIME_OFFSET = 20;

    private static final int HANDLES = 16384;
    private static final int MIN_PACKET_BYTES = 60;
    private static final int AUDIO_PACKET_BYTES = 120;
    private static final long AUDIO_INTERVAL_NS = 20_000_000L;
    private static final long SAMPLE_PERIOD_NS = 100_000_000L;

    private final DatagramTransport transport;
    private final int peerId;
    private final CongestionController controller;
    private final Pacer pacer;
    private final TransportSequencer sequencer = new TransportSequencer();
    private final RtpPacketBuilder rtp = new RtpPacketBuilder();
    private final UnsafeBuffer sendBuffer = new UnsafeBuffer(new byte[2048]);
    private final TransportFeedback feedback = new TransportFeedback();
    private final ProbeClusterRequest probeRequest = new ProbeClusterRequest();
    private final int[] handleSizes = new int[HANDLES];
    private final RateSeries series;
    private final long frameIntervalNs;
    private int nextHandle;
    private int rtpSequence;
    private long nextFrameNs;
    private long nextAudioNs;
    private long nextProcessNs;
    private long nextSampleNs;
    private long frameCarryBits;
    private long appLimitBps = Long.MAX_VALUE;
    private long audioBps;
    private long pauseStartNs = Long.MAX_VALUE;
    private long pauseEndNs = Long.MAX_VALUE;
    private long stopNs = Long.MAX_VALUE;
    private long lastNowNs;
    private long feedbacksReceived;
    private long invalidFeedbacks;

    /**
     * Create a sender.
     *
     * @param transport       its node.
     * @param peer            receiver node name.
     * @param controller      the congestion controller under test.
     * @param pacer           the pacer.
     * @param series          where samples go.
     * @param frameIntervalNs encoder frame interval (e.g. 33.3 ms for 30 fps).
     */
    public GccSenderAgent(
        final DatagramTransport transport,
        final String peer,
        final CongestionController controller,
        final Pacer pacer,
        final RateSeries series,
        final long frameIntervalNs)
    {
        this.transport = transport;
        this.peerId = transport.peerId(peer, 5004);
        this.controller = controller;
        this.pacer = pacer;
        this.series = series;
        this.frameIntervalNs = frameIntervalNs;
        rtp.ssrc(0x11223344).payloadType(96);
    }

    /**
     * Model an application that never produces more than a rate, whatever the target.
     *
     * @param bps the cap on video.
     * @return this.
     */
    public GccSenderAgent appLimitBps(final long bps)
    {
        appLimitBps = bps;
        return this;
    }

    /**
     * Add a constant-rate audio stream on top of the video.
     *
     * @param bps audio rate (packets of 120 bytes every 20 ms give 48 kbit/s).
     * @return this.
     */
    public GccSenderAgent audioBps(final long bps)
    {
        audioBps = bps;
        return this;
    }

    /**
     * Produce no media at all in a window.
     *
     * @param startNs pause start.
     * @param endNs   pause end.
     * @return this.
     */
    public GccSenderAgent pause(final long startNs, final long endNs)
    {
        pauseStartNs = startNs;
        pauseEndNs = endNs;
        return this;
    }

    /**
     * Stop producing media for good.
     *
     * @param atNs when.
     * @return this.
     */
    public GccSenderAgent stopAt(final long atNs)
    {
        stopNs = atNs;
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        lastNowNs = nowNs;
        int work = transport.poll(this, 64);
        if (nowNs >= nextProcessNs)
        {
            controller.onProcessInterval(nowNs);
            nextProcessNs = nowNs + controller.processIntervalNs();
            work++;
        }
        while (controller.pollProbeRequest(probeRequest))
        {
            pacer.addProbeCluster(probeRequest);
        }
        pacer.setPacingRate(controller.pacingRateBps());
        work += produceMedia(nowNs);
        work += pacer.process(nowNs, this);
        while (nowNs >= nextSampleNs)
        {
            series.recordController(nextSampleNs, controller.targetBitrateBps(), delayBasedBps(), lossBoundBps(),
                ackedBps());
            nextSampleNs += SAMPLE_PERIOD_NS;
        }
        return work;
    }

    private int produceMedia(final long nowNs)
    {
        int produced = 0;
        final boolean active = nowNs < stopNs && (nowNs < pauseStartNs || nowNs >= pauseEndNs);
        while (nextFrameNs <= nowNs)
        {
            if (active)
            {
                final long videoBps = Math.min(appLimitBps, Math.max(0, controller.targetBitrateBps() - audioBps));
                frameCarryBits += videoBps * frameIntervalNs / 1_000_000_000L;
                produced += packetizeFrame();
            }
            else
            {
                frameCarryBits = 0;
            }
            nextFrameNs += frameIntervalNs;
        }
        while (audioBps > 0 && nextAudioNs <= nowNs)
        {
            if (active)
            {
                enqueue(PacketKind.AUDIO, AUDIO_PACKET_BYTES, nowNs);
                produced++;
            }
            nextAudioNs += Math.max(1, AUDIO_PACKET_BYTES * 8 * 1_000_000_000L / audioBps);
        }
        return produced;
    }

    private int packetizeFrame()
    {
        final int frameBytes = (int)(frameCarryBits / 8);
        if (frameBytes < MIN_PACKET_BYTES)
        {
            return 0;
        }
        frameCarryBits -= frameBytes * 8L;
        final int packets = (frameBytes + MAX_PACKET_BYTES - 1) / MAX_PACKET_BYTES;
        final int perPacket = frameBytes / packets;
        for (int i = 0; i < packets; i++)
        {
            enqueue(PacketKind.VIDEO, Math.max(MIN_PACKET_BYTES, perPacket), lastNowNs);
        }
        return packets;
    }

    private void enqueue(final int kind, final int sizeBytes, final long nowNs)
    {
        final int handle = nextHandle;
        nextHandle = (nextHandle + 1) % HANDLES;
        handleSizes[handle] = sizeBytes;
        pacer.enqueue(handle, kind, sizeBytes, nowNs);
    }

    /** {@inheritDoc} */
    @Override
    public int sendPacket(final int handle, final int kind, final int sizeBytes, final int probeClusterId,
        final long nowNs)
    {
        return write(kind == PacketKind.AUDIO ? 111 : 96, sizeBytes, kind, probeClusterId, nowNs);
    }

    /** {@inheritDoc} */
    @Override
    public int sendPadding(final int maxBytes, final int probeClusterId, final long nowNs)
    {
        return write(97, Math.max(MIN_PACKET_BYTES, maxBytes), PacketKind.PADDING, probeClusterId, nowNs);
    }

    private int write(final int payloadType, final int sizeBytes, final int kind, final int probeClusterId,
        final long nowNs)
    {
        final long sequence = sequencer.next();
        rtp.extensions().reset();
        TransportSequenceExtension.add(
            rtp.extensions(), TRANSPORT_SEQUENCE_ID, TransportSequencer.wireSequence(sequence));
        rtp.payloadType(payloadType).sequenceNumber(rtpSequence++ & 0xFFFF).timestamp((int)(nowNs / 11_111));
        final int headerLength = rtp.writeHeader(sendBuffer, 0, sendBuffer.capacity());
        if (headerLength != SEND_TIME_OFFSET)
        {
            throw new IllegalStateException("unexpected RTP header length " + headerLength);
        }
        sendBuffer.putLong(SEND_TIME_OFFSET, nowNs, ByteOrder.BIG_ENDIAN);
        sendBuffer.setMemory(SEND_TIME_OFFSET + 8, sizeBytes - SEND_TIME_OFFSET - 8, (byte)0);
        transport.send(peerId, sendBuffer, 0, sizeBytes);
        controller.onPacketSent(sequence, nowNs, sizeBytes, kind, probeClusterId);
        series.recordSent(nowNs, sizeBytes);
        return sizeBytes;
    }

    /** {@inheritDoc} */
    @Override
    public void onDatagram(final int fromPeerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        feedback.wrap(buffer, offset, length);
        if (controller.onTransportFeedback(feedback, receivedNs) < 0)
        {
            invalidFeedbacks++;
        }
        feedbacksReceived++;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        long next = Math.min(nextProcessNs, nextSampleNs);
        next = Math.min(next, pacer.nextSendTimeNs(lastNowNs));
        if (nextFrameNs < stopNs)
        {
            next = Math.min(next, nextFrameNs);
        }
        if (audioBps > 0 && nextAudioNs < stopNs)
        {
            next = Math.min(next, nextAudioNs);
        }
        return next;
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return "gcc-sender";
    }

    private long delayBasedBps()
    {
        return controller instanceof GccController ? ((GccController)controller).delayBasedEstimateBps() : 0;
    }

    private long lossBoundBps()
    {
        return controller instanceof GccController ? ((GccController)controller).lossBasedBoundBps() : 0;
    }

    private long ackedBps()
    {
        return controller instanceof GccController ? ((GccController)controller).acknowledgedBitrateBps() : 0;
    }

    /**
     * Feedback packets received.
     *
     * @return the count.
     */
    public long feedbacksReceived()
    {
        return feedbacksReceived;
    }

    /**
     * Feedback packets the controller rejected.
     *
     * @return the count.
     */
    public long invalidFeedbacks()
    {
        return invalidFeedbacks;
    }

    /**
     * The controller under test.
     *
     * @return it.
     */
    public CongestionController controller()
    {
        return controller;
    }

    /**
     * The pacer.
     *
     * @return it.
     */
    public Pacer pacer()
    {
        return pacer;
    }
}
