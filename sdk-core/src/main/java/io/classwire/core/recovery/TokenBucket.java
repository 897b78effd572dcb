package io.classwire.core.recovery;

/**
 * Token bucket on injected time: tokens (bytes, packets, ...) accrue at a rate up to a capacity, and a spend
 * succeeds only when enough are there. Integer arithmetic in token-nanoseconds, so refills lose nothing to rounding.
 * Single-threaded.
 */
public final class TokenBucket
{
    private static final long NS_PER_SECOND = 1_000_000_000L;

    private long ratePerSecond;
    private long capacity;
    private long scaledTokens;
    private long lastNs;
    private boolean started;

    /**
     * Create a full bucket.
     *
     * @param ratePerSecond tokens added per second, at least 0.
     * @param capacity      most tokens held (the burst), at least 1.
     */
    public TokenBucket(final long ratePerSecond, final long capacity)
    {
        configure(ratePerSecond, capacity);
        this.scaledTokens = capacity * NS_PER_SECOND;
    }

    /**
     * Change rate and burst; tokens held are kept, up to the new capacity.
     *
     * @param ratePerSecond tokens added per second, at least 0.
     * @param capacity      most tokens held, 1..2^32.
     */
    public void configure(final long ratePerSecond, final long capacity)
    {
        if (ratePerSecond < 0 || capacity < 1 || capacity > (1L << 32))
        {
            throw new IllegalArgumentException("rate " + ratePerSecond + ", capacity " + capacity);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacity = capacity;
        scaledTokens = Math.min(scaledTokens, capacity * NS_PER_SECOND);
    }

    /**
     * Spend tokens if there are enough.
     *
     * @param tokens to spend, at least 0.
     * @param nowNs  current time.
     * @return true when spent; false (nothing spent) when fewer are available.
     */
    public boolean tryConsume(final long tokens, final long nowNs)
    {
        refill(nowNs);
        final long needed = tokens * NS_PER_SECOND;
        if (needed > scaledTokens)
        {
            return false;
        }
        scaledTokens -= needed;
        return true;
    }

    /**
     * Give back tokens spent for something that did not happen (a send that failed), up to the capacity.
     *
     * @param tokens to return, at least 0.
     */
    public void refund(final long tokens)
    {
        scaledTokens = Math.min(capacity * NS_PER_SECOND, scaledTokens + tokens * NS_PER_SECOND);
    }

    /**
     * @param nowNs current time.
     * @return whole tokens available now.
     */
    public long available(final long nowNs)
    {
        refill(nowNs);
        return scaledTokens / NS_PER_SECOND;
    }

    /**
     * @param tokens wanted.
     * @param nowNs  current time.
     * @return when that many will be available, {@code nowNs} if already; {@link Long#MAX_VALUE} when never (more
     *         than the capacity, or a zero rate).
     */
    public long availableAtNs(final long tokens, final long nowNs)
    {
        refill(nowNs);
        final long needed = tokens * NS_PER_SECOND;
        if (needed <= scaledTokens)
        {
            return nowNs;
        }
        if (tokens > capacity || ratePerSecond == 0)
        {
            return Long.MAX_VALUE;
        }
        return nowNs + (needed - scaledTokens + ratePerSecond - 1) / ratePerSecond;
    }

    /** @return tokens added per second. */
    public long ratePerSecond()
    {
        return ratePerSecond;
    }

    /** @return most tokens held. */
    public long capacity()
    {
        return capacity;
    }

    private void refill(final long nowNs)
    {
        if (!started)
        {
            started = true;
            lastNs = nowNs;
            return;
        }
        final long elapsedNs = nowNs - lastNs;
        if (elapsedNs <= 0)
        {
            return;
        }
        lastNs = nowNs;
        final long fullNs = capacity * NS_PER_SECOND;
        // Past the time a refill from empty takes, the bucket is full; this also keeps the product below overflow.
        if (ratePerSecond == 0)
        {
            return;
        }
        if (elapsedNs >= fullNs / ratePerSecond + 1)
        {
            scaledTokens = fullNs;
            return;
        }
        scaledTokens = Math.min(fullNs, scaledTokens + elapsedNs * ratePerSecond);
    }
}
