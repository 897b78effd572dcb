package io.classwire.core.recovery;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.StageChain;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

/**
 * Feeds packets a receive stage creates (rebuilt by FEC or RED) to the stages after it, with its own
 * {@link PacketContext}, as {@link StageChain#processFrom} intends. Package-private; single-threaded.
 */
final class PacketInjector
{
    private final RtpSession session;
    private final String stageName;
    private final PacketContext context = new PacketContext();
    private long injected;
    private long unknownStream;

    PacketInjector(final RtpSession session, final String stageName)
    {
        this.session = session;
        this.stageName = stageName;
    }

    /** @return the chain's verdict, or DROP when the packet is invalid or its stream is unknown. */
    int inject(final DirectBuffer buffer, final int offset, final int length, final long nowNs)
    {
        context.reset(buffer, offset, length, session.peerId(), nowNs).kind(PacketContext.KIND_RTP);
        if (context.rtp().wrap(buffer, offset, length).validate() != WireStatus.OK)
        {
            return PacketStage.DROP;
        }
        final int ssrc = context.rtp().ssrc();
        final ReceiveStream stream = session.receiveStreamBySsrc(ssrc);
        if (stream == null)
        {
            unknownStream++;
            return PacketStage.DROP;
        }
        context.ssrc(ssrc).sequenceNumber(context.rtp().sequenceNumber()).receiveStream(stream);
        final StageChain chain = session.receiveChain();
        injected++;
        return chain.processFrom(chain.indexOf(stageName) + 1, context);
    }

    long injected()
    {
        return injected;
    }

    long unknownStream()
    {
        return unknownStream;
    }
}
