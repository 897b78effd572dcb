/**
 * Classwire interaction layer: quizzes and polls, hand-raise and stage, presence, progress and analytics, all driven
 * by an authoritative room state machine. Depends on {@code sdk-core} only.
 */
package io.classwire.interaction;
