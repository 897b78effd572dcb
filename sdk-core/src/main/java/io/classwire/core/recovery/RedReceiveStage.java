package io.classwire.core.recovery;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import org.agrona.DirectBuffer;

/**
 * Receive-path stage for RFC 2198 audio of one stream: a RED packet is split by the {@link RedDecoder} and stops
 * here, while its primary and any packets rebuilt from its redundant blocks (those not seen before) are fed to the
 * stages after this one as plain packets. Plain packets of the stream pass on and are noted, so a later redundant
 * copy of them is not delivered again. A malformed RED payload is dropped with its
 * {@link io.classwire.core.wire.WireStatus}. Insert after the FEC stage (FEC protects the RED packets as sent).
 * Single-threaded; allocation-free.
 */
public final class RedReceiveStage implements PacketStage, RecoveredPacketHandler
{
    /** The stage's name in the receive chain. */
    public static final String NAME = "red";

    private final RedDecoder decoder;
    private final int mediaSsrc;
    private final PacketInjector injector;
    private long nowNs;

    /**
     * @param session   the session whose receive chain this stage is in.
     * @param decoder   the decoder, for the stream's RED payload type.
     * @param mediaSsrc the stream.
     */
    public RedReceiveStage(final RtpSession session, final RedDecoder decoder, final int mediaSsrc)
    {
        this.decoder = decoder;
        this.mediaSsrc = mediaSsrc;
        this.injector = new PacketInjector(session, NAME);
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        if (packet.ssrc() != mediaSsrc)
        {
            return FORWARD;
        }
        if (packet.rtp().payloadType() != decoder.redPayloadType())
        {
            if (!decoder.onPlainPacket(packet.sequenceNumber()))
            {
                packet.dropReason(RecoveryDropReason.DUPLICATE);
                return DROP;
            }
            return FORWARD;
        }
        nowNs = packet.timeNs();
        final int result = decoder.onPacket(packet.rtp(), this);
        if (result < 0)
        {
            packet.dropReason(result);
            return DROP;
        }
        return CONSUMED;
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
    public RedDecoder decoder()
    {
        return decoder;
    }
}
