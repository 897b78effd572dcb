package io.classwire.benchmarks.wire;

import io.classwire.core.wire.NackPacket;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Generic NACK built from an unsorted loss list (as a receiver collects it), packed into the fewest PID+BLP items.
 * The list is copied back to its unsorted order before every build because the builder sorts in place.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class NackBuildBenchmark
{
    /** Number of lost sequence numbers in the list. */
    @Param({ "10", "100" })
    public int losses;

    private final UnsafeBuffer buffer = new UnsafeBuffer(ByteBuffer.allocateDirect(1500));
    private int[] unsorted;
    private int[] scratch;

    /** Pick losses scattered over a 300-packet window that crosses the 65535 wrap. */
    @Setup
    public void setup()
    {
        final SplittableRandom random = new SplittableRandom(99);
        unsorted = new int[losses];
        scratch = new int[losses];
        for (int i = 0; i < losses; i++)
        {
            unsorted[i] = (65_400 + random.nextInt(300)) & 0xFFFF;
        }
    }

    /** @return bytes of the NACK packet. */
    @Benchmark
    public int buildFromLossList()
    {
        System.arraycopy(unsorted, 0, scratch, 0, losses);
        return NackPacket.build(buffer, 0, 1200, 0x1111, 0x2222, scratch, losses, 64);
    }
}
