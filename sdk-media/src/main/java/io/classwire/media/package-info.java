/**
 * Classwire media layer: Opus audio with an adaptive jitter buffer and concealment, video packetization with keyframe
 * recovery and layer selection, and quality statistics. Depends on {@code sdk-core} only.
 */
package io.classwire.media;
