package io.classwire.core.session;

import io.classwire.core.lab.Link;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;

import java.util.function.Consumer;

/**
 * Two peers, alice and bob, in the lab: each a {@link SessionAgent} on its own {@link SimNode} with one session to
 * the other and one Opus-like send stream paced every 20 ms, so both directions carry media and RTCP.
 */
final class SessionLab
{
    static final long SECOND_NS = 1_000_000_000L;
    static final int OPUS_PT = 111;
    static final int OPUS_CLOCK_HZ = 48_000;

    final Simulator simulator;
    final SimulatedNetwork network;
    final SessionAgent aliceAgent;
    final SessionAgent bobAgent;
    final RtpSession alice;
    final RtpSession bob;
    final OpusLikeSource aliceSource;
    final OpusLikeSource bobSource;
    final RecordingHandler aliceReceived = new RecordingHandler(OPUS_CLOCK_HZ);
    final RecordingHandler bobReceived = new RecordingHandler(OPUS_CLOCK_HZ);

    SessionLab(final long seed, final LinkConfig aliceToBob, final LinkConfig bobToAlice, final long mediaStopNs)
    {
        this(seed, aliceToBob, bobToAlice, mediaStopNs, (context) -> {});
    }

    SessionLab(
        final long seed,
        final LinkConfig aliceToBob,
        final LinkConfig bobToAlice,
        final long mediaStopNs,
        final Consumer<SessionContext> configure)
    {
        simulator = new Simulator(seed);
        network = new SimulatedNetwork(simulator);
        final SimNode aliceNode = network.addNode("alice");
        final SimNode bobNode = network.addNode("bob");
        network.connect("alice", "bob", aliceToBob, bobToAlice);

        aliceAgent = new SessionAgent("alice", aliceNode);
        bobAgent = new SessionAgent("bob", bobNode);
        // Different epochs on purpose: round-trip times must not depend on the peers' clocks agreeing.
        alice = aliceAgent.addSession(aliceNode.peerId("bob", 0), context("alice", 1_750_000_000L, configure));
        bob = bobAgent.addSession(bobNode.peerId("alice", 0), context("bob", 1_760_000_000L, configure));
        alice.rtpHandler(aliceReceived);
        bob.rtpHandler(bobReceived);

        aliceSource = new OpusLikeSource(alice.addSendStream(OPUS_CLOCK_HZ, OPUS_PT),
            simulator.componentSeed("source:alice"), 0, mediaStopNs);
        // Bob starts 7 ms later so the two directions' packets do not share instants.
        bobSource = new OpusLikeSource(bob.addSendStream(OPUS_CLOCK_HZ, OPUS_PT),
            simulator.componentSeed("source:bob"), 7_000_000L, mediaStopNs);
        aliceAgent.addTask(aliceSource);
        bobAgent.addTask(bobSource);
        simulator.addAgent(aliceAgent, aliceNode);
        simulator.addAgent(bobAgent, bobNode);
    }

    private SessionContext context(final String name, final long epochSeconds, final Consumer<SessionContext> configure)
    {
        final SessionContext context = new SessionContext()
            .cname(name + "@classwire.test")
            .randomSeed(simulator.componentSeed("session:" + name))
            .epochOffsetNs(epochSeconds * SECOND_NS)
            .clockRate(OPUS_PT, OPUS_CLOCK_HZ);
        configure.accept(context);
        return context;
    }

    Link aliceToBob()
    {
        return network.link("alice", "bob");
    }

    Link bobToAlice()
    {
        return network.link("bob", "alice");
    }

    SendStream aliceAudio()
    {
        return alice.sendStream(0);
    }

    SendStream bobAudio()
    {
        return bob.sendStream(0);
    }

    /** @return bob's stream of alice's audio. */
    ReceiveStream aliceAtBob()
    {
        return bob.receiveStreamBySsrc(aliceAudio().ssrc());
    }

    /** @return alice's stream of bob's audio. */
    ReceiveStream bobAtAlice()
    {
        return alice.receiveStreamBySsrc(bobAudio().ssrc());
    }

    void runUntil(final long endNs)
    {
        simulator.runUntil(endNs);
    }
}
