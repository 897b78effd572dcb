package io.classwire.samples.rtp;

import io.classwire.core.lab.ImpairmentProxy;
import io.classwire.core.lab.ImpairmentProxyContext;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.ProxyDirection;

import java.net.InetSocketAddress;

/**
 * Random loss and delay on every path between an RTP sender and receiver that use separate RTP and RTCP ports:
 * three {@link ImpairmentProxy}s on loopback, one for the sender's RTP, one for the sender's RTCP and one for the
 * receiver's RTCP (reports, NACKs) back to the sender's RTCP port. Each forwards with the same one-way delay and
 * Bernoulli loss, so the round trip is twice the delay. The sender sends to {@link #rtpPort()} and
 * {@link #rtcpPort()}, the receiver sends its RTCP to {@link #feedbackPort()}.
 */
public final class LossyRtpPath implements AutoCloseable
{
    private static final String LOOPBACK = "127.0.0.1";

    private final ImpairmentProxy rtp;
    private final ImpairmentProxy rtcp;
    private final ImpairmentProxy feedback;

    /**
     * Launch the three proxies.
     *
     * @param receiverRtpPort      receiver's RTP port on loopback.
     * @param receiverRtcpPort     receiver's RTCP port.
     * @param senderRtcpListenPort sender's RTCP receive port.
     * @param lossRate             Bernoulli loss on each path, 0..1.
     * @param oneWayDelayMs        delay on each path.
     * @param seed                 seed of the loss models (each proxy derives its own).
     */
    public LossyRtpPath(
        final int receiverRtpPort, final int receiverRtcpPort, final int senderRtcpListenPort,
        final double lossRate, final long oneWayDelayMs, final long seed)
    {
        final LinkConfig link = LinkConfig.builder().propagationDelayMs(oneWayDelayMs).randomLossRate(lossRate).build();
        rtp = launch(receiverRtpPort, link, seed);
        ImpairmentProxy second = null;
        try
        {
            second = launch(receiverRtcpPort, link, seed + 1);
            feedback = launch(senderRtcpListenPort, link, seed + 2);
        }
        catch (final RuntimeException ex)
        {
            if (second != null)
            {
                second.close();
            }
            rtp.close();
            throw ex;
        }
        rtcp = second;
    }

    private static ImpairmentProxy launch(final int upstreamPort, final LinkConfig link, final long seed)
    {
        return ImpairmentProxy.launch(new ImpairmentProxyContext()
            .listenAddress(new InetSocketAddress(LOOPBACK, 0))
            .upstreamAddress(new InetSocketAddress(LOOPBACK, upstreamPort))
            .upstreamBindAddress(new InetSocketAddress(LOOPBACK, 0))
            .uplink(link)
            .downlink(link)
            .seed(seed));
    }

    /** @return where the sender sends RTP. */
    public int rtpPort()
    {
        return rtp.localPort();
    }

    /** @return where the sender sends RTCP. */
    public int rtcpPort()
    {
        return rtcp.localPort();
    }

    /** @return where the receiver sends its RTCP. */
    public int feedbackPort()
    {
        return feedback.localPort();
    }

    /** @return RTP datagrams (media and RTX) the proxy received from the sender. */
    public long rtpOffered()
    {
        return rtp.stats(ProxyDirection.UPLINK).offeredPackets();
    }

    /** @return RTP datagrams it dropped. */
    public long rtpDropped()
    {
        return rtp.stats(ProxyDirection.UPLINK).droppedPackets();
    }

    /** @return RTCP datagrams from the receiver that reached the sender. */
    public long feedbackDelivered()
    {
        return feedback.stats(ProxyDirection.UPLINK).deliveredPackets();
    }

    /** Close the three proxies; idempotent. */
    @Override
    public void close()
    {
        try
        {
            rtp.close();
            rtcp.close();
        }
        finally
        {
            feedback.close();
        }
    }
}
