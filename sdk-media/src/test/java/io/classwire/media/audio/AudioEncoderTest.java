package io.classwire.media.audio;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioEncoderTest
{
    @Test
    void shouldSmoothReportedLossWithAnExponentialAverage()
    {
        final AudioEncoder encoder = new AudioEncoder().inbandFec(true);
        assertEquals(0, encoder.lossHintPercent());
        encoder.onFractionLost(64); // 25 %
        assertEquals(6.25, encoder.smoothedLossPercent(), 1e-9);
        assertEquals(6, encoder.lossHintPercent());
        encoder.onFractionLost(64);
        assertEquals(6.25 + 0.25 * (25 - 6.25), encoder.smoothedLossPercent(), 1e-9);
        for (int i = 0; i < 40; i++)
        {
            encoder.onLossPercent(0);
        }
        assertTrue(encoder.smoothedLossPercent() < 0.5);
        assertEquals(0, encoder.lossHintPercent());
        encoder.onLossPercent(2.0);
        assertEquals(1, encoder.lossHintPercent(), "0.5 % or more smoothed loss gives a hint of at least 1 %");
        for (int i = 0; i < 40; i++)
        {
            encoder.onLossPercent(100);
        }
        assertEquals(AudioEncoder.MAX_LOSS_HINT_PERCENT, encoder.lossHintPercent());
        encoder.onLossPercent(Double.NaN);
        assertEquals(AudioEncoder.MAX_LOSS_HINT_PERCENT, encoder.lossHintPercent());
    }

    @Test
    void shouldAddLbrrOnlyOnceLossIsReported()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final AudioEncoder encoder = new AudioEncoder().inbandFec(true);
        final AudioDecoder probe = new AudioDecoder();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[AudioEncoder.MAX_ENCODED_LENGTH]);
        int lbrrBefore = 0;
        int lbrrAfter = 0;
        for (int frame = 0; frame < 100; frame++)
        {
            if (frame == 50)
            {
                encoder.onFractionLost(26); // about 10 %
            }
            final int length = encoder.encode(speech, frame * 960, out, 0, out.capacity());
            assertTrue(length > AudioEncoder.DTX_MAX_LENGTH);
            final boolean lbrr = probe.hasFec(out, 0, length);
            if (frame < 50)
            {
                lbrrBefore += lbrr ? 1 : 0;
            }
            else
            {
                lbrrAfter += lbrr ? 1 : 0;
            }
        }
        assertEquals(0, lbrrBefore, "no loss reported: no LBRR");
        // LBRR goes only into frames the SILK VAD calls active (31 of the 50 here)
        assertTrue(lbrrAfter > 20, "LBRR in the active frames after a lossy report: " + lbrrAfter);
        assertEquals(100, encoder.framesEncoded());
    }

    @Test
    void shouldEmitDtxFramesDuringPausesWhenDtxIsOn()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN_PAUSES).samples();
        final AudioEncoder withDtx = new AudioEncoder().dtx(true);
        final AudioEncoder withoutDtx = new AudioEncoder();
        TestAudio.encode(speech, withDtx);
        TestAudio.encode(speech, withoutDtx);
        System.out.printf("DTX: %d of %d frames, %d bytes vs %d without DTX%n", withDtx.dtxFrames(),
            withDtx.framesEncoded(), withDtx.bytesEncoded(), withoutDtx.bytesEncoded());
        assertTrue(withDtx.dtxFrames() >= 10, "the excerpt has about 0.5 s of pauses");
        assertEquals(0, withoutDtx.dtxFrames());
        assertTrue(withDtx.bytesEncoded() < withoutDtx.bytesEncoded());
    }

    @Test
    void shouldFollowTheBitrateAndRejectBadArguments()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN).samples();
        final AudioEncoder encoder = new AudioEncoder();
        final UnsafeBuffer out = new UnsafeBuffer(new byte[AudioEncoder.MAX_ENCODED_LENGTH]);
        long low = 0;
        long high = 0;
        encoder.bitrateBps(12_000);
        for (int frame = 0; frame < 50; frame++)
        {
            low += encoder.encode(speech, frame * 960, out, 0, out.capacity());
        }
        encoder.bitrateBps(64_000);
        for (int frame = 50; frame < 100; frame++)
        {
            high += encoder.encode(speech, frame * 960, out, 0, out.capacity());
        }
        assertTrue(high > 3 * low, "64 kbit/s vs 12 kbit/s: " + high + " vs " + low);
        assertEquals(AudioEncoder.MIN_BITRATE_BPS, encoder.bitrateBps(1).bitrateBps());
        assertEquals(AudioEncoder.MAX_BITRATE_BPS, encoder.bitrateBps(Integer.MAX_VALUE).bitrateBps());
        assertEquals(AudioEncoder.BAD_ARGUMENT, encoder.encode(speech, speech.length - 100, out, 0, 100));
        assertEquals(AudioEncoder.BAD_ARGUMENT, encoder.encode(speech, 0, out, out.capacity() - 10, 100));
        assertEquals(AudioEncoder.BAD_ARGUMENT, encoder.encode(speech, -1, out, 0, 100));
        assertFalse(encoder.dtx());
        assertEquals(0, encoder.codecErrors());
    }
}
