package io.classwire.core.probe;

import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.ControlHeader;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.SplittableRandom;

/**
 * A third party that sends a datagram every 2 ms, alternately to the client and the server: random bytes (half with
 * a control marker), well-formed probe messages of another probe id, and well-formed messages of this probe id with
 * nonsense contents. Drops everything it receives.
 */
final class GarbageAgent implements TimedAgent
{
    private static final long INTERVAL_NS = 2_000_000L;

    private final DatagramTransport transport;
    private final SplittableRandom random;
    private final long stopNs;
    private final int clientId;
    private final int serverId;
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[300]);
    private long nextNs;
    private int sent;

    GarbageAgent(final DatagramTransport transport, final long seed, final long stopNs)
    {
        this.transport = transport;
        this.random = new SplittableRandom(seed);
        this.stopNs = stopNs;
        this.clientId = transport.peerId("client", 0);
        this.serverId = transport.peerId("server", 0);
    }

    int sent()
    {
        return sent;
    }

    @Override
    public int doWork(final long nowNs)
    {
        transport.poll((peerId, data, offset, length, receivedNs) -> { }, 64);
        int work = 0;
        while (nextNs <= nowNs && nextNs < stopNs)
        {
            final int length = write();
            if (length > 0 && transport.send((sent & 1) == 0 ? clientId : serverId, buffer, 0, length) ==
                DatagramTransport.OK)
            {
                sent++;
            }
            nextNs += INTERVAL_NS;
            work++;
        }
        return work;
    }

    private int write()
    {
        final int probeId = random.nextBoolean() ? 0x0C1A55 : random.nextInt();
        switch (random.nextInt(6))
        {
            case 0:
                return ProbeMessageWriter.writeEchoReply(buffer, 0, 300, probeId, random.nextInt(), random.nextInt(),
                    random.nextInt(), random.nextLong(), 0, random.nextInt(1 << 30), 48 + random.nextInt(100));
            case 1:
                return ProbeMessageWriter.writeTrainReport(buffer, 0, 300, probeId, random.nextInt(), 1, 1,
                    random.nextInt(1 << 20), random.nextInt(1 << 30), 0, random.nextInt(1 << 30), random.nextLong());
            case 2:
                return ProbeMessageWriter.writeTrainPacket(buffer, 0, 300, probeId, random.nextInt(), 0, 1,
                    random.nextLong(), 48 + random.nextInt(200));
            default:
                final int length = 1 + random.nextInt(200);
                for (int i = 0; i < length; i++)
                {
                    buffer.putByte(i, (byte)random.nextInt(256));
                }
                if (random.nextBoolean())
                {
                    buffer.putByte(0, (byte)ControlHeader.MARKER_V1);
                }
                return length;
        }
    }

    @Override
    public long nextDeadlineNs()
    {
        return nextNs < stopNs ? nextNs : NO_DEADLINE;
    }

    @Override
    public String roleName()
    {
        return "garbage";
    }
}
