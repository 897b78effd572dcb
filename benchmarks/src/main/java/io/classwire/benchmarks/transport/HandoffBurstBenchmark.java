package io.classwire.benchmarks.transport;

import io.classwire.benchmarks.transport.HandoffQueueBenchmark.Handoff;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The work of one hand-off without the second thread: one thread offers a burst of {@value #BURST} datagrams, as
 * the event loop does with one recvmmsg batch, then polls them all, as the agent does, through each design of
 * {@link HandoffQueueBenchmark}. Time per datagram.
 *
 * <p>Why: {@link HandoffQueueBenchmark} needs its producer and consumer on two cores at once; on a loaded 2-core
 * machine it measures the scheduler, and its error bars exceed its means. One thread measures what each design
 * costs per datagram (copy in, or with {@code HEADER} only a header as if received in place; publish, read in
 * place, free) and stays comparable under load. It leaves out the
 * cache-line transfers between cores and lock contention, which only add to the lock-based queue's cost.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
public class HandoffBurstBenchmark
{
    static final int BURST = 16;

    /** Hand-off design under test, as in {@link HandoffQueueBenchmark}. */
    @Param({ "ONE_TO_ONE_RING_BUFFER", "SPSC_SLOT_POOL", "ARRAY_BLOCKING_QUEUE_SLOT_POOL" })
    public String handoff;

    /** Bytes per datagram: 200 is a typical audio packet with headers, 1200 a full video packet. */
    @Param({ "200", "1200" })
    public int datagramBytes;

    /** {@code COPY} or {@code HEADER}, as in {@link HandoffQueueBenchmark#producerWrites}. */
    @Param({ "COPY", "HEADER" })
    public String producerWrites;

    private Handoff impl;
    private UnsafeBuffer datagram;

    /** Build the hand-off and a datagram to send through it. */
    @Setup(Level.Trial)
    public void setup()
    {
        datagram = new UnsafeBuffer(new byte[datagramBytes]);
        for (int i = 0; i < datagramBytes; i++)
        {
            datagram.putByte(i, (byte)i);
        }
        impl = HandoffQueueBenchmark.newHandoff(
            handoff, datagramBytes, HandoffQueueBenchmark.headerOnly(producerWrites));
    }

    /**
     * Offer a burst, then take it back.
     *
     * @return a value computed from the bytes read, so that the reads are not optimised away.
     */
    @Benchmark
    @OperationsPerInvocation(BURST)
    public long offerThenPollBurst()
    {
        for (int i = 0; i < BURST; i++)
        {
            if (!impl.offer(datagram, datagramBytes))
            {
                throw new IllegalStateException("hand-off full with one burst in it");
            }
        }
        // The ring stops a read at the end of its buffer, so a burst that wrapped takes a second call.
        int taken = 0;
        for (int calls = 0; taken < BURST; calls++)
        {
            if (calls == 3)
            {
                throw new IllegalStateException("burst not returned: " + taken);
            }
            taken += impl.poll(BURST - taken);
        }
        return impl.lastRead();
    }
}
