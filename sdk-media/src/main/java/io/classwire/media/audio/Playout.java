package io.classwire.media.audio;

import io.classwire.core.wire.OpusPayload;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The decision half of {@link JitterBuffer}: whenever playout needs audio, chooses between decoding, rebuilding from
 * FEC, concealing, comfort noise, merging and time-stretching (the rules are listed on {@link JitterBuffer}) and
 * appends the result to the {@link SyncBuffer}; single-threaded, allocation-free apart from concentus.
 */
final class Playout
{
    private static final double LEVEL_KEEP_PER_FRAME = 0.9;

    private final AudioDecoder decoder;
    private final PacketBuffer packets;
    private final SyncBuffer sync;
    private final JitterBufferCounters counters;
    private final TimeStretcher stretcher = new TimeStretcher();
    private final short[] decoded = new short[AudioFormat.MAX_PACKET_SAMPLES + TimeStretcher.MAX_LAG];
    private final short[] stretched = new short[AudioFormat.MAX_PACKET_SAMPLES + TimeStretcher.MAX_LAG];
    private final int mergeSamples;
    private final long maxConcealSamples;
    private final long maxDelayNs;
    private final double levelKeep;
    private long next;
    private long concealed;
    private boolean silence;
    private long lastDecodedSequence = -1;
    private double filteredLevel;

    Playout(
        final JitterBufferConfig config, final AudioDecoder decoder, final PacketBuffer packets, final SyncBuffer sync,
        final JitterBufferCounters counters)
    {
        this.decoder = decoder;
        this.packets = packets;
        this.sync = sync;
        this.counters = counters;
        this.mergeSamples = config.mergeMs() * AudioFormat.SAMPLES_PER_MS;
        this.maxConcealSamples = (long)config.maxConcealMs() * AudioFormat.SAMPLES_PER_MS;
        this.maxDelayNs = config.maxDelayMs() * 1_000_000L;
        this.levelKeep = Math.pow(LEVEL_KEEP_PER_FRAME, config.pullSamples() / (double)AudioFormat.FRAME_SAMPLES);
    }

    /** Start (or restart) playout at {@code timestamp} with {@code levelSamples} already buffered. */
    void start(final long timestamp, final long levelSamples)
    {
        next = timestamp;
        concealed = 0;
        silence = false;
        filteredLevel = levelSamples;
    }

    /** Fold the buffer level seen at the start of a pull into the smoothed level. */
    void onPull(final long levelSamples)
    {
        filteredLevel = levelKeep * filteredLevel + (1.0 - levelKeep) * levelSamples;
    }

    /** @return extended timestamp of the next audio to decode: anything older is late. */
    long next()
    {
        return next;
    }

    /** @return the smoothed buffer level, samples. */
    double filteredLevel()
    {
        return filteredLevel;
    }

    /** Take one decision for the audio at {@link #next()} and append its result to the sync buffer. */
    void produce(final long nowNs, final long targetSamples)
    {
        counters.discarded += packets.removeOlderThan(next);
        final int slot = packets.find(next);
        if (slot != PacketBuffer.NONE)
        {
            playPacket(slot, concealed > 0 && !silence ? FrameType.MERGED : FrameType.NORMAL, targetSamples);
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
            jumpTo(later, targetSamples);
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
            jumpTo(later, targetSamples);
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

    private void jumpTo(final int slot, final long targetSamples)
    {
        counters.samplesSkipped += Math.max(0, packets.timestamp(slot) - next - concealed);
        next = packets.timestamp(slot);
        playPacket(slot, silence ? FrameType.NORMAL : FrameType.MERGED, targetSamples);
    }

    private int frameSamples(final int slot)
    {
        final DirectBuffer payloads = packets.payloads();
        final int toc = payloads.getByte(packets.payloadOffset(slot)) & 0xFF;
        return OpusPayload.frameSizeSamples(OpusPayload.config(toc));
    }

    private void playPacket(final int slot, final FrameType baseType, final long targetSamples)
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
            type = stretchOrAppend(samples, type, timestamp, targetSamples);
        }
        silence = dtxFrame;
        concealed = 0;
    }

    private FrameType stretchOrAppend(
        final int samples, final FrameType type, final long timestamp, final long targetSamples)
    {
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
}
