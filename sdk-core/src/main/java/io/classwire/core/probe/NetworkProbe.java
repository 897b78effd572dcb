package io.classwire.core.probe;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.PacketClassifier;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.ControlHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

import java.util.Objects;

/**
 * Pre-class network check, client side: measures round-trip time, jitter, loss and uplink and downlink bandwidth to a
 * peer running a {@link ProbeResponder}, within a time budget, and grades the path for a live class. Start one with
 * {@link #start(DatagramTransport, int, ProbeConfig)}, drive it like any {@link TimedAgent} (a
 * {@code RealTimeAgentRunner} or the lab's {@code Simulator}), and read {@link #result()} once {@link #isDone()}.
 *
 * <p>Phases, all timed only by the {@code nowNs} given to {@link #doWork(long)}:
 * <ol>
 *   <li>Echo: requests every {@link ProbeConfig#echoIntervalNs()} for {@link ProbeConfig#echoPhaseNs()}, then a
 *       short wait for late replies ({@link EchoPhase}).</li>
 *   <li>Uplink: paced packet trains of rising rate to the responder, judged by its reports ({@link UplinkPhase}),
 *       until half of the remaining budget is used.</li>
 *   <li>Downlink: the responder is asked for trains of rising rate ({@link DownlinkPhase}) until the budget ends.</li>
 * </ol>
 * Without any echo reply the bandwidth phases are skipped. The run ends, and its result is made, when the downlink
 * phase ends or the budget runs out, whichever is first.
 *
 * <p>Threads: every method except {@link #isDone()} and {@link #result()} belongs to the agent's thread; those two
 * may be called from any thread (the result is published through a volatile field). The probe polls its transport
 * itself; datagrams that are not probe messages of this run are counted and dropped, malformed control messages are
 * counted by {@link WireStatus} code, and nothing a peer sends makes it throw.
 */
public final class NetworkProbe implements TimedAgent
{
    private static final int POLL_LIMIT = 64;
    private static final long NOT_STARTED = Long.MIN_VALUE;

    private final DatagramTransport transport;
    private final ProbeConfig config;
    private final ProbeChannel channel;
    private final EchoPhase echo;
    private final UplinkPhase uplink;
    private final DownlinkPhase downlink;
    private final ProbeMessage message = new ProbeMessage();
    private final DatagramHandler handler = this::onDatagram;
    private final long[] malformedByStatus = new long[WireStatus.CODE_COUNT];
    private long startNs = NOT_STARTED;
    private long budgetEndNs;
    private int phase;
    private long ignoredDatagrams;
    private long foreignMessages;
    private long unexpectedMessages;
    private volatile ProbeResult result;

    private NetworkProbe(final DatagramTransport transport, final int peerId, final ProbeConfig config)
    {
        this.transport = transport;
        this.config = config;
        this.channel = new ProbeChannel(transport, peerId, config.probeId(), config.maxPacketBytes());
        this.echo = new EchoPhase(channel, config);
        this.uplink = new UplinkPhase(channel, config);
        this.downlink = new DownlinkPhase(channel, config);
    }

    /**
     * Prepare a probe run towards a peer; it starts at its first {@link #doWork(long)}, whose {@code nowNs} starts
     * the time budget.
     *
     * @param transport to send and poll; the probe polls it, so it should not be polled by anyone else meanwhile.
     * @param peerId    the responder's id on that transport.
     * @param config    settings; concluded here.
     * @return the probe, not yet running.
     */
    public static NetworkProbe start(final DatagramTransport transport, final int peerId, final ProbeConfig config)
    {
        Objects.requireNonNull(transport, "transport");
        return new NetworkProbe(transport, peerId, Objects.requireNonNull(config, "config").conclude());
    }

    /**
     * Run whatever is due: poll replies, send echoes or train packets, move between phases, finish.
     *
     * @param nowNs current time on the injected clock.
     * @return amount of work done.
     */
    @Override
    public int doWork(final long nowNs)
    {
        if (result != null)
        {
            return 0;
        }
        if (startNs == NOT_STARTED)
        {
            startNs = nowNs;
            budgetEndNs = nowNs + config.timeBudgetNs();
            echo.start(nowNs, config.echoPhaseNs());
        }
        int work = transport.poll(handler, POLL_LIMIT);
        if (nowNs >= budgetEndNs)
        {
            finish(nowNs);
            return work + 1;
        }
        work += runPhases(nowNs);
        return work;
    }

    private int runPhases(final long nowNs)
    {
        int work = 0;
        if (phase == 0)
        {
            work += echo.doWork(nowNs);
            if (!echo.isDone(nowNs))
            {
                return work;
            }
            if (echo.replies() == 0)
            {
                finish(nowNs);
                return work + 1;
            }
            phase = 1;
            uplink.ladder().baseline(echo.upLoss(), echo.upJitterNs());
            downlink.ladder().baseline(echo.downLoss(), echo.downJitterNs());
            uplink.start(nowNs + (budgetEndNs - nowNs) / 2, planningRttNs());
        }
        if (phase == 1)
        {
            work += uplink.doWork(nowNs);
            if (!uplink.isDone())
            {
                return work;
            }
            phase = 2;
            downlink.start(budgetEndNs, planningRttNs(), echo.cookie());
        }
        work += downlink.doWork(nowNs);
        if (downlink.isDone())
        {
            finish(nowNs);
            work++;
        }
        return work;
    }

    private long planningRttNs()
    {
        final long p95Ns = echo.rttPercentileNs(95);
        return Math.max(p95Ns, 0);
    }

    private void finish(final long nowNs)
    {
        uplink.abort();
        downlink.abort();
        final ProbeResult.Builder builder = new ProbeResult.Builder();
        builder.durationNs = Math.min(nowNs, budgetEndNs) - startNs;
        builder.echoesSent = echo.sent();
        builder.echoesReceived = echo.replies();
        if (echo.replies() > 0)
        {
            builder.rttMinMs = echo.rttPercentileNs(0) / 1e6;
            builder.rttP50Ms = echo.rttPercentileNs(50) / 1e6;
            builder.rttP95Ms = echo.rttPercentileNs(95) / 1e6;
            builder.jitterUpMs = echo.upJitterNs() / 1e6;
            builder.jitterDownMs = echo.downJitterNs() / 1e6;
        }
        builder.lossPercent = 100.0 * echo.roundTripLoss();
        builder.lossUpPercent = 100.0 * echo.upLoss();
        builder.lossDownPercent = 100.0 * echo.downLoss();
        final RateLadder up = uplink.ladder();
        builder.upBps = up.estimateBps();
        builder.upLowerBound = !up.isSaturated() && up.estimateBps() > 0;
        builder.upTrains = up.trains();
        final RateLadder down = downlink.ladder();
        builder.downBps = down.estimateBps();
        builder.downLowerBound = !down.isSaturated() && down.estimateBps() > 0;
        builder.downTrains = down.trains();
        result = builder.build();
    }

    /** @return the next time {@link #doWork(long)} has timed work: now before the start, never after the budget. */
    @Override
    public long nextDeadlineNs()
    {
        if (result != null)
        {
            return NO_DEADLINE;
        }
        if (startNs == NOT_STARTED)
        {
            return Long.MIN_VALUE;
        }
        final long phaseDeadlineNs;
        switch (phase)
        {
            case 0: phaseDeadlineNs = echo.nextDeadlineNs(); break;
            case 1: phaseDeadlineNs = uplink.nextDeadlineNs(); break;
            default: phaseDeadlineNs = downlink.nextDeadlineNs(); break;
        }
        return Math.min(phaseDeadlineNs, budgetEndNs);
    }

    /** @return {@code "network-probe"}. */
    @Override
    public String roleName()
    {
        return "network-probe";
    }

    /** @return true once the result is ready; safe from any thread. */
    public boolean isDone()
    {
        return result != null;
    }

    /** @return the result once {@link #isDone()}, otherwise null; safe from any thread. */
    public ProbeResult result()
    {
        return result;
    }

    /** @return the concluded configuration of this run. */
    public ProbeConfig config()
    {
        return config;
    }

    /**
     * @param status a negative {@link WireStatus} code.
     * @return control messages dropped with that validation status.
     */
    public long malformedMessages(final int status)
    {
        return status < 0 && -status < malformedByStatus.length ? malformedByStatus[-status] : 0;
    }

    /** @return control messages dropped as malformed, all codes together. */
    public long malformedMessages()
    {
        long total = 0;
        for (final long count : malformedByStatus)
        {
            total += count;
        }
        return total;
    }

    /** @return datagrams that were not control messages (RTP, RTCP, STUN, ...). */
    public long ignoredDatagrams()
    {
        return ignoredDatagrams;
    }

    /** @return valid probe messages of another probe id, e.g. a previous run's stragglers. */
    public long foreignMessages()
    {
        return foreignMessages;
    }

    /** @return valid probe messages of this run that a client never expects (requests). */
    public long unexpectedMessages()
    {
        return unexpectedMessages;
    }

    /** @return datagrams the transport refused to send. */
    public long sendFailures()
    {
        return channel.sendFailures();
    }

    private void onDatagram(final int peerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        if (PacketClassifier.classify(buffer, offset, length) != PacketClassifier.CONTROL)
        {
            ignoredDatagrams++;
            return;
        }
        final int status = message.wrap(buffer, offset, length).validate();
        if (status != WireStatus.OK)
        {
            malformedByStatus[Math.min(-status, malformedByStatus.length - 1)]++;
            return;
        }
        if (message.probeId() != config.probeId())
        {
            foreignMessages++;
            return;
        }
        switch (message.type())
        {
            case ControlHeader.TYPE_PROBE_ECHO_REPLY:
                echo.onReply(message, receivedNs);
                break;
            case ControlHeader.TYPE_TRAIN_REPORT:
                uplink.onReport(message);
                break;
            case ControlHeader.TYPE_TRAIN_PACKET:
                downlink.onTrainPacket(message, receivedNs);
                break;
            default:
                unexpectedMessages++;
                break;
        }
    }
}
