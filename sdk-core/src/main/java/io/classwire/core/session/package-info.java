/**
 * The per-peer RTP session that every later layer plugs into (RFC 3550 with the AVPF rules of RFC 4585).
 *
 * <ul>
 *   <li>Entry points: {@link io.classwire.core.session.SessionAgent} (owns a transport, dispatches by peer, runs
 *       timers and application tasks), {@link io.classwire.core.session.RtpSession} (one peer) configured by a
 *       {@link io.classwire.core.session.SessionContext}.</li>
 *   <li>Streams: {@link io.classwire.core.session.SendStream} per local SSRC,
 *       {@link io.classwire.core.session.ReceiveStream} per remote SSRC with
 *       {@link io.classwire.core.session.ReceiveStatistics}; snapshots in
 *       {@link io.classwire.core.session.SessionStats}.</li>
 *   <li>Paths: {@link io.classwire.core.session.StageChain}s of named
 *       {@link io.classwire.core.session.PacketStage}s with per-stage counters and
 *       {@link io.classwire.core.session.DropReason}s; congestion control and recovery insert stages by name.</li>
 *   <li>RTCP: {@link io.classwire.core.session.RtcpScheduler} (when), reports and feedback (what); callbacks
 *       {@link io.classwire.core.session.RtpHandler}, {@link io.classwire.core.session.FeedbackListener},
 *       {@link io.classwire.core.session.FeedbackSource}.</li>
 * </ul>
 *
 * <p>Everything here is single-threaded: a session and its streams belong to the agent thread that polls the
 * transport. Design notes: docs/session.md.
 */
package io.classwire.core.session;
