/**
 * Opus audio for Classwire: WAV I/O for tests and tools, the concentus encoder and decoder behind allocation-free,
 * never-throwing wrappers (in-band FEC, DTX, PLC), RFC 7587 packetization with the RFC 6464 audio level and a voice
 * activity detector, and an adaptive NetEQ-style {@link io.classwire.media.audio.JitterBuffer} with time-stretching,
 * concealment, FEC recovery and merging. See docs/audio.md for the pipeline and the measured figures.
 */
package io.classwire.media.audio;
