/**
 * The network lab: a deterministic, discrete-event simulation of impaired networks in virtual time, and the
 * impairment models it shares with the real-socket impairment proxy.
 *
 * <ul>
 *   <li>Time and scheduling: {@link io.classwire.core.lab.VirtualClock}, {@link io.classwire.core.lab.Simulator}
 *       (drives {@link io.classwire.core.transport.TimedAgent}s), {@link io.classwire.core.lab.RandomStreams},
 *       {@link io.classwire.core.lab.EventLog}.</li>
 *   <li>Topology: {@link io.classwire.core.lab.SimulatedNetwork} of {@link io.classwire.core.lab.SimNode}s (each a
 *       {@link io.classwire.core.transport.DatagramTransport}) joined by directional
 *       {@link io.classwire.core.lab.Link}s.</li>
 *   <li>Impairment models, usable without the simulator: {@link io.classwire.core.lab.LinkConfig},
 *       {@link io.classwire.core.lab.Impairment} (decides each packet's {@link io.classwire.core.lab.PacketFate}),
 *       {@link io.classwire.core.lab.CapacityTimeline}, {@link io.classwire.core.lab.GilbertElliottLoss},
 *       {@link io.classwire.core.lab.Blackouts}, {@link io.classwire.core.lab.LinkStats},
 *       {@link io.classwire.core.lab.NetworkProfile}.</li>
 *   <li>Competing traffic on a link: {@link io.classwire.core.lab.CbrSource},
 *       {@link io.classwire.core.lab.TcpNewRenoFlow}, {@link io.classwire.core.lab.ShortTcpFlows}.</li>
 *   <li>The same models over real UDP sockets: {@link io.classwire.core.lab.ImpairmentProxy}.</li>
 * </ul>
 *
 * <p>Everything in this package is single-threaded: a simulation runs entirely on the thread that calls
 * {@link io.classwire.core.lab.Simulator#runUntil(long)}. The impairment proxy is the exception: it runs on its own
 * event loop thread, and its {@link io.classwire.core.lab.ProxyCounters} may be read from any thread.
 */
package io.classwire.core.lab;
