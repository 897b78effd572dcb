package io.classwire.core.probe;

import io.classwire.core.wire.WireStatus;

/**
 * What a {@link ProbeResponder} has done and refused, for logs, metrics and tests. Written only by the responder's
 * agent thread; plain fields, so read them from that thread or after it stopped.
 */
public final class ResponderCounters
{
    private final long[] malformedByStatus = new long[WireStatus.CODE_COUNT];
    long echoReplies;
    long trainReports;
    long downlinkRequests;
    long clampedRequests;
    long refusedRequests;
    long badCookieRequests;
    long duplicateRequests;
    long budgetStoppedTrains;
    long downlinkPacketsSent;
    long downlinkBytesSent;
    long oversizedTrains;
    long evictedProbes;
    long ignoredDatagrams;
    long unexpectedMessages;
    long sendFailures;

    void onMalformed(final int status)
    {
        malformedByStatus[Math.min(-status, malformedByStatus.length - 1)]++;
    }

    /**
     * @param status a negative {@link WireStatus} code.
     * @return control messages dropped with that validation status.
     */
    public long malformedMessages(final int status)
    {
        return status < 0 && -status < malformedByStatus.length ? malformedByStatus[-status] : 0;
    }

    /** @return control messages dropped as malformed, all codes together. */
    public long malformedMessages()
    {
        long total = 0;
        for (final long count : malformedByStatus)
        {
            total += count;
        }
        return total;
    }

    /** @return echo replies sent. */
    public long echoReplies()
    {
        return echoReplies;
    }

    /** @return uplink train reports sent. */
    public long trainReports()
    {
        return trainReports;
    }

    /** @return downlink train requests served (clamped or not). */
    public long downlinkRequests()
    {
        return downlinkRequests;
    }

    /** @return downlink requests served with fewer packets, smaller packets or a lower rate than asked. */
    public long clampedRequests()
    {
        return clampedRequests;
    }

    /** @return downlink requests refused because the probe had used its byte allowance. */
    public long refusedRequests()
    {
        return refusedRequests;
    }

    /** @return downlink requests dropped for a wrong cookie. */
    public long badCookieRequests()
    {
        return badCookieRequests;
    }

    /** @return downlink requests ignored as copies of the one before (clients send each request twice). */
    public long duplicateRequests()
    {
        return duplicateRequests;
    }

    /** @return downlink trains cut short because the responder-wide token bucket ran dry. */
    public long budgetStoppedTrains()
    {
        return budgetStoppedTrains;
    }

    /** @return downlink train packets sent. */
    public long downlinkPacketsSent()
    {
        return downlinkPacketsSent;
    }

    /** @return downlink train bytes sent. */
    public long downlinkBytesSent()
    {
        return downlinkBytesSent;
    }

    /** @return uplink train packets ignored because their train was longer than this responder tracks. */
    public long oversizedTrains()
    {
        return oversizedTrains;
    }

    /** @return probe runs forgotten while still active, to make room for a new one. */
    public long evictedProbes()
    {
        return evictedProbes;
    }

    /** @return datagrams that were not control messages. */
    public long ignoredDatagrams()
    {
        return ignoredDatagrams;
    }

    /** @return valid probe messages a responder never expects (replies, reports). */
    public long unexpectedMessages()
    {
        return unexpectedMessages;
    }

    /** @return datagrams the transport refused to send. */
    public long sendFailures()
    {
        return sendFailures;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "ResponderCounters{echoReplies=" + echoReplies + ", trainReports=" + trainReports +
            ", downlinkRequests=" + downlinkRequests + ", clamped=" + clampedRequests + ", refused=" + refusedRequests +
            ", badCookie=" + badCookieRequests + ", duplicates=" + duplicateRequests + ", budgetStopped=" +
            budgetStoppedTrains + ", downlinkPackets=" + downlinkPacketsSent + ", downlinkBytes=" + downlinkBytesSent +
            ", oversizedTrains=" + oversizedTrains + ", evicted=" + evictedProbes + ", malformed=" +
            malformedMessages() + ", ignored=" + ignoredDatagrams + ", unexpected=" + unexpectedMessages +
            ", sendFailures=" + sendFailures + '}';
    }
}
