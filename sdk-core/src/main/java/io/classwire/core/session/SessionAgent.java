package io.classwire.core.session;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * The agent that owns a transport and the {@link RtpSession}s on it: polls the transport, hands each datagram to the
 * session of its peer, runs the sessions' RTCP timers and any application tasks (a media source, a jitter buffer
 * clock) on the same thread. Runs in real time under a {@link io.classwire.core.transport.RealTimeAgentRunner} or in
 * virtual time under the lab's {@code Simulator}. Single-threaded: every method, including setup, on the agent's
 * thread (or before it starts).
 *
 * <p>Order of a duty cycle: poll up to {@code pollLimit} datagrams, run due tasks, run sessions' {@code doWork}.
 * Datagrams from peers without a session go to the unknown-peer handler (a relay creates a session there) or are
 * counted and dropped.
 */
public final class SessionAgent implements TimedAgent, DatagramHandler, AutoCloseable
{
    /** Default most datagrams read per duty cycle. */
    public static final int DEFAULT_POLL_LIMIT = 64;

    private final String roleName;
    private final DatagramTransport transport;
    private final int pollLimit;
    private RtpSession[] sessionsByPeer = new RtpSession[8];
    private RtpSession[] sessions = new RtpSession[0];
    private TimedAgent[] tasks = new TimedAgent[0];
    private DatagramHandler unknownPeerHandler;
    private long unknownPeerDatagrams;
    private long lastNowNs;
    private boolean morePending;

    /**
     * Create an agent reading {@link #DEFAULT_POLL_LIMIT} datagrams per cycle.
     *
     * @param roleName  name for logs and the agent thread.
     * @param transport the transport it owns from now on.
     */
    public SessionAgent(final String roleName, final DatagramTransport transport)
    {
        this(roleName, transport, DEFAULT_POLL_LIMIT);
    }

    /**
     * Create an agent.
     *
     * @param roleName  name for logs and the agent thread.
     * @param transport the transport it owns from now on.
     * @param pollLimit most datagrams read per duty cycle, at least 1.
     */
    public SessionAgent(final String roleName, final DatagramTransport transport, final int pollLimit)
    {
        if (pollLimit < 1)
        {
            throw new IllegalArgumentException("pollLimit must be positive: " + pollLimit);
        }
        this.roleName = roleName;
        this.transport = transport;
        this.pollLimit = pollLimit;
    }

    /**
     * Create and register the session with one peer.
     *
     * @param peerId  the peer's id on the transport (e.g. from {@code transport.peerId(host, port)}).
     * @param context the session's configuration.
     * @return the new session.
     * @throws IllegalStateException when the peer already has a session.
     */
    public RtpSession addSession(final int peerId, final SessionContext context)
    {
        if (peerId < 0)
        {
            throw new IllegalArgumentException("peerId must not be negative: " + peerId);
        }
        if (session(peerId) != null)
        {
            throw new IllegalStateException("peer " + peerId + " already has a session");
        }
        final RtpSession session = new RtpSession(context, transport, peerId);
        if (peerId >= sessionsByPeer.length)
        {
            sessionsByPeer = Arrays.copyOf(sessionsByPeer, Math.max(peerId + 1, sessionsByPeer.length * 2));
        }
        sessionsByPeer[peerId] = session;
        sessions = Arrays.copyOf(sessions, sessions.length + 1);
        sessions[sessions.length - 1] = session;
        return session;
    }

    /**
     * Unregister a peer's session without closing it (close it first to send BYE).
     *
     * @param peerId the peer's id.
     * @return the removed session, or null.
     */
    public RtpSession removeSession(final int peerId)
    {
        final RtpSession session = session(peerId);
        if (session != null)
        {
            sessionsByPeer[peerId] = null;
            final RtpSession[] fewer = new RtpSession[sessions.length - 1];
            int j = 0;
            for (final RtpSession s : sessions)
            {
                if (s != session)
                {
                    fewer[j++] = s;
                }
            }
            sessions = fewer;
        }
        return session;
    }

    /**
     * @param peerId a peer's id.
     * @return its session, or null.
     */
    public RtpSession session(final int peerId)
    {
        return peerId >= 0 && peerId < sessionsByPeer.length ? sessionsByPeer[peerId] : null;
    }

    /** @return number of sessions. */
    public int sessionCount()
    {
        return sessions.length;
    }

    /**
     * Run a task on this agent's thread at each duty cycle, with its deadline counted in {@link #nextDeadlineNs()}:
     * how an application's media source or a playout clock shares the sessions' single thread.
     *
     * @param task the task; its {@code doWork} is called every cycle and must return quickly.
     * @return this agent.
     */
    public SessionAgent addTask(final TimedAgent task)
    {
        tasks = Arrays.copyOf(tasks, tasks.length + 1);
        tasks[tasks.length - 1] = task;
        return this;
    }

    /**
     * @param handler told of datagrams from peers without a session; null to count and drop them.
     * @return this agent.
     */
    public SessionAgent unknownPeerHandler(final DatagramHandler handler)
    {
        this.unknownPeerHandler = handler;
        return this;
    }

    /** @return datagrams from peers without a session that no handler took. */
    public long unknownPeerDatagrams()
    {
        return unknownPeerDatagrams;
    }

    /** @return the transport this agent polls. */
    public DatagramTransport transport()
    {
        return transport;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        lastNowNs = nowNs;
        final int polled = transport.poll(this, pollLimit);
        morePending = polled == pollLimit;
        int work = polled;
        for (final TimedAgent task : tasks)
        {
            work += task.doWork(nowNs);
        }
        for (final RtpSession session : sessions)
        {
            work += session.doWork(nowNs);
        }
        return work;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        if (morePending)
        {
            return lastNowNs;
        }
        long deadlineNs = NO_DEADLINE;
        for (final TimedAgent task : tasks)
        {
            deadlineNs = Math.min(deadlineNs, task.nextDeadlineNs());
        }
        for (final RtpSession session : sessions)
        {
            deadlineNs = Math.min(deadlineNs, session.nextDeadlineNs());
        }
        return deadlineNs;
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return roleName;
    }

    /** Dispatch one polled datagram to its peer's session. */
    @Override
    public void onDatagram(
        final int peerId, final DirectBuffer buffer, final int offset, final int length, final long receivedNs)
    {
        final RtpSession session = session(peerId);
        if (session != null)
        {
            session.onDatagram(buffer, offset, length, receivedNs);
        }
        else if (unknownPeerHandler != null)
        {
            unknownPeerHandler.onDatagram(peerId, buffer, offset, length, receivedNs);
        }
        else
        {
            unknownPeerDatagrams++;
        }
    }

    /**
     * Close every session (each sends its BYE) at {@code nowNs}. Does not close the transport, which the caller
     * opened. In real time, stop the agent's runner first, then call this from the stopping thread.
     *
     * @param nowNs current time.
     */
    public void close(final long nowNs)
    {
        for (final RtpSession session : sessions)
        {
            session.close(nowNs);
        }
    }

    /** Close every session at the latest time this agent has seen; see {@link #close(long)}. */
    @Override
    public void close()
    {
        close(lastNowNs);
    }
}
