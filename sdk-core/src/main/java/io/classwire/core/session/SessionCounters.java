package io.classwire.core.session;

/**
 * Event counters of one {@link RtpSession} beyond what its stage chains count: RTCP sent and received by kind, and
 * the fate of feedback requests. Written on the session's thread; reads from other threads may be slightly stale.
 */
public final class SessionCounters
{
    long regularReportsSent;
    long earlyFeedbackSent;
    long regularReportsSuppressed;
    long byesSent;
    long rtcpBytesSent;
    long rtcpSendFailures;
    long feedbackDeferred;
    long feedbackRejected;
    long feedbackSourceFailures;
    long rtcpCompoundsReceived;
    long rtcpPacketsInvalid;
    long senderReportsReceived;
    long receiverReportsReceived;
    long sdesReceived;
    long byesReceived;
    long feedbackReceived;
    long otherRtcpReceived;
    long appReceived;
    long reportExtensionFailures;
    long foreignReportBlocks;
    long datagramsAfterClose;

    /** @return regular compound reports sent (SR or RR, SDES, any deferred feedback). */
    public long regularReportsSent()
    {
        return regularReportsSent;
    }

    /**
     * @return regular reports not sent because one went out less than
     *         {@link SessionContext#regularReportSpacingNs()} before and no feedback was waiting.
     */
    public long regularReportsSuppressed()
    {
        return regularReportsSuppressed;
    }

    /** @return early feedback packets sent under the RFC 4585 early rule. */
    public long earlyFeedbackSent()
    {
        return earlyFeedbackSent;
    }

    /** @return compounds with BYE sent (at most one per session). */
    public long byesSent()
    {
        return byesSent;
    }

    /** @return RTCP bytes handed to the transport. */
    public long rtcpBytesSent()
    {
        return rtcpBytesSent;
    }

    /** @return RTCP datagrams the transport refused (back pressure, closed). */
    public long rtcpSendFailures()
    {
        return rtcpSendFailures;
    }

    /** @return feedback requests that had to wait for the next regular report. */
    public long feedbackDeferred()
    {
        return feedbackDeferred;
    }

    /** @return feedback requests refused because the queue was full or the bytes were not feedback. */
    public long feedbackRejected()
    {
        return feedbackRejected;
    }

    /** @return feedback sources that failed or wrote malformed packets when asked to write. */
    public long feedbackSourceFailures()
    {
        return feedbackSourceFailures;
    }

    /** @return valid compound (or reduced-size) RTCP packets received. */
    public long rtcpCompoundsReceived()
    {
        return rtcpCompoundsReceived;
    }

    /** @return packets inside valid compounds that failed their own validation and were skipped. */
    public long rtcpPacketsInvalid()
    {
        return rtcpPacketsInvalid;
    }

    /** @return sender reports received. */
    public long senderReportsReceived()
    {
        return senderReportsReceived;
    }

    /** @return receiver reports received. */
    public long receiverReportsReceived()
    {
        return receiverReportsReceived;
    }

    /** @return SDES packets received. */
    public long sdesReceived()
    {
        return sdesReceived;
    }

    /** @return BYE packets received. */
    public long byesReceived()
    {
        return byesReceived;
    }

    /** @return RTPFB and PSFB feedback packets received and handed to the listeners. */
    public long feedbackReceived()
    {
        return feedbackReceived;
    }

    /** @return APP packets received and handed to the {@link AppPacketListener}s. */
    public long appReceived()
    {
        return appReceived;
    }

    /** @return {@link ReportExtension}s that failed to write (their packets were left out of that report). */
    public long reportExtensionFailures()
    {
        return reportExtensionFailures;
    }

    /** @return other RTCP packets received (XR, unknown types). */
    public long otherRtcpReceived()
    {
        return otherRtcpReceived;
    }

    /** @return report blocks about SSRCs this session does not send (ignored). */
    public long foreignReportBlocks()
    {
        return foreignReportBlocks;
    }

    /** @return datagrams that arrived after the session was closed. */
    public long datagramsAfterClose()
    {
        return datagramsAfterClose;
    }

    /** {@inheritDoc} */
    @Override
    public String toString()
    {
        return "rtcp sent: regular=" + regularReportsSent + " suppressed=" + regularReportsSuppressed +
            " early=" + earlyFeedbackSent + " bye=" + byesSent +
            " bytes=" + rtcpBytesSent + " failures=" + rtcpSendFailures +
            "; feedback: deferred=" + feedbackDeferred + " rejected=" + feedbackRejected +
            " sourceFailures=" + feedbackSourceFailures + " extensionFailures=" + reportExtensionFailures +
            "\nrtcp received: compounds=" + rtcpCompoundsReceived + " sr=" + senderReportsReceived +
            " rr=" + receiverReportsReceived + " sdes=" + sdesReceived + " bye=" + byesReceived +
            " feedback=" + feedbackReceived + " app=" + appReceived + " other=" + otherRtcpReceived + " invalid=" + rtcpPacketsInvalid +
            " foreignBlocks=" + foreignReportBlocks + "; afterClose=" + datagramsAfterClose;
    }
}
