/**
 * Transport-level loss recovery, codec-agnostic: retransmission, redundancy and forward error correction, and the
 * policy that chooses among them per stream.
 *
 * <ul>
 *   <li>NACK/RTX (RFC 4585, RFC 4588): {@link io.classwire.core.recovery.RtpPacketHistory} and
 *       {@link io.classwire.core.recovery.RtxSender} on the sender; {@link io.classwire.core.recovery.NackGenerator}
 *       on the receiver, which only asks for what can still arrive before playout.</li>
 *   <li>RED (RFC 2198): {@link io.classwire.core.recovery.RedEncoder} and
 *       {@link io.classwire.core.recovery.RedDecoder}.</li>
 *   <li>FEC on its own RTP stream, in our {@link io.classwire.core.recovery.FecHeader} format: XOR row and column
 *       groups ({@link io.classwire.core.recovery.XorFecEncoder}) and Reed-Solomon blocks over GF(2^8)
 *       ({@link io.classwire.core.recovery.RsFecEncoder}, {@link io.classwire.core.recovery.ReedSolomonFec}), one
 *       receiver for both ({@link io.classwire.core.recovery.FecDecoder}).</li>
 *   <li>Policy: {@link io.classwire.core.recovery.ProtectionPolicy} turns loss rate, burstiness, RTT, latency budget
 *       and bitrate into a {@link io.classwire.core.recovery.ProtectionPlan}, with residual loss from
 *       {@link io.classwire.core.recovery.LossModel}.</li>
 *   <li>Session glue: send stages {@link io.classwire.core.recovery.HistoryStage} and
 *       {@link io.classwire.core.recovery.FecSender}; receive stages
 *       {@link io.classwire.core.recovery.RtxReceiveStage}, {@link io.classwire.core.recovery.FecReceiveStage},
 *       {@link io.classwire.core.recovery.RedReceiveStage}, {@link io.classwire.core.recovery.NackStage}; the
 *       {@link io.classwire.core.recovery.NackResponder} feedback listener.</li>
 * </ul>
 *
 * <p>Every class is single-threaded (the session's agent thread), takes time as {@code nowNs}, and allocates
 * nothing in steady state. Design notes, formulas and thresholds: docs/recovery.md.
 */
package io.classwire.core.recovery;
