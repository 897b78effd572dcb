package io.classwire.core.session;

import org.agrona.MutableDirectBuffer;

/**
 * Something that has RTCP feedback to send (a NACK generator, a keyframe requester), asked to write it at the moment
 * it goes out rather than when it was requested, so the content is fresh even when RFC 4585 timing rules defer it to
 * the next regular report. Register with {@link RtpSession#requestFeedback(long, FeedbackSource)}; called on the
 * session's agent thread.
 */
@FunctionalInterface
public interface FeedbackSource
{
    /**
     * Write zero or more complete RTCP feedback packets (e.g. with {@link io.classwire.core.wire.NackPacket#build}).
     *
     * @param buffer   to write into.
     * @param offset   of the first byte to write.
     * @param capacity bytes available from {@code offset}; never write beyond.
     * @param nowNs    current time.
     * @return bytes written (a multiple of 4; 0 when nothing is needed any more), or a negative code on failure.
     */
    int writeFeedback(MutableDirectBuffer buffer, int offset, int capacity, long nowNs);
}
