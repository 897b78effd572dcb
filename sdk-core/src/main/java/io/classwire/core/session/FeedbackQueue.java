package io.classwire.core.session;

import io.classwire.core.wire.RtcpCompoundReader;
import io.classwire.core.wire.RtcpCompoundValidator;
import io.classwire.core.wire.RtcpHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Feedback waiting to go out in the next RTCP packet, early or regular: raw feedback packets copied in, and
 * {@link FeedbackSource}s asked to write when the packet is built. Bounded and preallocated. Single-threaded.
 */
final class FeedbackQueue
{
    private final UnsafeBuffer rawBytes;
    private final FeedbackSource[] sources;
    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private int rawLength;
    private int sourceCount;

    FeedbackQueue(final int rawCapacityBytes, final int maxSources)
    {
        rawBytes = new UnsafeBuffer(new byte[rawCapacityBytes]);
        sources = new FeedbackSource[maxSources];
    }

    boolean isEmpty()
    {
        return rawLength == 0 && sourceCount == 0;
    }

    /**
     * Check that bytes are one or more whole RTCP feedback packets (RTPFB or PSFB, at least the 12-byte header).
     *
     * @return {@link WireStatus#OK} or a failure code.
     */
    int validateFeedback(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = RtcpCompoundValidator.validateReducedSize(buffer, offset, length);
        if (status != WireStatus.OK)
        {
            return status;
        }
        reader.wrap(buffer, offset, length);
        while (reader.next())
        {
            final int type = reader.packetType();
            if (type != RtcpHeader.PT_RTPFB && type != RtcpHeader.PT_PSFB)
            {
                return WireStatus.BAD_TYPE;
            }
            if (reader.length() < RtcpHeader.FEEDBACK_HEADER_LENGTH)
            {
                return WireStatus.TRUNCATED;
            }
        }
        return WireStatus.OK;
    }

    /** @return false when the bytes do not fit the remaining capacity. */
    boolean add(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length > rawBytes.capacity() - rawLength)
        {
            return false;
        }
        rawBytes.putBytes(rawLength, buffer, offset, length);
        rawLength += length;
        return true;
    }

    /** @return true when the source is queued (or already was), false when the queue is full. */
    boolean add(final FeedbackSource source)
    {
        for (int i = 0; i < sourceCount; i++)
        {
            if (sources[i] == source)
            {
                return true;
            }
        }
        if (sourceCount == sources.length)
        {
            return false;
        }
        sources[sourceCount++] = source;
        return true;
    }

    /**
     * Write everything that fits and empty the queue of what was written. Raw bytes that do not fit stay queued;
     * every source is asked once and dequeued. A source's output that is not valid feedback is discarded.
     *
     * @return bytes written.
     */
    int writeTo(
        final MutableDirectBuffer buffer,
        final int offset,
        final int capacity,
        final long nowNs,
        final SessionCounters counters)
    {
        int position = offset;
        final int end = offset + capacity;
        if (rawLength > 0 && rawLength <= capacity)
        {
            buffer.putBytes(position, rawBytes, 0, rawLength);
            position += rawLength;
            rawLength = 0;
        }
        for (int i = 0; i < sourceCount; i++)
        {
            final FeedbackSource source = sources[i];
            sources[i] = null;
            final int written = source.writeFeedback(buffer, position, end - position, nowNs);
            if (written > 0 && written <= end - position &&
                validateFeedback(buffer, position, written) == WireStatus.OK)
            {
                position += written;
            }
            else if (written != 0)
            {
                counters.feedbackSourceFailures++;
            }
        }
        sourceCount = 0;
        return position - offset;
    }
}
