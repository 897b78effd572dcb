package io.classwire.media.audio;

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
 * every 10 or 20 ms and always gets exactly that many samples. Whenever decoded audio runs short, one decision is
 * taken for the audio at the next RTP timestamp {@code next}, where {@code reached = next + samples concealed since
 * the last decode} (see {@link Playout}):
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
 * <li>otherwise conceal up to 20 ms with the decoder's PLC, or zeros after {@code maxConcealMs} (CONCEALED);
 *     when the later packet carries LBRR, only up to the frame it can rebuild.</li>
 * </ol>
 * A packet that arrives after concealment started but before playout moved past it is still played (rule 1), so a
 * delay spike stretches playout instead of losing audio, as in NetEQ.
 *
 * <p>Levels: the buffer level is the decoded samples not yet played plus the duration of the stored packets from
 * {@code next} on, smoothed per 20 ms as {@code 0.9 old + 0.1 new} (corrected by the samples each stretch removes or
 * adds); {@code high = target + max(20 ms, target / 4)}, {@code low = 3/4 target}. The target comes from
 * {@link TargetDelayEstimator} (95th percentile of relative arrival delay plus one packet), plus one more packet
 * while the stream carries in-band FEC, so that the packet after a loss is usually at hand when the lost one is due.
 * Playout starts once the stored audio reaches the target or the first packet has waited that long.
 *
 * <p>Bad input: packets older than {@code next} on arrival are late; repeated sequence numbers are duplicates;
 * payloads failing {@link io.classwire.core.wire.OpusPayload} validation are malformed; a full packet store is
 * flushed and playout restarts. All are dropped and counted in {@link #counters()}; nothing is thrown.
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

    private final AudioDecoder decoder = new AudioDecoder();
    private final SyncBuffer sync = new SyncBuffer();
    private final SeqUnwrapper sequences = new SeqUnwrapper();
    private final JitterBufferCounters counters = new JitterBufferCounters();
    private final long[] seen = new long[SEEN_CAPACITY];
    private final PacketBuffer packets;
    private final TargetDelayEstimator delay;
    private final int pullSamples;
    private final Playout playout;
    private final int maxDelayMs;
    private final TimestampUnwrapper timestamps = new TimestampUnwrapper();
    private long lastFecSequence = Long.MIN_VALUE / 2;
    private long lastSequence;
    private boolean started;
    private long bufferingSinceNs;
    private boolean buffering;
    private long lastPullTimestamp = -1;
    private int minimumDelayMs;
    private boolean inbandFecWait = true;

    /**
     * @param config settings; {@link JitterBufferConfig#conclude()} is called here.
     */
    public JitterBuffer(final JitterBufferConfig config)
    {
        config.conclude();
        this.packets = new PacketBuffer(config.capacityPackets(), AudioDecoder.MAX_PAYLOAD_LENGTH);
        this.delay = new TargetDelayEstimator(config);
        this.pullSamples = config.pullSamples();
        this.maxDelayMs = config.maxDelayMs();
        this.playout = new Playout(config, decoder, packets, sync, counters);
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
        return insert(sequenceNumber, timestamp, arrivalNs, payload, offset, length, false);
    }

    /**
     * Offer a packet that loss recovery rebuilt or had retransmitted. Its arrival says how long recovery took, not
     * how the network delays packets, so it is left out of the target delay (as NetEQ leaves out retransmissions);
     * otherwise as {@link #insert(int, int, long, DirectBuffer, int, int)}.
     *
     * @param sequenceNumber RTP sequence number.
     * @param timestamp      RTP timestamp (48 kHz).
     * @param arrivalNs      arrival (or recovery) time on the caller's clock.
     * @param payload        buffer holding the Opus payload.
     * @param offset         its first byte.
     * @param length         its length, RTP padding excluded.
     * @param recovered      true when the packet came from RTX, FEC or RED rather than straight from the network.
     * @return as {@link #insert(int, int, long, DirectBuffer, int, int)}.
     */
    public int insert(
        final int sequenceNumber,
        final int timestamp,
        final long arrivalNs,
        final DirectBuffer payload,
        final int offset,
        final int length,
        final boolean recovered)
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
        if (!recovered)
        {
            delay.onArrival(extendedTimestamp, arrivalNs, duration);
        }
        if (started && extendedTimestamp < playout.next())
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
     * Produce the next {@code pullSamples} of audio at the start of {@code pcm}.
     *
     * @param nowNs playout time on the same clock as the arrival times.
     * @param pcm   destination, at least {@code pullSamples} long.
     * @return what the samples are made of.
     */
    public FrameType pull(final long nowNs, final short[] pcm)
    {
        return pull(nowNs, pcm, 0);
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
            counters.samplesByType[FrameType.SILENCE.ordinal()] += pullSamples;
            return FrameType.SILENCE;
        }
        playout.onPull(levelSamples());
        final long targetSamples = targetSamples();
        while (sync.future() < pullSamples)
        {
            playout.produce(nowNs, targetSamples);
        }
        final FrameType type = sync.read(pcm, offset, pullSamples, counters.samplesByType);
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
        playout.start(packets.timestamp(first), span);
        return true;
    }

    private long levelSamples()
    {
        return sync.future() + (started ? packets.spanSamples(playout.next()) : 0);
    }

    /** @return extended RTP timestamp of the first sample of the last pull, or -1 when it was synthetic. */
    public long lastPullTimestamp()
    {
        return lastPullTimestamp;
    }

    /**
     * The current target delay: the estimator's target, plus one packet while the stream carries in-band FEC so
     * that the packet after a loss is at hand when the lost one is due, at least {@link #minimumDelayMs()}.
     *
     * @return the target, ms, within the configured bounds.
     */
    public int targetDelayMs()
    {
        final boolean fecActive = inbandFecWait && lastSequence - lastFecSequence < FEC_MEMORY_PACKETS;
        return Math.min(maxDelayMs,
            Math.max(minimumDelayMs, delay.targetMs() + (fecActive ? AudioFormat.FRAME_DURATION_MS : 0)));
    }

    /**
     * Set a floor under the target delay at run time, e.g. the time loss recovery needs (a retransmission's round
     * trip, an FEC block's span) while the path loses packets; 0 removes it. The configured maximum still applies.
     *
     * @param minimumDelayMs the floor, ms.
     * @return this.
     */
    public JitterBuffer minimumDelayMs(final int minimumDelayMs)
    {
        this.minimumDelayMs = Math.max(0, minimumDelayMs);
        return this;
    }

    /**
     * Whether the target keeps one packet more while the stream carries Opus in-band FEC (the default), so the packet
     * after a loss is at hand to rebuild it. A receiver that gets a repair stream (FEC or RED) planned for its own
     * latency budget can turn this off: the repairs restore the lost packet itself, and the extra packet would only
     * add delay on top of the jitter the target already covers.
     *
     * @param inbandFecWait true to wait for the next packet's in-band FEC.
     * @return this.
     */
    public JitterBuffer inbandFecWait(final boolean inbandFecWait)
    {
        this.inbandFecWait = inbandFecWait;
        return this;
    }

    /** @return whether the target keeps a packet more for in-band FEC. */
    public boolean inbandFecWait()
    {
        return inbandFecWait;
    }

    /** @return the run-time floor under the target delay, ms (0 for none). */
    public int minimumDelayMs()
    {
        return minimumDelayMs;
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
        return playout.filteredLevel() / AudioFormat.SAMPLES_PER_MS;
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
