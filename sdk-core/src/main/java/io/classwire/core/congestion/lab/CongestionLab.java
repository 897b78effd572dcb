package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.CongestionConfig;
import io.classwire.core.congestion.FeedbackGenerator;
import io.classwire.core.congestion.GccController;
import io.classwire.core.congestion.Pacer;
import io.classwire.core.lab.Link;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;

/**
 * A closed congestion-control loop in the lab: a {@link GccSenderAgent} on node "sender" and a
 * {@link TwccReceiverAgent} on node "receiver", joined by a forward link (media) and a reverse link (feedback), both
 * driven by one seeded {@link Simulator}. Scenario suites build one per case, shape the links with
 * {@link LinkConfig} (capacity timelines, loss, jitter), shape the sender's workload, run, and assert on the
 * {@link RateSeries}.
 *
 * <pre>{@code
 * CongestionLab lab = new CongestionLab(7, CongestionLab.path(1_000_000, 50, 300),
 *     CongestionLab.path(10_000_000, 50, 300), new CongestionConfig(), 30 * CongestionLab.SECOND_NS);
 * lab.run();
 * long target = lab.series().meanTargetBps(20 * SECOND_NS, 30 * SECOND_NS);
 * }</pre>
 */
public final class CongestionLab
{
    /** One millisecond in nanoseconds. */
    public static final long MS_NS = 1_000_000L;
    /** One second in nanoseconds. */
    public static final long SECOND_NS = 1_000_000_000L;
    /** Sample period of the series. */
    public static final long SAMPLE_PERIOD_NS = 100 * MS_NS;

    private final Simulator simulator;
    private final SimulatedNetwork network;
    private final Link forward;
    private final Link reverse;
    private final GccController controller;
    private final GccSenderAgent sender;
    private final TwccReceiverAgent receiver;
    private final RateSeries series;
    private final long durationNs;

    /**
     * Build the loop.
     *
     * @param seed       simulator seed.
     * @param forward    media direction.
     * @param reverse    feedback direction.
     * @param config     congestion controller settings.
     * @param durationNs run length.
     */
    public CongestionLab(final long seed, final LinkConfig forward, final LinkConfig reverse,
        final CongestionConfig config, final long durationNs)
    {
        this.durationNs = durationNs;
        simulator = new Simulator(seed);
        network = new SimulatedNetwork(simulator);
        final SimNode senderNode = network.addNode("sender");
        final SimNode receiverNode = network.addNode("receiver");
        network.connect("sender", "receiver", forward, reverse);
        this.forward = network.link("sender", "receiver");
        this.reverse = network.link("receiver", "sender");
        series = new RateSeries(durationNs, SAMPLE_PERIOD_NS);
        controller = new GccController(config);
        final Pacer pacer = new Pacer(4096, config.pacerBurstWindowNs(), Pacer.DEFAULT_MAX_QUEUE_TIME_NS);
        sender = new GccSenderAgent(senderNode, "receiver", controller, pacer, series, 33_333_333L);
        receiver = new TwccReceiverAgent(receiverNode, "sender", new FeedbackGenerator(0x55667788, 0x11223344),
            series, forward.propagationDelayNs());
        simulator.addAgent(sender, senderNode);
        simulator.addAgent(receiver, receiverNode);
    }

    /**
     * A path with a fixed capacity, propagation delay and drop-tail queue.
     *
     * @param capacityBps bottleneck rate.
     * @param oneWayMs    propagation delay.
     * @param queueMs     queue limit, as time at the bottleneck rate.
     * @return the link configuration.
     */
    public static LinkConfig path(final long capacityBps, final long oneWayMs, final long queueMs)
    {
        return LinkConfig.builder().capacityBps(capacityBps).propagationDelayMs(oneWayMs).queueLimitMs(queueMs).build();
    }

    /** Run to the end of the configured duration. */
    public void run()
    {
        simulator.runUntil(durationNs);
    }

    /**
     * Run to a time (for runs that change something midway).
     *
     * @param timeNs virtual time to stop at.
     */
    public void runUntil(final long timeNs)
    {
        simulator.runUntil(timeNs);
    }

    /**
     * What was recorded.
     *
     * @return the series.
     */
    public RateSeries series()
    {
        return series;
    }

    /**
     * The controller under test.
     *
     * @return it.
     */
    public GccController controller()
    {
        return controller;
    }

    /**
     * The sender agent, to shape its workload before running.
     *
     * @return it.
     */
    public GccSenderAgent sender()
    {
        return sender;
    }

    /**
     * The receiver agent.
     *
     * @return it.
     */
    public TwccReceiverAgent receiver()
    {
        return receiver;
    }

    /**
     * The media link.
     *
     * @return it.
     */
    public Link forwardLink()
    {
        return forward;
    }

    /**
     * The feedback link.
     *
     * @return it.
     */
    public Link reverseLink()
    {
        return reverse;
    }

    /**
     * The simulator.
     *
     * @return it.
     */
    public Simulator simulator()
    {
        return simulator;
    }
}
