package io.classwire.core.session;

import io.classwire.core.wire.RtpPacket;

/**
 * Test {@link RtpHandler} for a single remote stream: counts deliveries and recomputes the RFC 3550 interarrival
 * jitter independently, with the integer-tick arithmetic of appendix A.8 (arrival converted to timestamp units,
 * transit = arrival - timestamp), skipping the first packet as the A.1 probation does.
 */
final class RecordingHandler implements RtpHandler
{
    private final int clockRateHz;
    long delivered;
    long newStreams;
    long endedStreams;
    ReceiveStream lastStream;
    private long firstArrivalNs = -1;
    private long lastTransit;
    private boolean haveTransit;
    private double jitterTicks;

    RecordingHandler(final int clockRateHz)
    {
        this.clockRateHz = clockRateHz;
    }

    @Override
    public void onRtpPacket(final ReceiveStream stream, final RtpPacket packet, final long arrivalNs)
    {
        lastStream = stream;
        if (delivered++ == 0)
        {
            firstArrivalNs = arrivalNs;
            return;
        }
        final long arrivalTicks = (arrivalNs - firstArrivalNs) * clockRateHz / 1_000_000_000L;
        final long transit = arrivalTicks - packet.timestamp();
        if (haveTransit)
        {
            final long d = Math.abs((int)(transit - lastTransit));
            jitterTicks += (d - jitterTicks) / 16.0;
        }
        lastTransit = transit;
        haveTransit = true;
    }

    @Override
    public void onNewStream(final ReceiveStream stream)
    {
        newStreams++;
    }

    @Override
    public void onStreamEnded(final ReceiveStream stream)
    {
        endedStreams++;
    }

    double jitterMs()
    {
        return jitterTicks * 1000.0 / clockRateHz;
    }
}
