/**
 * Pre-class network check: a probe that measures round-trip time, jitter, loss and uplink and downlink bandwidth to
 * a peer within a time budget, and grades the path for a live class.
 *
 * <ul>
 *   <li>Client: {@link io.classwire.core.probe.NetworkProbe} (a {@link io.classwire.core.transport.TimedAgent}),
 *       configured by {@link io.classwire.core.probe.ProbeConfig}, producing a
 *       {@link io.classwire.core.probe.ProbeResult} with a {@link io.classwire.core.probe.QualityGrade}.</li>
 *   <li>Server: {@link io.classwire.core.probe.ProbeResponder}, bounded by
 *       {@link io.classwire.core.probe.ResponderLimits}.</li>
 *   <li>Wire: {@link io.classwire.core.probe.ProbeMessage} and {@link io.classwire.core.probe.ProbeMessageWriter},
 *       bodies behind the control framing of {@link io.classwire.core.wire.ControlHeader}.</li>
 * </ul>
 *
 * <p>Method, thresholds and limits: {@code docs/network-check.md}. Everything here is single-threaded except
 * {@link io.classwire.core.probe.NetworkProbe#isDone()} and {@link io.classwire.core.probe.NetworkProbe#result()}.
 */
package io.classwire.core.probe;
