package io.classwire.core.recovery;

import io.classwire.core.session.PacketContext;
import io.classwire.core.session.PacketStage;
import io.classwire.core.session.SendStream;
import io.classwire.core.transport.TimedAgent;

/**
 * Connects an {@link FecEncoder} to a session: as a send-path stage it shows the encoder every packet of the media
 * stream on its way out, and as an agent task it sends the queued repairs on the FEC {@link SendStream} (own SSRC
 * and payload type) and closes blocks that stay open too long. Repairs are not sent from inside the stage because
 * the send path is not re-entrant. Insert the stage before {@code "transport-out"} and add the task to the session's
 * agent after the media source, so a block's repairs leave in the same duty cycle as its last packet.
 * Single-threaded; allocation-free.
 */
public final class FecSender implements PacketStage, TimedAgent
{
    /** The stage's name in the send chain. */
    public static final String NAME = "fec-encode";

    private final FecEncoder encoder;
    private final int mediaSsrc;
    private final SendStream fecStream;
    private long maxBlockAgeNs;
    private long repairsSent;
    private long repairBytesSent;
    private long sendFailures;

    /**
     * @param encoder       the encoder (e.g. an {@link AdaptiveFecEncoder} following the protection plan).
     * @param mediaSsrc     the protected stream.
     * @param fecStream     the FEC stream, created with the FEC payload type.
     * @param maxBlockAgeNs a block open this long is closed with what it has (a pause in the stream).
     */
    public FecSender(final FecEncoder encoder, final int mediaSsrc, final SendStream fecStream,
        final long maxBlockAgeNs)
    {
        this.encoder = encoder;
        this.mediaSsrc = mediaSsrc;
        this.fecStream = fecStream;
        this.maxBlockAgeNs = maxBlockAgeNs;
    }

    /**
     * Change the age at which an open block is closed, e.g. to the latency the protection plan allows: in a pause
     * (DTX sends a packet every 400 ms) a block left open longer would send its repairs too late to be useful.
     *
     * @param maxBlockAgeNs the new age, positive.
     * @return this.
     */
    public FecSender maxBlockAgeNs(final long maxBlockAgeNs)
    {
        if (maxBlockAgeNs <= 0)
        {
            throw new IllegalArgumentException("maxBlockAgeNs must be positive: " + maxBlockAgeNs);
        }
        this.maxBlockAgeNs = maxBlockAgeNs;
        return this;
    }

    /** @return the age at which an open block is closed, ns. */
    public long maxBlockAgeNs()
    {
        return maxBlockAgeNs;
    }

    /** {@inheritDoc} */
    @Override
    public int process(final PacketContext packet)
    {
        if (packet.ssrc() == mediaSsrc)
        {
            encoder.onMedia(packet.buffer(), packet.offset(), packet.length(), packet.timeNs());
        }
        return FORWARD;
    }

    /** {@inheritDoc} */
    @Override
    public String name()
    {
        return NAME;
    }

    /** {@inheritDoc} */
    @Override
    public int doWork(final long nowNs)
    {
        encoder.flushIfOlderThan(nowNs, maxBlockAgeNs);
        int work = 0;
        while (encoder.pendingRepairs() > 0)
        {
            final int length = encoder.writeRepair(
                fecStream.payloadBuffer(), fecStream.payloadOffset(), fecStream.maxPayloadLength());
            if (length <= 0)
            {
                sendFailures++;
                continue;
            }
            if (fecStream.sendInPlace(nowNs, encoder.lastRepairTimestamp(), false, length) == SendStream.OK)
            {
                repairsSent++;
                repairBytesSent += fecStream.headerBuilder().headerLength() + length;
                work++;
            }
            else
            {
                sendFailures++;
            }
        }
        return work;
    }

    /** {@inheritDoc} */
    @Override
    public long nextDeadlineNs()
    {
        if (encoder.pendingRepairs() > 0)
        {
            return 0;
        }
        final long openNs = encoder.openBlockStartNs();
        return openNs == Long.MAX_VALUE ? NO_DEADLINE : openNs + maxBlockAgeNs;
    }

    /** {@inheritDoc} */
    @Override
    public String roleName()
    {
        return NAME;
    }

    /** @return repair packets sent. */
    public long repairsSent()
    {
        return repairsSent;
    }

    /** @return bytes of repair packets sent (RTP header included). */
    public long repairBytesSent()
    {
        return repairBytesSent;
    }

    /** @return repairs that could not be written or sent. */
    public long sendFailures()
    {
        return sendFailures;
    }
}
