package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Client-to-mixer audio level header extension element (RFC 6464): one data byte holding a voice activity flag and
 * the level in -dBov. Static helpers only; allocation-free.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |V|    level    |   V: voice activity; level: 0 (loudest, 0 dBov) .. 127 (-127 dBov or quieter, i.e. silence)
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * In the one-byte form the element header carries L = 0 (one data byte); in the two-byte form length 1.
 */
public final class AudioLevelExtension
{
    /** URI that names this extension in SDP {@code a=extmap}. */
    public static final String URI = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";
    /** Data bytes of the element. */
    public static final int DATA_LENGTH = 1;
    /** Quietest level, meaning -127 dBov or below (silence). */
    public static final int MAX_LEVEL_DBOV = 127;
    /** Mask of the voice activity flag. */
    public static final int VOICE_ACTIVITY_BIT = 0x80;

    private AudioLevelExtension()
    {
    }

    /**
     * @param dataLength data bytes of a found element.
     * @return {@link WireStatus#OK} when the element has exactly one byte, else {@link WireStatus#BAD_LENGTH}.
     */
    public static int validate(final int dataLength)
    {
        return dataLength == DATA_LENGTH ? WireStatus.OK : WireStatus.BAD_LENGTH;
    }

    /**
     * @param buffer     holding the element data.
     * @param dataOffset absolute offset of the data byte.
     * @return true when the sender flagged the packet as containing voice.
     */
    public static boolean voiceActivity(final DirectBuffer buffer, final int dataOffset)
    {
        return (buffer.getByte(dataOffset) & VOICE_ACTIVITY_BIT) != 0;
    }

    /**
     * @param buffer     holding the element data.
     * @param dataOffset absolute offset of the data byte.
     * @return the level as a positive number of decibels below overload, 0..127 (the audio is at -level dBov).
     */
    public static int levelDbov(final DirectBuffer buffer, final int dataOffset)
    {
        return buffer.getByte(dataOffset) & MAX_LEVEL_DBOV;
    }

    /**
     * @param voiceActivity the V flag.
     * @param levelDbov     0..127 decibels below overload; values outside are clamped.
     * @return the data byte, as an int 0..255.
     */
    public static int encode(final boolean voiceActivity, final int levelDbov)
    {
        final int level = Math.max(0, Math.min(MAX_LEVEL_DBOV, levelDbov));
        return (voiceActivity ? VOICE_ACTIVITY_BIT : 0) | level;
    }

    /**
     * Add the element to a block being built.
     *
     * @param writer        collecting the packet's extension elements.
     * @param id            negotiated local ID.
     * @param voiceActivity the V flag.
     * @param levelDbov     0..127 decibels below overload.
     * @return {@link WireStatus#OK}; {@link WireStatus#BAD_VALUE} for a level outside 0..127; or a failure from
     * {@link HeaderExtensionWriter#addByte(int, int)}.
     */
    public static int add(
        final HeaderExtensionWriter writer, final int id, final boolean voiceActivity, final int levelDbov)
    {
        if (levelDbov < 0 || levelDbov > MAX_LEVEL_DBOV)
        {
            return WireStatus.BAD_VALUE;
        }
        return writer.addByte(id, encode(voiceActivity, levelDbov));
    }
}
