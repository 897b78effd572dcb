package io.classwire.core.probe;

import io.classwire.core.transport.EndpointContext;
import io.classwire.core.transport.NettyUdpEndpoint;
import io.classwire.core.transport.RealTimeAgentRunner;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * One probe run over real UDP sockets on loopback, each agent on its own real-time runner. Loopback has no fixed
 * capacity or delay to compare with, so this only checks that the run completes within its budget with sane values;
 * the one timing bound (the wait for completion) is generous and only stops a broken run from hanging.
 */
class NetworkProbeLoopbackTest
{
    private static final String LOOPBACK = "127.0.0.1";
    private static final long WAIT_NS = TimeUnit.SECONDS.toNanos(30);

    @Test
    void shouldCompleteWithSaneValuesOverLoopbackSockets()
    {
        final long budgetNs = TimeUnit.SECONDS.toNanos(2);
        try (NettyUdpEndpoint client = NettyUdpEndpoint.open(new EndpointContext().bindAddress(LOOPBACK));
            NettyUdpEndpoint server = NettyUdpEndpoint.open(new EndpointContext().bindAddress(LOOPBACK)))
        {
            final ProbeResponder responder = new ProbeResponder(server, new ResponderLimits());
            final NetworkProbe probe = NetworkProbe.start(client, client.peerId(LOOPBACK, server.localPort()),
                new ProbeConfig().timeBudgetNs(budgetNs).echoPhaseNs(TimeUnit.MILLISECONDS.toNanos(500)));
            try (RealTimeAgentRunner serverRunner = RealTimeAgentRunner.start(responder, server.context());
                RealTimeAgentRunner clientRunner = RealTimeAgentRunner.start(probe, client.context()))
            {
                final long deadlineNs = System.nanoTime() + WAIT_NS;
                while (!probe.isDone())
                {
                    if (System.nanoTime() - deadlineNs > 0)
                    {
                        fail("probe not done after 30 s");
                    }
                    Thread.yield();
                }
                assertEquals(0, serverRunner.errorCount());
                assertEquals(0, clientRunner.errorCount());
            }
            final ProbeResult result = probe.result();
            assertNotNull(result);
            System.out.println("loopback probe: " + result);
            assertTrue(result.durationNs() > 0 && result.durationNs() <= budgetNs, result.toString());
            assertTrue(result.echoesSent() > 0 && result.echoesReceived() > result.echoesSent() / 2, result.toString());
            assertTrue(result.rttMinMs() >= 0 && result.rttP50Ms() < 100, result.toString());
            assertTrue(result.upBps() > 0 && result.downBps() > 0, result.toString());
            assertTrue(result.upTrains() > 0 && result.downTrains() > 0, result.toString());
            assertNotEquals(QualityGrade.UNUSABLE, result.grade(), result.toString());
            assertEquals(0, probe.malformedMessages());
            assertEquals(0, responder.counters().malformedMessages());
            assertEquals(0, responder.counters().badCookieRequests());
        }
    }
}
