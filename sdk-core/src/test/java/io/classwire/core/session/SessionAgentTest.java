package io.classwire.core.session;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.RtpPacketBuilder;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayDeque;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SessionAgentTest
{
    /** Transport whose inbox the test fills by hand: (peer id, bytes). */
    private static final class InboxTransport implements DatagramTransport
    {
        final ArrayDeque<Object[]> inbox = new ArrayDeque<>();
        int sent;

        @Override
        public int peerId(final String host, final int port)
        {
            return port;
        }

        @Override
        public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
        {
            sent++;
            return OK;
        }

        @Override
        public int poll(final DatagramHandler handler, final int limit)
        {
            int delivered = 0;
            while (delivered < limit && !inbox.isEmpty())
            {
                final Object[] datagram = inbox.poll();
                final byte[] bytes = (byte[])datagram[1];
                handler.onDatagram((Integer)datagram[0], new UnsafeBuffer(bytes), 0, bytes.length, 0);
                delivered++;
            }
            return delivered;
        }

        @Override
        public void close()
        {
        }
    }

    private final InboxTransport transport = new InboxTransport();
    private final SessionAgent agent = new SessionAgent("agent", transport, 4);

    private void arrive(final int peerId, final int ssrc)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[32]);
        final int length = new RtpPacketBuilder().ssrc(ssrc).payloadType(111).build(buffer, 0, 32, null, 0, 0);
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        transport.inbox.add(new Object[]{ peerId, bytes });
    }

    @Test
    void shouldDispatchDatagramsToTheSessionOfTheirPeer()
    {
        final RtpSession two = agent.addSession(2, new SessionContext().randomSeed(1));
        final RtpSession nine = agent.addSession(9, new SessionContext().randomSeed(2));
        arrive(2, 0xA);
        arrive(9, 0xB);
        arrive(9, 0xC);
        arrive(4, 0xD);
        agent.doWork(0);

        assertEquals(1, two.receiveStreamCount());
        assertEquals(2, nine.receiveStreamCount());
        assertEquals(1, agent.unknownPeerDatagrams());
        assertSame(nine, agent.session(9));
        assertNull(agent.session(4));
        assertThrows(IllegalStateException.class, () -> agent.addSession(9, new SessionContext()));
        assertEquals(2, agent.sessionCount());
    }

    @Test
    void shouldHandUnknownPeersToTheHandlerWhichMayCreateASession()
    {
        // What a relay does: a datagram from a new peer opens a session for it.
        agent.unknownPeerHandler((peerId, buffer, offset, length, receivedNs) -> agent
            .addSession(peerId, new SessionContext().randomSeed(peerId))
            .onDatagram(buffer, offset, length, receivedNs));
        arrive(7, 0xE);
        arrive(7, 0xF);
        agent.doWork(0);

        assertEquals(0, agent.unknownPeerDatagrams());
        assertEquals(2, agent.session(7).receiveStreamCount());
        assertSame(agent.session(7), agent.removeSession(7));
        assertEquals(0, agent.sessionCount());
    }

    @Test
    void shouldAskToBeCalledAgainAtOnceWhileDatagramsRemainBeyondThePollLimit()
    {
        agent.addSession(1, new SessionContext().randomSeed(3));
        agent.doWork(0);
        for (int i = 0; i < 6; i++)
        {
            arrive(1, 0x10);
        }
        assertEquals(4, agent.doWork(5));
        assertEquals(5, agent.nextDeadlineNs(), "more may be waiting: call again now");
        assertEquals(2, agent.doWork(5));
        assertTrue(agent.nextDeadlineNs() > 5, "back to the RTCP schedule");
    }

    @Test
    void shouldRunTasksAndIncludeTheirDeadlines()
    {
        final long[] calls = new long[1];
        agent.addTask(new TimedAgent()
        {
            @Override
            public int doWork(final long nowNs)
            {
                calls[0]++;
                return 0;
            }

            @Override
            public long nextDeadlineNs()
            {
                return 42;
            }

            @Override
            public String roleName()
            {
                return "task";
            }
        });
        assertEquals(42, agent.nextDeadlineNs());
        agent.doWork(1);
        assertEquals(1, calls[0]);
        assertEquals("agent", agent.roleName());
    }

    @Test
    void shouldCloseEverySessionWithBye()
    {
        final RtpSession one = agent.addSession(1, new SessionContext().randomSeed(4));
        final RtpSession two = agent.addSession(2, new SessionContext().randomSeed(5));
        agent.doWork(10);
        agent.close();

        assertTrue(one.isClosed() && two.isClosed());
        assertEquals(1, one.counters().byesSent());
        assertEquals(2, transport.sent);
        assertEquals(TimedAgent.NO_DEADLINE, agent.nextDeadlineNs());
    }
}
