package io.classwire.core.probe;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Parsing, building and the responder's per-message path allocate nothing once warm. */
class ProbeAllocationTest
{
    private static final int ROUNDS = 200_000;

    /** Holds one inbound datagram and keeps the last outbound one, without allocating. */
    private static final class OneSlotTransport implements DatagramTransport
    {
        final UnsafeBuffer inbound = new UnsafeBuffer(new byte[2048]);
        final UnsafeBuffer outbound = new UnsafeBuffer(new byte[2048]);
        int inboundLength;
        int outboundLength;
        long receivedNs;

        @Override
        public int peerId(final String host, final int port)
        {
            return 1;
        }

        @Override
        public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
        {
            outbound.putBytes(0, buffer, offset, length);
            outboundLength = length;
            return OK;
        }

        @Override
        public int poll(final DatagramHandler handler, final int limit)
        {
            if (inboundLength == 0)
            {
                return 0;
            }
            final int length = inboundLength;
            inboundLength = 0;
            handler.onDatagram(1, inbound, 0, length, receivedNs);
            return 1;
        }

        @Override
        public void close()
        {
        }
    }

    @Test
    void shouldNotAllocateWhenParsingBuildingOrAnswering()
    {
        final OneSlotTransport transport = new OneSlotTransport();
        final ProbeResponder responder =
            new ProbeResponder(transport, new ResponderLimits().cookieKey(ProbeLab.COOKIE_KEY));
        final ProbeMessage message = new ProbeMessage();
        final UnsafeBuffer scratch = new UnsafeBuffer(new byte[2048]);
        exercise(transport, responder, message, scratch, 0, ROUNDS / 4);

        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long threadId = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(threadId);
        final long checksum = exercise(transport, responder, message, scratch, ROUNDS / 4, ROUNDS);
        final long allocated = threads.getThreadAllocatedBytes(threadId) - before;

        assertTrue(checksum != 0);
        assertEquals(ROUNDS + ROUNDS / 4, responder.counters().echoReplies(), "every echo answered");
        assertEquals(ROUNDS + ROUNDS / 4, responder.counters().trainReports(), "every one-packet train reported");
        // Even one byte per message would be 400 KB; what remains is the measuring itself.
        assertTrue(allocated < 16 * 1024, allocated + " bytes allocated for " + 2 * ROUNDS + " messages");
    }

    private static long exercise(final OneSlotTransport transport, final ProbeResponder responder,
        final ProbeMessage message, final UnsafeBuffer scratch, final int from, final int rounds)
    {
        long checksum = 1;
        for (int i = from; i < from + rounds; i++)
        {
            final long nowNs = 1_000_000_000L + i * 1_000L;
            transport.receivedNs = nowNs;
            transport.inboundLength =
                ProbeMessageWriter.writeEchoRequest(transport.inbound, 0, 2048, 9, i, nowNs, 100);
            responder.doWork(nowNs);
            checksum += message.wrap(transport.outbound, 0, transport.outboundLength).validate() == WireStatus.OK ?
                message.requestsReceived() : 0;
            transport.inboundLength = ProbeMessageWriter.writeTrainPacket(transport.inbound, 0, 2048, 9, i + 1, 0, 1,
                nowNs, 64);
            responder.doWork(nowNs);
            checksum += message.wrap(transport.outbound, 0, transport.outboundLength).validate() == WireStatus.OK ?
                message.packetsReceived() : 0;
            checksum += ProbeMessageWriter.writeDownlinkTrainRequest(scratch, 0, 2048, 9, i, 1, 10, 1200, 1_000_000);
            checksum += message.wrap(scratch, 0, ProbeMessage.REQUEST_LENGTH).validate();
        }
        return checksum;
    }
}
