package io.classwire.core.session;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.PictureLossIndication;
import io.classwire.core.wire.ReceiverReport;
import io.classwire.core.wire.RtcpCompoundReader;
import io.classwire.core.wire.RtcpCompoundValidator;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongConsumer;

import static io.classwire.core.session.SessionLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AVPF early feedback (RFC 4585 section 3.5): one early packet between regular reports, the rest deferred. */
class EarlyFeedbackTest
{
    private static final long MS = 1_000_000L;
    private static final int MEDIA_SSRC = 0x0BAD_CAFE;

    /** Writes one PLI per request, remembering when it was asked to. */
    private static final class PliSource implements FeedbackSource
    {
        final List<Long> writtenAtNs = new ArrayList<>();
        private final int senderSsrc;

        PliSource(final int senderSsrc)
        {
            this.senderSsrc = senderSsrc;
        }

        @Override
        public int writeFeedback(
            final MutableDirectBuffer buffer, final int offset, final int capacity, final long nowNs)
        {
            writtenAtNs.add(nowNs);
            return PictureLossIndication.build(buffer, offset, capacity, senderSsrc, MEDIA_SSRC);
        }
    }

    @Test
    void shouldSendFirstRequestAtOnceAndDeferSecondToNextRegularReportInTheLab()
    {
        final LinkConfig path = LinkConfig.builder().propagationDelayMs(30).build();
        final SessionLab lab = new SessionLab(21, path, path, 20 * SECOND_NS);
        final List<Long> pliArrivalsNs = new ArrayList<>();
        lab.alice.addFeedbackListener((type, format, buffer, offset, length, arrivalNs) ->
        {
            if (type == RtcpHeader.PT_PSFB && format == RtcpHeader.FMT_PLI)
            {
                pliArrivalsNs.add(arrivalNs);
            }
        });
        final PliSource first = new PliSource(lab.bob.reporterSsrc());
        final PliSource second = new PliSource(lab.bob.reporterSsrc());
        final long requestNs = 10 * SECOND_NS + 3 * MS;
        final int[] results = new int[2];
        final long[] nextRegularNs = new long[1];
        lab.bobAgent.addTask(new OneShot(requestNs, (nowNs) ->
        {
            results[0] = lab.bob.requestFeedback(nowNs, first);
            results[1] = lab.bob.requestFeedback(nowNs, second);
            nextRegularNs[0] = lab.bob.nextDeadlineNs();
        }));
        lab.runUntil(15 * SECOND_NS);

        assertEquals(RtpSession.FEEDBACK_SENT, results[0]);
        assertEquals(RtpSession.FEEDBACK_DEFERRED, results[1]);
        assertEquals(1, lab.bob.counters().earlyFeedbackSent());
        assertEquals(1, lab.bob.counters().feedbackDeferred());
        assertEquals(List.of(requestNs), first.writtenAtNs);
        assertEquals(List.of(nextRegularNs[0]), second.writtenAtNs, "the deferred source writes at the report");
        assertEquals(List.of(requestNs + 30 * MS, nextRegularNs[0] + 30 * MS), pliArrivalsNs);
        assertTrue(nextRegularNs[0] - requestNs > 100 * MS, "deferred well past the request");
        assertEquals(2, lab.alice.counters().feedbackReceived());
    }

    @Test
    void shouldSendMinimalCompoundEarlyThenCarryDeferredFeedbackInTheRegularReport()
    {
        final CapturingTransport transport = new CapturingTransport();
        final RtpSession session = new RtpSession(
            new SessionContext().cname("fb").randomSeed(3), transport, 1);
        final SendStream stream = session.addSendStream(0x1234, 90_000, 96);
        session.doWork(0);
        final long firstRegularNs = session.nextDeadlineNs();
        stream.send(10 * MS, 0, true, new UnsafeBuffer(new byte[20]), 0, 20);
        final int rtpPackets = transport.sent.size();

        assertEquals(RtpSession.FEEDBACK_SENT, session.requestFeedback(100 * MS, new PliSource(0x1234)));
        final UnsafeBuffer early = transport.last();
        assertEquals(WireStatus.OK, RtcpCompoundValidator.validate(early, 0, early.capacity()));
        assertArrayEquals(new int[]{ RtcpHeader.PT_RR, RtcpHeader.PT_SDES, RtcpHeader.PT_PSFB }, types(early));
        assertEquals(0, RtcpHeader.countOrFormat(early, 0), "early RR carries no report blocks");
        assertEquals(2 * firstRegularNs, session.nextDeadlineNs(), "regular report pushed back one interval");

        final PliSource deferred = new PliSource(0x1234);
        assertEquals(RtpSession.FEEDBACK_DEFERRED, session.requestFeedback(110 * MS, deferred));
        assertEquals(RtpSession.FEEDBACK_DEFERRED, session.requestFeedback(120 * MS, deferred), "queued once");
        assertEquals(rtpPackets + 1, transport.sent.size(), "nothing more went out");

        session.doWork(session.nextDeadlineNs());
        final UnsafeBuffer regular = transport.last();
        assertArrayEquals(new int[]{ RtcpHeader.PT_SR, RtcpHeader.PT_SDES, RtcpHeader.PT_PSFB }, types(regular));
        assertEquals(1, deferred.writtenAtNs.size());
        assertEquals(RtpSession.FEEDBACK_SENT, session.requestFeedback(session.nextDeadlineNs() - MS,
            new PliSource(0x1234)), "a regular report re-arms early feedback");
    }

    @Test
    void shouldSendFeedbackAloneWhenReducedSizeRtcpIsOn()
    {
        final CapturingTransport transport = new CapturingTransport();
        final RtpSession session = new RtpSession(
            new SessionContext().randomSeed(4).reducedSizeRtcp(true), transport, 1);
        session.doWork(0);
        final UnsafeBuffer pli = new UnsafeBuffer(new byte[PictureLossIndication.LENGTH]);
        PictureLossIndication.build(pli, 0, pli.capacity(), session.reporterSsrc(), MEDIA_SSRC);

        assertEquals(RtpSession.FEEDBACK_SENT, session.sendFeedback(5 * MS, pli, 0, pli.capacity()));
        assertArrayEquals(pli.byteArray(), transport.sent.get(0), "RFC 5506: the PLI alone");
        assertEquals(RtpSession.FEEDBACK_DEFERRED, session.sendFeedback(6 * MS, pli, 0, pli.capacity()));
        assertEquals(PictureLossIndication.LENGTH, session.counters().rtcpBytesSent());
    }

    @Test
    void shouldRefuseBytesThatAreNotFeedbackAndSourcesThatWriteGarbage()
    {
        final CapturingTransport transport = new CapturingTransport();
        final RtpSession session = new RtpSession(
            new SessionContext().randomSeed(5).maxFeedbackSources(1), transport, 1);
        session.doWork(0);
        final UnsafeBuffer notFeedback = new UnsafeBuffer(new byte[8]);
        ReceiverReport.build(notFeedback, 0, 8, 1, 0);
        assertEquals(RtpSession.FEEDBACK_INVALID, session.sendFeedback(MS, notFeedback, 0, 8));
        assertEquals(RtpSession.FEEDBACK_INVALID, session.sendFeedback(MS, notFeedback, 0, 5));

        final FeedbackSource garbage = (buffer, offset, capacity, nowNs) ->
        {
            buffer.putInt(offset, 0x1234_5678);
            return 4;
        };
        assertEquals(RtpSession.FEEDBACK_EMPTY, session.requestFeedback(2 * MS, garbage));
        assertEquals(1, session.counters().feedbackSourceFailures());
        assertEquals(0, transport.sent.size(), "nothing valid to send");

        transport.sendResult = DatagramTransport.BACK_PRESSURED;
        assertEquals(RtpSession.FEEDBACK_SEND_FAILED, session.requestFeedback(3 * MS, new PliSource(1)));
        assertEquals(1, session.counters().rtcpSendFailures());
        assertEquals(1, session.rtcpSendChain().packetsDropped(0, DropReason.BACK_PRESSURED));
        transport.sendResult = DatagramTransport.OK;

        assertEquals(RtpSession.FEEDBACK_SENT, session.requestFeedback(4 * MS, new PliSource(1)));
        assertEquals(RtpSession.FEEDBACK_DEFERRED, session.requestFeedback(5 * MS, new PliSource(2)));
        assertEquals(RtpSession.FEEDBACK_QUEUE_FULL, session.requestFeedback(6 * MS, new PliSource(3)));
        assertEquals(3, session.counters().feedbackRejected());
    }

    private static int[] types(final UnsafeBuffer compound)
    {
        final RtcpCompoundReader reader = new RtcpCompoundReader().wrap(compound, 0, compound.capacity());
        final int[] types = new int[8];
        int count = 0;
        while (reader.next())
        {
            types[count++] = reader.packetType();
        }
        return Arrays.copyOf(types, count);
    }

    /** Runs an action once at a given time on the agent's thread. */
    private static final class OneShot implements TimedAgent
    {
        private final LongConsumer action;
        private long atNs;

        OneShot(final long atNs, final LongConsumer action)
        {
            this.atNs = atNs;
            this.action = action;
        }

        @Override
        public int doWork(final long nowNs)
        {
            if (nowNs >= atNs)
            {
                atNs = NO_DEADLINE;
                action.accept(nowNs);
                return 1;
            }
            return 0;
        }

        @Override
        public long nextDeadlineNs()
        {
            return atNs;
        }

        @Override
        public String roleName()
        {
            return "one-shot";
        }
    }
}
