package io.classwire.benchmarks.transport;

import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hand-off of datagram bytes from one producer thread to one consumer thread, as between the Netty event loop and
 * a protocol agent in {@code NettyUdpEndpoint}. Throughput in the JCTools style: the producer and consumer are the
 * two methods of one {@link Group}; {@link AuxCounters} report how many offers and polls succeeded and failed, so
 * "made" operations per second are the hand-offs that really happened.
 *
 * <p>Two ways to fill the hand-off ({@link #producerWrites}):
 * <ul>
 *   <li>{@code COPY}: the producer copies the whole datagram in and the consumer reads its first 8 and last bytes
 *       in place: the end-to-end cost of the endpoint's event-loop path, which receives into Netty's buffer and
 *       copies into the ring. The copy is the same in every design and grows with the datagram;</li>
 *   <li>{@code HEADER}: the network thread is taken to have received the datagram straight into the slot (or the
 *       claimed ring record), so the producer writes only a {@value #HEADER_BYTES}-byte header (length and a
 *       sequence) and hands over the slot reference (or commits the record); the consumer reads that header. This
 *       is the hand-off alone, the same work whatever the datagram size; the ring still claims a record of the
 *       datagram's size, so its records spread over more memory (more cache misses per lap) at 1200 B.</li>
 * </ul>
 *
 * <p>Designs:
 * <ul>
 *   <li>{@code ONE_TO_ONE_RING_BUFFER}: Agrona ring, variable-length records copied in (the endpoint's choice);</li>
 *   <li>{@code SPSC_SLOT_POOL}: JCTools {@code SpscArrayQueue} of preallocated slots, plus a second queue that
 *       returns free slots to the producer;</li>
 *   <li>{@code ARRAY_BLOCKING_QUEUE_SLOT_POOL}: the same slot pool over {@link ArrayBlockingQueue}, used through
 *       its non-blocking offer/poll (a full queue must be a drop, never a block).</li>
 * </ul>
 * Both slot pools hold {@value #SLOTS} slots; the ring holds about as many datagrams of either size. The consumer
 * takes one datagram per call (JCTools' convention) or up to 16 (as the endpoint's agent polls).
 *
 * <p>Both benchmark threads spin; on a machine with fewer free cores than that the figures measure the scheduler
 * (one thread fills or drains the queue while the other waits for a core), so compare runs only on a quiet machine
 * and read the {@code offersMade}/{@code pollsMade} rates, not the raw call rate.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED")
@State(Scope.Group)
public class HandoffQueueBenchmark
{
    static final int SLOTS = 1024;
    static final int SLOT_BYTES = 1536;
    static final int HEADER_BYTES = 16;

    /** Hand-off design under test. */
    @Param({ "ONE_TO_ONE_RING_BUFFER", "SPSC_SLOT_POOL", "ARRAY_BLOCKING_QUEUE_SLOT_POOL" })
    public String handoff;

    /** Bytes per datagram: 200 is a typical audio packet with headers, 1200 a full video packet. */
    @Param({ "200", "1200" })
    public int datagramBytes;

    /** Most datagrams the consumer takes per call: 1 as in JCTools' benchmarks, 16 as the endpoint's agent polls. */
    @Param({ "1", "16" })
    public int pollBatch;

    /** {@code COPY}: whole datagram copied in; {@code HEADER}: received in place, only a header written. */
    @Param({ "COPY", "HEADER" })
    public String producerWrites;

    private Handoff impl;
    private UnsafeBuffer datagram;

    /** Successful and failed offers of the producer thread. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class OfferCounters
    {
        /** Offers refused because the hand-off was full. */
        public long offersFailed;
        /** Offers accepted. */
        public long offersMade;

        /** Zero the counts before each iteration. */
        @Setup(Level.Iteration)
        public void clean()
        {
            offersFailed = 0;
            offersMade = 0;
        }
    }

    /** Successful and failed polls of the consumer thread. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class PollCounters
    {
        /** Polls that found nothing. */
        public long pollsFailed;
        /** Datagrams taken. */
        public long pollsMade;

        /** Zero the counts before each iteration. */
        @Setup(Level.Iteration)
        public void clean()
        {
            pollsFailed = 0;
            pollsMade = 0;
        }
    }

    /** Build the hand-off and a datagram to send through it. */
    @Setup(Level.Trial)
    public void setup()
    {
        datagram = new UnsafeBuffer(new byte[datagramBytes]);
        for (int i = 0; i < datagramBytes; i++)
        {
            datagram.putByte(i, (byte)i);
        }
        impl = newHandoff(handoff, datagramBytes, headerOnly(producerWrites));
    }

    static boolean headerOnly(final String producerWrites)
    {
        switch (producerWrites)
        {
            case "COPY":
                return false;
            case "HEADER":
                return true;
            default:
                throw new IllegalArgumentException(producerWrites);
        }
    }

    static Handoff newHandoff(final String handoff, final int datagramBytes, final boolean headerOnly)
    {
        switch (handoff)
        {
            case "ONE_TO_ONE_RING_BUFFER":
                // Records are the datagram plus 16 bytes (ring header and arrival time), rounded up to 8.
                return new RingBufferHandoff(Integer.highestOneBit(SLOTS * (datagramBytes + 16)) * 2, headerOnly);
            case "SPSC_SLOT_POOL":
                return new SlotPoolHandoff(new SpscArrayQueue<>(SLOTS), new SpscArrayQueue<>(SLOTS), headerOnly);
            case "ARRAY_BLOCKING_QUEUE_SLOT_POOL":
                return new SlotPoolHandoff(
                    new ArrayBlockingQueue<>(SLOTS), new ArrayBlockingQueue<>(SLOTS), headerOnly);
            default:
                throw new IllegalArgumentException(handoff);
        }
    }

    /**
     * Producer: copy one datagram in.
     *
     * @param counters of this thread's offers.
     */
    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public void offer(final OfferCounters counters)
    {
        if (impl.offer(datagram, datagramBytes))
        {
            counters.offersMade++;
        }
        else
        {
            counters.offersFailed++;
        }
    }

    /**
     * Consumer: take up to {@link #pollBatch} datagrams and read each in place.
     *
     * @param counters of this thread's polls.
     * @return a value computed from the bytes, so that the reads are not optimised away.
     */
    @Benchmark
    @Group("handoff")
    @GroupThreads(1)
    public long poll(final PollCounters counters)
    {
        final int taken = impl.poll(pollBatch);
        if (taken == 0)
        {
            counters.pollsFailed++;
        }
        else
        {
            counters.pollsMade += taken;
        }
        return impl.lastRead();
    }

    /** One producer, one consumer; offers copy bytes in, polls read datagrams in place. */
    interface Handoff
    {
        boolean offer(DirectBuffer source, int length);

        /** @return datagrams taken, at most {@code limit}. */
        int poll(int limit);

        /** @return a value computed from the last datagram read. */
        long lastRead();
    }

    static long read(final DirectBuffer buffer, final int offset, final int length)
    {
        return buffer.getLong(offset) + buffer.getByte(offset + length - 1) + length;
    }

    /** Stand-in for a receive into the slot: the datagram's bytes are taken to be there already. */
    static void writeHeader(final MutableDirectBuffer buffer, final int offset, final int length, final long sequence)
    {
        buffer.putLong(offset, length);
        buffer.putLong(offset + 8, sequence);
    }

    static long readHeader(final DirectBuffer buffer, final int offset)
    {
        return buffer.getLong(offset) + buffer.getLong(offset + 8);
    }

    static final class RingBufferHandoff implements Handoff, MessageHandler
    {
        private final OneToOneRingBuffer ring;
        private final boolean headerOnly;
        private long sequence;
        private long lastRead;

        RingBufferHandoff(final int capacityBytes, final boolean headerOnly)
        {
            ring = new OneToOneRingBuffer(new UnsafeBuffer(
                BufferUtil.allocateDirectAligned(capacityBytes + RingBufferDescriptor.TRAILER_LENGTH, 64)));
            this.headerOnly = headerOnly;
        }

        @Override
        public boolean offer(final DirectBuffer source, final int length)
        {
            final int index = ring.tryClaim(1, length + 8);
            if (index < 0)
            {
                return false;
            }
            if (headerOnly)
            {
                writeHeader(ring.buffer(), index, length, sequence++);
            }
            else
            {
                ring.buffer().putLong(index, length);
                ring.buffer().putBytes(index + 8, source, 0, length);
            }
            ring.commit(index);
            return true;
        }

        @Override
        public int poll(final int limit)
        {
            return ring.read(this, limit);
        }

        @Override
        public long lastRead()
        {
            return lastRead;
        }

        @Override
        public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
        {
            lastRead = headerOnly ? readHeader(buffer, index) : read(buffer, index + 8, length - 8);
        }
    }

    static final class Slot
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(BufferUtil.allocateDirectAligned(SLOT_BYTES, 64));
        int length;
    }

    static final class SlotPoolHandoff implements Handoff
    {
        private final Queue<Slot> full;
        private final Queue<Slot> free;
        private final boolean headerOnly;
        private long sequence;
        private long lastRead;

        SlotPoolHandoff(final Queue<Slot> full, final Queue<Slot> free, final boolean headerOnly)
        {
            this.full = full;
            this.free = free;
            this.headerOnly = headerOnly;
            for (int i = 0; i < SLOTS; i++)
            {
                free.offer(new Slot());
            }
        }

        @Override
        public boolean offer(final DirectBuffer source, final int length)
        {
            final Slot slot = free.poll();
            if (null == slot)
            {
                return false;
            }
            if (headerOnly)
            {
                writeHeader(slot.buffer, 0, length, sequence++);
            }
            else
            {
                slot.buffer.putBytes(0, source, 0, length);
            }
            slot.length = length;
            // Cannot fail: there are only SLOTS slots and the queue holds SLOTS.
            return full.offer(slot);
        }

        @Override
        public int poll(final int limit)
        {
            int taken = 0;
            Slot slot;
            while (taken < limit && null != (slot = full.poll()))
            {
                lastRead = headerOnly ? readHeader(slot.buffer, 0) : read(slot.buffer, 0, slot.length);
                free.offer(slot);
                taken++;
            }
            return taken;
        }

        @Override
        public long lastRead()
        {
            return lastRead;
        }
    }
}
