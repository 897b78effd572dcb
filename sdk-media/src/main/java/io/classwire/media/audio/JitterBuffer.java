package io.classwire.media.audio;

import io.classwire.core.wire.OpusPayload;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqUnwrapper;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * Adaptive audio jitter buffer for one Opus stream, in the spirit of libwebrtc's NetEQ; single-threaded (the playout
 * thread inserts and pulls), deterministic (time only comes from the caller) and allocation-free apart from what
 * concentus allocates inside each decode.
 *
 * <p>Packets are {@link #insert inserted} with their arrival time; a playout clock {@link #pull pulls} 10 or 20 ms
 * every 10 or 20 ms. Whenever the decoded audio runs short, one decision is taken for the audio at the next RTP
 * timestamp {@code next}, where {@code reached = next + samples concealed since the last decode}:
 * <ol>
 * <li>the packet at {@code next} is here: decode it; after concealment cross-fade it in (MERGED), otherwise
 *     accelerate when the smoothed buffer level is at or above {@code high}, preemptive-expand when it is below
 *     {@code low} (ACCELERATED, EXPANDED), else NORMAL;</li>
 * <li>the earliest later packet starts at or before {@code reached}: the gap has been concealed, so play it
 *     (MERGED; NORMAL after DTX silence);</li>
 * <li>the gap before it is DTX (the last packet was a DTX frame, or sequence numbers are consecutive): comfort noise
 *     from the decoder (SILENCE);</li>
 * <li>it carries LBRR and the gap is exactly one of its frames: decode the lost frame from it (FEC_RECOVERED);</li>
 * <li>it has waited longer than the maximum delay: jump to it (MERGED);</li>
 * <li>otherwise conceal 20 ms with the decoder's PLC, or zeros after {@code maxConcealMs} (CONCEALED).</li>
 * </ol>
 * The buffer level is the decoded samples not yet played plus the duration of the stored packets from {@code next}
 * on, smoothed per 20 ms as {@code 0.9 level + 0.1 new}; {@code high = target + max(20 ms, target / 4)} and
 * {@code low = 3/4 target}, with the target from {@link TargetDelayEstimator} (95th percentile of relative arrival
 * delay plus one packet). Playout starts once the stored audio reaches the target or the first packet has waited
 * that long. Packets older than {@code next} on arrival are late and dropped; repeated sequence numbers are
 * duplicates; payloads failing {@link io.classwire.core.wire.OpusPayload} validation are malformed: all counted in
 * {@link #counters()}, none thrown.
 */
public final class JitterBuffer
{
    /** {@link #insert} result: stored. */
    public static final int INSERTED = 0;
    /** {@link #insert} result: sequence number seen before, dropped. */
    public static final int DUPLICATE = 1;
    /** {@link #insert} result: its audio was already played or concealed, dropped. */
    public static final int LATE = 2;
    /** {@link #insert} result: the store overflowed and was emptied, then this packet stored. */
    public static final int FLUSHED = 3;
    private static final int SEEN_CAPACITY = 1024;
    private static final int FEC_MEMORY_PACKETS = 50;
    private static final double LEVEL_KEEP_PER_FRAME = 0.9;

    private final AudioDecoder decoder = new AudioDecoder();
    private final TimeStretcher stretcher = new TimeStretcher();
    private final SyncBuffer sync = new SyncBuffer();
    private final SeqUnwrapper sequences = new SeqUnwrapper();
    private final JitterBufferCounters counters = new JitterBufferCounters();
    private final long[] seen = new long[SEEN_CAPACITY];
    private final short[] decoded = new short[AudioFormat.MAX_PACKET_SAMPLES + TimeStretcher.MAX_LAG];
    private final short[] stretched = new short[AudioFormat.MAX_PACKET_SAMPLES + TimeStretcher.MAX_LAG];
    private final PacketBuffer packets;
    private final TargetDelayEstimator delay;
    private final int pullSamples;
    private final int mergeSamples;
    private final long maxConcealSamples;
    private final long maxDelayNs;
    private final int maxDelayMs;
    private final double levelKeep;
    private final TimestampUnwrapper timestamps = new TimestampUnwrapper();
    private long lastFecSequence = Long.MIN_VALUE / 2;
    private long lastSequence;
    private boolean started;
    private long bufferingSinceNs;
    private boolean buffering;
    private long next;
    private long concealed;
    private boolean silence;
    private long lastDecodedSequence = -1;
    private double filteredLevel;
    private long lastPullTimestamp = -1;

    /**
     * @param config settings; {@link JitterBufferConfig#conclude()} is called here.
     */
    public JitterBuffer(final JitterBufferConfig config)
    {
        config.conclude();
        this.packets = new PacketBuffer(config.capacityPackets(), AudioDecoder.MAX_PAYLOAD_LENGTH);
        this.delay = new TargetDelayEstimator(config);
        this.pullSamples = config.pullSamples();
        this.mergeSamples = config.mergeMs() * AudioFormat.SAMPLES_PER_MS;
        this.maxConcealSamples = (long)config.maxConcealMs() * AudioFormat.SAMPLES_PER_MS;
        this.maxDelayNs = config.maxDelayMs() * 1_000_000L;
        this.maxDelayMs = config.maxDelayMs();
        this.levelKeep = Math.pow(LEVEL_KEEP_PER_FRAME, pullSamples / (double)AudioFormat.FRAME_SAMPLES);
        Arrays.fill(seen, -1);
    }

    /**
     * Offer a received RTP packet.
     *
     * @param packet    a packet whose {@link RtpPacket#validate()} returned OK.
     * @param arrivalNs its arrival time.
     * @return as {@link #insert(int, int, long, DirectBuffer, int, int)}.
     */
    public int insert(final RtpPacket packet, final long arrivalNs)
    {
        return insert(packet.sequenceNumber(), packet.timestamp(), arrivalNs, packet.buffer(), packet.payloadOffset(),
            packet.payloadLength());
    }

    /**
     * Offer a received packet's fields and Opus payload; the payload is copied.
     *
     * @param sequenceNumber RTP sequence number.
     * @param timestamp      RTP timestamp (48 kHz).
     * @param arrivalNs      arrival time on the caller's clock.
     * @param payload        buffer holding the Opus payload.
     * @param offset         its first byte.
     * @param length         its length, RTP padding excluded.
     * @return {@link #INSERTED}, {@link #DUPLICATE}, {@link #LATE}, {@link #FLUSHED}, or a negative
     * {@link io.classwire.core.wire.WireStatus} code for a malformed payload; never throws.
     */
    public int insert(
        final int sequenceNumber,
        final int timestamp,
        final long arrivalNs,
        final DirectBuffer payload,
        final int offset,
        final int length)
    {
        counters.packetsReceived++;
        final int duration = decoder.check(payload, offset, length);
        if (duration < 0)
        {
            counters.malformed++;
            return duration;
        }
        final long sequence = sequences.unwrap(sequenceNumber & 0xFFFF);
        final int seenSlot = (int)(sequence & (SEEN_CAPACITY - 1));
        if (seen[seenSlot] == sequence)
        {
            counters.duplicates++;
            return DUPLICATE;
        }
        seen[seenSlot] = sequence;
        final long extendedTimestamp = timestamps.unwrap(timestamp);
        delay.onArrival(extendedTimestamp, arrivalNs, duration);
        if (started && extendedTimestamp < next)
        {
            counters.late++;
            return LATE;
        }
        final boolean fec = decoder.hasFec(payload, offset, length);
        lastSequence = Math.max(lastSequence, sequence);
        if (fec)
        {
            lastFecSequence = Math.max(lastFecSequence, sequence);
        }
        int result = packets.insert(sequence, extendedTimestamp, arrivalNs, payload, offset, length, duration, fec);
        if (result == PacketBuffer.FULL)
        {
            counters.flushes++;
            counters.discarded += packets.count();
            packets.clear();
            started = false;
            buffering = false;
            packets.insert(sequence, extendedTimestamp, arrivalNs, payload, offset, length, duration, fec);
            result = FLUSHED;
        }
        if (!buffering)
        {
            buffering = true;
            bufferingSinceNs = arrivalNs;
        }
        counters.packetsInserted++;
        return result;
    }

    /**
     * Produce the next {@code pullSamples} of audio.
     *
     * @param nowNs  playout time on the same clock as the arrival times.
     * @param pcm    destination.
     * @param offset first destination sample; {@code pullSamples} samples are always written.
     * @return what the samples are made of.
     */
    public FrameType pull(final long nowNs, final short[] pcm, final int offset)
    {
        if (!started && sync.future() < pullSamples && !tryStart(nowNs))
        {
            Arrays.fill(pcm, offset, offset + pullSamples, (short)0);
            lastPullTimestamp = -1;
            counters.frame(FrameType.SILENCE);
            return FrameType.SILENCE;
        }
        final long level = levelSamples();
        filteredLevel = levelKeep * filteredLevel + (1.0 - levelKeep) * level;
        while (sync.future() < pullSamples)
        {
            produce(nowNs);
        }
        final FrameType type = sync.read(pcm, offset, pullSamples);
        lastPullTimestamp = sync.lastReadTimestamp();
        counters.frame(type);
        return type;
    }

    private boolean tryStart(final long nowNs)
    {
        final int first = packets.earliest();
        if (first == PacketBuffer.NONE)
        {
            return false;
        }
        final long span = packets.spanSamples(Long.MIN_VALUE);
        final long targetSamples = targetSamples();
        if (span < targetSamples && nowNs - bufferingSinceNs < AudioFormat.samplesToNs(targetSamples))
        {
            return false;
        }
        started = true;
        next = packets.timestamp(first);
        concealed = 0;
        silence = false;
        filteredLevel = span;
        return true;
    }

    private long levelSamples()
    {
        return sync.future() + (started ? packets.spanSamples(next) : 0);
    }

    private void produce(final long nowNs)
    {
        counters.discarded += packets.removeOlderThan(next);
        final int slot = packets.find(next);
        if (slot != PacketBuffer.NONE)
        {
            playPacket(slot, concealed > 0 && !silence ? FrameType.MERGED : FrameType.NORMAL);
            return;
        }
        final int later = packets.earliestAfter(next);
        if (later == PacketBuffer.NONE)
        {
            synthesize(AudioFormat.FRAME_SAMPLES);
            return;
        }
        final long reached = next + concealed;
        final long gap = packets.timestamp(later) - reached;
        if (gap < AudioFormat.MIN_FRAME_SAMPLES)
        {
            jumpTo(later);
        }
        else if (silence || (lastDecodedSequence >= 0 && packets.sequence(later) == lastDecodedSequence + 1))
        {
            silence = true;
            synthesize(concealLength(gap));
        }
        else if (packets.hasFec(later) && gap == frameSamples(later))
        {
            recoverFromFec(later, (int)gap, reached);
        }
        else if (nowNs - packets.arrivalNs(later) > maxDelayNs)
        {
            jumpTo(later);
        }
        else
        {
            final int frame = frameSamples(later);
            synthesize(concealLength(packets.hasFec(later) && gap > frame ? gap - frame : gap));
        }
    }

    /** @return up to one frame, in whole 2.5 ms steps, at least one step. */
    private static int concealLength(final long gapSamples)
    {
        final int step = AudioFormat.MIN_FRAME_SAMPLES;
        return (int)Math.max(step, Math.min(gapSamples, AudioFormat.FRAME_SAMPLES) / step * step);
    }

    private void jumpTo(final int slot)
    {
        counters.samplesSkipped += Math.max(0, packets.timestamp(slot) - next - concealed);
        next = packets.timestamp(slot);
        playPacket(slot, silence ? FrameType.NORMAL : FrameType.MERGED);
    }

    private int frameSamples(final int slot)
    {
        final DirectBuffer payloads = packets.payloads();
        final int toc = payloads.getByte(packets.payloadOffset(slot)) & 0xFF;
        return OpusPayload.frameSizeSamples(OpusPayload.config(toc));
    }

    private void playPacket(final int slot, final FrameType baseType)
    {
        final long timestamp = packets.timestamp(slot);
        final long sequence = packets.sequence(slot);
        final int length = packets.length(slot);
        final int samples = decoder.decode(
            packets.payloads(), packets.payloadOffset(slot), length, decoded, 0);
        final int duration = packets.durationSamples(slot);
        packets.remove(slot);
        lastDecodedSequence = sequence;
        if (samples <= 0)
        {
            counters.decodeErrors++;
            next = timestamp;
            silence = false;
            synthesize(duration);
            next = timestamp + duration;
            concealed = 0;
            return;
        }
        counters.packetsDecoded++;
        next = timestamp + samples;
        final boolean dtxFrame = length <= AudioEncoder.DTX_MAX_LENGTH;
        FrameType type = dtxFrame ? FrameType.SILENCE : baseType;
        if (baseType == FrameType.MERGED || (silence && !dtxFrame))
        {
            stretcher.merge(sync, decoded, samples, mergeSamples);
            sync.append(decoded, 0, samples, type, timestamp);
        }
        else
        {
            type = stretchOrAppend(samples, type, timestamp);
        }
        silence = dtxFrame;
        concealed = 0;
    }

    private FrameType stretchOrAppend(final int samples, final FrameType type, final long timestamp)
    {
        final long targetSamples = targetSamples();
        final long high = targetSamples + Math.max(AudioFormat.FRAME_SAMPLES, targetSamples / 4);
        final long low = targetSamples * 3 / 4;
        if (type == FrameType.NORMAL && filteredLevel >= high)
        {
            final int out = stretcher.accelerate(decoded, 0, samples, stretched, 0);
            if (out < samples)
            {
                counters.samplesRemoved += samples - out;
                filteredLevel -= samples - out;
                sync.append(stretched, 0, out, FrameType.ACCELERATED, timestamp);
                return FrameType.ACCELERATED;
            }
        }
        else if (type == FrameType.NORMAL && filteredLevel < low)
        {
            final int out = stretcher.expand(decoded, 0, samples, stretched, 0);
            if (out > samples)
            {
                counters.samplesAdded += out - samples;
                filteredLevel += out - samples;
                sync.append(stretched, 0, out, FrameType.EXPANDED, timestamp);
                return FrameType.EXPANDED;
            }
        }
        sync.append(decoded, 0, samples, type, timestamp);
        return type;
    }

    private void recoverFromFec(final int slot, final int lostSamples, final long lostTimestamp)
    {
        final int samples = decoder.decodeFec(
            packets.payloads(), packets.payloadOffset(slot), packets.length(slot), decoded, 0, lostSamples);
        if (samples <= 0)
        {
            synthesize(lostSamples);
            return;
        }
        counters.fecRecoveries++;
        if (concealed > 0)
        {
            stretcher.merge(sync, decoded, samples, mergeSamples);
        }
        sync.append(decoded, 0, samples, FrameType.FEC_RECOVERED, lostTimestamp);
        next = packets.timestamp(slot);
        concealed = 0;
    }

    private void synthesize(final int samples)
    {
        final boolean comfortNoise = silence;
        final boolean useDecoder = comfortNoise || concealed < maxConcealSamples;
        if (!useDecoder || decoder.conceal(decoded, 0, samples) != samples)
        {
            Arrays.fill(decoded, 0, samples, (short)0);
        }
        if (!comfortNoise)
        {
            counters.concealments++;
        }
        sync.append(decoded, 0, samples, comfortNoise ? FrameType.SILENCE : FrameType.CONCEALED, -1);
        concealed += samples;
    }

    /** @return extended RTP timestamp of the first sample of the last pull, or -1 when it was synthetic. */
    public long lastPullTimestamp()
    {
        return lastPullTimestamp;
    }

    /**
     * The current target delay: the estimator's target, plus one packet while the stream carries in-band FEC so
     * that the packet after a loss is at hand when the lost one is due.
     *
     * @return the target, ms, within the configured bounds.
     */
    public int targetDelayMs()
    {
        final boolean fecActive = lastSequence - lastFecSequence < FEC_MEMORY_PACKETS;
        return Math.min(maxDelayMs, delay.targetMs() + (fecActive ? AudioFormat.FRAME_DURATION_MS : 0));
    }

    private long targetSamples()
    {
        return (long)targetDelayMs() * AudioFormat.SAMPLES_PER_MS;
    }

    /** @return audio buffered ahead of playout (decoded plus stored packets), ms. */
    public double bufferLevelMs()
    {
        return AudioFormat.samplesToMs(levelSamples());
    }

    /** @return the smoothed buffer level the accelerate and expand decisions use, ms. */
    public double filteredLevelMs()
    {
        return filteredLevel / AudioFormat.SAMPLES_PER_MS;
    }

    /** @return packets waiting in the store. */
    public int packetCount()
    {
        return packets.count();
    }

    /** @return the counters. */
    public JitterBufferCounters counters()
    {
        return counters;
    }

    /** @return the decoder, for its own counters (malformed by code, codec errors). */
    public AudioDecoder decoder()
    {
        return decoder;
    }
}
