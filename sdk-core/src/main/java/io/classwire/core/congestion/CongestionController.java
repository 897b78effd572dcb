package io.classwire.core.congestion;

import io.classwire.core.wire.TransportFeedback;

/**
 * Sender-side congestion control as the transport sees it: told about every packet sent and every transport-wide
 * feedback received, it answers with a target bitrate for the encoders, a pacing rate for the pacer and probe
 * clusters to send. Implementations are pluggable ({@link GccController} is the default) and deterministic: all time
 * comes in as arguments, nothing reads a clock or unseeded randomness, and the steady state allocates nothing.
 *
 * <p>Single-threaded: every call comes from the sending agent's thread.
 */
public interface CongestionController
{
    /**
     * Record a packet the pacer just released.
     *
     * @param transportSequence unwrapped transport-wide sequence number ({@link TransportSequencer}).
     * @param sendTimeNs        send time.
     * @param sizeBytes         size as the controller should count it (the RTP packet).
     * @param kind              a {@link PacketKind} code.
     * @param probeClusterId    probe cluster, or {@link SentPacketHistory#NOT_A_PROBE}.
     */
    void onPacketSent(long transportSequence, long sendTimeNs, int sizeBytes, int kind, int probeClusterId);

    /**
     * Apply a transport-wide feedback packet (validated by the controller; never throws on bad input).
     *
     * @param feedback wrapped around the feedback packet.
     * @param nowNs    when it arrived.
     * @return packets newly reported, or a negative {@code WireStatus} code for an invalid feedback.
     */
    int onTransportFeedback(TransportFeedback feedback, long nowNs);

    /**
     * Offer a round-trip time measured elsewhere (RTCP receiver reports); optional.
     *
     * @param rttNs round-trip time.
     * @param nowNs current time.
     */
    void onRoundTripTime(long rttNs, long nowNs);

    /**
     * Periodic work (application-limited detection, probing decisions, loss-bound recovery, history expiry); call
     * every {@link #processIntervalNs()}.
     *
     * @param nowNs current time.
     */
    void onProcessInterval(long nowNs);

    /**
     * The interval at which {@link #onProcessInterval(long)} should run.
     *
     * @return nanoseconds.
     */
    long processIntervalNs();

    /**
     * The rate the encoders should produce in total.
     *
     * @return bits per second, within the configured bounds.
     */
    long targetBitrateBps();

    /**
     * The rate the pacer should release queued packets at.
     *
     * @return bits per second.
     */
    long pacingRateBps();

    /**
     * Take the next probe cluster the pacer should send.
     *
     * @param out filled with the request.
     * @return false when no probe is wanted.
     */
    boolean pollProbeRequest(ProbeClusterRequest out);
}
