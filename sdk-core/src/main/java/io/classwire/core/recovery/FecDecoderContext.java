package io.classwire.core.recovery;

import io.classwire.core.session.SessionContext;

/**
 * Sizing of a {@link FecDecoder}: how many media packets it remembers, how many groups and repair symbols it keeps,
 * and how long a group may wait. Fluent setters; {@link #conclude()} checks the values.
 */
public final class FecDecoderContext
{
    /** Default media packets remembered: 512, about 10 s of 20 ms audio or 0.5 s of 1000 packet/s video. */
    public static final int DEFAULT_STORE_CAPACITY = 512;
    /** Default groups waiting at once: enough for two 2-D XOR blocks of 10 x 10 or several RS blocks. */
    public static final int DEFAULT_MAX_GROUPS = 48;
    /** Default largest m of a Reed-Solomon block. */
    public static final int DEFAULT_MAX_REPAIR = 48;
    /** Default repair symbols held at once. */
    public static final int DEFAULT_POOL_SYMBOLS = 192;
    /** Default packets past a group's last member after which it is given up. */
    public static final int DEFAULT_GROUP_LIFETIME_PACKETS = 128;

    private int protectedSsrc;
    private int maxPacketLength = SessionContext.DEFAULT_MTU_BYTES;
    private int storeCapacity = DEFAULT_STORE_CAPACITY;
    private int maxGroups = DEFAULT_MAX_GROUPS;
    private int maxRepair = DEFAULT_MAX_REPAIR;
    private int poolSymbols = DEFAULT_POOL_SYMBOLS;
    private int groupLifetimePackets = DEFAULT_GROUP_LIFETIME_PACKETS;

    /**
     * Check the values.
     *
     * @return this.
     * @throws IllegalArgumentException for a value out of range.
     */
    public FecDecoderContext conclude()
    {
        if (storeCapacity < 16 || Integer.bitCount(storeCapacity) != 1)
        {
            throw new IllegalArgumentException("storeCapacity must be a power of two >= 16: " + storeCapacity);
        }
        if (maxGroups < 1 || maxRepair < 1 || maxRepair > 255 || poolSymbols < maxRepair)
        {
            throw new IllegalArgumentException(
                "maxGroups " + maxGroups + ", maxRepair " + maxRepair + ", poolSymbols " + poolSymbols);
        }
        if (groupLifetimePackets < 1 || groupLifetimePackets >= storeCapacity)
        {
            throw new IllegalArgumentException("groupLifetimePackets must be in [1, storeCapacity)");
        }
        if (maxPacketLength < 12)
        {
            throw new IllegalArgumentException("maxPacketLength " + maxPacketLength);
        }
        return this;
    }

    /**
     * @param ssrc SSRC of the media stream the repairs protect; media and repairs for others are ignored.
     * @return this.
     */
    public FecDecoderContext protectedSsrc(final int ssrc)
    {
        this.protectedSsrc = ssrc;
        return this;
    }

    /** @return SSRC of the protected stream. */
    public int protectedSsrc()
    {
        return protectedSsrc;
    }

    /**
     * @param length longest media packet (the MTU); repairs with longer symbols are refused.
     * @return this.
     */
    public FecDecoderContext maxPacketLength(final int length)
    {
        this.maxPacketLength = length;
        return this;
    }

    /** @return longest media packet. */
    public int maxPacketLength()
    {
        return maxPacketLength;
    }

    /**
     * @param capacity media packets remembered, a power of two of at least 16.
     * @return this.
     */
    public FecDecoderContext storeCapacity(final int capacity)
    {
        this.storeCapacity = capacity;
        return this;
    }

    /** @return media packets remembered. */
    public int storeCapacity()
    {
        return storeCapacity;
    }

    /**
     * @param groups groups waiting at once; a new group beyond evicts the oldest.
     * @return this.
     */
    public FecDecoderContext maxGroups(final int groups)
    {
        this.maxGroups = groups;
        return this;
    }

    /** @return groups waiting at once. */
    public int maxGroups()
    {
        return maxGroups;
    }

    /**
     * @param repair largest m of a Reed-Solomon block, 1..255; larger blocks are refused.
     * @return this.
     */
    public FecDecoderContext maxRepair(final int repair)
    {
        this.maxRepair = repair;
        return this;
    }

    /** @return largest m accepted. */
    public int maxRepair()
    {
        return maxRepair;
    }

    /**
     * @param symbols repair symbols held at once, at least maxRepair.
     * @return this.
     */
    public FecDecoderContext poolSymbols(final int symbols)
    {
        this.poolSymbols = symbols;
        return this;
    }

    /** @return repair symbols held at once. */
    public int poolSymbols()
    {
        return poolSymbols;
    }

    /**
     * @param packets how far past a group's last member the stream may move before the group is given up and its
     *                remaining losses reported; below the store capacity.
     * @return this.
     */
    public FecDecoderContext groupLifetimePackets(final int packets)
    {
        this.groupLifetimePackets = packets;
        return this;
    }

    /** @return the group lifetime in packets. */
    public int groupLifetimePackets()
    {
        return groupLifetimePackets;
    }
}
