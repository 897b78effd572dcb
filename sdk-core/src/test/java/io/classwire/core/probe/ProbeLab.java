package io.classwire.core.probe;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.transport.TimedAgent;

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
    long finishedAtNs = -1;

    ProbeLab(final long seed, final LinkConfig uplink, final LinkConfig downlink, final ProbeConfig config,
        final boolean withResponder)
    {
        simulator = new Simulator(seed);
        network = new SimulatedNetwork(simulator);
        client = network.addNode("client");
        server = network.addNode("server");
        network.connect("client", "server", uplink, downlink);
        responder = new ProbeResponder(server, new ResponderLimits().cookieKey(COOKIE_KEY));
        probe = NetworkProbe.start(client, client.peerId("server", 0), config.probeId(0x0C1A55));
        simulator.addAgent(new DoneWatcher(), client);
        if (withResponder)
        {
            simulator.addAgent(responder, server);
        }
    }

    ProbeLab(final long seed, final LinkConfig uplink, final LinkConfig downlink, final ProbeConfig config)
    {
        this(seed, uplink, downlink, config, true);
    }

    ProbeLab(final long seed, final NetworkProfile profile)
    {
        this(seed, profile.uplink(), profile.downlink(), new ProbeConfig());
    }

    ProbeLab(final long seed, final NetworkProfile profile, final boolean withResponder)
    {
        this(seed, profile.uplink(), profile.downlink(), new ProbeConfig(), withResponder);
    }

    /** Add a third node that sprays both ends with random and foreign datagrams for the probe's budget. */
    GarbageAgent addGarbageSource(final long seed)
    {
        final SimNode mallory = network.addNode("mallory");
        final LinkConfig wire = LinkConfig.builder().build();
        network.connect("mallory", "client", wire, wire);
        network.connect("mallory", "server", wire, wire);
        final GarbageAgent agent = new GarbageAgent(mallory, seed, probe.config().timeBudgetNs());
        simulator.addAgent(agent, mallory);
        return agent;
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

    /** Drives the probe and notes the virtual time at which it finished. */
    private final class DoneWatcher implements TimedAgent
    {
        @Override
        public int doWork(final long nowNs)
        {
            final int work = probe.doWork(nowNs);
            if (finishedAtNs < 0 && probe.isDone())
            {
                finishedAtNs = nowNs;
            }
            return work;
        }

        @Override
        public long nextDeadlineNs()
        {
            return probe.nextDeadlineNs();
        }

        @Override
        public String roleName()
        {
            return probe.roleName();
        }
    }
}
