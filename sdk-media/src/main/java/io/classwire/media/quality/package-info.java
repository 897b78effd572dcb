/**
 * Audio quality metrics for the media pipeline: residual loss after recovery, concealment and freezes, mouth-to-ear
 * delay percentiles, segmental SNR and log-spectral distance between sent and played PCM after delay alignment, and
 * an ITU-T G.107 E-model MOS estimate. Each class gives its formula and source. These are measurement tools for
 * tests, the lab and benchmarks; apart from {@link io.classwire.media.quality.FreezeDetector},
 * {@link io.classwire.media.quality.LossStats} and {@link io.classwire.media.quality.MouthToEar} they allocate
 * working arrays and are not meant for the media path.
 */
package io.classwire.media.quality;
