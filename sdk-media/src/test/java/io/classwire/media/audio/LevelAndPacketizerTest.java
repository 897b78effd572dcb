package io.classwire.media.audio;

import io.classwire.core.wire.AudioLevelExtension;
import io.classwire.core.wire.HeaderExtensionReader;
import io.classwire.core.wire.OpusPayload;
import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RFC 6464 level, the voice activity detector, and RFC 7587 packetization with the level extension. */
class LevelAndPacketizerTest
{
    @Test
    void shouldMeasureLevelsInDbovAsRfc6464()
    {
        final short[] square = new short[960];
        for (int i = 0; i < square.length; i++)
        {
            square[i] = (short)((i / 48) % 2 == 0 ? 32767 : -32768);
        }
        assertEquals(0, AudioLevel.levelDbov(square, 0, 960), "full-scale square wave is 0 dBov");
        assertEquals(3, AudioLevel.levelDbov(TestAudio.sine(960, 1000, 32767), 0, 960), "full-scale sine: -3.01");
        assertEquals(23, AudioLevel.levelDbov(TestAudio.sine(960, 1000, 3277), 0, 960), "-20 dB sine: -23.01");
        assertEquals(127, AudioLevel.levelDbov(new short[960], 0, 960), "digital silence");
        final short[] tiny = new short[960];
        tiny[0] = 1;
        assertEquals(120, AudioLevel.levelDbov(tiny, 0, 960), "one LSB in 20 ms: 10 log10(1 / 960 / 2^30) = -120.1");
        assertEquals(127, AudioLevel.levelDbov(square, 0, 0));
    }

    @Test
    void shouldMarkSpeechActiveAndPausesInactive()
    {
        final short[] speech = TestAudio.clip(TestAudio.EN_PAUSES).samples();
        final VoiceActivityDetector vad = new VoiceActivityDetector();
        final boolean[] active = new boolean[speech.length / 960];
        for (int f = 0; f < active.length; f++)
        {
            active[f] = vad.process(speech, f * 960, 960);
        }
        // the excerpt's README: speech 0.0-0.6 s, a pause about 0.65-1.05 s, speech 1.1-2.8 s
        assertTrue(active[5] && active[10] && active[70] && active[100], "speech frames are active");
        int pauseInactive = 0;
        for (int f = 42; f < 52; f++)
        {
            pauseInactive += active[f] ? 0 : 1;
        }
        assertTrue(pauseInactive >= 6, "after the hangover the pause is inactive: " + pauseInactive);
        assertTrue(vad.activeFrames() > vad.frames() / 2);
        assertTrue(vad.noiseFloorDbov() < -60);
    }

    @Test
    void shouldPacketizeOpusWithTimestampsMarkerAndAudioLevel()
    {
        final OpusPacketizer packetizer = new OpusPacketizer(0xCAFE_F00D, 111, 65_535, -960, 1);
        final UnsafeBuffer rtp = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer audio = new UnsafeBuffer(new byte[] { (byte)0x78, 1, 2, 3, 4 });
        final UnsafeBuffer dtx = new UnsafeBuffer(new byte[] { (byte)0x78 });
        final RtpPacket packet = new RtpPacket();
        final HeaderExtensionReader extensions = new HeaderExtensionReader();
        final OpusPayload opus = new OpusPayload();

        // audio, audio, DTX (sent), DTX (suppressed), DTX (suppressed), audio (talk spurt: marker)
        final UnsafeBuffer[] frames = { audio, audio, dtx, dtx, dtx, audio };
        final int[] expectedSequence = { 65_535, 0, 1, -1, -1, 2 };
        final boolean[] expectedMarker = { true, false, false, false, false, true };
        for (int i = 0; i < frames.length; i++)
        {
            final int length = packetizer.packetize(frames[i], 0, frames[i].capacity(), 960, 30 + i, i != 2, rtp, 0,
                1500);
            if (expectedSequence[i] < 0)
            {
                assertEquals(OpusPacketizer.SUPPRESSED, length, "frame " + i);
                continue;
            }
            assertEquals(WireStatus.OK, packet.wrap(rtp, 0, length).validate());
            assertEquals(expectedSequence[i], packet.sequenceNumber(), "frame " + i);
            assertEquals(-960 + i * 960, packet.timestamp(), "48 kHz clock, advancing over suppressed frames");
            assertEquals(expectedMarker[i], packet.marker(), "frame " + i);
            assertEquals(111, packet.payloadType());
            assertEquals(0xCAFE_F00D, packet.ssrc());
            assertEquals(WireStatus.OK, opus.wrap(rtp, packet.payloadOffset(), packet.payloadLength()).validate());
            assertEquals(960, opus.durationSamples());
            assertEquals(WireStatus.OK, extensions.wrap(packet).validate());
            final long found = extensions.find(1);
            assertTrue(found != HeaderExtensionReader.NOT_FOUND);
            final int dataOffset = HeaderExtensionReader.packedOffset(found);
            assertEquals(WireStatus.OK, AudioLevelExtension.validate(HeaderExtensionReader.packedLength(found)));
            assertEquals(30 + i, AudioLevelExtension.levelDbov(rtp, dataOffset));
            assertEquals(i != 2, AudioLevelExtension.voiceActivity(rtp, dataOffset));
        }
        assertEquals(4, packetizer.packetsSent());
        assertEquals(2, packetizer.framesSuppressed());
        assertEquals(3, packetizer.sequenceNumber());
    }

    @Test
    void shouldLeaveOutTheExtensionWithoutAnIdAndReportSmallBuffers()
    {
        final OpusPacketizer packetizer = new OpusPacketizer(1, 96, 0, 0, 0);
        final UnsafeBuffer rtp = new UnsafeBuffer(new byte[1500]);
        final UnsafeBuffer audio = new UnsafeBuffer(new byte[] { (byte)0x78, 1, 2, 3, 4 });
        assertEquals(WireStatus.OVERSIZED, packetizer.packetize(audio, 0, 5, 960, 0, true, rtp, 0, 10));
        assertEquals(0, packetizer.sequenceNumber(), "a failed packet does not consume a sequence number");
        final int length = packetizer.packetize(audio, 0, 5, 960, 0, true, rtp, 0, 1500);
        assertEquals(12 + 5, length);
        final RtpPacket packet = new RtpPacket();
        assertEquals(WireStatus.OK, packet.wrap(rtp, 0, length).validate());
        assertFalse(packet.extension());
        assertEquals(960, packet.timestamp(), "the failed frame's time still passed");
        assertThrows(IllegalArgumentException.class, () -> new OpusPacketizer(1, 96, 0, 0, 15));
    }
}
