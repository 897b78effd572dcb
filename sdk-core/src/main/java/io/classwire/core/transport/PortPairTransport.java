package io.classwire.core.transport;

import org.agrona.DirectBuffer;
import org.agrona.collections.Int2IntHashMap;

import java.util.Arrays;

/**
 * A {@link DatagramTransport} over two transports, one carrying RTP and one carrying RTCP: the classic RFC 3550
 * layout (section 11) of separate RTP and RTCP ports that standard RTP stacks (GStreamer {@code rtpbin}, ffmpeg,
 * hardware encoders) use when RTP/RTCP multiplexing (RFC 5761) is not negotiated. An {@code RtpSession} runs on it
 * unchanged: outgoing datagrams are routed by {@link PacketClassifier} (RTCP to the peer's RTCP address, RTP and
 * anything else to its RTP address), and datagrams from either socket reach the session as coming from one peer.
 * Single-threaded like the transports it wraps: every method on the agent's thread.
 *
 * <p>A peer here is a pair of addresses, one on each transport. {@link #peerId(String, int)} uses the RFC 3550
 * convention RTCP port = RTP port + 1; {@link #peerId(String, int, int)} takes both ports, and a port of 0 means
 * "learn it": the first datagram that arrives on that socket from a source no other peer owns fixes the address
 * (symmetric RTP/RTCP, RFC 4961). Datagrams from sources that no peer owns go to the {@link #defaultPeer(int)},
 * when one is set (they then belong to it for good), or are dropped and counted
 * ({@link #unknownSourceDrops()}). A remote sender whose RTP comes from an ephemeral port, and whose RTCP comes
 * from yet another, is thus one peer of the session.
 *
 * <p>Both underlying transports must accept datagrams from unregistered senders (for a
 * {@link NettyUdpEndpoint}, {@link EndpointContext#allowUnknownPeers()}, the default) when peers or the default
 * peer are to learn addresses. Receive times come from each transport's own clock; use one clock for both.
 *
 * <p>No allocation after setup: the per-datagram work is a classification, an open-addressing map lookup and an
 * array index.
 */
public final class PortPairTransport implements DatagramTransport
{
    /** No peer, or an address not known yet. */
    public static final int NO_PEER = -1;

    private final DatagramTransport rtpTransport;
    private final DatagramTransport rtcpTransport;
    private final int maxPeers;
    private final int[] rtpPeerIds;
    private final int[] rtcpPeerIds;
    private final Int2IntHashMap peerByRtpSource = new Int2IntHashMap(NO_PEER);
    private final Int2IntHashMap peerByRtcpSource = new Int2IntHashMap(NO_PEER);
    private final DatagramHandler rtpForwarder = this::onRtpSocketDatagram;
    private final DatagramHandler rtcpForwarder = this::onRtcpSocketDatagram;
    private DatagramHandler pollHandler;
    private int peerCount;
    private int defaultPeer = NO_PEER;
    private long unknownSourceDrops;
    private boolean closed;

    /**
     * Combine two transports; this object owns them from now on and closes both.
     *
     * @param rtpTransport  the transport of the RTP port (RTP, and Classwire control if any).
     * @param rtcpTransport the transport of the RTCP port.
     * @param maxPeers      most address pairs, at least 1.
     */
    public PortPairTransport(
        final DatagramTransport rtpTransport, final DatagramTransport rtcpTransport, final int maxPeers)
    {
        if (maxPeers < 1)
        {
            throw new IllegalArgumentException("maxPeers must be positive: " + maxPeers);
        }
        this.rtpTransport = rtpTransport;
        this.rtcpTransport = rtcpTransport;
        this.maxPeers = maxPeers;
        this.rtpPeerIds = new int[maxPeers];
        this.rtcpPeerIds = new int[maxPeers];
        Arrays.fill(rtpPeerIds, NO_PEER);
        Arrays.fill(rtcpPeerIds, NO_PEER);
    }

    /**
     * Register a peer whose RTCP port is its RTP port + 1 (RFC 3550 section 11).
     *
     * @param host numeric host address or host name.
     * @param port the peer's RTP port, 1..65534.
     * @return the peer id, or {@link #NOT_CONNECTED} when the port is out of range, the table is full, the
     *         transport is closed or an underlying transport refused the address.
     */
    @Override
    public int peerId(final String host, final int port)
    {
        if (port < 1 || port > 65534)
        {
            return NOT_CONNECTED;
        }
        return peerId(host, port, port + 1);
    }

    /**
     * Register a peer by its RTP and RTCP addresses; a port of 0 is learnt from the first datagram on that socket
     * from a source no peer owns. Registering the same ports again returns the same id.
     *
     * @param host     numeric host address or host name (unused when both ports are 0).
     * @param rtpPort  the peer's RTP port, or 0 to learn it.
     * @param rtcpPort the peer's RTCP port, or 0 to learn it.
     * @return the peer id, or {@link #NOT_CONNECTED} as for {@link #peerId(String, int)}.
     */
    public int peerId(final String host, final int rtpPort, final int rtcpPort)
    {
        if (closed || rtpPort < 0 || rtpPort > 65535 || rtcpPort < 0 || rtcpPort > 65535)
        {
            return NOT_CONNECTED;
        }
        final int rtpId = rtpPort == 0 ? NO_PEER : rtpTransport.peerId(host, rtpPort);
        final int rtcpId = rtcpPort == 0 ? NO_PEER : rtcpTransport.peerId(host, rtcpPort);
        if (rtpId < NO_PEER || rtcpId < NO_PEER)
        {
            return NOT_CONNECTED;
        }
        final int byRtp = rtpId == NO_PEER ? NO_PEER : peerByRtpSource.get(rtpId);
        final int byRtcp = rtcpId == NO_PEER ? NO_PEER : peerByRtcpSource.get(rtcpId);
        if (byRtp != NO_PEER || byRtcp != NO_PEER)
        {
            // The same pair again is the same peer; a pair that splits an existing peer is refused.
            return byRtp == byRtcp ? byRtp : NOT_CONNECTED;
        }
        if (peerCount == maxPeers)
        {
            return NOT_CONNECTED;
        }
        final int peer = peerCount++;
        bindRtp(peer, rtpId);
        bindRtcp(peer, rtcpId);
        return peer;
    }

    /**
     * Attribute datagrams from sources no peer owns to one peer (a receiver that does not know its sender's
     * addresses in advance), instead of dropping them.
     *
     * @param peerId a registered peer, or {@link #NO_PEER} to drop such datagrams again.
     * @return this transport.
     * @throws IllegalArgumentException when the id was never returned by {@code peerId}.
     */
    public PortPairTransport defaultPeer(final int peerId)
    {
        if (peerId != NO_PEER && (peerId < 0 || peerId >= peerCount))
        {
            throw new IllegalArgumentException("unknown peer id " + peerId);
        }
        this.defaultPeer = peerId;
        return this;
    }

    /**
     * Route one datagram by its class: RTCP to the peer's RTCP address, everything else to its RTP address.
     *
     * @param peerId id from {@code peerId} or from a received datagram.
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length in bytes.
     * @return the underlying transport's result, or {@link #NOT_CONNECTED} for an unknown peer, an address not
     *         learnt yet, or a closed transport.
     */
    @Override
    public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
    {
        if (closed || peerId < 0 || peerId >= peerCount)
        {
            return NOT_CONNECTED;
        }
        final boolean rtcp = PacketClassifier.classify(buffer, offset, length) == PacketClassifier.RTCP;
        final int target = rtcp ? rtcpPeerIds[peerId] : rtpPeerIds[peerId];
        if (target == NO_PEER)
        {
            return NOT_CONNECTED;
        }
        return (rtcp ? rtcpTransport : rtpTransport).send(target, buffer, offset, length);
    }

    /**
     * Deliver up to {@code limit} datagrams from both sockets, RTCP socket first (it carries the feedback that
     * retransmissions wait for), each tagged with its peer's id.
     *
     * @param handler called once per datagram; the buffer is only valid during the call.
     * @param limit   most datagrams read from the two sockets together.
     * @return the number read, including any dropped for an unknown source.
     */
    @Override
    public int poll(final DatagramHandler handler, final int limit)
    {
        if (closed || limit <= 0)
        {
            return 0;
        }
        pollHandler = handler;
        try
        {
            int read = rtcpTransport.poll(rtcpForwarder, limit);
            if (read < limit)
            {
                read += rtpTransport.poll(rtpForwarder, limit - read);
            }
            return read;
        }
        finally
        {
            pollHandler = null;
        }
    }

    private void onRtpSocketDatagram(
        final int sourceId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        int peer = peerByRtpSource.get(sourceId);
        if (peer == NO_PEER)
        {
            peer = learnRtpSource(sourceId);
        }
        deliver(peer, buffer, offset, length, receivedNs);
    }

    private void onRtcpSocketDatagram(
        final int sourceId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        int peer = peerByRtcpSource.get(sourceId);
        if (peer == NO_PEER)
        {
            peer = learnRtcpSource(sourceId);
        }
        deliver(peer, buffer, offset, length, receivedNs);
    }

    private void deliver(
        final int peer, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        if (peer == NO_PEER)
        {
            unknownSourceDrops++;
            return;
        }
        pollHandler.onDatagram(peer, buffer, offset, length, receivedNs);
    }

    private int learnRtpSource(final int sourceId)
    {
        // A peer waiting for its RTP address takes the first new source; otherwise the default peer adopts it.
        for (int peer = 0; peer < peerCount; peer++)
        {
            if (rtpPeerIds[peer] == NO_PEER)
            {
                bindRtp(peer, sourceId);
                return peer;
            }
        }
        if (defaultPeer != NO_PEER)
        {
            peerByRtpSource.put(sourceId, defaultPeer);
        }
        return defaultPeer;
    }

    private int learnRtcpSource(final int sourceId)
    {
        for (int peer = 0; peer < peerCount; peer++)
        {
            if (rtcpPeerIds[peer] == NO_PEER)
            {
                bindRtcp(peer, sourceId);
                return peer;
            }
        }
        if (defaultPeer != NO_PEER)
        {
            peerByRtcpSource.put(sourceId, defaultPeer);
        }
        return defaultPeer;
    }

    private void bindRtp(final int peer, final int sourceId)
    {
        rtpPeerIds[peer] = sourceId;
        if (sourceId != NO_PEER)
        {
            peerByRtpSource.put(sourceId, peer);
        }
    }

    private void bindRtcp(final int peer, final int sourceId)
    {
        rtcpPeerIds[peer] = sourceId;
        if (sourceId != NO_PEER)
        {
            peerByRtcpSource.put(sourceId, peer);
        }
    }

    /**
     * @param peerId a peer id.
     * @return the peer's id on the RTP transport, or {@link #NO_PEER} when unknown or not learnt yet.
     */
    public int rtpPeerId(final int peerId)
    {
        return peerId >= 0 && peerId < peerCount ? rtpPeerIds[peerId] : NO_PEER;
    }

    /**
     * @param peerId a peer id.
     * @return the peer's id on the RTCP transport, or {@link #NO_PEER} when unknown or not learnt yet.
     */
    public int rtcpPeerId(final int peerId)
    {
        return peerId >= 0 && peerId < peerCount ? rtcpPeerIds[peerId] : NO_PEER;
    }

    /** @return number of peers registered. */
    public int peerCount()
    {
        return peerCount;
    }

    /** @return datagrams dropped because no peer owned their source and no default peer was set. */
    public long unknownSourceDrops()
    {
        return unknownSourceDrops;
    }

    /** @return the transport of the RTP port. */
    public DatagramTransport rtpTransport()
    {
        return rtpTransport;
    }

    /** @return the transport of the RTCP port. */
    public DatagramTransport rtcpTransport()
    {
        return rtcpTransport;
    }

    /** Close both underlying transports; idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                rtpTransport.close();
            }
            finally
            {
                rtcpTransport.close();
            }
        }
    }
}
