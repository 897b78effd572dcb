/**
 * Congestion control carried by an {@link io.classwire.core.session.RtpSession} as stages of its chains:
 * {@link io.classwire.core.congestion.session.CongestionSendStage} (pacer, transport-wide numbering, sent-packet
 * history via the controller, probe padding from the RTX or media stream, feedback in) on the sender, and
 * {@link io.classwire.core.congestion.session.TwccReceiveStage} (transport-wide feedback out at the generator's
 * interval) and {@link io.classwire.core.congestion.session.PaddingReceiveStage} (padding-only probes counted, not
 * delivered) on the receiver.
 */
package io.classwire.core.congestion.session;
