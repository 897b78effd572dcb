package io.classwire.core.congestion.session;

import io.classwire.core.congestion.CongestionController;
import io.classwire.core.congestion.Pacer;
import io.classwire.core.congestion.PacketKind;
import io.classwire.core.congestion.PacketSender;
import io.classwire.core.congestion.ProbeClusterRequest;
import io.classwire.core.congestion.TransportSequencer;
import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.DropReason;
import io.classwire.core.session.FeedbackListener;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.StageChain;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.HeaderExtensionReader;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Congestion control on an {@link RtpSession}'s send chain: a {@code cc-pacer} stage after the {@code header} stage
 * takes every RTP packet into a fixed slot store and a {@link Pacer}; at the pacing instant it writes the next
 * transport-wide sequence number into the packet's transport-wide sequence header extension
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01), tells the {@link CongestionController} (which keeps the
 * sent-packet history) and continues the chain after itself ({@code transport-out}). Numbering at pacing time keeps
 * the numbers in send order, which the delay estimator needs.
 *
 * <pre>
 *   send:  header --&gt; cc-pacer (store, pace, stamp, onPacketSent) --&gt; ... --&gt; transport-out
 *   RTCP in: TWCC feedback --&gt; {@link #onFeedback} --&gt; CongestionController.onTransportFeedback
 * </pre>
 *
 * <p>Use: give each send stream the extension with {@link #addTransportSequenceExtension(SendStream, int)};
 * {@link #attach(RtpSession)} inserts the stage and registers it as feedback listener; add the stage to the owning
 * agent as a task ({@code SessionAgent.addTask}) so {@link #doWork} runs the controller's process interval, moves
 * probe requests into the pacer and releases packets. Encoders read {@link #targetBitrateBps()}. A packet without
 * the extension is paced but not numbered (counted in {@link #unnumberedPackets()}).
 *
 * <p>Probes: a probe cluster (initial, exponential, ALR and recovery probes of the controller) is sent from queued
 * media first, then from padding packets made by the configured padding source: {@link #rtxPadding} (RFC 4588
 * retransmissions of recent media packets from an {@link RtpPacketHistory}, else padding-only packets on the RTX
 * SSRC, as libwebrtc does) or {@link #mediaPadding} (padding-only packets on the media SSRC, when no RTX stream is
 * negotiated). Without one, clusters end when the queues are empty and mostly fail. Padding packets go through the
 * padding stream's {@link SendStream} and re-enter this stage, which then numbers them at once (they are already
 * paced) as {@link PacketKind#PADDING} of the cluster, sets the P bit of padding-only ones, and lets them continue
 * down the chain. Retransmissions on the RTX SSRC are paced with {@link PacketKind#RETRANSMISSION} priority.
 *
 * <p>Single-threaded (the session's agent). The slot store, the pacer and the context are sized at construction:
 * nothing allocates per packet.
 */
public final class CongestionSendStage implements PacketStage, FeedbackListener, TimedAgent, PacketSender
{
    /** Name of the stage in the send chain. */
    public static final String NAME = "cc-pacer";
    /** Stage after which this one is inserted. */
    public static final String AFTER = "header";

    private static final int MAX_AUDIO_SSRCS = 8;

    private final CongestionController controller;
    private final TransportSequencer sequencer = new TransportSequencer();
    private final Pacer pacer;
    private final int extensionId;
    private final int slotBytes;
    private final UnsafeBuffer slots;
    private final int[] slotLengths;
    private final int[] freeSlots;
    private final int[] audioSsrcs = new int[MAX_AUDIO_SSRCS];
    private final PacketContext releaseContext = new PacketContext();
    private final RtpPacket rtp = new RtpPacket();
    private final HeaderExtensionReader extensions = new HeaderExtensionReader();
    private final TransportFeedback feedback = new TransportFeedback();
    private final ProbeClusterRequest probeRequest = new ProbeClusterRequest();
    private int freeCount;
    private int audioSsrcCount;
    private StageChain chain;
    private int peerId;
    private long nextProcessNs = Long.MIN_VALUE;
    private long lastNowNs;
    private long unnumberedPackets;
    private long invalidFeedbacks;
    private long feedbacks;
    private PaddingSource padding;
    private int paddingClusterId = -1;
    private long paddingPackets;
    private long paddingBytes;

    /**
     * Create a stage.
     *
     * @param controller  the congestion controller (e.g. a {@code GccController}).
     * @param extensionId the RFC 8285 id negotiated for the transport-wide sequence extension.
     * @param slots       packets that can wait in the pacer.
     * @param mtuBytes    largest packet (the session's MTU).
     */
    public CongestionSendStage(
        final CongestionController controller, final int extensionId, final int slots, final int mtuBytes)
    {
        if (slots <= 0 || mtuBytes <= 0 || extensionId < 1 || extensionId > HeaderExtensionReader.TWO_BYTE_MAX_ID)
        {
            throw new IllegalArgumentException("bad slots " + slots + ", mtu " + mtuBytes + " or id " + extensionId);
        }
        this.controller = controller;
        this.extensionId = extensionId;
        this.slotBytes = mtuBytes;
        this.slots = new UnsafeBuffer(new byte[slots * mtuBytes]);
        this.slotLengths = new int[slots];
        this.freeSlots = new int[slots];
        for (int i = 0; i < slots; i++)
        {
            freeSlots[i] = slots - 1 - i;
        }
        freeCount = slots;
        pacer = new Pacer(slots);
    }

    /**
     * Put a transport-wide sequence extension (value 0 until the stage numbers the packet) into a stream's header.
     *
     * @param stream      the send stream.
     * @param extensionId the negotiated id.
     * @return the builder's result: 0 or more on success, negative when the extension does not fit.
     */
    public static int addTransportSequenceExtension(final SendStream stream, final int extensionId)
    {
        return TransportSequenceExtension.add(stream.headerBuilder().extensions(), extensionId, 0);
    }

    /**
     * Insert the stage into the session's send chain after {@code header} and listen to its feedback.
     *
     * @param session the session.
     * @return this.
     */
    public CongestionSendStage attach(final RtpSession session)
    {
        chain = session.sendChain();
        chain.insertAfter(AFTER, this);
        peerId = session.peerId();
        session.addFeedbackListener(this);
        return this;
    }

    /**
     * Send packets of this SSRC with audio priority (the pacer drains audio first).
     *
     * @param ssrc the stream's SSRC.
     * @return this.
     */
    public CongestionSendStage audioSsrc(final int ssrc)
    {
        if (audioSsrcCount == MAX_AUDIO_SSRCS)
        {
            throw new IllegalStateException("at most " + MAX_AUDIO_SSRCS + " audio SSRCs");
        }
        audioSsrcs[audioSsrcCount++] = ssrc;
        return this;
    }

    /**
     * Make probe padding on an RTX stream (RFC 4588): retransmissions of the newest media packets in the history,
     * else padding-only packets on the RTX SSRC. Give the RTX stream the transport-wide extension
     * ({@link #addTransportSequenceExtension}) and keep the history filled (a {@code HistoryStage} in the send chain).
     *
     * @param rtxStream the RTX send stream (RTX payload type, its own SSRC).
     * @param history   the media stream's packet history, or null for padding-only packets.
     * @param mediaSsrc the media stream the history holds.
     * @return this.
     */
    public CongestionSendStage rtxPadding(
        final SendStream rtxStream, final RtpPacketHistory history, final int mediaSsrc)
    {
        padding = new PaddingSource(rtxStream, mediaSsrc, history);
        return this;
    }

    /**
     * Make probe padding as padding-only packets on a media stream (when no RTX stream is negotiated): they take the
     * stream's sequence numbers and its newest timestamp.
     *
     * @param mediaStream the media send stream, carrying the transport-wide extension.
     * @return this.
     */
    public CongestionSendStage mediaPadding(final SendStream mediaStream)
    {
        padding = new PaddingSource(mediaStream, mediaStream.ssrc(), null);
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        if (paddingClusterId >= 0)
        {
            return numberPadding(packet);
        }
        final int length = packet.length();
        if (length > slotBytes)
        {
            packet.dropReason(DropReason.TOO_LARGE);
            return DROP;
        }
        if (freeCount == 0)
        {
            packet.dropReason(DropReason.BACK_PRESSURED);
            return DROP;
        }
        final int slot = freeSlots[--freeCount];
        slots.putBytes(slot * slotBytes, packet.buffer(), packet.offset(), length);
        slotLengths[slot] = length;
        if (!pacer.enqueue(slot, kindOf(packet.ssrc()), length, packet.timeNs()))
        {
            freeSlots[freeCount++] = slot;
            packet.dropReason(DropReason.BACK_PRESSURED);
            return DROP;
        }
        return CONSUMED;
    }

    // A padding packet re-entering the chain from sendPadding: already paced, so number it and let it go on.
    private int numberPadding(final PacketContext packet)
    {
        final MutableDirectBuffer buffer = packet.mutableBuffer();
        final int offset = packet.offset();
        final int length = packet.length();
        if (padding.isSendingPaddingOnly())
        {
            buffer.putByte(offset, (byte)(buffer.getByte(offset) | RtpPacket.PADDING_BIT));
        }
        rtp.wrap(buffer, offset, length);
        final long found = rtp.validate() == WireStatus.OK ? extensions.wrap(rtp).find(extensionId) :
            HeaderExtensionReader.NOT_FOUND;
        if (found == HeaderExtensionReader.NOT_FOUND ||
            TransportSequenceExtension.validate(HeaderExtensionReader.packedLength(found)) != WireStatus.OK)
        {
            unnumberedPackets++;
        }
        else
        {
            final long sequence = sequencer.next();
            TransportSequenceExtension.put(
                buffer, HeaderExtensionReader.packedOffset(found), TransportSequencer.wireSequence(sequence));
            controller.onPacketSent(sequence, packet.timeNs(), length, PacketKind.PADDING, paddingClusterId);
        }
        return FORWARD;
    }

    private int kindOf(final int ssrc)
    {
        if (padding != null && padding.isRtx() && ssrc == padding.paddingSsrc())
        {
            return PacketKind.RETRANSMISSION;
        }
        for (int i = 0; i < audioSsrcCount; i++)
        {
            if (audioSsrcs[i] == ssrc)
            {
                return PacketKind.AUDIO;
            }
        }
        return PacketKind.VIDEO;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        lastNowNs = nowNs;
        int work = 0;
        if (nowNs >= nextProcessNs)
        {
            controller.onProcessInterval(nowNs);
            nextProcessNs = nowNs + controller.processIntervalNs();
            work++;
        }
        while (controller.pollProbeRequest(probeRequest))
        {
            pacer.addProbeCluster(probeRequest);
            work++;
        }
        pacer.setPacingRate(controller.pacingRateBps());
        return work + pacer.process(nowNs, this);
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        return Math.min(nextProcessNs == Long.MIN_VALUE ? lastNowNs : nextProcessNs, pacer.nextSendTimeNs(lastNowNs));
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public int sendPacket(
        final int handle, final int kind, final int sizeBytes, final int probeClusterId, final long nowNs)
    {
        final int offset = handle * slotBytes;
        final int length = slotLengths[handle];
        freeSlots[freeCount++] = handle;
        rtp.wrap(slots, offset, length);
        final long found = rtp.validate() == WireStatus.OK ? extensions.wrap(rtp).find(extensionId) :
            HeaderExtensionReader.NOT_FOUND;
        if (found == HeaderExtensionReader.NOT_FOUND ||
            TransportSequenceExtension.validate(HeaderExtensionReader.packedLength(found)) != WireStatus.OK)
        {
            unnumberedPackets++;
        }
        else
        {
            final long sequence = sequencer.next();
            TransportSequenceExtension.put(
                slots, HeaderExtensionReader.packedOffset(found), TransportSequencer.wireSequence(sequence));
            controller.onPacketSent(sequence, nowNs, length, kind, probeClusterId);
        }
        if (padding != null)
        {
            padding.onReleased(rtp.ssrc(), rtp.sequenceNumber(), rtp.timestamp());
        }
        releaseContext.reset(slots, offset, length, peerId, nowNs).kind(PacketContext.KIND_RTP)
            .ssrc(rtp.ssrc()).sequenceNumber(rtp.sequenceNumber());
        final int next = chain.indexOf(NAME) + 1;
        chain.processFrom(next, releaseContext);
        return length;
    }

    /** {@inheritDoc} */
    @Override
    public int sendPadding(final int maxBytes, final int probeClusterId, final long nowNs)
    {
        if (padding == null || probeClusterId < 0)
        {
            return 0;
        }
        paddingClusterId = probeClusterId;
        final int sent;
        try
        {
            sent = padding.send(maxBytes, nowNs);
        }
        finally
        {
            paddingClusterId = -1;
        }
        if (sent > 0)
        {
            paddingPackets++;
            paddingBytes += sent;
        }
        return Math.max(0, sent);
    }

    /** {@inheritDoc} */
    @Override
    public void onFeedback(
        final int packetType, final int format, final DirectBuffer buffer, final int offset, final int length,
        final long arrivalNs)
    {
        if (packetType != RtcpHeader.PT_RTPFB || format != RtcpHeader.FMT_TWCC)
        {
            return;
        }
        feedback.wrap(buffer, offset, length);
        if (controller.onTransportFeedback(feedback, arrivalNs) < 0)
        {
            invalidFeedbacks++;
        }
        feedbacks++;
    }

    /**
     * The target for the encoders.
     *
     * @return bits per second.
     */
    public long targetBitrateBps()
    {
        return controller.targetBitrateBps();
    }

    /**
     * The pacer (diagnostics).
     *
     * @return the pacer.
     */
    public Pacer pacer()
    {
        return pacer;
    }

    /**
     * Padding packets sent for probes (payload padding and padding-only).
     *
     * @return the count.
     */
    public long paddingPackets()
    {
        return paddingPackets;
    }

    /**
     * Bytes of padding packets sent for probes, headers included.
     *
     * @return the count.
     */
    public long paddingBytes()
    {
        return paddingBytes;
    }

    /**
     * Probe packets that were retransmissions of media from the history (RTX payload padding).
     *
     * @return the count.
     */
    public long payloadPaddingPackets()
    {
        return padding == null ? 0 : padding.payloadPackets();
    }

    /**
     * Packets sent without a transport-wide sequence extension.
     *
     * @return the count.
     */
    public long unnumberedPackets()
    {
        return unnumberedPackets;
    }

    /**
     * Transport-wide feedback packets received.
     *
     * @return the count.
     */
    public long feedbacks()
    {
        return feedbacks;
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
}
