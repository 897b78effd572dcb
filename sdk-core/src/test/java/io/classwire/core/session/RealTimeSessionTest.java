package io.classwire.core.session;

import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import io.classwire.core.transport.TimedAgent;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The wiring docs/session.md describes for real time: each peer a {@link NettyUdpEndpoint} on loopback, a
 * {@link SessionAgent} with a paced source task, run by a {@link RealTimeAgentRunner}. Waiting is a bounded poll of
 * conditions the agents publish from their own threads; the timeout only stops a broken test from hanging.
 */
class RealTimeSessionTest
{
    private static final long TIMEOUT_NS = TimeUnit.SECONDS.toNanos(20);

    /** Publishes a condition evaluated on the agent's own thread, where the session may be read. */
    private static final class Probe implements TimedAgent
    {
        private final BooleanSupplier condition;
        final AtomicBoolean met = new AtomicBoolean();

        Probe(final BooleanSupplier condition)
        {
            this.condition = condition;
        }

        @Override
        public int doWork(final long nowNs)
        {
            if (!met.get() && condition.getAsBoolean())
            {
                met.set(true);
            }
            return 0;
        }

        @Override
        public long nextDeadlineNs()
        {
            return NO_DEADLINE;
        }

        @Override
        public String roleName()
        {
            return "probe";
        }
    }

    @Test
    void shouldExchangeMediaAndMeasureRttOverLoopbackSockets()
    {
        final EndpointContext aliceContext = new EndpointContext().bindAddress("127.0.0.1").conclude();
        final EndpointContext bobContext = new EndpointContext().bindAddress("127.0.0.1").conclude();
        try (NettyUdpEndpoint aliceEndpoint = NettyUdpEndpoint.open(aliceContext);
            NettyUdpEndpoint bobEndpoint = NettyUdpEndpoint.open(bobContext))
        {
            final SessionAgent aliceAgent = new SessionAgent("alice", aliceEndpoint);
            final SessionAgent bobAgent = new SessionAgent("bob", bobEndpoint);
            // Where real time enters: the application measures the epoch offset once; the session never reads clocks.
            final long epochOffsetNs = System.currentTimeMillis() * 1_000_000L - aliceContext.clock().nanoTime();
            final RtpSession alice = aliceAgent.addSession(aliceEndpoint.peerId("127.0.0.1", bobEndpoint.localPort()),
                new SessionContext().cname("alice").epochOffsetNs(epochOffsetNs).rtcpMinIntervalNs(100_000_000L));
            final RtpSession bob = bobAgent.addSession(bobEndpoint.peerId("127.0.0.1", aliceEndpoint.localPort()),
                new SessionContext().cname("bob").epochOffsetNs(epochOffsetNs).rtcpMinIntervalNs(100_000_000L));
            final long startNs = aliceContext.clock().nanoTime();
            aliceAgent.addTask(new OpusLikeSource(alice.addSendStream(48_000, 111), 1, startNs, Long.MAX_VALUE));
            bobAgent.addTask(new OpusLikeSource(bob.addSendStream(48_000, 111), 2, startNs, Long.MAX_VALUE));
            final Probe aliceProbe = new Probe(() -> alice.sendStream(0).rttNs() >= 0);
            final Probe bobProbe = new Probe(() -> bob.receiveStreamCount() == 1 &&
                bob.receiveStream(0).packetsReceived() >= 20 && bob.receiveStream(0).cname() != null);
            aliceAgent.addTask(aliceProbe);
            bobAgent.addTask(bobProbe);

            final RealTimeAgentRunner aliceRunner = RealTimeAgentRunner.start(aliceAgent, aliceContext);
            final RealTimeAgentRunner bobRunner = RealTimeAgentRunner.start(bobAgent, bobContext);
            try
            {
                awaitTrue(() -> aliceProbe.met.get() && bobProbe.met.get());
            }
            finally
            {
                aliceRunner.close();
                bobRunner.close();
            }
            // The runners' threads have stopped, so this thread may now own the agents: close sends BYE.
            aliceAgent.close(aliceContext.clock().nanoTime());

            assertEquals(0, aliceRunner.errorCount() + bobRunner.errorCount());
            assertEquals("alice", bob.receiveStream(0).cname());
            assertTrue(alice.sendStream(0).rttNs() < TimeUnit.SECONDS.toNanos(1), "loopback RTT " +
                alice.sendStream(0).rttNs());
            assertEquals(1, alice.counters().byesSent());
        }
    }

    private static void awaitTrue(final BooleanSupplier condition)
    {
        final long deadlineNs = System.nanoTime() + TIMEOUT_NS;
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadlineNs > 0)
            {
                fail("timed out waiting for media and an RTT over loopback");
            }
            Thread.yield();
        }
    }
}
