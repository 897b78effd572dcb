package io.classwire.core.transport;

import io.classwire.core.wire.RtcpHeader;
import org.agrona.DirectBuffer;

/**
 * Sorts a datagram into RTP, RTCP or Classwire control traffic by its first byte, so that all three share one UDP
 * 5-tuple (RFC 7983 as updated by RFC 9443, with RTP/RTCP told apart as in RFC 5761 section 4). Stateless and
 * allocation-free; safe from any thread. Never throws and never reads outside {@code [offset, offset + length)}.
 *
 * <p>First-byte ranges on a Classwire socket:
 * <pre>
 *  first byte   RFC 7983 / RFC 9443 use         Classwire
 *  ----------   ----------------------------    ------------------------------------------------
 *    0..3       STUN                            UNKNOWN (not spoken; dropped)
 *    4..15      unassigned (receivers drop)     CONTROL: our join/handshake, event and probe
 *                                               framing (CONTROL_FIRST_BYTE_MIN..MAX)
 *   16..19      ZRTP                            UNKNOWN
 *   20..63      DTLS                            UNKNOWN
 *   64..79      TURN channel                    UNKNOWN
 *   80..127     QUIC short header (RFC 9443;     UNKNOWN
 *               also 64..79 without TURN)
 *  128..191     RTP / RTCP (version 2)          RTP, or RTCP when byte 1 is in 192..223
 *  192..255     QUIC long header (RFC 9443)     UNKNOWN
 * </pre>
 *
 * <p>Why 4..15 for control: it is the only range that neither RFC 7983 nor its QUIC update RFC 9443 assigns, so a
 * standard demultiplexer (a TURN relay, a WebRTC stack, a packet capture dissector) never mistakes our control
 * messages for STUN, DTLS or QUIC, and standard traffic never reaches our control parser. 192..255 looks free in
 * RFC 7983 alone but RFC 9443 gives it to QUIC long headers. Twelve first-byte values are enough because the control
 * framing carries its message type after the first byte; the first byte only marks "Classwire control" (and leaves
 * room for later framing versions).
 *
 * <p>RTP versus RTCP (RFC 5761 section 4): with the first two bits 10 (version 2), the second byte is the RTP marker
 * bit plus payload type, or the RTCP packet type. RTCP packet types 192..223 (SR 200, RR 201, SDES 202, BYE 203,
 * APP 204, RTPFB 205, PSFB 206, XR 207, and the historic 192..195) would be RTP payload types 64..95 with the marker
 * set, which RFC 5761 forbids for RTP on a multiplexed session; so 192..223 means RTCP.
 *
 * <p>Length rules: an empty datagram, an RTP datagram shorter than its 12-byte fixed header, or an RTCP datagram
 * shorter than the 4-byte common header is {@link #MALFORMED}. Deeper checks belong to the wire parsers.
 */
public final class PacketClassifier
{
    /** Empty, or too short for the fixed header of the class its first byte names. */
    public static final int MALFORMED = -1;
    /** A first byte that Classwire does not speak (STUN, DTLS, QUIC, TURN, ZRTP, unassigned). */
    public static final int UNKNOWN = 0;
    /** An RTP packet (RFC 3550). */
    public static final int RTP = 1;
    /** An RTCP packet or compound packet (RFC 3550, RFC 4585). */
    public static final int RTCP = 2;
    /** A Classwire control message. */
    public static final int CONTROL = 3;

    /** Lowest first byte of a Classwire control message. */
    public static final int CONTROL_FIRST_BYTE_MIN = 4;
    /** Highest first byte of a Classwire control message. */
    public static final int CONTROL_FIRST_BYTE_MAX = 15;
    /** Lowest first byte of RTP/RTCP (version 2, any P/X/CC bits). */
    public static final int RTP_FIRST_BYTE_MIN = 128;
    /** Highest first byte of RTP/RTCP. */
    public static final int RTP_FIRST_BYTE_MAX = 191;
    /** Lowest second byte that marks RTCP (RFC 5761 section 4). */
    public static final int RTCP_PACKET_TYPE_MIN = 192;
    /** Highest second byte that marks RTCP. */
    public static final int RTCP_PACKET_TYPE_MAX = 223;

    /** Bytes in the RTP fixed header (RFC 3550 section 5.1). */
    public static final int RTP_MIN_LENGTH = 12;
    /** Bytes in the RTCP common header (RFC 3550 section 6.4.1). */
    public static final int RTCP_MIN_LENGTH = RtcpHeader.HEADER_LENGTH;
    /** Bytes a control message needs to be classified; its own parser checks the rest. */
    public static final int CONTROL_MIN_LENGTH = 1;

    private PacketClassifier()
    {
    }

    /**
     * Classify one datagram by its first bytes.
     *
     * @param buffer holding the datagram.
     * @param offset of its first byte.
     * @param length in bytes; zero or negative gives {@link #MALFORMED}.
     * @return {@link #RTP}, {@link #RTCP}, {@link #CONTROL}, {@link #UNKNOWN} or {@link #MALFORMED}.
     */
    public static int classify(final DirectBuffer buffer, final int offset, final int length)
    {
        if (length <= 0)
        {
            return MALFORMED;
        }
        final int first = buffer.getByte(offset) & 0xFF;
        if (first >= RTP_FIRST_BYTE_MIN && first <= RTP_FIRST_BYTE_MAX)
        {
            if (length < 2)
            {
                return MALFORMED;
            }
            final int second = buffer.getByte(offset + 1) & 0xFF;
            if (second >= RTCP_PACKET_TYPE_MIN && second <= RTCP_PACKET_TYPE_MAX)
            {
                return length < RTCP_MIN_LENGTH ? MALFORMED : RTCP;
            }
            return length < RTP_MIN_LENGTH ? MALFORMED : RTP;
        }
        if (first >= CONTROL_FIRST_BYTE_MIN && first <= CONTROL_FIRST_BYTE_MAX)
        {
            return length < CONTROL_MIN_LENGTH ? MALFORMED : CONTROL;
        }
        return UNKNOWN;
    }

    /**
     * @param first a datagram's first byte, 0..255.
     * @return true when the byte starts a Classwire control message.
     */
    public static boolean isControlFirstByte(final int first)
    {
        return first >= CONTROL_FIRST_BYTE_MIN && first <= CONTROL_FIRST_BYTE_MAX;
    }

    /**
     * @param classification a value returned by {@link #classify(DirectBuffer, int, int)}.
     * @return a short name for logs and counters.
     */
    public static String describe(final int classification)
    {
        switch (classification)
        {
            case MALFORMED: return "malformed";
            case UNKNOWN: return "unknown";
            case RTP: return "rtp";
            case RTCP: return "rtcp";
            case CONTROL: return "control";
            default: return "invalid classification " + classification;
        }
    }
}
