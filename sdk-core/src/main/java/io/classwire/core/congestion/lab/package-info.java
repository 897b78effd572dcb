/**
 * Closed congestion-control loops in the network lab, in virtual time: senders driven by a
 * {@link io.classwire.core.congestion.GccController} and TWCC receivers joined by simulated links, for tests and the
 * scenario benchmarks.
 *
 * <ul>
 *   <li>One flow on one path: {@link io.classwire.core.congestion.lab.CongestionLab} with a
 *       {@link io.classwire.core.congestion.lab.GccSenderAgent}, a
 *       {@link io.classwire.core.congestion.lab.TwccReceiverAgent} and a
 *       {@link io.classwire.core.congestion.lab.RateSeries}.</li>
 *   <li>Several flows through one shared bottleneck, in either direction, with per-flow access delays, start times,
 *       pauses and application limits, TCP competitors, and per-packet and per-sample recording:
 *       {@link io.classwire.core.congestion.lab.BottleneckLab} built from a
 *       {@link io.classwire.core.congestion.lab.BottleneckSpec}.</li>
 * </ul>
 *
 * <p>Everything here runs on the simulator's thread and reads only the simulator's virtual clock.
 */
package io.classwire.core.congestion.lab;
