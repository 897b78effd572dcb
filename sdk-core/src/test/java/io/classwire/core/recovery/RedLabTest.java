package io.classwire.core.recovery;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.lab.SimNode;
import io.classwire.core.lab.SimulatedNetwork;
import io.classwire.core.lab.Simulator;
import io.classwire.core.session.ReceiveStream;
import io.classwire.core.session.RtpSession;
import io.classwire.core.session.SendStream;
import io.classwire.core.session.SessionAgent;
import io.classwire.core.session.SessionContext;
import io.classwire.core.transport.TimedAgent;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static io.classwire.core.recovery.RecoveryLab.MS;
import static io.classwire.core.recovery.RecoveryLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RFC 2198 in a session, in virtual time: with a 60 ms latency budget no retransmission can arrive in time, so the
 * policy picks RED for the audio stream; alice sends RED payloads on the RED payload type and bob's receive chain
 * splits them with a {@link RedReceiveStage}. Frames count only if delivered, byte-exact, by their deadline.
 */
class RedLabTest
{
    private static final int RED_PT = 63;
    private static final long BUDGET_NS = 60 * MS;
    private static final long ONE_WAY_NS = 40 * MS;

    /** Sends RED-framed audio every 20 ms with the distance the plan says. */
    private static final class RedAudioSource implements TimedAgent
    {
        final SendStream stream;
        final RedEncoder encoder;
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[RecoveryLab.PAYLOAD_BYTES]);
        final long[] sendNs = new long[3_100];
        long nextNs;
        int frames;

        RedAudioSource(final SendStream stream, final int distance)
        {
            this.stream = stream;
            this.encoder = new RedEncoder(distance, 1000);
        }

        @Override
        public int doWork(final long nowNs)
        {
            if (nowNs < nextNs || nextNs >= 60 * SECOND_NS)
            {
                return 0;
            }
            for (int i = 0; i < payload.capacity(); i++)
            {
                payload.putByte(i, PacedAudioSource.payloadByte(frames, i));
            }
            final int timestamp = frames * PacedAudioSource.SAMPLES_PER_FRAME;
            final int n = encoder.encode(RecoveryLab.AUDIO_PT, timestamp, payload, 0, payload.capacity(),
                stream.payloadBuffer(), stream.payloadOffset(), stream.maxPayloadLength());
            if (stream.sendInPlace(nowNs, timestamp, false, n) == SendStream.OK)
            {
                sendNs[frames++] = nowNs;
            }
            else
            {
                encoder.discardLast();
            }
            nextNs += PacedAudioSource.INTERVAL_NS;
            return 1;
        }

        @Override
        public long nextDeadlineNs()
        {
            return nextNs < 60 * SECOND_NS ? nextNs : NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "red-audio";
        }
    }

    @Test
    void shouldRepairLossWithRedWhenTheBudgetIsTooTightForRetransmission()
    {
        final double loss = 0.10;
        final ProtectionPlan plan = new ProtectionPolicy(new ProtectionPolicyContext())
            .update(0, loss, 0, 2 * ONE_WAY_NS, BUDGET_NS, PacedAudioSource.INTERVAL_NS, 40_000);
        assertTrue(plan.redDistance() > 0 && !plan.nack(), plan.toString());

        final Simulator simulator = new Simulator(21);
        final SimulatedNetwork network = new SimulatedNetwork(simulator);
        final SimNode aliceNode = network.addNode("alice");
        final SimNode bobNode = network.addNode("bob");
        final LinkConfig link = LinkConfig.builder().propagationDelayNs(ONE_WAY_NS).randomLossRate(loss).build();
        network.connect("alice", "bob", link, link);
        final SessionAgent aliceAgent = new SessionAgent("alice", aliceNode);
        final SessionAgent bobAgent = new SessionAgent("bob", bobNode);
        final RtpSession alice = aliceAgent.addSession(aliceNode.peerId("bob", 0), context(simulator, "alice"));
        final RtpSession bob = bobAgent.addSession(bobNode.peerId("alice", 0), context(simulator, "bob"));
        final SendStream audio = alice.addSendStream(48_000, RED_PT);
        final RedAudioSource source = new RedAudioSource(audio, plan.redDistance());
        aliceAgent.addTask(source);

        final RedReceiveStage red = new RedReceiveStage(bob, new RedDecoder(RED_PT, 1500, 1024), audio.ssrc());
        bob.receiveChain().insertBefore("deliver", red);
        final RecoveryLab.Playout playout = new RecoveryLab.Playout(source.sendNs.length);
        playout.ssrc = audio.ssrc();
        playout.firstSeq = audio.nextSequenceNumber();
        bob.rtpHandler(playout);
        simulator.addAgent(aliceAgent, aliceNode);
        simulator.addAgent(bobAgent, bobNode);
        simulator.runUntil(61 * SECOND_NS);

        int missed = 0;
        for (int frame = 0; frame < source.frames; frame++)
        {
            final long deliveredNs = playout.firstDeliveryNs[frame];
            missed += deliveredNs < 0 || deliveredNs > source.sendNs[frame] + ONE_WAY_NS + BUDGET_NS ? 1 : 0;
        }
        final ReceiveStream media = bob.receiveStreamBySsrc(audio.ssrc());
        final double networkLoss = (double)media.cumulativeLost() / media.expected();
        final double residual = (double)missed / source.frames;
        System.out.printf("red lab: plan %s; network loss %.2f%%, residual %.3f%% (%d of %d frames), " +
            "%d rebuilt from redundancy%n", plan, networkLoss * 100, residual * 100, missed, source.frames,
            red.decoder().recovered());

        assertEquals(3000, source.frames);
        assertEquals(0, playout.corrupt);
        assertTrue(networkLoss > 0.08 && networkLoss < 0.12, "link loss " + networkLoss);
        assertTrue(red.decoder().recovered() > 200, "RED rebuilt the losses");
        assertTrue(residual < 0.01, "residual " + residual);
        assertEquals(0, red.decoder().malformed());
    }

    private static SessionContext context(final Simulator simulator, final String name)
    {
        return new SessionContext().cname(name).randomSeed(simulator.componentSeed("session:" + name))
            .clockRate(RED_PT, 48_000);
    }
}
