package io.classwire.samples.rtp;

import io.classwire.core.session.SessionAgent;
import io.classwire.core.transport.RealTimeAgentRunner;

/**
 * A session agent running in real time on an {@link RtpPorts} pair: started once its sessions and tasks are set up,
 * closed in the order the session docs ask for (stop the thread, say BYE from the closing thread, release the
 * sockets). Shared by {@link RtpReceiveRun} and {@link RtpSendRun}.
 */
final class AgentRun implements AutoCloseable
{
    private final RtpPorts ports;
    private final SessionAgent agent;
    private final RealTimeAgentRunner runner;
    private boolean closed;

    AgentRun(final RtpPorts ports, final SessionAgent agent)
    {
        this.ports = ports;
        this.agent = agent;
        this.runner = RealTimeAgentRunner.start(agent, ports.context());
    }

    /** @return the endpoint clock's current time. */
    long nowNs()
    {
        return ports.context().clock().nanoTime();
    }

    /** Stop the agent, send BYE, close both sockets; idempotent. */
    @Override
    public void close()
    {
        if (!closed)
        {
            closed = true;
            try
            {
                runner.close();
                agent.close(nowNs());
            }
            finally
            {
                ports.transport().close();
            }
        }
    }
}
