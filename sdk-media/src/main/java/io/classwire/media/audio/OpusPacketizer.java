package io.classwire.media.audio;

import io.classwire.core.wire.AudioLevelExtension;
import io.classwire.core.wire.RtpPacketBuilder;
import io.classwire.core.wire.SeqNum;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * Puts encoded Opus frames into RTP packets (RFC 7587); single-threaded and allocation-free after construction.
 * <ul>
 * <li>Payload: exactly one Opus packet (RFC 7587 section 4.2), as {@link AudioEncoder} produces.</li>
 * <li>Timestamp: 48 kHz clock whatever the coded bandwidth (RFC 7587 section 4.1), advanced by each frame's
 *     duration whether or not the frame is sent, so gaps in time stay visible to the receiver.</li>
 * <li>DTX (RFC 7587 section 3.1.3): frames of at most {@link AudioEncoder#DTX_MAX_LENGTH} bytes carry no audio. The
 *     first one after audio is sent, so the receiver learns that silence started and plays comfort noise rather
 *     than concealing a loss; the following ones are not sent (the encoder still emits an occasional real frame
 *     during silence, which is sent).</li>
 * <li>Marker bit: set on the first packet of a talk spurt, i.e. the first packet and the first after suppressed
 *     frames (RFC 3551 section 4.1).</li>
 * <li>Optional RFC 6464 audio level element with the level and voice flag from {@link AudioLevel} and
 *     {@link VoiceActivityDetector}.</li>
 * </ul>
 */
public final class OpusPacketizer
{
    /** Returned by {@link #packetize} when the frame is a suppressed DTX frame: nothing to send. */
    public static final int SUPPRESSED = 0;

    private final RtpPacketBuilder builder = new RtpPacketBuilder();
    private final int audioLevelId;
    private int sequenceNumber;
    private int timestamp;
    private boolean talkSpurtStart = true;
    private boolean inDtx;
    private long packetsSent;
    private long framesSuppressed;

    /**
     * @param ssrc             the stream's SSRC.
     * @param payloadType      dynamic payload type negotiated for opus/48000/2, 96..127.
     * @param firstSequence    sequence number of the first packet (random per RFC 3550).
     * @param firstTimestamp   RTP timestamp of the first frame (random per RFC 3550).
     * @param audioLevelId     negotiated RFC 8285 id of the audio level extension, 1..14, or 0 for none.
     */
    public OpusPacketizer(
        final int ssrc, final int payloadType, final int firstSequence, final int firstTimestamp,
        final int audioLevelId)
    {
        if (audioLevelId < 0 || audioLevelId > 14)
        {
            throw new IllegalArgumentException("audio level id must be 0 (none) or 1..14: " + audioLevelId);
        }
        builder.ssrc(ssrc).payloadType(payloadType);
        this.sequenceNumber = firstSequence & SeqNum.MASK;
        this.timestamp = firstTimestamp;
        this.audioLevelId = audioLevelId;
    }

    /**
     * Packetize one encoded frame.
     *
     * @param opus           the Opus packet from the encoder.
     * @param opusOffset     its first byte.
     * @param opusLength     its length, 1..1275.
     * @param durationSamples audio duration of the frame at 48 kHz (960 for 20 ms).
     * @param levelDbov      RFC 6464 level, 0..127 (ignored without an audio level id).
     * @param voice          RFC 6464 voice activity flag.
     * @param dst            destination buffer.
     * @param dstOffset      where the RTP packet starts.
     * @param maxLength      bytes available.
     * @return packet length; {@link #SUPPRESSED} for a DTX frame that is not sent; or a negative
     * {@link WireStatus} code (the timestamp still advances, the sequence number does not).
     */
    public int packetize(
        final DirectBuffer opus,
        final int opusOffset,
        final int opusLength,
        final int durationSamples,
        final int levelDbov,
        final boolean voice,
        final MutableDirectBuffer dst,
        final int dstOffset,
        final int maxLength)
    {
        final int frameTimestamp = timestamp;
        timestamp += durationSamples;
        final boolean dtxFrame = opusLength <= AudioEncoder.DTX_MAX_LENGTH;
        if (dtxFrame && inDtx)
        {
            framesSuppressed++;
            talkSpurtStart = true;
            return SUPPRESSED;
        }
        builder.sequenceNumber(sequenceNumber).timestamp(frameTimestamp).marker(talkSpurtStart && !dtxFrame);
        builder.extensions().reset();
        if (audioLevelId != 0)
        {
            final int status = AudioLevelExtension.add(builder.extensions(), audioLevelId, voice,
                Math.max(0, Math.min(AudioLevelExtension.MAX_LEVEL_DBOV, levelDbov)));
            if (status != WireStatus.OK)
            {
                return status;
            }
        }
        final int length = builder.build(dst, dstOffset, maxLength, opus, opusOffset, opusLength);
        if (length > 0)
        {
            sequenceNumber = SeqNum.add(sequenceNumber, 1);
            packetsSent++;
            inDtx = dtxFrame;
            if (!dtxFrame)
            {
                talkSpurtStart = false;
            }
        }
        return length;
    }

    /** @return sequence number the next packet will carry. */
    public int sequenceNumber()
    {
        return sequenceNumber;
    }

    /** @return RTP timestamp of the next frame. */
    public int timestamp()
    {
        return timestamp;
    }

    /** @return packets written. */
    public long packetsSent()
    {
        return packetsSent;
    }

    /** @return DTX frames not sent. */
    public long framesSuppressed()
    {
        return framesSuppressed;
    }
}
