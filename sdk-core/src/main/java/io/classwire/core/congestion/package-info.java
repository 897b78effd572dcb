/**
 * Sender-side congestion control from transport-wide feedback, after Google Congestion Control
 * (draft-ietf-rmcat-gcc-02) with the changes docs/congestion.md explains, and the allocation of its target between
 * streams.
 *
 * <ul>
 *   <li>Contract: {@link io.classwire.core.congestion.CongestionController}, implemented by
 *       {@link io.classwire.core.congestion.GccController} (settings in
 *       {@link io.classwire.core.congestion.CongestionConfig}).</li>
 *   <li>Sender bookkeeping: {@link io.classwire.core.congestion.TransportSequencer},
 *       {@link io.classwire.core.congestion.SentPacketHistory}, {@link io.classwire.core.congestion.FeedbackAdapter}
 *       into {@link io.classwire.core.congestion.PacketResults}.</li>
 *   <li>Receiver side: {@link io.classwire.core.congestion.FeedbackGenerator}.</li>
 *   <li>Delay-based estimate: {@link io.classwire.core.congestion.InterArrivalGrouper},
 *       {@link io.classwire.core.congestion.TrendlineEstimator},
 *       {@link io.classwire.core.congestion.OveruseDetector},
 *       {@link io.classwire.core.congestion.AimdRateControl} with
 *       {@link io.classwire.core.congestion.LinkCapacityTracker},
 *       assembled by {@link io.classwire.core.congestion.DelayBasedEstimator}.</li>
 *   <li>Other estimates: {@link io.classwire.core.congestion.AcknowledgedBitrateEstimator},
 *       {@link io.classwire.core.congestion.LossBasedEstimator} (with {@link io.classwire.core.congestion.LossModelFit}
 *       and {@link io.classwire.core.congestion.QueueDelayTracker}),
 *       {@link io.classwire.core.congestion.ApplicationLimitedDetector},
 *       {@link io.classwire.core.congestion.ProbeController},
 *       {@link io.classwire.core.congestion.ProbeBitrateEstimator},
 *       combined by {@link io.classwire.core.congestion.SendSideBandwidthEstimator}.</li>
 *   <li>Sending: {@link io.classwire.core.congestion.Pacer} over
 *       {@link io.classwire.core.congestion.PacketPriorityQueues}, releasing to a
 *       {@link io.classwire.core.congestion.PacketSender}.</li>
 *   <li>Allocation: {@link io.classwire.core.congestion.BitrateAllocator} telling an
 *       {@link io.classwire.core.congestion.AllocationListener}.</li>
 * </ul>
 *
 * <p>Everything here is single-threaded (owned by the sending or receiving agent), takes time as arguments
 * ({@code nowNs} for calls, microseconds for packet times), uses no randomness, and allocates nothing per packet or
 * per feedback once constructed.
 */
package io.classwire.core.congestion;
