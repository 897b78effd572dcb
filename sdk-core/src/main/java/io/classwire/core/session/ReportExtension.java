package io.classwire.core.session;

import org.agrona.MutableDirectBuffer;

/**
 * Something that adds its own RTCP packets (e.g. an APP packet with a loss pattern) to every regular compound report
 * the session sends, after the SDES and before any waiting feedback. Register with
 * {@link RtpSession#addReportExtension(ReportExtension)}; called on the session's agent thread.
 */
@FunctionalInterface
public interface ReportExtension
{
    /**
     * Write zero or more complete RTCP packets.
     *
     * @param buffer   to write into.
     * @param offset   of the first byte to write.
     * @param capacity bytes available from {@code offset}; never write beyond.
     * @param nowNs    current time.
     * @return bytes written (a multiple of 4; 0 when there is nothing to say), or a negative code on failure, which
     *         the session counts and skips.
     */
    int writeReportExtension(MutableDirectBuffer buffer, int offset, int capacity, long nowNs);
}
