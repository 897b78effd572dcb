/**
 * Congestion control carried by an {@link io.classwire.core.session.RtpSession} as stages of its chains:
 * {@link io.classwire.core.congestion.session.CongestionSendStage} (pacer, transport-wide numbering, sent-packet
 * history via the controller, feedback in) on the sender and
 * {@link io.classwire.core.congestion.session.TwccReceiveStage} (transport-wide feedback out) on the receiver.
 */
package io.classwire.core.congestion.session;
