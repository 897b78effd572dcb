package io.classwire.media.audio.lab;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.recovery.ProtectionPlan;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.TimedAgent;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.FrameType;
import io.classwire.media.audio.session.AudioReceiver;
import io.classwire.media.audio.session.AudioSender;
import io.classwire.media.audio.session.AudioSessionContext;
import io.classwire.media.quality.DelayAlignment;
import io.classwire.media.quality.EModel;
import io.classwire.media.quality.FreezeDetector;
import io.classwire.media.quality.LogSpectralDistance;
import io.classwire.media.quality.LossStats;
import io.classwire.media.quality.MouthToEar;
import io.classwire.media.quality.SegmentalSnr;

/**
 * Speech through the network lab: a clip sent by an {@link AudioSender} on node {@value #SENDER}'s
 * {@link RtpSession} to an {@link AudioReceiver} on node {@value #RECEIVER} over a {@link SimulatedNetwork}, pulled
 * every 20 ms by the virtual playout clock, and scored with every metric of {@code io.classwire.media.quality}.
 * <p>
 * Both sessions run RTCP with a 100 ms minimum interval (AVPF, RFC 4585 section 3.4): the receiver's reports drive
 * the Opus in-band FEC hint and the sender's protection plan, and carry its NACKs. Two plans:
 * <ul>
 * <li>{@code transportProtection = false}: Opus with in-band FEC only; no RTX, RED or FEC stream exists.</li>
 * <li>{@code true}: the full {@link io.classwire.core.recovery.ProtectionPolicy} plan: NACK/RTX with the RTT
 *     measured by RTCP (sender) and by retransmissions (receiver), RED, and XOR or Reed-Solomon FEC, within the
 *     context's latency budget, which the receiver's jitter buffer holds while it sees loss.</li>
 * </ul>
 * Mouth-to-ear delay runs from the send time of a frame (its capture has just completed) to the time its first
 * sample is played. Overhead is RED, FEC and RTX bytes over Opus payload bytes (RTCP is not counted).
 * <p>
 * A run allocates freely (it is a test and benchmark tool, not a media path); it is deterministic for a seed.
 */
public final class AudioLabRun
{
    /** Name of the sending node. */
    public static final String SENDER = "sender";
    /** Name of the receiving node. */
    public static final String RECEIVER = "receiver";

    private static final long MS = 1_000_000L;
    private static final long FRAME_NS = AudioFormat.FRAME_DURATION_MS * MS;
    private static final long PULL_PHASE_NS = 5 * MS;
    private static final int DRAIN_FRAMES = 100;
    // time-stretching moves the delay by at most a few pitch periods per second: 10 ms either side is enough
    private static final int ALIGN_RADIUS_SAMPLES = 480;

    private AudioLabRun()
    {
    }

    /**
     * The metrics of one run, and what was played.
     *
     * @param networkLoss       fraction of media packets that never arrived.
     * @param residualFrameLoss fraction of sent frames neither received in time nor recovered.
     * @param concealedRatio    fraction of played non-silent frames that were concealed.
     * @param freezesPerMinute  freezes ({@link FreezeDetector} windows) per minute of speech.
     * @param p50Ms             mouth-to-ear median, ms.
     * @param p95Ms             mouth-to-ear 95th percentile, ms.
     * @param segSnrDb          segmental SNR after delay alignment, dB.
     * @param lsdDb             log-spectral distance up to 20 kHz after delay alignment, dB.
     * @param mos               E-model MOS from the mouth-to-ear median and the residual frame loss.
     * @param overheadPercent   RED, FEC and RTX bytes in percent of Opus bytes.
     * @param mediaKbps         mean Opus payload bitrate, kbit/s.
     * @param recovery          the final plan's mechanisms and the packets RTX, FEC and RED restored in time.
     * @param played            the played samples, 48 kHz mono, drain included.
     */
    public record Result(
        double networkLoss,
        double residualFrameLoss,
        double concealedRatio,
        double freezesPerMinute,
        double p50Ms,
        double p95Ms,
        double segSnrDb,
        double lsdDb,
        double mos,
        double overheadPercent,
        double mediaKbps,
        String recovery,
        short[] played)
    {
    }

    /**
     * Run speech over explicit link configurations with Opus in-band FEC only.
     *
     * @param speech  the clip, 48 kHz mono, whole 20 ms frames are sent.
     * @param media   the sender-to-receiver link.
     * @param reports the receiver-to-sender link.
     * @param seed    simulator seed.
     * @return the metrics.
     */
    public static Result run(final short[] speech, final LinkConfig media, final LinkConfig reports, final long seed)
    {
        return run(speech, media, reports, seed, false);
    }

    /**
     * Run speech over explicit link configurations.
     *
     * @param speech              the clip, 48 kHz mono, whole 20 ms frames are sent.
     * @param media               the sender-to-receiver link.
     * @param reports             the receiver-to-sender link.
     * @param seed                simulator seed.
     * @param transportProtection true for the full protection plan, false for Opus in-band FEC only.
     * @return the metrics.
     */
    public static Result run(
        final short[] speech, final LinkConfig media, final LinkConfig reports, final long seed,
        final boolean transportProtection)
    {
        final Simulator simulator = new Simulator(seed);
        final SimulatedNetwork network = nodes(simulator);
        network.connect(SENDER, RECEIVER, media, reports);
        return run(speech, simulator, network, transportProtection);
    }

    /**
     * Run speech over a network profile with Opus in-band FEC only: the sender is the profile's client.
     *
     * @param speech  the clip, 48 kHz mono.
     * @param profile the access network.
     * @param seed    simulator seed.
     * @return the metrics.
     */
    public static Result run(final short[] speech, final NetworkProfile profile, final long seed)
    {
        return run(speech, profile, seed, false);
    }

    /**
     * Run speech over a network profile: the sender is the profile's client (media on its uplink).
     *
     * @param speech              the clip, 48 kHz mono.
     * @param profile             the access network.
     * @param seed                simulator seed.
     * @param transportProtection true for the full protection plan, false for Opus in-band FEC only.
     * @return the metrics.
     */
    public static Result run(
        final short[] speech, final NetworkProfile profile, final long seed, final boolean transportProtection)
    {
        final Simulator simulator = new Simulator(seed);
        final SimulatedNetwork network = nodes(simulator);
        network.connect(SENDER, RECEIVER, profile);
        return run(speech, simulator, network, transportProtection);
    }

    /**
     * The session settings of a plan, shared by both ends.
     *
     * @param transportProtection true for the full plan, false for Opus in-band FEC only.
     * @return a new context.
     */
    public static AudioSessionContext context(final boolean transportProtection)
    {
        final AudioSessionContext context = new AudioSessionContext();
        if (!transportProtection)
        {
            context.rtxPayloadType(AudioSessionContext.NONE).redPayloadType(AudioSessionContext.NONE)
                .fecPayloadType(AudioSessionContext.NONE);
        }
        return context;
    }

    /**
     * Session settings for one end of a lab or socket run: 100 ms minimum RTCP interval, clock rates of the audio
     * payload types.
     *
     * @param name the end's name (CNAME prefix).
     * @param seed its random seed.
     * @return a new context.
     */
    public static SessionContext sessionContext(final String name, final long seed)
    {
        return new SessionContext()
            .cname(name + "@classwire.lab")
            .randomSeed(seed)
            .rtcpMinIntervalNs(100 * MS)
            .clockRate(AudioSessionContext.DEFAULT_MEDIA_PAYLOAD_TYPE, AudioFormat.SAMPLE_RATE_HZ)
            .clockRate(AudioSessionContext.DEFAULT_RTX_PAYLOAD_TYPE, AudioFormat.SAMPLE_RATE_HZ)
            .clockRate(AudioSessionContext.DEFAULT_RED_PAYLOAD_TYPE, AudioFormat.SAMPLE_RATE_HZ)
            .clockRate(AudioSessionContext.DEFAULT_FEC_PAYLOAD_TYPE, AudioFormat.SAMPLE_RATE_HZ);
    }

    private static SimulatedNetwork nodes(final Simulator simulator)
    {
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        network.addNode(SENDER);
        network.addNode(RECEIVER);
        return network;
    }

    private static Result run(
        final short[] speech, final Simulator simulator, final SimulatedNetwork network, final boolean protect)
    {
        final SimNode senderNode = network.node(SENDER);
        final SimNode receiverNode = network.node(RECEIVER);
        final SessionAgent senderAgent = new SessionAgent(SENDER, senderNode);
        final SessionAgent receiverAgent = new SessionAgent(RECEIVER, receiverNode);
        final RtpSession senderSession = senderAgent.addSession(senderNode.peerId(RECEIVER, 0),
            sessionContext(SENDER, simulator.componentSeed("session:sender")));
        final RtpSession receiverSession = receiverAgent.addSession(receiverNode.peerId(SENDER, 0),
            sessionContext(RECEIVER, simulator.componentSeed("session:receiver")));
        final AudioSender sender = new AudioSender(senderSession, context(protect));
        final AudioReceiver receiver = new AudioReceiver(receiverSession, context(protect));
        final Clock clock = new Clock(speech, sender, receiver, 0);
        senderAgent.addTask(sender).addTask(clock.talker);
        receiverAgent.addTask(receiver).addTask(clock.listener);
        simulator.addAgent(senderAgent, senderNode);
        simulator.addAgent(receiverAgent, receiverNode);
        simulator.runUntil(clock.endNs());
        final ReceiveStream media = receiverSession.receiveStreamBySsrc(sender.mediaStream().ssrc());
        return clock.score(media == null ? 0 : media.packetsReceived());
    }

    /**
     * A short form of a plan: what it turns on.
     *
     * @param plan the plan.
     * @return e.g. {@code nack+rs(4,6)}, {@code red2}, {@code none}.
     */
    public static String mechanisms(final ProtectionPlan plan)
    {
        final StringBuilder out = new StringBuilder();
        if (plan.nack())
        {
            out.append("nack");
        }
        if (plan.redDistance() > 0)
        {
            out.append(out.isEmpty() ? "" : "+").append("red").append(plan.redDistance());
        }
        switch (plan.fecScheme())
        {
            case ProtectionPlan.FEC_REED_SOLOMON:
                out.append(out.isEmpty() ? "" : "+").append("rs(").append(plan.rsMediaCount()).append(',')
                    .append(plan.rsRepairCount()).append(')');
                break;
            case ProtectionPlan.FEC_XOR_ROW:
            case ProtectionPlan.FEC_XOR_COLUMN:
                out.append(out.isEmpty() ? "" : "+").append("xor").append(plan.xorColumns()).append('x')
                    .append(plan.xorRows());
                break;
            default:
                break;
        }
        return out.isEmpty() ? "none" : out.toString();
    }

    /**
     * Talker and listener of one run and the scoring of what was played. The talker runs on the sender's agent
     * thread, the listener on the receiver's; {@link #score} after both stopped.
     */
    static final class Clock
    {
        private final short[] speech;
        private final int frames;
        private final int pulls;
        private final AudioSender sender;
        private final AudioReceiver receiver;
        private final LossStats stats = new LossStats();
        private final FreezeDetector freezes = new FreezeDetector(AudioFormat.FRAME_DURATION_MS);
        private final MouthToEar mouthToEar = new MouthToEar();
        private final short[] played;
        private final long startNs;
        private final long firstTimestamp;
        private volatile int sent;
        private int pulled;
        private long playoutPosition;
        final TimedAgent talker = new Talker();
        final TimedAgent listener = new Listener();

        Clock(final short[] speech, final AudioSender sender, final AudioReceiver receiver, final long startNs)
        {
            this.startNs = startNs;
            this.firstTimestamp = sender.nextTimestamp() & 0xFFFF_FFFFL;
            this.playoutPosition = firstTimestamp - AudioFormat.FRAME_SAMPLES;
            this.speech = speech;
            this.frames = speech.length / AudioFormat.FRAME_SAMPLES;
            this.pulls = frames + DRAIN_FRAMES;
            this.played = new short[pulls * AudioFormat.FRAME_SAMPLES];
            this.sender = sender;
            this.receiver = receiver;
        }

        long endNs()
        {
            return startNs + pulls * FRAME_NS + PULL_PHASE_NS;
        }

        private void send(final long nowNs)
        {
            sender.sendFrame(nowNs, speech, sent * AudioFormat.FRAME_SAMPLES);
            sent = sent + 1;
        }

        private void pull(final long nowNs)
        {
            final FrameType type = receiver.pull(nowNs, played, pulled * AudioFormat.FRAME_SAMPLES);
            pulled++;
            final long timestamp = receiver.jitterBuffer().lastPullTimestamp();
            playoutPosition = timestamp >= 0 ? timestamp : playoutPosition + AudioFormat.FRAME_SAMPLES;
            // the drain after the clip would count the concealment of frames that were never sent
            if (playoutPosition <= firstTimestamp + (long)(frames - 1) * AudioFormat.FRAME_SAMPLES)
            {
                stats.onPlayed(type);
                if (type != FrameType.SILENCE)
                {
                    freezes.onFrame(type);
                }
            }
            if (timestamp >= 0)
            {
                // frame k is sent at k * 20 ms: its timestamp offset in samples maps to its send time
                mouthToEar.record(startNs + AudioFormat.samplesToNs(timestamp - firstTimestamp), nowNs);
            }
        }

        Result score(final long mediaReceived)
        {
            for (int i = 0; i < sent; i++)
            {
                stats.onSent(AudioFormat.FRAME_SAMPLES);
            }
            freezes.flush();
            stats.receiveSide(receiver.jitterBuffer().counters());
            final int delay = DelayAlignment.findDelay(speech, played, AudioFormat.SAMPLE_RATE_HZ);
            final int[] blocks = DelayAlignment.blockDelays(speech, played, AudioFormat.SAMPLE_RATE_HZ, delay,
                ALIGN_RADIUS_SAMPLES);
            final double segSnr = SegmentalSnr.compute(speech, played, blocks, AudioFormat.SAMPLE_RATE_HZ);
            final double lsd = new LogSpectralDistance(AudioFormat.SAMPLE_RATE_HZ, 20_000)
                .compute(speech, played, delay);
            final double p50 = mouthToEar.percentileMs(50);
            final double minutes = frames * AudioFormat.FRAME_DURATION_MS / 60_000.0;
            final double seconds = frames * AudioFormat.FRAME_DURATION_MS / 1000.0;
            final long sentPackets = sender.framesSent();
            final long opusBytes = sender.opusBytesSent();
            final String recovery = mechanisms(sender.plan()) + "; restored rtx " + receiver.recoveredByRtx() +
                ", fec " + receiver.recoveredByFec() + ", red " + receiver.recoveredByRed() + ", late " +
                receiver.late();
            return new Result(
                sentPackets == 0 ? 0.0 : Math.max(0.0, 1.0 - mediaReceived / (double)sentPackets),
                stats.residualFrameLoss(),
                stats.concealedRatio(),
                freezes.freezeCount() / minutes,
                p50,
                mouthToEar.percentileMs(95),
                segSnr,
                lsd,
                EModel.mos(p50, 100 * stats.residualFrameLoss()),
                opusBytes == 0 ? 0.0 : 100.0 * sender.protectionBytes() / opusBytes,
                opusBytes * 8 / seconds / 1000.0,
                recovery,
                played);
        }

        /** Sends frame k at k * 20 ms. */
        private final class Talker implements TimedAgent
        {
            @Override
            public int doWork(final long nowNs)
            {
                if (sent >= frames || nowNs < startNs + sent * FRAME_NS)
                {
                    return 0;
                }
                send(nowNs);
                return 1;
            }

            @Override
            public long nextDeadlineNs()
            {
                return sent >= frames ? NO_DEADLINE : startNs + sent * FRAME_NS;
            }

            @Override
            public String roleName()
            {
                return "talker";
            }
        }

        /** Pulls 20 ms at k * 20 ms + 5 ms. */
        private final class Listener implements TimedAgent
        {
            @Override
            public int doWork(final long nowNs)
            {
                if (pulled >= pulls || nowNs < startNs + pulled * FRAME_NS + PULL_PHASE_NS)
                {
                    return 0;
                }
                pull(nowNs);
                return 1;
            }

            @Override
            public long nextDeadlineNs()
            {
                return pulled >= pulls ? NO_DEADLINE : startNs + pulled * FRAME_NS + PULL_PHASE_NS;
            }

            @Override
            public String roleName()
            {
                return "listener";
            }
        }
    }
}
