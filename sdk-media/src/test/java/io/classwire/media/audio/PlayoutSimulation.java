package io.classwire.media.audio;

import org.agrona.concurrent.UnsafeBuffer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Virtual-time harness for {@link JitterBuffer} tests: packet i (20 ms of audio, RTP timestamp {@code ts0 + 960 i},
 * sequence number {@code seq0 + i}) is captured at {@code i * 20 ms} and arrives at the time the test's network
 * gives it (or never); a playout clock pulls every pull interval and everything that has arrived by then is inserted
 * first, in arrival order. Records played PCM, frame types, the target delay and mouth-to-ear delay per pull.
 */
final class PlayoutSimulation
{
    static final long FRAME_NS = 20_000_000L;
    static final int SEQ0 = 65_500;
    static final int TS0 = -1_000_000;

    /** Arrival time of packet i in ns, or -1 when it is lost. */
    interface Network
    {
        long arrivalNs(int index);
    }

    final JitterBuffer buffer;
    final List<FrameType> types = new ArrayList<>();
    final List<Integer> targets = new ArrayList<>();
    final List<Double> mouthToEarMs = new ArrayList<>();
    final List<Double> levelsMs = new ArrayList<>();
    short[] played = new short[0];
    private final int pullSamples;

    PlayoutSimulation(final JitterBufferConfig config)
    {
        this.buffer = new JitterBuffer(config);
        this.pullSamples = config.pullSamples();
    }

    /** Play {@code packets} (with {@code extra} duplicates, by index) through the network for {@code pulls}. */
    PlayoutSimulation run(final byte[][] packets, final Network network, final int pulls)
    {
        final long[] arrivals = new long[packets.length];
        final Integer[] order = new Integer[packets.length];
        for (int i = 0; i < packets.length; i++)
        {
            arrivals[i] = network.arrivalNs(i);
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(arrivals[a], arrivals[b]));
        int nextArrival = 0;
        while (nextArrival < order.length && arrivals[order[nextArrival]] < 0)
        {
            nextArrival++;
        }
        played = new short[pulls * pullSamples];
        final long pullNs = AudioFormat.samplesToNs(pullSamples);
        for (int p = 0; p < pulls; p++)
        {
            final long nowNs = p * pullNs;
            while (nextArrival < order.length && arrivals[order[nextArrival]] <= nowNs)
            {
                final int i = order[nextArrival++];
                buffer.insert(SEQ0 + i, TS0 + i * 960, arrivals[i], new UnsafeBuffer(packets[i]), 0,
                    packets[i].length);
            }
            final FrameType type = buffer.pull(nowNs, played, p * pullSamples);
            types.add(type);
            targets.add(buffer.targetDelayMs());
            levelsMs.add(buffer.bufferLevelMs());
            final long timestamp = buffer.lastPullTimestamp();
            if (timestamp >= 0)
            {
                final long captureNs = AudioFormat.samplesToNs(timestamp - (TS0 & 0xFFFF_FFFFL));
                mouthToEarMs.add((nowNs - captureNs) / 1e6);
            }
        }
        return this;
    }

    long count(final FrameType type, final int fromPull, final int toPull)
    {
        return types.subList(fromPull, toPull).stream().filter(t -> t == type).count();
    }

    /** The i-th frame of a packet list repeated to {@code frames} frames (timestamps keep advancing). */
    static byte[][] repeat(final byte[][] packets, final int frames)
    {
        final byte[][] out = new byte[frames][];
        for (int i = 0; i < frames; i++)
        {
            out[i] = packets[i % packets.length];
        }
        return out;
    }
}
