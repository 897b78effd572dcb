package io.classwire.core.recovery;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;

/**
 * Send-path stage that copies every packet of one SSRC into an {@link RtpPacketHistory} as it goes out, so
 * {@link RtxSender} can answer NACKs. Insert it just before {@code "transport-out"}, after any stage that still
 * rewrites the header (a transport-wide sequence number), so the history holds the bytes that went on the wire.
 * Never drops; single-threaded.
 */
public final class HistoryStage implements PacketStage
{
    /** The stage's name in the send chain. */
    public static final String NAME = "rtx-history";

    private final RtpPacketHistory history;
    private final int ssrc;

    /**
     * @param history where packets are kept.
     * @param ssrc    the media stream whose packets are kept (not the RTX or FEC streams).
     */
    public HistoryStage(final RtpPacketHistory history, final int ssrc)
    {
        this.history = history;
        this.ssrc = ssrc;
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        if (packet.ssrc() == ssrc)
        {
            history.store(packet.buffer(), packet.offset(), packet.length(), packet.timeNs());
        }
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }
}
