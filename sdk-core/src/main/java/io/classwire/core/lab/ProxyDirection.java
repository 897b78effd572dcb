package io.classwire.core.lab;

/** One of the two directions through an {@link ImpairmentProxy}, named from the client's point of view. */
public enum ProxyDirection
{
    /** Client to upstream: datagrams arriving on the proxy's listen socket. */
    UPLINK("up"),
    /** Upstream to client: datagrams arriving on the proxy's upstream-side socket. */
    DOWNLINK("down");

    private final String shortName;

    ProxyDirection(final String shortName)
    {
        this.shortName = shortName;
    }

    /**
     * A compact lower-case name for counter lines.
     *
     * @return {@code "up"} or {@code "down"}.
     */
    public String shortName()
    {
        return shortName;
    }
}
