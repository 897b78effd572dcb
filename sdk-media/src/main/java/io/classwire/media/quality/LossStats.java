package io.classwire.media.quality;

import io.classwire.media.audio.FrameType;
import io.classwire.media.audio.JitterBufferCounters;

/**
 * Loss before and after recovery for one audio stream; single-threaded, allocation-free.
 *
 * <pre>
 * network loss         = 1 - packets received / packets sent                           (before any recovery)
 * residual packet loss = 1 - (packets decoded + frames rebuilt from FEC) / packets sent   (clamped to [0, 1])
 * residual frame loss  = 1 - (frames decoded + frames rebuilt) / frames sent, in 20 ms frames of sent audio
 * concealed ratio      = played frames that were CONCEALED / played frames that were not SILENCE
 * concealed samples    = played samples that were CONCEALED / played samples that were not SILENCE (exact)
 * FEC ratio            = played frames that were FEC_RECOVERED / played frames that were not SILENCE
 * </pre>
 *
 * "Decoded" counts every packet that reached the decoder in time, whether it arrived first time or was
 * retransmitted (RTX) or rebuilt by packet-level FEC before the jitter buffer; in-band FEC (Opus LBRR) is counted
 * separately. These are the usual receiver-side definitions (e.g. WebRTC's getStats concealedSamples /
 * totalSamplesReceived, W3C webrtc-stats section on RTCInboundRtpStreamStats), computed per frame rather than per
 * sample. Residual frame loss equals residual packet loss for one-frame packets.
 */
public final class LossStats
{
    private final long[] played = new long[FrameType.COUNT];
    private long packetsSent;
    private long framesSent;
    private long packetsReceived;
    private long packetsDecoded;
    private long framesDecoded;
    private long framesRecovered;
    private long concealedSamples;
    private long audibleSamples;

    /**
     * Count one packet sent.
     *
     * @param durationSamples audio it carries at 48 kHz (960 for one 20 ms frame).
     */
    public void onSent(final int durationSamples)
    {
        packetsSent++;
        framesSent += Math.max(1, durationSamples / 960);
    }

    /** Count one packet that arrived at the receiver (before the jitter buffer, duplicates excluded). */
    public void onReceived()
    {
        packetsReceived++;
    }

    /**
     * Count one packet decoded for playout.
     *
     * @param durationSamples audio it carried.
     */
    public void onDecoded(final int durationSamples)
    {
        packetsDecoded++;
        framesDecoded += Math.max(1, durationSamples / 960);
    }

    /** Count one lost frame rebuilt from in-band FEC. */
    public void onRecovered()
    {
        framesRecovered++;
    }

    /**
     * Count one played frame (one pull of the jitter buffer).
     *
     * @param type what the frame was made of.
     */
    public void onPlayed(final FrameType type)
    {
        played[type.ordinal()]++;
    }

    /**
     * Take the receive-side counts from a jitter buffer fed with one-frame packets (replaces what was counted by
     * {@link #onReceived()}, {@link #onDecoded} and {@link #onRecovered()}) and its per-type sample counts.
     *
     * @param counters the jitter buffer's counters.
     */
    public void receiveSide(final JitterBufferCounters counters)
    {
        packetsReceived = counters.packetsReceived() - counters.duplicates();
        packetsDecoded = counters.packetsDecoded();
        framesDecoded = counters.packetsDecoded();
        framesRecovered = counters.fecRecoveries();
        concealedSamples = counters.samples(FrameType.CONCEALED);
        audibleSamples = 0;
        for (final FrameType type : FrameType.values())
        {
            audibleSamples += type == FrameType.SILENCE ? 0 : counters.samples(type);
        }
    }

    /** @return fraction of played (non-silent) samples that were concealed, 0..1, from {@link #receiveSide}. */
    public double concealedSampleRatio()
    {
        return audibleSamples == 0 ? 0.0 : concealedSamples / (double)audibleSamples;
    }

    /** @return fraction of sent packets that never arrived, 0..1. */
    public double networkLoss()
    {
        return packetsSent == 0 ? 0.0 : clamp(1.0 - packetsReceived / (double)packetsSent);
    }

    /** @return fraction of sent packets whose audio was neither decoded nor rebuilt, 0..1. */
    public double residualPacketLoss()
    {
        return packetsSent == 0 ? 0.0 : clamp(1.0 - (packetsDecoded + framesRecovered) / (double)packetsSent);
    }

    /** @return fraction of sent 20 ms frames neither decoded nor rebuilt, 0..1. */
    public double residualFrameLoss()
    {
        return framesSent == 0 ? 0.0 : clamp(1.0 - (framesDecoded + framesRecovered) / (double)framesSent);
    }

    /** @return fraction of played (non-silent) frames that were concealed, 0..1. */
    public double concealedRatio()
    {
        return ratioOfPlayed(FrameType.CONCEALED);
    }

    /** @return fraction of played (non-silent) frames rebuilt from in-band FEC, 0..1. */
    public double fecRatio()
    {
        return ratioOfPlayed(FrameType.FEC_RECOVERED);
    }

    /**
     * @param type a frame type.
     * @return played frames of that type.
     */
    public long played(final FrameType type)
    {
        return played[type.ordinal()];
    }

    /** @return packets counted as sent. */
    public long packetsSent()
    {
        return packetsSent;
    }

    private double ratioOfPlayed(final FrameType type)
    {
        long audible = 0;
        for (int i = 0; i < played.length; i++)
        {
            if (i != FrameType.SILENCE.ordinal())
            {
                audible += played[i];
            }
        }
        return audible == 0 ? 0.0 : played[type.ordinal()] / (double)audible;
    }

    private static double clamp(final double value)
    {
        return Math.max(0.0, Math.min(1.0, value));
    }
}
