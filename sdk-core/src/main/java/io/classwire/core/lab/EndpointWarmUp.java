package io.classwire.core.lab;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.NettyUdpEndpoint;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.concurrent.TimeUnit;

/**
 * Warms up two real endpoints that talk through an {@link ImpairmentProxy} (or directly) before a measured run. All
 * of them run in one JVM, so the first datagrams of a run meet cold code (class loading, JIT) on every hop and take a
 * few hundred milliseconds: that is the lab, not the emulated network, and it would show as start-up delay and loss.
 * Call {@link #run} before any agent polls the endpoints.
 */
public final class EndpointWarmUp
{
    /** Payload type of the throw-away packets (RTP, SSRC 0): outside every range the SDK assigns. */
    public static final int PAYLOAD_TYPE = 127;

    private static final int ROUNDS = 8;
    private static final int BURST = 16;
    private static final int BYTES = 200;
    private static final long QUIET_NS = TimeUnit.MILLISECONDS.toNanos(300);
    private static final long LIMIT_NS = TimeUnit.SECONDS.toNanos(4);

    private EndpointWarmUp()
    {
    }

    /**
     * Send a few bursts of throw-away RTP packets both ways and drain both endpoints until nothing has arrived for
     * 300 ms, so that the measured run starts with warm code and empty emulated queues. Takes about half a second
     * (at most 4 s). Uses the calling thread; the endpoints' agents must not run yet.
     *
     * @param client         one endpoint.
     * @param serverAtClient the client's peer id for the other side.
     * @param server         the other endpoint.
     * @param clientAtServer the server's peer id for the client.
     * @return warm-up packets that arrived (some may be lost by the impairments).
     * @throws InterruptedException if interrupted while waiting.
     */
    public static int run(
        final NettyUdpEndpoint client, final int serverAtClient, final NettyUdpEndpoint server,
        final int clientAtServer) throws InterruptedException
    {
        final UnsafeBuffer packet = new UnsafeBuffer(new byte[BYTES]);
        packet.putByte(0, (byte)0x80);
        packet.putByte(1, (byte)PAYLOAD_TYPE);
        final int[] arrived = new int[1];
        final DatagramHandler count = (peerId, buffer, offset, length, receivedNs) -> arrived[0]++;
        final long startNs = System.nanoTime();
        for (int round = 0; round < ROUNDS; round++)
        {
            for (int i = 0; i < BURST; i++)
            {
                packet.putShort(2, (short)(round * BURST + i));
                client.send(serverAtClient, packet, 0, BYTES);
                server.send(clientAtServer, packet, 0, BYTES);
            }
            Thread.sleep(10);
        }
        long lastArrivalNs = System.nanoTime();
        while (System.nanoTime() - startNs < LIMIT_NS)
        {
            final int polled = server.poll(count, 64) + client.poll(count, 64);
            final long nowNs = System.nanoTime();
            if (polled > 0)
            {
                lastArrivalNs = nowNs;
            }
            else if (arrived[0] > 0 && nowNs - lastArrivalNs >= QUIET_NS)
            {
                break;
            }
            else
            {
                Thread.sleep(1);
            }
        }
        return arrived[0];
    }
}
