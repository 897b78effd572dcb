package io.classwire.core.session;

import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;

/**
 * The session's outgoing RTCP: asks the {@link RtcpScheduler} when, tells the {@link RtcpSender} what, and applies
 * RFC 4585's early-feedback rule to feedback requests (one early packet between two regular reports; anything more
 * waits for the next regular report) and its T_rr_interval ({@link SessionContext#regularReportSpacingNs()}).
 * Single-threaded.
 */
final class RtcpController
{
    private final RtcpScheduler scheduler;
    private final RtcpSender sender;
    private final FeedbackQueue feedbackQueue;
    private final SendStreams sendStreams;
    private final ReceiveStreams receiveStreams;
    private final SessionCounters counters;
    private final long regularSpacingNs;
    private boolean started;
    private boolean regularSent;
    private long lastRegularSentNs;
    private int lastRegularBytes;

    RtcpController(
        final RtcpScheduler scheduler,
        final RtcpSender sender,
        final FeedbackQueue feedbackQueue,
        final SendStreams sendStreams,
        final ReceiveStreams receiveStreams,
        final SessionCounters counters,
        final long regularSpacingNs)
    {
        this.regularSpacingNs = regularSpacingNs;
        this.scheduler = scheduler;
        this.sender = sender;
        this.feedbackQueue = feedbackQueue;
        this.sendStreams = sendStreams;
        this.receiveStreams = receiveStreams;
        this.counters = counters;
    }

    /** Start the schedule at the first time the session sees; later calls do nothing. */
    void start(final long nowNs)
    {
        if (!started)
        {
            started = true;
            scheduler.start(nowNs);
        }
    }

    /** @return the next regular report time, or 0 before {@link #start(long)} (meaning "call me now"). */
    long nextDeadlineNs()
    {
        return started ? scheduler.nextDeadlineNs() : 0;
    }

    /** @return 1 when a regular report went out, else 0. */
    int doWork(final long nowNs)
    {
        if (!scheduler.isRegularDue(nowNs))
        {
            return 0;
        }
        final int senders = sendStreams.sentSinceReportCount();
        int liveRemote = 0;
        int remoteSenders = 0;
        for (int i = 0, n = receiveStreams.count(); i < n; i++)
        {
            final ReceiveStream stream = receiveStreams.get(i);
            liveRemote += stream.isEnded() ? 0 : 1;
            remoteSenders += stream.isReportable() ? 1 : 0;
        }
        scheduler.members(Math.max(1, sendStreams.count()) + liveRemote, senders + remoteSenders, senders > 0);
        if (regularSpacingNs > 0 && regularSent && nowNs - lastRegularSentNs < regularSpacingNs &&
            feedbackQueue.isEmpty())
        {
            // RFC 4585 section 3.5.3: suppressed, the schedule going on as if it had been sent
            counters.regularReportsSuppressed++;
            scheduler.onRegularSent(nowNs, lastRegularBytes);
            return 0;
        }
        lastRegularBytes = sender.sendRegular(nowNs);
        lastRegularSentNs = nowNs;
        regularSent = true;
        scheduler.onRegularSent(nowNs, lastRegularBytes);
        return 1;
    }

    int requestFeedback(final long nowNs, final FeedbackSource source)
    {
        if (!feedbackQueue.add(source))
        {
            counters.feedbackRejected++;
            return RtpSession.FEEDBACK_QUEUE_FULL;
        }
        return flushFeedback(nowNs);
    }

    int sendFeedback(final long nowNs, final DirectBuffer buffer, final int offset, final int length)
    {
        if (feedbackQueue.validateFeedback(buffer, offset, length) != WireStatus.OK)
        {
            counters.feedbackRejected++;
            return RtpSession.FEEDBACK_INVALID;
        }
        if (!feedbackQueue.add(buffer, offset, length))
        {
            counters.feedbackRejected++;
            return RtpSession.FEEDBACK_QUEUE_FULL;
        }
        return flushFeedback(nowNs);
    }

    private int flushFeedback(final long nowNs)
    {
        if (!scheduler.requestEarly(nowNs))
        {
            counters.feedbackDeferred++;
            return RtpSession.FEEDBACK_DEFERRED;
        }
        final int sent = sender.sendEarly(nowNs);
        if (sent > 0)
        {
            scheduler.onEarlySent(nowNs, sent);
            return RtpSession.FEEDBACK_SENT;
        }
        return sent == 0 ? RtpSession.FEEDBACK_EMPTY : RtpSession.FEEDBACK_SEND_FAILED;
    }

    void sendBye(final long nowNs)
    {
        sender.sendBye(nowNs);
    }
}
