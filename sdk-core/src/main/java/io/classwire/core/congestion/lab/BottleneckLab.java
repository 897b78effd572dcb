package io.classwire.core.congestion.lab;

import io.classwire.core.congestion.CongestionConfig;
import io.classwire.core.congestion.FeedbackGenerator;
import io.classwire.core.congestion.GccController;
import io.classwire.core.congestion.Pacer;
import io.classwire.core.lab.CapacityTimeline;
import io.classwire.core.lab.Link;
import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.ShortTcpFlows;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.lab.TcpNewRenoFlow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Several GCC media flows, and optionally TCP competitors, through one shared bottleneck in the lab's virtual time,
 * laid out as {@link BottleneckSpec} draws it: a router node on each side of the bottleneck
 * ({@link PacketRouterAgent}), each flow's sender and receiver on their own access links, the feedback of each flow
 * crossing the opposite bottleneck direction. Each flow is a {@link GccSenderAgent} and a {@link TwccReceiverAgent}
 * like {@link CongestionLab}'s, started at its start time; a {@link LinkSampler} and each receiver's
 * {@link RecordingTransport} record what happened.
 *
 * <pre>{@code
 * BottleneckLab lab = new BottleneckLab(7, spec);
 * lab.run();
 * for (MediaFlow flow : lab.flows()) { ... flow.goodputBps(sample) ... }
 * }</pre>
 *
 * <p>Single-threaded; reads only the simulator's virtual clock.
 */
public final class BottleneckLab
{
    /** Encoder frame interval of every flow: 30 frames per second. */
    public static final long FRAME_INTERVAL_NS = 33_333_333L;

    private static final String LEFT = "left";
    private static final String RIGHT = "right";
    private static final int FEEDBACK_SSRC = 0x55667788;
    private static final int MEDIA_SSRC = 0x11223344;

    private final BottleneckSpec spec;
    private final Simulator simulator;
    private final SimulatedNetwork network;
    private final Link forward;
    private final Link backward;
    private final PacketRouterAgent leftRouter;
    private final PacketRouterAgent rightRouter;
    private final List<MediaFlow> flows = new ArrayList<>();
    private final List<TcpNewRenoFlow> longTcpFlows = new ArrayList<>();
    private final ShortTcpFlows shortTcpFlows;
    private final LinkSampler sampler;
    private boolean ran;

    /**
     * Build the topology and schedule every flow.
     *
     * @param seed simulator seed.
     * @param spec what to run.
     */
    public BottleneckLab(final long seed, final BottleneckSpec spec)
    {
        this.spec = spec;
        simulator = new Simulator(seed);
        network = new SimulatedNetwork(simulator);
        final SimNode left = network.addNode(LEFT);
        final SimNode right = network.addNode(RIGHT);
        forward = network.connect(LEFT, RIGHT, spec.forward());
        backward = network.connect(RIGHT, LEFT, spec.backward());
        leftRouter = new PacketRouterAgent(left, RIGHT);
        rightRouter = new PacketRouterAgent(right, LEFT);
        simulator.addAgent(leftRouter, left);
        simulator.addAgent(rightRouter, right);
        for (final MediaFlowSpec flowSpec : spec.flows())
        {
            flows.add(buildFlow(flows.size(), flowSpec));
        }
        for (int i = 0; i < spec.longTcpCount(); i++)
        {
            longTcpFlows.add(new TcpNewRenoFlow(forward, backward, "tcp" + i, TcpNewRenoFlow.UNBOUNDED_BYTES)
                .start(spec.longTcpStartNs(i)).stopAt(spec.longTcpStopNs(i)));
        }
        shortTcpFlows = spec.hasShortTcpFlows() ?
            ShortTcpFlows.rfc8867(forward, backward, "web").start(spec.shortTcpStartNs(), spec.shortTcpStopNs()) : null;
        sampler = new LinkSampler(forward, backward, this::tcpDeliveredWireBytes, spec.samplePeriodNs(),
            spec.durationNs());
        simulator.addAgent(sampler);
    }

    private MediaFlow buildFlow(final int index, final MediaFlowSpec flowSpec)
    {
        final boolean isForward = flowSpec.direction() == FlowDirection.FORWARD;
        final String senderSide = isForward ? LEFT : RIGHT;
        final String receiverSide = isForward ? RIGHT : LEFT;
        final String senderName = flowSpec.name() + "-tx";
        final String receiverName = flowSpec.name() + "-rx";
        final SimNode senderNode = network.addNode(senderName);
        final SimNode receiverNode = network.addNode(receiverName);
        final LinkConfig senderAccess = accessLink(flowSpec.accessDelayNs());
        final LinkConfig receiverAccess = accessLink(0);
        network.connect(senderName, senderSide, senderAccess, senderAccess);
        network.connect(receiverName, receiverSide, receiverAccess, receiverAccess);
        (isForward ? leftRouter : rightRouter).attach(index, senderName);
        (isForward ? rightRouter : leftRouter).attach(index, receiverName);

        final CongestionConfig config = flowSpec.congestionConfig();
        final GccController controller = new GccController(config);
        final Pacer pacer = new Pacer(4096, config.pacerBurstWindowNs(), Pacer.DEFAULT_MAX_QUEUE_TIME_NS);
        final RateSeries series = new RateSeries(spec.durationNs(), CongestionLab.SAMPLE_PERIOD_NS);
        final GccSenderAgent sender = new GccSenderAgent(
            senderNode, senderSide, controller, pacer, series, FRAME_INTERVAL_NS);
        final LinkConfig bottleneck = spec.bottleneck(flowSpec.direction());
        final RecordingTransport recorder = new RecordingTransport(receiverNode, flowSpec.accessDelayNs(),
            spec.accessCapacityBps(), bottleneck.capacity(), bottleneck.propagationDelayNs());
        final TwccReceiverAgent receiver = new TwccReceiverAgent(recorder, receiverSide,
            new FeedbackGenerator(FEEDBACK_SSRC, MEDIA_SSRC), series,
            flowSpec.accessDelayNs() + bottleneck.propagationDelayNs());
        scheduleFlow(flowSpec, sender, receiver, senderNode, receiverNode);
        return new MediaFlow(index, flowSpec, controller, sender, receiver, series, recorder);
    }

    private void scheduleFlow(final MediaFlowSpec flowSpec, final GccSenderAgent sender,
        final TwccReceiverAgent receiver, final SimNode senderNode, final SimNode receiverNode)
    {
        final long startNs = flowSpec.startNs();
        if (startNs == 0)
        {
            sender.pause(flowSpec.pauseStartNs(), flowSpec.pauseEndNs());
            simulator.addAgent(sender, senderNode);
            simulator.addAgent(receiver, receiverNode);
        }
        else
        {
            // The sender's encoder clock starts at 0: keep it inactive until just after its first call so it skips
            // the frames it was not running for, instead of producing them all at once.
            sender.pause(0, startNs + 1);
            simulator.schedule(startNs, nowNs ->
            {
                simulator.addAgent(sender, senderNode);
                simulator.addAgent(receiver, receiverNode);
            });
            simulator.schedule(startNs + 1, nowNs -> sender.pause(flowSpec.pauseStartNs(), flowSpec.pauseEndNs()));
        }
        for (int i = 0; i < flowSpec.appLimitChangeCount(); i++)
        {
            final long bps = flowSpec.appLimitBps(i);
            final long atNs = flowSpec.appLimitAtNs(i);
            if (atNs == 0)
            {
                sender.appLimitBps(bps);
            }
            else
            {
                simulator.schedule(atNs, nowNs -> sender.appLimitBps(bps));
            }
        }
    }

    private LinkConfig accessLink(final long delayNs)
    {
        return LinkConfig.builder()
            .capacity(CapacityTimeline.constant(spec.accessCapacityBps()))
            .propagationDelayNs(delayNs)
            .build();
    }

    private long tcpDeliveredWireBytes()
    {
        long payload = shortTcpFlows == null ? 0 : shortTcpFlows.deliveredBytes();
        for (final TcpNewRenoFlow flow : longTcpFlows)
        {
            payload += flow.deliveredBytes();
        }
        // Count TCP as it sits on the wire, like the media's datagram sizes, so shares add up to the capacity.
        return payload * (TcpNewRenoFlow.MSS_BYTES + TcpNewRenoFlow.HEADER_BYTES) / TcpNewRenoFlow.MSS_BYTES;
    }

    /**
     * Run the whole spec, then compute the per-sample figures; once only.
     *
     * @throws IllegalStateException if already run.
     */
    public void run()
    {
        if (ran)
        {
            throw new IllegalStateException("already run");
        }
        ran = true;
        simulator.runUntil(spec.durationNs());
        for (final MediaFlow flow : flows)
        {
            flow.summarize(sampleCount(), spec.samplePeriodNs());
        }
    }

    /**
     * Number of complete sample periods in the run.
     *
     * @return the count.
     */
    public int sampleCount()
    {
        return (int)(spec.durationNs() / spec.samplePeriodNs());
    }

    /**
     * Mean capacity of one bottleneck direction over a sample period.
     *
     * @param direction which bottleneck.
     * @param sample    period index.
     * @return bits per second.
     */
    public long capacityBps(final FlowDirection direction, final int sample)
    {
        final CapacityTimeline capacity = spec.bottleneck(direction).capacity();
        if (capacity.isUnlimited())
        {
            return CapacityTimeline.UNLIMITED_BPS;
        }
        final long periodNs = spec.samplePeriodNs();
        return capacity.bitsBetween(sample * periodNs, (sample + 1) * periodNs) * 1_000_000_000L / periodNs;
    }

    /**
     * What was run.
     *
     * @return the spec.
     */
    public BottleneckSpec spec()
    {
        return spec;
    }

    /**
     * The media flows, in spec order.
     *
     * @return an unmodifiable list.
     */
    public List<MediaFlow> flows()
    {
        return Collections.unmodifiableList(flows);
    }

    /**
     * The link counters sampled during the run (loss per direction, TCP goodput).
     *
     * @return the sampler.
     */
    public LinkSampler sampler()
    {
        return sampler;
    }

    /**
     * The long TCP flows, in spec order.
     *
     * @return an unmodifiable list.
     */
    public List<TcpNewRenoFlow> longTcpFlows()
    {
        return Collections.unmodifiableList(longTcpFlows);
    }

    /**
     * The short TCP flow generator.
     *
     * @return it, or null when the spec has none.
     */
    public ShortTcpFlows shortTcpFlows()
    {
        return shortTcpFlows;
    }

    /**
     * The bottleneck of one direction.
     *
     * @param direction which one.
     * @return the link.
     */
    public Link bottleneck(final FlowDirection direction)
    {
        return direction == FlowDirection.FORWARD ? forward : backward;
    }

    /**
     * The router on the left of the bottleneck.
     *
     * @return it.
     */
    public PacketRouterAgent leftRouter()
    {
        return leftRouter;
    }

    /**
     * The router on the right of the bottleneck.
     *
     * @return it.
     */
    public PacketRouterAgent rightRouter()
    {
        return rightRouter;
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
