package io.classwire.core.probe;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;

import java.nio.charset.StandardCharsets;

/**
 * Runs one probe against one responder in the lab: a client node and a server node joined by the given uplink
 * (client to server) and downlink, both agents driven in virtual time until the probe is done.
 */
final class ProbeLab
{
    static final byte[] COOKIE_KEY = "classwire-probe-lab-cookie-key!!".getBytes(StandardCharsets.US_ASCII);

    final Simulator simulator;
    final SimulatedNetwork network;
    final SimNode client;
    final SimNode server;
    final ProbeResponder responder;
    final NetworkProbe probe;

    ProbeLab(final long seed, final LinkConfig uplink, final LinkConfig downlink, final ProbeConfig config)
    {
        simulator = new Simulator(seed);
        network = new SimulatedNetwork(simulator);
        client = network.addNode("client");
        server = network.addNode("server");
        network.connect("client", "server", uplink, downlink);
        responder = new ProbeResponder(server, new ResponderLimits().cookieKey(COOKIE_KEY));
        probe = NetworkProbe.start(client, client.peerId("server", 0), config.probeId(0x0C1A55));
        simulator.addAgent(probe, client);
        simulator.addAgent(responder, server);
    }

    ProbeLab(final long seed, final NetworkProfile profile)
    {
        this(seed, profile.uplink(), profile.downlink(), new ProbeConfig());
    }

    /** Run until the probe is done (or far past its budget, which a test then reports). */
    ProbeResult run()
    {
        final long limitNs = probe.config().timeBudgetNs() * 4;
        while (!probe.isDone() && simulator.nowNs() < limitNs)
        {
            simulator.runFor(10_000_000L);
        }
        return probe.result();
    }

    static LinkConfig path(final long capacityBps, final long delayMs, final long jitterMs, final long queueMs)
    {
        return LinkConfig.builder()
            .capacityBps(capacityBps)
            .propagationDelayMs(delayMs)
            .jitterMs(jitterMs)
            .queueLimitMs(queueMs)
            .build();
    }
}
