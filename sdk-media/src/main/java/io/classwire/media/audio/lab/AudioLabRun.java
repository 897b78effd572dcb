package io.classwire.media.audio.lab;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.NetworkProfile;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.recovery.ProtectionPlan;
import io.classwire.core.recovery.ProtectionPolicy;
import io.classwire.core.recovery.ProtectionPolicyContext;
import io.classwire.core.recovery.RecoveredPacketHandler;
import io.classwire.core.recovery.RedDecoder;
import io.classwire.core.recovery.RedEncoder;
import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqUnwrapper;
import io.classwire.core.wire.WireStatus;
import io.classwire.media.audio.AudioEncoder;
import io.classwire.media.audio.AudioFormat;
import io.classwire.media.audio.FrameType;
import io.classwire.media.audio.JitterBuffer;
import io.classwire.media.audio.JitterBufferConfig;
import io.classwire.media.audio.OpusPacketizer;
import io.classwire.media.audio.VoiceActivityDetector;
import io.classwire.media.quality.DelayAlignment;
import io.classwire.media.quality.EModel;
import io.classwire.media.quality.FreezeDetector;
import io.classwire.media.quality.LogSpectralDistance;
import io.classwire.media.quality.LossStats;
import io.classwire.media.quality.MouthToEar;
import io.classwire.media.quality.SegmentalSnr;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Speech through the network lab: a clip encoded as 20 ms Opus frames in virtual time, sent as RTP from node
 * {@value #SENDER} to node {@value #RECEIVER} of a {@link SimulatedNetwork}, received into a {@link JitterBuffer}
 * pulled every 20 ms by the virtual playout clock, and scored with every metric of {@code io.classwire.media.quality}.
 * <p>
 * The reverse direction carries a one-byte receiver report every second (the RFC 3550 fraction lost of the last
 * interval), which drives the encoder's in-band FEC through {@link AudioEncoder#onFractionLost(int)}; a lost report
 * simply leaves the hint unchanged. Mouth-to-ear delay runs from the send time of a frame (its capture has just
 * completed) to the time its first sample is played. This plan has no transport protection, so the protection
 * overhead is zero: in-band FEC lives inside the Opus bitrate, reported as {@link Result#mediaKbps()}.
 * <p>
 * With {@code transportProtection}, the sender also runs a {@link ProtectionPolicy} on each report and applies the
 * RFC 2198 redundancy distance of its plan (RED with {@link RedEncoder}, split at the receiver by {@link RedDecoder});
 * where the plan asks for packet FEC (XOR or Reed-Solomon), RED at distance 3 stands in, and the plan's NACK/RTX is
 * not wired here. Overhead is then the RED bytes beyond the primary.
 * <p>
 * A run allocates freely (it is a test and benchmark tool, not a media path); it is deterministic for a seed.
 */
public final class AudioLabRun
{
    /** Name of the sending node. */
    public static final String SENDER = "sender";
    /** Name of the receiving node. */
    public static final String RECEIVER = "receiver";

    private static final long FRAME_NS = 20_000_000L;
    private static final long PULL_PHASE_NS = 5_000_000L;
    private static final long REPORT_INTERVAL_NS = 1_000_000_000L;
    private static final int DRAIN_FRAMES = 100;
    // time-stretching moves the delay by at most a few pitch periods per second: 10 ms either side is enough
    private static final int ALIGN_RADIUS_SAMPLES = 480;
    private static final int FIRST_TIMESTAMP = 123_456;
    private static final int FIRST_SEQUENCE = 4_000;
    private static final int PAYLOAD_TYPE = 111;
    private static final int RED_PAYLOAD_TYPE = 63;
    private static final int MAX_RED_BLOCK = 1023;
    private static final int SSRC = 0x5EED;

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
     * @param overheadPercent   transport protection bytes in percent of Opus bytes.
     * @param mediaKbps         mean Opus payload bitrate, kbit/s.
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
        short[] played)
    {
    }

    /**
     * Run speech over explicit link configurations.
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
     * Run speech over explicit link configurations, optionally with the protection policy's RED on top of in-band
     * FEC.
     *
     * @param speech              the clip, 48 kHz mono, whole 20 ms frames are sent.
     * @param media               the sender-to-receiver link.
     * @param reports             the receiver-to-sender link.
     * @param seed                simulator seed.
     * @param transportProtection true to apply the RED distance of the {@link ProtectionPolicy}'s plan.
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
     * Run speech over a network profile: the sender is the profile's client (media on its uplink).
     *
     * @param speech  the clip, 48 kHz mono.
     * @param profile the access network.
     * @param seed    simulator seed.
     * @return the metrics.
     */
    public static Result run(final short[] speech, final NetworkProfile profile, final long seed)
    {
        final Simulator simulator = new Simulator(seed);
        final SimulatedNetwork network = nodes(simulator);
        network.connect(SENDER, RECEIVER, profile);
        return run(speech, simulator, network, false);
    }

    private static SimulatedNetwork nodes(final Simulator simulator)
    {
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        network.addNode(SENDER);
        network.addNode(RECEIVER);
        return network;
    }

    private static Result run(
        final short[] speech, final Simulator simulator, final SimulatedNetwork network, final boolean red)
    {
        final Cell cell = new Cell(speech, network.node(SENDER), network.node(RECEIVER), red);
        simulator.addAgent(cell, cell.senderNode, cell.receiverNode);
        simulator.runUntil(cell.endNs());
        return cell.score();
    }

    /** Sender, receiver and playout clock of one run, driven by the simulator as one agent. */
    private static final class Cell implements TimedAgent, DatagramHandler, RecoveredPacketHandler
    {
        private final boolean red;
        private final RedEncoder redEncoder = new RedEncoder(0, MAX_RED_BLOCK);
        private final RedDecoder redDecoder = new RedDecoder(RED_PAYLOAD_TYPE, 1500, 1024);
        private final ProtectionPolicy policy =
            new ProtectionPolicy(new ProtectionPolicyContext().audio(true).conclude());
        private final UnsafeBuffer redPayload = new UnsafeBuffer(new byte[1400]);
        private final RtpPacket plain = new RtpPacket();
        private long arrivalNs;
        private long protectionBytes;
        private long mediaReceived;
        private final short[] speech;
        private final int frames;
        private final SimNode senderNode;
        private final SimNode receiverNode;
        private final int receiverId;
        private final int senderId;
        private final AudioEncoder encoder = new AudioEncoder().inbandFec(true);
        private final VoiceActivityDetector vad = new VoiceActivityDetector();
        private final OpusPacketizer packetizer;
        private final JitterBuffer buffer = new JitterBuffer(new JitterBufferConfig());
        private final LossStats stats = new LossStats();
        private final FreezeDetector freezes = new FreezeDetector(AudioFormat.FRAME_DURATION_MS);
        private final MouthToEar mouthToEar = new MouthToEar();
        private final RtpPacket packet = new RtpPacket();
        private final SeqUnwrapper sequences = new SeqUnwrapper();
        private final UnsafeBuffer opus = new UnsafeBuffer(new byte[AudioEncoder.MAX_ENCODED_LENGTH]);
        private final UnsafeBuffer rtp = new UnsafeBuffer(new byte[1500]);
        private final UnsafeBuffer report = new UnsafeBuffer(new byte[1]);
        private final short[] played;
        private final int pulls;
        private int sent;
        private int pulled;
        private long nextReportNs = REPORT_INTERVAL_NS;
        private long mediaBytes;
        private long intervalReceived;
        private long intervalExpectedBase = -1;
        private long highestSequence = -1;
        private long playoutPosition = FIRST_TIMESTAMP - AudioFormat.FRAME_SAMPLES;

        Cell(final short[] speech, final SimNode senderNode, final SimNode receiverNode, final boolean red)
        {
            this.red = red;
            this.packetizer = new OpusPacketizer(SSRC, PAYLOAD_TYPE, FIRST_SEQUENCE, FIRST_TIMESTAMP, 1);
            this.speech = speech;
            this.frames = speech.length / AudioFormat.FRAME_SAMPLES;
            this.pulls = frames + DRAIN_FRAMES;
            this.played = new short[pulls * AudioFormat.FRAME_SAMPLES];
            this.senderNode = senderNode;
            this.receiverNode = receiverNode;
            this.receiverId = senderNode.peerId(RECEIVER, 0);
            this.senderId = receiverNode.peerId(SENDER, 0);
        }

        long endNs()
        {
            return pulls * FRAME_NS + PULL_PHASE_NS;
        }

        @Override
        public int doWork(final long nowNs)
        {
            int work = senderNode.poll(this, 64) + receiverNode.poll(this, 64);
            if (sent < frames && nowNs >= sent * FRAME_NS)
            {
                send(nowNs);
                work++;
            }
            if (pulled < pulls && nowNs >= pulled * FRAME_NS + PULL_PHASE_NS)
            {
                pull(nowNs);
                work++;
            }
            if (nowNs >= nextReportNs)
            {
                sendReport();
                nextReportNs += REPORT_INTERVAL_NS;
                work++;
            }
            return work;
        }

        @Override
        public long nextDeadlineNs()
        {
            long deadline = nextReportNs;
            if (sent < frames)
            {
                deadline = Math.min(deadline, sent * FRAME_NS);
            }
            if (pulled < pulls)
            {
                deadline = Math.min(deadline, pulled * FRAME_NS + PULL_PHASE_NS);
            }
            return deadline;
        }

        @Override
        public String roleName()
        {
            return "audio-lab-run";
        }

        @Override
        public void onDatagram(
            final int peerId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
        {
            if (peerId == receiverId)
            {
                onReport(buffer.getByte(offset) & 0xFF, receivedNs);
                return;
            }
            if (packet.wrap(buffer, offset, length).validate() != WireStatus.OK)
            {
                return;
            }
            final long sequence = sequences.unwrap(packet.sequenceNumber());
            highestSequence = Math.max(highestSequence, sequence);
            if (intervalExpectedBase < 0)
            {
                intervalExpectedBase = sequence;
            }
            intervalReceived++;
            mediaReceived++;
            if (red && packet.payloadType() == RED_PAYLOAD_TYPE)
            {
                arrivalNs = receivedNs;
                redDecoder.onPacket(packet, this);
            }
            else if (red)
            {
                redDecoder.onPlainPacket(packet.sequenceNumber());
                this.buffer.insert(packet, receivedNs);
            }
            else
            {
                this.buffer.insert(packet, receivedNs);
            }
        }

        @Override
        public void onPacket(final DirectBuffer buffer, final int offset, final int length, final boolean recovered)
        {
            if (plain.wrap(buffer, offset, length).validate() == WireStatus.OK)
            {
                this.buffer.insert(plain, arrivalNs);
            }
        }

        private void onReport(final int fractionLost, final long nowNs)
        {
            encoder.onFractionLost(fractionLost);
            if (red)
            {
                final ProtectionPlan plan = policy.update(nowNs, fractionLost / 256.0, 0, 0,
                    buffer.targetDelayMs() * 1_000_000L, FRAME_NS, encoder.bitrateBps());
                // packet FEC is not wired here: where the plan asks for it, RED at the largest distance stands in
                final int distance = plan.fecScheme() != ProtectionPlan.FEC_NONE ? RedEncoder.MAX_DISTANCE :
                    plan.redDistance();
                redEncoder.distance(Math.min(RedEncoder.MAX_DISTANCE, distance));
            }
        }

        private void send(final long nowNs)
        {
            final int offset = sent * AudioFormat.FRAME_SAMPLES;
            final int length = encoder.encode(speech, offset, opus, 0, opus.capacity());
            final boolean voice = vad.process(speech, offset, AudioFormat.FRAME_SAMPLES);
            int payloadLength = length;
            if (red && length > 0)
            {
                payloadLength = redEncoder.encode(PAYLOAD_TYPE, packetizer.timestamp(), opus, 0, length, redPayload, 0,
                    redPayload.capacity());
            }
            // RED framing only while the plan asks for redundancy: at distance 0 the primary goes out plain, so a
            // clean path costs nothing; the encoder still remembers it for the next redundant packet
            final boolean redundant = red && payloadLength > 0 && redEncoder.distance() > 0;
            if (red && !redundant)
            {
                payloadLength = length;
            }
            final int rtpLength = payloadLength > 0 ? packetizer.packetize(redundant ? redPayload : opus, 0,
                payloadLength, AudioFormat.FRAME_SAMPLES, vad.lastLevelDbov(), voice, rtp, 0, rtp.capacity()) : 0;
            if (redundant && rtpLength > 0)
            {
                final int markerBit = rtp.getByte(RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET) & RtpPacket.MARKER_BIT;
                rtp.putByte(RtpPacket.MARKER_PAYLOAD_TYPE_OFFSET, (byte)(markerBit | RED_PAYLOAD_TYPE));
            }
            if (rtpLength <= 0 && red && payloadLength > 0)
            {
                redEncoder.discardLast();
            }
            if (rtpLength > 0)
            {
                stats.onSent(AudioFormat.FRAME_SAMPLES);
                mediaBytes += length;
                protectionBytes += payloadLength - length;
                senderNode.send(receiverId, rtp, 0, rtpLength);
            }
            sent++;
        }

        private void pull(final long nowNs)
        {
            final FrameType type = buffer.pull(nowNs, played, pulled * AudioFormat.FRAME_SAMPLES);
            pulled++;
            final long timestamp = buffer.lastPullTimestamp();
            playoutPosition = timestamp >= 0 ? timestamp : playoutPosition + AudioFormat.FRAME_SAMPLES;
            // the drain after the clip would count the concealment of frames that were never sent
            if (playoutPosition <= FIRST_TIMESTAMP + (long)(frames - 1) * AudioFormat.FRAME_SAMPLES)
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
                mouthToEar.record(AudioFormat.samplesToNs(timestamp - FIRST_TIMESTAMP), nowNs);
            }
        }

        /** The RTCP receiver report's fraction lost (RFC 3550 section 6.4.1) of the last interval, as one byte. */
        private void sendReport()
        {
            int fraction = 0;
            if (intervalExpectedBase >= 0)
            {
                final long expected = highestSequence - intervalExpectedBase + 1;
                final long lost = expected - intervalReceived;
                fraction = expected <= 0 || lost <= 0 ? 0 : (int)Math.min(255, (lost << 8) / expected);
                intervalExpectedBase = highestSequence + 1;
                intervalReceived = 0;
            }
            report.putByte(0, (byte)fraction);
            receiverNode.send(senderId, report, 0, 1);
        }

        Result score()
        {
            freezes.flush();
            stats.receiveSide(buffer.counters());
            final int delay = DelayAlignment.findDelay(speech, played, AudioFormat.SAMPLE_RATE_HZ);
            final int[] blocks = DelayAlignment.blockDelays(speech, played, AudioFormat.SAMPLE_RATE_HZ, delay,
                ALIGN_RADIUS_SAMPLES);
            final double segSnr = SegmentalSnr.compute(speech, played, blocks, AudioFormat.SAMPLE_RATE_HZ);
            final double lsd = new LogSpectralDistance(AudioFormat.SAMPLE_RATE_HZ, 20_000)
                .compute(speech, played, delay);
            final double p50 = mouthToEar.percentileMs(50);
            final double minutes = frames * AudioFormat.FRAME_DURATION_MS / 60_000.0;
            final double seconds = frames * AudioFormat.FRAME_DURATION_MS / 1000.0;
            return new Result(
                sent == 0 ? 0.0 : 1.0 - mediaReceived / (double)stats.packetsSent(),
                stats.residualFrameLoss(),
                stats.concealedRatio(),
                freezes.freezeCount() / minutes,
                p50,
                mouthToEar.percentileMs(95),
                segSnr,
                lsd,
                EModel.mos(p50, 100 * stats.residualFrameLoss()),
                mediaBytes == 0 ? 0.0 : 100.0 * protectionBytes / mediaBytes,
                mediaBytes * 8 / seconds / 1000.0,
                played);
        }
    }
}
