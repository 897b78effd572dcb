package io.classwire.core.congestion;

import io.classwire.core.wire.TransportFeedback;
import io.classwire.core.wire.WireStatus;

/**
 * Turns a transport-wide feedback packet into per-packet results by matching each reported sequence number against
 * the {@link SentPacketHistory}. Allocation-free: it walks the feedback with its cursor and writes into a caller-owned
 * {@link PacketResults}.
 *
 * <p>Corner cases, as libwebrtc's transport feedback adapter handles them:
 * <ul>
 *   <li>Unknown packets (never sent, or already forgotten by the history) are skipped and counted.</li>
 *   <li>A packet reported received twice (the receiver re-reports after a late arrival) is taken once.</li>
 *   <li>A packet first reported lost and later received is taken again as received and flagged
 *   {@link PacketResults#recovered(int)}, so loss statistics can undo the earlier loss.</li>
 *   <li>A packet reported lost again is skipped.</li>
 *   <li>Reference times are unwrapped against the previous feedback, so arrival times keep increasing across the
 *   24-bit field's wrap; only differences of arrival times are meaningful (the receiver's clock is not ours).</li>
 * </ul>
 *
 * <p>Round trip: for each received packet, {@code now - sendTime - (newestArrival - arrival)} removes the time the
 * packet waited at the receiver for the newest one; the minimum over the feedback is the sample. Single-threaded.
 */
public final class FeedbackAdapter
{
    private final SentPacketHistory history;
    private boolean hasReference;
    private long lastReferenceTicks;
    private long feedbacks;
    private long unknownPackets;
    private long duplicatePackets;
    private long invalidFeedbacks;

    /**
     * Create an adapter over a history.
     *
     * @param history of sent packets, shared with whoever records sends.
     */
    public FeedbackAdapter(final SentPacketHistory history)
    {
        this.history = history;
    }

    /**
     * Validate {@code feedback} and write the outcomes of the packets it newly reports into {@code out}.
     *
     * @param feedback wrapped around a transport-wide feedback packet (validated here; never throws).
     * @param nowUs    when the feedback arrived, on the sender's clock.
     * @param out      table to fill (reset first).
     * @return packets written, or a negative {@link WireStatus} code when the feedback is invalid ({@code out} is
     *         then empty).
     */
    public int adapt(final TransportFeedback feedback, final long nowUs, final PacketResults out)
    {
        out.reset(nowUs, history.inFlightBytes());
        final int status = feedback.validate();
        if (status != WireStatus.OK)
        {
            invalidFeedbacks++;
            return status;
        }
        feedbacks++;
        final int raw = feedback.referenceTime();
        lastReferenceTicks = hasReference ? TransportFeedback.unwrapReferenceTime(lastReferenceTicks, raw) : raw;
        hasReference = true;
        feedback.resetCursor(lastReferenceTicks);
        while (feedback.next())
        {
            final long sequence = history.unwrap(feedback.sequenceNumber());
            final int index = history.indexOf(sequence);
            if (index == SentPacketHistory.NOT_FOUND)
            {
                unknownPackets++;
                continue;
            }
            if (feedback.received())
            {
                final int before = history.markReceived(index);
                if (before == SentPacketHistory.STATE_RECEIVED)
                {
                    duplicatePackets++;
                    continue;
                }
                append(out, index, feedback.arrivalTimeUs(), before == SentPacketHistory.STATE_LOST);
            }
            else if (history.markLost(index) == SentPacketHistory.STATE_IN_FLIGHT)
            {
                append(out, index, PacketResults.NOT_RECEIVED, false);
            }
        }
        out.complete();
        out.rttSampleUs(rttSampleUs(out, nowUs));
        return out.count();
    }

    private void append(final PacketResults out, final int index, final long arrivalUs, final boolean wasLost)
    {
        out.add(
            history.sequence(index),
            history.sendTimeUs(index),
            arrivalUs,
            history.sizeBytes(index),
            history.kind(index),
            history.probeClusterId(index),
            wasLost);
    }

    private static long rttSampleUs(final PacketResults results, final long nowUs)
    {
        final int received = results.receivedCount();
        if (received == 0)
        {
            return PacketResults.NO_RTT;
        }
        final long newestArrivalUs = results.arrivalTimeUs(results.arrivalOrder(received - 1));
        long minRttUs = Long.MAX_VALUE;
        for (int k = 0; k < received; k++)
        {
            final int i = results.arrivalOrder(k);
            final long rttUs = nowUs - results.sendTimeUs(i) - (newestArrivalUs - results.arrivalTimeUs(i));
            minRttUs = Math.min(minRttUs, rttUs);
        }
        return Math.max(0, minRttUs);
    }

    /**
     * Feedback packets adapted.
     *
     * @return the count of valid feedbacks.
     */
    public long feedbacks()
    {
        return feedbacks;
    }

    /**
     * Reported packets not found in the history.
     *
     * @return the count.
     */
    public long unknownPackets()
    {
        return unknownPackets;
    }

    /**
     * Packets reported received more than once.
     *
     * @return the count.
     */
    public long duplicatePackets()
    {
        return duplicatePackets;
    }

    /**
     * Feedbacks rejected by validation.
     *
     * @return the count.
     */
    public long invalidFeedbacks()
    {
        return invalidFeedbacks;
    }
}
