package io.classwire.core.probe;

import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.ControlHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The responder on a hand-driven transport: its answers, and above all the bounds on what it can be made to send. */
class ProbeResponderTest
{
    private static final int PEER = 3;
    private static final int PROBE = 77;
    private static final long MS = 1_000_000L;

    private final FakeTransport transport = new FakeTransport();
    private final UnsafeBuffer out = new UnsafeBuffer(new byte[70_000]);
    private final ProbeMessage message = new ProbeMessage();
    private ProbeResponder responder = new ProbeResponder(transport,
        new ResponderLimits().cookieKey(ProbeLab.COOKIE_KEY));
    private long nowNs = 1_000 * MS;

    @Test
    void shouldAnswerEchoWithReplyOfSameLengthCountingRequests()
    {
        for (int seq = 0; seq < 3; seq++)
        {
            transport.inject(PEER, out, ProbeMessageWriter.writeEchoRequest(out, 0, 200, PROBE, seq, 555, 120),
                nowNs);
        }
        runUntil(nowNs);
        assertEquals(3, transport.sent.size());
        final FakeTransport.Sent last = transport.sent.get(2);
        assertEquals(120, last.bytes.length, "a reply is never larger than its request");
        assertEquals(WireStatus.OK, parse(last.bytes));
        assertEquals(ControlHeader.TYPE_PROBE_ECHO_REPLY, message.type());
        assertEquals(2, message.sequence());
        assertEquals(3, message.requestsReceived());
        assertEquals(555, message.clientSendNs());
        assertTrue(message.responderSendNs() >= message.responderReceiveNs());
        assertEquals(3, responder.counters().echoReplies());
    }

    @Test
    void shouldClampHugeDownlinkRequestAndCountIt()
    {
        final int cookie = cookie();
        transport.sent.clear();
        transport.inject(PEER, out, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 100, PROBE, 1, cookie,
            65_535, 65_535, 0xFFFF_FFFFL), nowNs);
        final long startNs = nowNs;
        runUntil(nowNs + 10_000 * MS);

        final ResponderLimits limits = new ResponderLimits().conclude();
        assertEquals(1, responder.counters().clampedRequests());
        assertEquals(limits.maxTrainPackets(), transport.sent.size(), "packet count clamped");
        assertTrue(transport.sentBytes(PEER) <= limits.maxTrainBytes(), "bytes clamped: " + transport.sentBytes(PEER));
        for (final FakeTransport.Sent packet : transport.sent)
        {
            assertEquals(limits.maxPacketBytes(), packet.bytes.length, "packet size clamped");
        }
        final long spanNs = transport.sent.get(transport.sent.size() - 1).atNs - startNs;
        final double rateBps = (transport.sent.size() - 1) * limits.maxPacketBytes() * 8e9 / spanNs;
        assertTrue(rateBps <= limits.maxRateBps() * 1.01, "rate clamped: " + rateBps);
        assertEquals(WireStatus.OK, parse(transport.sent.get(0).bytes));
        assertEquals(limits.maxTrainPackets(), message.count(), "the packets tell the client the clamped count");
    }

    @Test
    void shouldIgnoreDownlinkRequestWithoutTheCookie()
    {
        transport.inject(PEER, out, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 100, PROBE, 1, 12345, 100,
            1200, 1_000_000), nowNs);
        runUntil(nowNs + 5_000 * MS);
        assertEquals(0, transport.sent.size(), "a spoofer who never saw an echo reply gets nothing");
        assertEquals(1, responder.counters().badCookieRequests());
        assertEquals(0, responder.counters().downlinkRequests());
    }

    @Test
    void shouldRefuseRequestsOnceProbeAllowanceIsSpent()
    {
        final int cookie = cookie();
        transport.sent.clear();
        final ResponderLimits limits = new ResponderLimits().conclude();
        for (int train = 1; train <= 20; train++)
        {
            transport.inject(PEER, out, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 100, PROBE, train,
                cookie, 250, 1200, 20_000_000), nowNs);
            runUntil(nowNs + 1_000 * MS);
        }
        assertTrue(transport.sentBytes(PEER) <= limits.maxBytesPerProbe(), "bytes " + transport.sentBytes(PEER));
        assertTrue(responder.counters().refusedRequests() > 0);
        assertEquals(20, responder.counters().downlinkRequests() + responder.counters().refusedRequests());
    }

    @Test
    void shouldHoldAllProbesTogetherToTheTokenBucket()
    {
        responder = new ProbeResponder(transport, new ResponderLimits().cookieKey(ProbeLab.COOKIE_KEY)
            .maxDownlinkBps(8_000_000));
        final int probes = 40;
        final int[] cookies = new int[probes];
        for (int p = 0; p < probes; p++)
        {
            cookies[p] = cookie(PROBE + p);
        }
        transport.sent.clear();
        final long startNs = nowNs;
        for (int p = 0; p < probes; p++)
        {
            transport.inject(PEER, out, ProbeMessageWriter.writeDownlinkTrainRequest(out, 0, 100, PROBE + p, 1,
                cookies[p], 250, 1200, 20_000_000), nowNs);
        }
        runUntil(nowNs + 2_000 * MS);
        final double seconds = (nowNs - startNs) / 1e9;
        final long allowedBytes = 300_000 + (long)(8_000_000 / 8 * seconds);
        assertTrue(transport.sentBytes(PEER) <= allowedBytes, transport.sentBytes(PEER) + " > " + allowedBytes);
        assertTrue(responder.counters().budgetStoppedTrains() > 0);
    }

    @Test
    void shouldKeepStateBoundedEvictingLeastRecentlyActive()
    {
        for (int p = 0; p < 1000; p++)
        {
            transport.inject(PEER, out, ProbeMessageWriter.writeEchoRequest(out, 0, 100, p, 0, 0, 48), nowNs);
            runUntil(nowNs + MS);
        }
        assertEquals(1000 - 64, responder.counters().evictedProbes());
        assertEquals(1000, responder.counters().echoReplies(), "every request still answered");
    }

    @Test
    void shouldReportCompleteAndPartialUplinkTrains()
    {
        for (int i = 0; i < 10; i++)
        {
            transport.inject(PEER, out, ProbeMessageWriter.writeTrainPacket(out, 0, 1200, PROBE, 5, i, 10,
                nowNs + i * MS, 1000), nowNs + i * MS + 20 * MS);
        }
        runUntil(nowNs);
        assertEquals(1, transport.sent.size(), "a complete train is reported at once");
        assertEquals(WireStatus.OK, parse(transport.sent.get(0).bytes));
        assertEquals(10, message.packetsReceived());
        assertEquals(10_000, message.bytesReceived());
        assertEquals(8_000_000, message.receivedRateBps(), 80_000);

        transport.sent.clear();
        for (int i = 0; i < 6; i++)
        {
            transport.inject(PEER, out, ProbeMessageWriter.writeTrainPacket(out, 0, 1200, PROBE, 6, i, 10,
                nowNs + i * MS, 1000), nowNs + i * MS);
        }
        runUntil(nowNs + 100 * MS);
        assertEquals(0, transport.sent.size(), "a partial train waits for stragglers");
        runUntil(nowNs + 200 * MS);
        assertEquals(1, transport.sent.size());
        assertEquals(WireStatus.OK, parse(transport.sent.get(0).bytes));
        assertEquals(6, message.packetsReceived());
        assertEquals(10, message.count());
        assertEquals(2, responder.counters().trainReports());
    }

    @Test
    void shouldCountMalformedAndUnexpectedMessagesWithoutThrowing()
    {
        final long seed = 0xBAD_C0DEL;
        final SplittableRandom random = new SplittableRandom(seed);
        int controlGarbage = 0;
        for (int i = 0; i < 5_000; i++)
        {
            final byte[] garbage = new byte[random.nextInt(80)];
            random.nextBytes(garbage);
            if (garbage.length > 0 && random.nextBoolean())
            {
                garbage[0] = (byte)ControlHeader.MARKER_V1;
            }
            controlGarbage += garbage.length > 0 && garbage[0] >= 4 && garbage[0] <= 15 ? 1 : 0;
            transport.inject(PEER, garbage, nowNs);
        }
        transport.inject(PEER, out, ProbeMessageWriter.writeTrainReport(out, 0, 100, PROBE, 1, 1, 1, 48, 0, 0, 0, 0),
            nowNs);
        runUntil(nowNs + 1_000 * MS);
        final ResponderCounters counters = responder.counters();
        assertTrue(counters.malformedMessages() > 0, "seed " + seed);
        assertTrue(counters.malformedMessages(WireStatus.TRUNCATED) > 0, "seed " + seed);
        assertTrue(counters.ignoredDatagrams() > 0, "seed " + seed);
        assertEquals(1, counters.unexpectedMessages(), "a report sent to a responder");
        // Random bytes essentially never carry a length field equal to their own length, so all are malformed.
        assertEquals(controlGarbage, counters.malformedMessages(), "every control datagram counted, seed " + seed);
        assertEquals(0, transport.sent.size(), "garbage is never answered");
    }

    private int cookie()
    {
        return cookie(PROBE);
    }

    private int cookie(final int probeId)
    {
        final int before = transport.sent.size();
        transport.inject(PEER, out, ProbeMessageWriter.writeEchoRequest(out, 0, 100, probeId, 0, 0, 48), nowNs);
        runUntil(nowNs);
        assertEquals(WireStatus.OK, parse(transport.sent.get(before).bytes));
        return message.cookie();
    }

    private int parse(final byte[] bytes)
    {
        return message.wrap(new UnsafeBuffer(bytes), 0, bytes.length).validate();
    }

    /** Drive the responder at its deadlines up to {@code endNs}, as the simulator would. */
    private void runUntil(final long endNs)
    {
        doWork(nowNs);
        long deadlineNs;
        while ((deadlineNs = responder.nextDeadlineNs()) != TimedAgent.NO_DEADLINE && deadlineNs <= endNs)
        {
            doWork(Math.max(deadlineNs, nowNs));
        }
        nowNs = Math.max(nowNs, endNs);
    }

    private void doWork(final long atNs)
    {
        nowNs = atNs;
        transport.nowNs = atNs;
        while (responder.doWork(atNs) > 0)
        {
            // Keep polling, as a real duty cycle would, until the inbound datagrams are drained.
        }
    }
}
