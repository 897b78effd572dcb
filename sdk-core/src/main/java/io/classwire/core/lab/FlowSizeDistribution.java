package io.classwire.core.lab;

import java.util.SplittableRandom;

/** Draws transfer sizes for {@link ShortTcpFlows}. Implementations are stateless; the randomness is passed in. */
@FunctionalInterface
public interface FlowSizeDistribution
{
    /**
     * Draw one transfer size.
     *
     * @param random the caller's stream.
     * @return a size in bytes, positive.
     */
    long nextSizeBytes(SplittableRandom random);

    /**
     * Every transfer the same size.
     *
     * @param sizeBytes positive.
     * @return the distribution.
     */
    static FlowSizeDistribution fixed(final long sizeBytes)
    {
        if (sizeBytes <= 0)
        {
            throw new IllegalArgumentException("size must be positive: " + sizeBytes);
        }
        return (random) -> sizeBytes;
    }

    /**
     * Sizes uniform in [minBytes, maxBytes], e.g. RFC 8868's 30-50 KB web objects.
     *
     * @param minBytes positive.
     * @param maxBytes at least {@code minBytes}.
     * @return the distribution.
     */
    static FlowSizeDistribution uniform(final long minBytes, final long maxBytes)
    {
        if (minBytes <= 0 || maxBytes < minBytes)
        {
            throw new IllegalArgumentException("need 0 < min <= max, got " + minBytes + ", " + maxBytes);
        }
        return (random) -> minBytes + random.nextLong(maxBytes - minBytes + 1);
    }
}
