package io.classwire.core.lab;

import java.util.SplittableRandom;

/**
 * Derives independent, reproducible random streams from one seed and a component key.
 *
 * <p>A stream depends only on (seed, key), never on how many other streams were made before it, so adding a
 * component (a link, a cross-traffic flow, an impairment stage) does not shift the random numbers any other
 * component sees. That is stronger than calling {@link SplittableRandom#split()} in creation order, which would.
 * Keys must therefore be unique among the components of one run.
 */
public final class RandomStreams
{
    private static final long FNV_OFFSET = 0xCBF2_9CE4_8422_2325L;
    private static final long FNV_PRIME = 0x0000_0100_0000_01B3L;

    private RandomStreams()
    {
    }

    /**
     * A seed for the component named {@code key}, well mixed from the run's seed.
     *
     * @param seed the run's seed.
     * @param key  unique name of the component, e.g. {@code "link:alice>bob"}.
     * @return a 64-bit seed for that component.
     */
    public static long deriveSeed(final long seed, final String key)
    {
        long hash = FNV_OFFSET;
        for (int i = 0, length = key.length(); i < length; i++)
        {
            hash = (hash ^ key.charAt(i)) * FNV_PRIME;
        }
        return mix64(seed ^ mix64(hash));
    }

    /**
     * A random stream for the component named {@code key}.
     *
     * @param seed the run's seed.
     * @param key  unique name of the component.
     * @return a new generator whose sequence depends only on (seed, key).
     */
    public static SplittableRandom stream(final long seed, final String key)
    {
        return new SplittableRandom(deriveSeed(seed, key));
    }

    /** Stafford's variant 13 of the MurmurHash3 finalizer: every input bit affects every output bit. */
    static long mix64(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
        return z ^ (z >>> 31);
    }
}
