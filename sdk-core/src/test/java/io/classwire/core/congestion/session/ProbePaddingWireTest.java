package io.classwire.core.congestion.session;

import io.classwire.core.congestion.CongestionConfig;
import io.classwire.core.congestion.GccController;
import io.classwire.core.recovery.HistoryStage;
import io.classwire.core.recovery.RtpPacketHistory;
import io.classwire.core.session.LoopbackTransport;
import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.wire.HeaderExtensionReader;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.RtxPayload;
import io.classwire.core.wire.SeqNum;
import io.classwire.core.wire.TransportSequenceExtension;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe packets {@link CongestionSendStage} puts on the wire, read back at {@code transport-out}: padding-only
 * packets are RFC 3550 section 5.1 padding (P bit, zero bytes, last byte the padding count, no payload), RTX payload
 * padding is an RFC 4588 retransmission of a recent media packet, and every packet carries a transport-wide sequence
 * number, consecutive across media and padding.
 */
class ProbePaddingWireTest
{
    private static final int TWCC_ID = 5;
    private static final int MTU = 1200;

    private final LoopbackTransport[] transports = LoopbackTransport.pair(20_000_000L);
    private final SessionAgent aliceAgent = new SessionAgent("alice", transports[0]);
    private final RtpSession alice = aliceAgent.addSession(0, new SessionContext().randomSeed(1).cname("alice")
        .reducedSizeRtcp(true).clockRate(96, 90_000).clockRate(97, 90_000));
    private final SessionAgent bobAgent = new SessionAgent("bob", transports[1]);
    private final RtpSession bob = bobAgent.addSession(0, new SessionContext().randomSeed(2).cname("bob")
        .reducedSizeRtcp(true).clockRate(96, 90_000).clockRate(97, 90_000));
    private final SendStream video = alice.addSendStream(90_000, 96);
    private final SendStream rtx = alice.addSendStream(90_000, 97);
    private final Tap tap = new Tap();
    private long nowNs;

    @Test
    void shouldSendRfcValidPaddingAndRtxProbesNumberedInSendOrder()
    {
        assertTrue(CongestionSendStage.addTransportSequenceExtension(video, TWCC_ID) >= 0);
        assertTrue(CongestionSendStage.addTransportSequenceExtension(rtx, TWCC_ID) >= 0);
        final RtpPacketHistory history = new RtpPacketHistory(64, 64 * MTU, 1_000_000_000L);
        final CongestionSendStage stage = new CongestionSendStage(
            new GccController(new CongestionConfig()), TWCC_ID, 64, MTU).attach(alice).rtxPadding(rtx, history,
            video.ssrc());
        alice.sendChain().insertBefore("transport-out", new HistoryStage(history, video.ssrc()));
        alice.sendChain().insertBefore("transport-out", tap);
        aliceAgent.addTask(stage);
        bobAgent.addTask(new TwccReceiveStage(TWCC_ID).attach(bob));
        new PaddingReceiveStage().attach(bob);

        // Before any media: the initial probes can only be padding-only packets on the RTX SSRC.
        run(100, false);
        assertTrue(tap.paddingOnly > 0, tap.toString());
        assertEquals(0, tap.rtxPayload, tap.toString());
        // With media in the history and feedback flowing, later probes (application-limited confirmation probes of
        // this 320 kbit/s sender) resend media.
        run(12_000, true);

        assertTrue(tap.rtxPayload > 0, tap.toString());
        assertEquals(0, tap.invalid, tap.toString());
        assertEquals(stage.paddingPackets(), tap.paddingOnly + tap.rtxPayload, tap.toString());
        assertEquals(0, stage.unnumberedPackets());
    }

    private void run(final int ticks, final boolean media)
    {
        for (int i = 0; i < ticks; i++)
        {
            nowNs += 1_000_000L;
            transports[0].nowNs(nowNs);
            transports[1].nowNs(nowNs);
            if (media && nowNs % 20_000_000L == 0)
            {
                video.sendInPlace(nowNs, (int)(nowNs / 11_111), false, 800);
            }
            aliceAgent.doWork(nowNs);
            bobAgent.doWork(nowNs);
        }
    }

    /** Checks every packet as it leaves. */
    private final class Tap implements PacketStage
    {
        private final RtpPacket rtp = new RtpPacket();
        private final RtxPayload rtxView = new RtxPayload();
        private final HeaderExtensionReader extensions = new HeaderExtensionReader();
        private final UnsafeBuffer copy = new UnsafeBuffer(new byte[MTU]);
        private int lastTransportSeq = -1;
        private int newestMediaSeq = -1;
        private long paddingOnly;
        private long rtxPayload;
        private long invalid;

        @Override
        public int process(final PacketContext packet)
        {
            if (packet.kind() != PacketContext.KIND_RTP)
            {
                return FORWARD;
            }
            copy.putBytes(0, packet.buffer(), packet.offset(), packet.length());
            rtp.wrap(copy, 0, packet.length());
            final long found = rtp.validate() == WireStatus.OK ? extensions.wrap(rtp).find(TWCC_ID) :
                HeaderExtensionReader.NOT_FOUND;
            if (found == HeaderExtensionReader.NOT_FOUND)
            {
                invalid++;
                return FORWARD;
            }
            final int transportSeq =
                TransportSequenceExtension.sequenceNumber(copy, HeaderExtensionReader.packedOffset(found));
            invalid += lastTransportSeq >= 0 && transportSeq != SeqNum.add(lastTransportSeq, 1) ? 1 : 0;
            lastTransportSeq = transportSeq;
            if (rtp.ssrc() == video.ssrc())
            {
                invalid += rtp.padding() ? 1 : 0;
                newestMediaSeq = rtp.sequenceNumber();
            }
            else if (rtp.payloadLength() == 0)
            {
                checkPaddingOnly(packet.length());
            }
            else
            {
                checkRtx();
            }
            return FORWARD;
        }

        private void checkPaddingOnly(final int length)
        {
            final int paddingLength = rtp.paddingLength();
            boolean ok = rtp.padding() && rtp.ssrc() == rtx.ssrc() && rtp.payloadType() == 97 &&
                paddingLength == (copy.getByte(length - 1) & 0xFF) && rtp.headerLength() + paddingLength == length;
            for (int i = rtp.headerLength(); i < length - 1; i++)
            {
                ok &= copy.getByte(i) == 0;
            }
            invalid += ok ? 0 : 1;
            paddingOnly++;
        }

        private void checkRtx()
        {
            rtxView.wrap(copy, rtp.payloadOffset(), rtp.payloadLength());
            final boolean ok = !rtp.padding() && rtxView.validate() == WireStatus.OK && newestMediaSeq >= 0 &&
                SeqNum.distance(rtxView.originalSequenceNumber(), newestMediaSeq) >= 0 &&
                SeqNum.distance(rtxView.originalSequenceNumber(), newestMediaSeq) < 16 &&
                rtxView.originalPayloadLength() == 800;
            invalid += ok ? 0 : 1;
            rtxPayload++;
        }

        @Override
        public String name()
        {
            return "tap";
        }

        @Override
        public String toString()
        {
            return "padding-only " + paddingOnly + ", rtx payload " + rtxPayload + ", invalid " + invalid;
        }
    }
}
