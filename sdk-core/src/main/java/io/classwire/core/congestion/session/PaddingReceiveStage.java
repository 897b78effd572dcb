package io.classwire.core.congestion.session;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;

/**
 * Receive-path stage that stops padding-only RTP packets (P bit set, no payload once the padding is removed, RFC 3550
 * section 5.1) after reception statistics and before anything that wants media: the probe padding a
 * {@link CongestionSendStage} sends. They have done their work by then (the {@code twcc} stage reported their arrival,
 * {@code receive-stats} counted their sequence numbers, so they show neither as loss nor as a gap); delivering them
 * would hand empty payloads to depacketizers and jitter buffers. They are consumed and counted
 * ({@link #paddingPackets()}), not dropped as errors.
 *
 * <p>Placement ({@link #attach}): after {@code nack} when that stage is present (padding on the media SSRC then
 * closes sequence gaps instead of being NACKed), else right after {@code receive-stats}. Padding-only packets on an
 * RTX SSRC are stopped by whichever of this stage and the {@code rtx} stage comes first (the {@code rtx} stage
 * consumes them too). Single-threaded; allocation-free.
 */
public final class PaddingReceiveStage implements PacketStage
{
    /** Name of the stage in the receive chain. */
    public static final String NAME = "padding-drop";

    private static final String NACK = "nack";
    private static final String RECEIVE_STATS = "receive-stats";

    private long paddingPackets;
    private long paddingBytes;

    /**
     * Insert the stage into the session's receive chain (see the class comment for where).
     *
     * @param session the session.
     * @return this.
     */
    public PaddingReceiveStage attach(final RtpSession session)
    {
        final boolean hasNack = session.receiveChain().indexOf(NACK) >= 0;
        session.receiveChain().insertAfter(hasNack ? NACK : RECEIVE_STATS, this);
        return this;
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        // rtp-validate ran: the padding count is known to fit, so a zero payload means padding only.
        if (packet.kind() == PacketContext.KIND_RTP && packet.rtp().padding() && packet.rtp().payloadLength() == 0)
        {
            paddingPackets++;
            paddingBytes += packet.length();
            return CONSUMED;
        }
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /**
     * Padding-only packets stopped.
     *
     * @return the count.
     */
    public long paddingPackets()
    {
        return paddingPackets;
    }

    /**
     * Bytes of padding-only packets stopped.
     *
     * @return the count.
     */
    public long paddingBytes()
    {
        return paddingBytes;
    }
}
