/**
 * Audio in the network lab: {@link io.classwire.media.audio.lab.AudioLabRun} sends speech as Opus over RTP through a
 * simulated link in virtual time and scores what is played; shared by the loss benchmark and the samples CLI.
 */
package io.classwire.media.audio.lab;
