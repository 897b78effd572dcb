package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Known transport-wide feedback packets for the TWCC tests, with their sources.
 *
 * <p>Sender SSRC 0xFA17FA17 is the placeholder SSRC libwebrtc puts on the RTCP it sends when it has no send stream
 * ({@code receiver_reports_ssrc_} in libwebrtc's webrtc_voice_engine.h), so the packets carrying it were produced by
 * libwebrtc (Chrome) receivers.
 */
final class TwccVectors
{
    /**
     * libwebrtc output, from pion/rtcp transport_layer_cc_test.go (TestTransportLayerCC_Unmarshal "example1"):
     * base 153, one packet received 148 ticks (37 ms) after reference 4057090, P bit with 1 padding byte.
     */
    static final String CHROME_ONE_PACKET =
        "af cd 00 05 fa 17 fa 17 43 03 2f a0 00 99 00 01 3d e8 02 17 20 01 94 01";

    /**
     * libwebrtc output, from pion/rtcp transport_layer_cc_test.go ("example4"): base 4, 7 received (run-length
     * chunk), reference 1074030, feedback count 1, 3 bytes of padding.
     */
    static final String CHROME_RUN_OF_SEVEN =
        "af cd 00 07 fa 17 fa 17 19 3d d8 bb 00 04 00 07 10 63 6e 01 20 07 4c 24 24 10 0c 0c 10 00 00 03";

    /**
     * libwebrtc output without padding, from versatica/mediasoup worker/test/src/RTC/RTCP/TestFeedbackRtpTransport.cpp
     * ("parse FeedbackRtpTransportPacket, one bit vector chunk"): base 39, 13 statuses in one 1-bit vector
     * (7 received, 3 lost, 3 received), reference 6275825, feedback count 3.
     */
    static final String CHROME_ONE_BIT_VECTOR =
        "8f cd 00 07 fa 17 fa 17 09 fa ff 67 00 27 00 0d 5f c2 f1 03 bf 8e 10 00 00 00 00 00 00 1c 04 00";

    /**
     * From pion/rtcp transport_layer_cc_test.go ("example6"), sender unknown: 9 statuses where the last chunk, a run
     * of 48 lost, covers 46 more packets than the count. Also a 2-bit vector with a large delta.
     */
    static final String OVERLONG_LAST_RUN =
        "af cd 00 07 9b 74 f6 1f 93 71 dc bc 85 3c 00 09 63 f9 16 b3 d5 52 00 30 9b aa 6a aa 7b 01 09 01";

    /** From pion/rtcp ("example2"): a 2-bit vector holding the reserved symbol 11 inside the status count. */
    static final String RESERVED_SYMBOL =
        "af cd 00 06 fa 17 fa 17 19 3d d8 bb 01 74 00 0e 45 b1 5a 40 d8 00 f0 ff d0 00 00 03";

    /** From pion/rtcp ("example3"): P bit set but the last byte (a delta) is 0, so no valid padding count. */
    static final String PADDING_BIT_WITHOUT_PADDING =
        "af cd 00 07 fa 17 fa 17 19 3d d8 bb 01 74 00 06 45 b1 5a 40 40 02 20 04 1f fe 1f 9a d0 00 d0 00";

    /** From pion/rtcp ("example5" of its unmarshal table): padding count 3 swallows the last receive delta. */
    static final String PADDING_OVER_DELTAS =
        "af cd 00 06 fa 17 fa 17 19 3d d8 bb 00 01 00 0e 10 63 6d 00 ba 00 10 0c 0c 10 00 03";

    /** The same packet as pion/rtcp's marshal "example5", with the right padding count 2: valid. */
    static final String ONE_BIT_VECTOR_TRAILING_LOSSES =
        "af cd 00 06 fa 17 fa 17 19 3d d8 bb 00 01 00 0e 10 63 6d 00 ba 00 10 0c 0c 10 00 02";

    /** From pion/rtcp ("example7"): status count 0. */
    static final String EMPTY_STATUS_COUNT =
        "8f cd 00 04 9a cb 04 42 00 00 00 00 00 00 00 00 00 00 00 00";

    /** From pion/rtcp ("example8"): a run of 3 small deltas with only 1 delta byte before the padding. */
    static final String MISSING_SMALL_DELTAS =
        "af cd 00 05 fa 17 fa 17 43 03 2f a0 00 99 00 03 3d e8 02 17 20 03 94 01";

    /** From pion/rtcp ("example9"): a run of 2 large deltas with only 1 delta byte before the padding. */
    static final String MISSING_LARGE_DELTAS =
        "af cd 00 05 fa 17 fa 17 43 03 2f a0 00 99 00 02 3d e8 02 17 40 02 94 01";

    /**
     * From mediasoup's TestFeedbackRtpTransport.cpp ("with negative reference time"): reference 0xFFFFFE but status
     * count 0, which mediasoup accepts and we (like libwebrtc) reject.
     */
    static final String EMPTY_WITH_NEGATIVE_REFERENCE =
        "8f cd 00 04 fa 17 fa 17 09 fa ff 67 00 27 00 00 ff ff fe 01";

    /** Valid vectors, used as fuzzing seeds. */
    static final String[] VALID = {
        CHROME_ONE_PACKET, CHROME_RUN_OF_SEVEN, CHROME_ONE_BIT_VECTOR, OVERLONG_LAST_RUN,
        ONE_BIT_VECTOR_TRAILING_LOSSES };

    private TwccVectors()
    {
    }

    static byte[] bytes(final String hex)
    {
        final String[] parts = hex.trim().split("\\s+");
        final byte[] result = new byte[parts.length];
        for (int i = 0; i < parts.length; i++)
        {
            result[i] = (byte)Integer.parseInt(parts[i], 16);
        }
        return result;
    }

    static UnsafeBuffer buffer(final String hex)
    {
        return new UnsafeBuffer(bytes(hex));
    }
}
