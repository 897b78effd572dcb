package io.classwire.core.recovery;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.wire.RtpPacket;
import org.agrona.DirectBuffer;

/**
 * Receive-path stage for FEC: repair packets of the FEC stream go to the {@link FecDecoder} and stop here (a
 * malformed one is dropped with its {@link io.classwire.core.wire.WireStatus}, so the chain counts it); media
 * packets of the protected stream go to the decoder too and pass on, unless they were already rebuilt (then they are
 * dropped as {@link RecoveryDropReason#DUPLICATE}); every packet the decoder rebuilds is fed to the stages after this
 * one. Insert after the RTX stage (retransmitted packets help complete FEC groups) and before NACK tracking.
 * Single-threaded; allocation-free.
 */
public final class FecReceiveStage implements PacketStage, RecoveredPacketHandler
{
    /** The stage's name in the receive chain. */
    public static final String NAME = "fec";

    private final FecDecoder decoder;
    private final int fecSsrc;
    private final PacketInjector injector;
    private long nowNs;
    private long repairsMalformed;

    /**
     * @param session the session whose receive chain this stage is in.
     * @param decoder the decoder, for the protected stream.
     * @param fecSsrc SSRC of the FEC stream.
     */
    public FecReceiveStage(final RtpSession session, final FecDecoder decoder, final int fecSsrc)
    {
        this.decoder = decoder;
        this.fecSsrc = fecSsrc;
        this.injector = new PacketInjector(session, NAME);
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        nowNs = packet.timeNs();
        final RtpPacket rtp = packet.rtp();
        if (packet.ssrc() == fecSsrc)
        {
            final int result = decoder.onRepair(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength(), this);
            if (result < 0)
            {
                repairsMalformed++;
                packet.dropReason(result);
                return DROP;
            }
            return CONSUMED;
        }
        if (packet.ssrc() == decoder.protectedSsrc() &&
            decoder.onMedia(packet.buffer(), packet.offset(), packet.length(), this) == FecDecoder.DUPLICATE)
        {
            packet.dropReason(RecoveryDropReason.DUPLICATE);
            return DROP;
        }
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public void onPacket(final DirectBuffer buffer, final int offset, final int length, final boolean recovered)
    {
        injector.inject(buffer, offset, length, nowNs);
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /** @return the decoder, for its counters. */
    public FecDecoder decoder()
    {
        return decoder;
    }

    /** @return rebuilt packets passed on. */
    public long packetsInjected()
    {
        return injector.injected();
    }

    /** @return repair packets whose payload was malformed (details by code in the decoder). */
    public long repairsMalformed()
    {
        return repairsMalformed;
    }
}
