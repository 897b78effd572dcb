package io.classwire.samples.rtp;

import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.PortPairTransport;

/**
 * The two UDP sockets of a standard RTP endpoint, RTP on one port and RTCP on another (RFC 3550 section 11), as one
 * {@link PortPairTransport} that an {@code RtpSession} runs on. Closing the transport closes both sockets.
 */
public final class RtpPorts
{
    /** Most address pairs the transport tracks; one remote party needs one. */
    public static final int MAX_PEERS = 4;

    private final EndpointContext context;
    private final NettyUdpEndpoint rtpEndpoint;
    private final NettyUdpEndpoint rtcpEndpoint;
    private final PortPairTransport transport;

    private RtpPorts(final EndpointContext context, final NettyUdpEndpoint rtp, final NettyUdpEndpoint rtcp)
    {
        this.context = context;
        this.rtpEndpoint = rtp;
        this.rtcpEndpoint = rtcp;
        this.transport = new PortPairTransport(rtp, rtcp, MAX_PEERS);
    }

    /**
     * Bind both sockets.
     *
     * @param bindAddress local address, e.g. {@code 0.0.0.0} or {@code 127.0.0.1}.
     * @param rtpPort     local RTP port, 0 for any.
     * @param rtcpPort    local RTCP port, 0 for any.
     * @return the bound pair.
     */
    public static RtpPorts open(final String bindAddress, final int rtpPort, final int rtcpPort)
    {
        final EndpointContext rtpContext = new EndpointContext().bindAddress(bindAddress).bindPort(rtpPort).conclude();
        final NettyUdpEndpoint rtp = NettyUdpEndpoint.open(rtpContext);
        try
        {
            final NettyUdpEndpoint rtcp = NettyUdpEndpoint.open(
                new EndpointContext().bindAddress(bindAddress).bindPort(rtcpPort).clock(rtpContext.clock()));
            return new RtpPorts(rtpContext, rtp, rtcp);
        }
        catch (final RuntimeException ex)
        {
            rtp.close();
            throw ex;
        }
    }

    /** @return the transport over both sockets. */
    public PortPairTransport transport()
    {
        return transport;
    }

    /** @return the RTP socket's context (clock, idle strategy, error handler for the agent runner). */
    public EndpointContext context()
    {
        return context;
    }

    /** @return the bound RTP port. */
    public int rtpPort()
    {
        return rtpEndpoint.localPort();
    }

    /** @return the bound RTCP port. */
    public int rtcpPort()
    {
        return rtcpEndpoint.localPort();
    }

    /** @return the RTP socket. */
    public NettyUdpEndpoint rtpEndpoint()
    {
        return rtpEndpoint;
    }

    /** @return the RTCP socket. */
    public NettyUdpEndpoint rtcpEndpoint()
    {
        return rtcpEndpoint;
    }
}
