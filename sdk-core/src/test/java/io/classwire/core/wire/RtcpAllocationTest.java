package io.classwire.core.wire;

import com.sun.management.ThreadMXBean;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves the no-allocation contract of the RTCP wire layer: validating, iterating, reading and building every packet
 * kind many times allocates (next to) nothing on the calling thread, as measured by the JVM's per-thread allocation
 * counter. Any per-packet object (an iterator, a boxed value, a capturing lambda) would show up as megabytes.
 */
class RtcpAllocationTest
{
    private static final int WARM_UP_ROUNDS = 20_000;
    private static final int MEASURED_ROUNDS = 100_000;
    private static final long ALLOWED_BYTES = 4096;
    private static final int[] LOSS_TEMPLATE = { 0xfffe, 7, 0xffdc, 3, 0, 300, 1, 0xffff, 3, 0x14, 0x64, 40_000 };

    private final RtcpPacketChecks checks = new RtcpPacketChecks();
    private final UnsafeBuffer realCompound = new UnsafeBuffer(RtcpVectors.PION_REAL_COMPOUND.clone());
    private final UnsafeBuffer srCompound = new UnsafeBuffer(RtcpVectors.PION_SR_SDES_COMPOUND.clone());
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[1500]);
    private final UnsafeBuffer cname = new UnsafeBuffer("user@host.example".getBytes(StandardCharsets.US_ASCII));
    private final int[] lost = new int[LOSS_TEMPLATE.length];
    private final int[] sources = { 1, 2, 3 };
    private final int[] seqNrs = { 9, 10, 11 };
    private final String cnameText = "alice@host";
    private final NackPacket nack = new NackPacket();
    private final SeqHandler countingHandler = new SeqHandler()
    {
        @Override
        public void onSeq(final int seq)
        {
            seqCount++;
        }
    };
    private int seqCount;

    @Test
    void shouldValidateReadAndBuildWithoutAllocating()
    {
        final ThreadMXBean threads = (ThreadMXBean)ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "JVM cannot count per-thread allocation");
        threads.setThreadAllocatedMemoryEnabled(true);

        long checksum = 0;
        for (int i = 0; i < WARM_UP_ROUNDS; i++)
        {
            checksum += round();
        }
        final long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < MEASURED_ROUNDS; i++)
        {
            checksum += round();
        }
        final long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertEquals((WARM_UP_ROUNDS + MEASURED_ROUNDS) * (long)round(), checksum, "every round did the same work");
        assertTrue(allocated <= ALLOWED_BYTES, allocated + " bytes allocated in " + MEASURED_ROUNDS + " rounds");
    }

    private int round()
    {
        int work = 0;
        work += checks.compound(realCompound, 0, realCompound.capacity()) == WireStatus.OK ? 1 : 0;
        work += checks.compound(srCompound, 0, srCompound.capacity()) == WireStatus.OK ? 1 : 0;

        int length = SenderReport.build(out, 0, 1500, 1, 2L, 3, 4, 5, 2);
        ReportBlock.write(out, SenderReport.blockOffset(0, 1), 6, 7, -8, 9, 10, 11, 12);
        work += checks.senderReport(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = ReceiverReport.build(out, 0, 1500, 1, 1);
        work += checks.receiverReport(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = Sdes.buildCname(out, 0, 1500, 1, cnameText);
        work += checks.sdes(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = Sdes.buildCname(out, 0, 1500, 1, cname, 0, cname.capacity());
        work += checks.sdes(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = Bye.build(out, 0, 1500, sources, 3, cname, 0, 4);
        work += checks.bye(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = AppPacket.build(out, 0, 1500, 3, 1, AppPacket.name('T', 'E', 'S', 'T'), cname, 0, 16);
        work += checks.app(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = PictureLossIndication.build(out, 0, 1500, 1, 2);
        work += checks.pli(out, 0, length) == WireStatus.OK ? 1 : 0;
        length = FullIntraRequest.build(out, 0, 1500, 1, sources, seqNrs, 3);
        work += checks.fir(out, 0, length) == WireStatus.OK ? 1 : 0;

        System.arraycopy(LOSS_TEMPLATE, 0, lost, 0, lost.length);
        length = NackPacket.build(out, 0, 1500, 1, 2, lost, lost.length, 2);
        work += NackPacket.coveredCount(lost, lost.length, (length - RtcpHeader.FCI_OFFSET) / NackPacket.ITEM_LENGTH);
        work += checks.nack(out, 0, length) == WireStatus.OK ? 1 : 0;
        seqCount = 0;
        nack.wrap(out, 0, length).validate();
        work += nack.forEachLost(countingHandler) == seqCount ? 1 : 0;
        return work;
    }
}
