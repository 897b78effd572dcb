package io.classwire.samples.lab;

import io.classwire.core.lab.EndpointWarmUp;
import io.classwire.core.lab.ImpairmentProxy;
import io.classwire.core.lab.ImpairmentProxyContext;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;

import java.net.InetSocketAddress;

/**
 * Two real UDP endpoints on loopback with the impairment proxy between them: the client talks to the proxy, which
 * forwards through the profile's uplink to the server and back through its downlink. Closing closes all three.
 *
 * <p>All three run in this JVM, so the first datagrams of a run meet cold code (class loading, JIT) on five hops and
 * take a few hundred milliseconds: that is the lab, not the emulated network. Call {@link #warmUp()} before measuring.
 */
public final class ProxiedLoopback implements AutoCloseable
{
    private static final String LOOPBACK = "127.0.0.1";

    private final NettyUdpEndpoint server;
    private final NettyUdpEndpoint client;
    private final ImpairmentProxy proxy;

    /**
     * Open both endpoints and launch the proxy.
     *
     * @param profile impairments between client (uplink) and server (downlink).
     * @param seed    seed of the proxy's impairment models.
     */
    public ProxiedLoopback(final NetworkProfile profile, final long seed)
    {
        server = NettyUdpEndpoint.open(new EndpointContext().bindAddress(LOOPBACK));
        NettyUdpEndpoint openedClient = null;
        try
        {
            openedClient = NettyUdpEndpoint.open(new EndpointContext().bindAddress(LOOPBACK));
            proxy = ImpairmentProxy.launch(new ImpairmentProxyContext()
                .listenAddress(new InetSocketAddress(LOOPBACK, 0))
                .upstreamAddress(new InetSocketAddress(LOOPBACK, server.localPort()))
                .upstreamBindAddress(new InetSocketAddress(LOOPBACK, 0))
                .profile(profile)
                .seed(seed));
        }
        catch (final RuntimeException ex)
        {
            if (openedClient != null)
            {
                openedClient.close();
            }
            server.close();
            throw ex;
        }
        client = openedClient;
    }

    /** @return the client-side endpoint. */
    public NettyUdpEndpoint client()
    {
        return client;
    }

    /** @return the server-side endpoint. */
    public NettyUdpEndpoint server()
    {
        return server;
    }

    /** @return the client's peer id for the server (the proxy's listening address). */
    public int serverPeerIdAtClient()
    {
        return client.peerId(LOOPBACK, proxy.localPort());
    }

    /** @return the server's peer id for the client (the proxy's upstream-side address). */
    public int clientPeerIdAtServer()
    {
        return server.peerId(LOOPBACK, proxy.upstreamSideAddress().getPort());
    }

    /**
     * Warm up both endpoints and the proxy with throw-away packets ({@link EndpointWarmUp#run}), so that the measured
     * run starts with warm code and empty emulated queues. Call it before any agent polls the endpoints; it takes
     * about half a second (at most 4 s).
     *
     * @return warm-up packets that arrived (some may be lost by the profile's impairments).
     * @throws InterruptedException if interrupted while waiting.
     */
    public int warmUp() throws InterruptedException
    {
        return EndpointWarmUp.run(client, serverPeerIdAtClient(), server, clientPeerIdAtServer());
    }

    /** Close the proxy and both endpoints; idempotent. */
    @Override
    public void close()
    {
        proxy.close();
        client.close();
        server.close();
    }
}
