package io.classwire.samples.lab;

import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import org.agrona.concurrent.SystemNanoClock;

import java.util.function.IntConsumer;

/**
 * Two peers, "alice" (the client behind the profile's access link) and "bob", each send a paced 20 ms media-like
 * stream to the other with its RTCP, through a named network profile: in the lab's virtual time, or over real
 * loopback sockets through the impairment proxy. The numbers come from {@link StreamMeter}s at each receiver.
 */
public final class LabRun
{
    /** Opus-like RTP clock. */
    public static final int CLOCK_RATE_HZ = 48_000;
    /** Dynamic payload type used for the stream. */
    public static final int PAYLOAD_TYPE = 111;
    /** Time allowed after the sources stop for packets in flight to arrive before counting. */
    public static final long DRAIN_NS = 2_000_000_000L;

    private final NetworkProfile profile;
    private final long seed;
    private final int payloadBytes;
    private final StreamMeter uplinkMeter = new StreamMeter();
    private final StreamMeter downlinkMeter = new StreamMeter();
    private MediaLikeSource aliceSource;
    private MediaLikeSource bobSource;
    private RtpSession aliceSession;
    private RtpSession bobSession;
    private String realTransportNote = "";

    /**
     * @param profile      network between the peers (alice's access link).
     * @param seed         seed for the impairments and RTCP dithering.
     * @param payloadBytes payload per packet (e.g. 160 bytes = 64 kbps at 50 packets/s).
     */
    public LabRun(final NetworkProfile profile, final long seed, final int payloadBytes)
    {
        this.profile = profile;
        this.seed = seed;
        this.payloadBytes = payloadBytes;
    }

    /**
     * Run in virtual time; completes in a fraction of the simulated duration.
     *
     * @param durationSeconds seconds of media each way.
     * @param everySecond     called after each simulated second with the second's number.
     */
    public void runVirtual(final int durationSeconds, final IntConsumer everySecond)
    {
        final Simulator simulator = new Simulator(seed);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode alice = network.addNode("alice");
        final SimNode bob = network.addNode("bob");
        network.connect("alice", "bob", profile);
        final long stopNs = durationSeconds * 1_000_000_000L;

        final SessionAgent aliceAgent = new SessionAgent("alice", alice);
        aliceSession = aliceAgent.addSession(alice.peerId("bob", 0), sessionContext("alice", simulator.componentSeed("alice")));
        aliceSource = attach(aliceAgent, aliceSession, downlinkMeter, 0, stopNs);
        final SessionAgent bobAgent = new SessionAgent("bob", bob);
        bobSession = bobAgent.addSession(bob.peerId("alice", 0), sessionContext("bob", simulator.componentSeed("bob")));
        bobSource = attach(bobAgent, bobSession, uplinkMeter, 0, stopNs);
        simulator.addAgent(aliceAgent, alice);
        simulator.addAgent(bobAgent, bob);

        for (int second = 1; second <= durationSeconds; second++)
        {
            simulator.runUntil(second * 1_000_000_000L);
            everySecond.accept(second);
        }
        simulator.runUntil(stopNs + DRAIN_NS);
        aliceAgent.close(simulator.nowNs());
        bobAgent.close(simulator.nowNs());
        simulator.runFor(1_000_000_000L);
    }

    /**
     * Run in real time over loopback: alice's endpoint talks to the impairment proxy, which forwards to bob's.
     *
     * @param durationSeconds seconds of media each way.
     * @param everySecond     called from the calling thread after each second.
     * @throws InterruptedException if interrupted while waiting.
     */
    public void runReal(final int durationSeconds, final IntConsumer everySecond) throws InterruptedException
    {
        final SystemNanoClock clock = SystemNanoClock.INSTANCE;
        try (ProxiedLoopback loopback = new ProxiedLoopback(profile, seed))
        {
            final NettyUdpEndpoint aliceEndpoint = loopback.client();
            final NettyUdpEndpoint bobEndpoint = loopback.server();
            loopback.warmUp();
            realTransportNote = aliceEndpoint.isNativeTransport() ? "epoll" : "nio";
            final long startNs = clock.nanoTime() + 100_000_000L;
            final long stopNs = startNs + durationSeconds * 1_000_000_000L;

            final SessionAgent aliceAgent = new SessionAgent("alice", aliceEndpoint);
            aliceSession = aliceAgent.addSession(loopback.serverPeerIdAtClient(),
                sessionContext("alice", seed ^ 0xA11CEL));
            aliceSource = attach(aliceAgent, aliceSession, downlinkMeter, startNs, stopNs);
            final SessionAgent bobAgent = new SessionAgent("bob", bobEndpoint);
            bobSession = bobAgent.addSession(loopback.clientPeerIdAtServer(),
                sessionContext("bob", seed ^ 0xB0BL));
            bobSource = attach(bobAgent, bobSession, uplinkMeter, startNs, stopNs);

            final RealTimeAgentRunner aliceRunner = RealTimeAgentRunner.start(aliceAgent, aliceEndpoint.context());
            final RealTimeAgentRunner bobRunner = RealTimeAgentRunner.start(bobAgent, bobEndpoint.context());
            try
            {
                for (int second = 1; second <= durationSeconds; second++)
                {
                    sleepUntil(clock, startNs + second * 1_000_000_000L);
                    everySecond.accept(second);
                }
                sleepUntil(clock, stopNs + DRAIN_NS);
            }
            finally
            {
                aliceRunner.close();
                bobRunner.close();
            }
        }
    }

    private static void sleepUntil(final SystemNanoClock clock, final long deadlineNs) throws InterruptedException
    {
        long remainingNs;
        while ((remainingNs = deadlineNs - clock.nanoTime()) > 0)
        {
            Thread.sleep(Math.max(1, remainingNs / 1_000_000L));
        }
    }

    private SessionContext sessionContext(final String name, final long randomSeed)
    {
        return new SessionContext()
            .cname(name + "@classwire.lab")
            .sessionBandwidthBps(payloadBytes * 8L * 50 * 2)
            .randomSeed(randomSeed)
            .clockRate(PAYLOAD_TYPE, CLOCK_RATE_HZ);
    }

    private MediaLikeSource attach(
        final SessionAgent agent, final RtpSession session, final StreamMeter meter, final long startNs, final long stopNs)
    {
        session.rtpHandler((stream, packet, arrivalNs) -> meter.onPacket(packet.sequenceNumber(),
            MediaLikeSource.sendTimeNs(packet.buffer(), packet.payloadOffset()), arrivalNs));
        final SendStream stream = session.addSendStream(CLOCK_RATE_HZ, PAYLOAD_TYPE);
        final MediaLikeSource source = new MediaLikeSource(stream, payloadBytes, startNs, stopNs);
        agent.addTask(source);
        return source;
    }

    /** @return what bob measured of alice's stream (client to server). */
    public StreamMeter uplink()
    {
        return uplinkMeter;
    }

    /** @return what alice measured of bob's stream (server to client). */
    public StreamMeter downlink()
    {
        return downlinkMeter;
    }

    /** @return packets alice's source sent. */
    public long uplinkSent()
    {
        return aliceSource == null ? 0 : aliceSource.sent();
    }

    /** @return packets bob's source sent. */
    public long downlinkSent()
    {
        return bobSource == null ? 0 : bobSource.sent();
    }

    /** @return alice's session (its RTCP statistics and stage counters), after a run. */
    public RtpSession aliceSession()
    {
        return aliceSession;
    }

    /** @return bob's session, after a run. */
    public RtpSession bobSession()
    {
        return bobSession;
    }

    /** @return "epoll" or "nio" after a real run, empty otherwise. */
    public String realTransport()
    {
        return realTransportNote;
    }
}
