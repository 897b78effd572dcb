package io.classwire.benchmarks.wire;

import io.classwire.core.wire.PacketStatusHandler;
import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.TransportFeedbackBuilder;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Transport-wide feedback for 100 packets: build it from arrival times, and parse and walk it. The arrival pattern
 * (20 ms audio-like spacing with jitter, 5% loss) is seeded so every run encodes the same packet.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class TransportFeedbackBenchmark
{
    private static final int PACKETS = 100;

    private final TransportFeedbackBuilder builder = new TransportFeedbackBuilder();
    private final TransportFeedback feedback = new TransportFeedback();
    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(2048));
    private final int[] sequenceNumbers = new int[PACKETS];
    private final long[] arrivalsUs = new long[PACKETS];
    private int count;
    private int feedbackLength;
    private Blackhole blackhole;
    private final PacketStatusHandler handler = (seq, received, arrivalUs) -> blackhole.consume(arrivalUs);

    /** Prepare the arrival pattern and one encoded feedback. */
    @Setup
    public void setup(final Blackhole blackhole)
    {
        this.blackhole = blackhole;
        final SplittableRandom random = new SplittableRandom(1234);
        long arrivalUs = 5_000_000;
        int seq = 65_500;
        for (int i = 0; i < PACKETS; i++)
        {
            seq = (seq + 1) & 0xFFFF;
            arrivalUs += 20_000 + random.nextInt(-3_000, 3_000);
            if (random.nextInt(100) < 5)
            {
                continue;
            }
            sequenceNumbers[count] = seq;
            arrivalsUs[count] = arrivalUs;
            count++;
        }
        feedbackLength = build();
        feedback.wrap(buffer, 0, feedbackLength);
        if (feedback.validate() != WireStatus.OK)
        {
            throw new IllegalStateException("benchmark feedback does not validate");
        }
    }

    /** @return bytes of a 100-packet feedback built from scratch. */
    @Benchmark
    public int build()
    {
        builder.reset(0x1234, 0x5678, sequenceNumbers[0], 7);
        for (int i = 0; i < count; i++)
        {
            builder.addReceived(sequenceNumbers[i], arrivalsUs[i]);
        }
        return builder.build(buffer, 0);
    }

    /** @return packets visited after validating and walking the feedback. */
    @Benchmark
    public int parseAndWalk()
    {
        feedback.wrap(buffer, 0, feedbackLength);
        if (feedback.validate() != WireStatus.OK)
        {
            return -1;
        }
        return feedback.forEachPacket(handler);
    }
}
