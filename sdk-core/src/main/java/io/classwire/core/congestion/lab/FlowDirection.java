package io.classwire.core.congestion.lab;

/** Which way a media flow crosses the shared bottleneck of a {@link BottleneckLab}; its feedback goes the other way. */
public enum FlowDirection
{
    /** Media from the left side to the right side, over the forward bottleneck. */
    FORWARD,
    /** Media from the right side to the left side, over the backward bottleneck. */
    BACKWARD
}
