/**
 * Opus audio over an {@link io.classwire.core.session.RtpSession} with the whole loss-recovery layer:
 * {@link io.classwire.media.audio.session.AudioSender} (encoder, RFC 7587 packets, RTX history, RED, FEC, protection
 * policy) and {@link io.classwire.media.audio.session.AudioReceiver} (RTX, FEC, RED and NACK stages, jitter buffer,
 * decoder), both configured by an {@link io.classwire.media.audio.session.AudioSessionContext}.
 */
package io.classwire.media.audio.session;
