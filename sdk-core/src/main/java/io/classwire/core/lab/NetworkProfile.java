package io.classwire.core.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * Named access-network conditions for tests, demos and the impairment proxy. Each profile gives the client's uplink
 * (client to server) and downlink (server to client) as {@link LinkConfig}s.
 *
 * <p>The values are plausible engineering figures chosen to exercise the stack under recognisable conditions, drawn
 * from typical published ranges (Ookla-style speed-test medians for capacities, 3GPP QoS delay budgets and ITU-T
 * G.114/G.1010 delay guidance for latency targets, common bufferbloat observations for queue sizes). They are not
 * measurements of any particular network. Delay is one-way; jitter is the mean of an exponentially distributed
 * extra delay; the queue is a drop-tail limit in milliseconds of serialization; loss is Gilbert-Elliott (mean rate /
 * mean burst length in packets) unless noted. Time-varying profiles repeat their pattern for
 * {@link #PATTERN_DURATION_NS}.
 *
 * <table>
 *   <caption>Profiles (up = client to server, down = server to client)</caption>
 *   <tr><th>name</th><th>capacity up/down</th><th>delay</th><th>jitter</th><th>loss</th><th>queue</th>
 *       <th>other</th></tr>
 *   <tr><td>lan, good</td><td>1 Gbps / 1 Gbps</td><td>0.25 ms</td><td>0.05 ms</td><td>none</td><td>10 ms</td>
 *       <td></td></tr>
 *   <tr><td>home-wifi</td><td>10 / 50 Mbps</td><td>15 ms</td><td>3 ms</td><td>0.5% / 2</td><td>100 ms</td>
 *       <td></td></tr>
 *   <tr><td>4g</td><td>6 / 20 Mbps</td><td>30 ms</td><td>6 ms</td><td>0.5% / 2</td><td>200 ms</td><td></td></tr>
 *   <tr><td>congested-4g</td><td>0.4-1 / 1-3 Mbps</td><td>50 ms</td><td>15 ms</td><td>2% / 3</td><td>400 ms</td>
 *       <td>capacity changes every 10 s</td></tr>
 *   <tr><td>subway</td><td>2 / 8 Mbps</td><td>45 ms</td><td>20 ms</td><td>3% / 4</td><td>300 ms</td>
 *       <td>5 s blackout every 60 s from t=20 s</td></tr>
 *   <tr><td>satellite</td><td>3 / 20 Mbps</td><td>300 ms</td><td>5 ms</td><td>0.5% / 2</td><td>600 ms</td>
 *       <td>geostationary</td></tr>
 *   <tr><td>lossy-30</td><td>10 / 10 Mbps</td><td>25 ms</td><td>2 ms</td><td>30% / 2</td><td>200 ms</td>
 *       <td>both directions</td></tr>
 *   <tr><td>lossy-50</td><td>10 / 10 Mbps</td><td>25 ms</td><td>2 ms</td><td>50% / 3</td><td>200 ms</td>
 *       <td>both directions</td></tr>
 *   <tr><td>lossy-80</td><td>10 / 10 Mbps</td><td>25 ms</td><td>2 ms</td><td>80% / 5</td><td>200 ms</td>
 *       <td>both directions</td></tr>
 * </table>
 *
 * <p>See {@code docs/network-profiles.md} for the reasoning behind each row.
 */
public enum NetworkProfile
{
    /** Switched Ethernet next to the server: sub-millisecond, lossless. Alias {@code good}. */
    LAN("lan", ProfileLinks.lan(), ProfileLinks.lan(), "good"),
    /** Cable/DSL broadband behind a home Wi-Fi access point, with a bloated home-router buffer. */
    HOME_WIFI("home-wifi", ProfileLinks.homeWifiUp(), ProfileLinks.homeWifiDown()),
    /** A decent LTE cell: tens of ms of latency, deep radio buffers, rare short loss bursts. */
    FOUR_G("4g", ProfileLinks.fourGUp(), ProfileLinks.fourGDown()),
    /** A loaded LTE cell: low and fluctuating capacity, long queues, more loss. */
    CONGESTED_4G("congested-4g", ProfileLinks.congested4gUp(), ProfileLinks.congested4gDown()),
    /** A phone on an underground train: periodic coverage holes between stations, high jitter and loss. */
    SUBWAY("subway", ProfileLinks.subwayUp(), ProfileLinks.subwayDown()),
    /** Geostationary satellite broadband: about 600 ms round trip, asymmetric capacity. */
    SATELLITE("satellite", ProfileLinks.satelliteUp(), ProfileLinks.satelliteDown()),
    /** Stress test: 30% bursty loss (mean burst 2) both ways on an otherwise fine path. */
    LOSSY_30("lossy-30", ProfileLinks.lossy(0.30, 2.0), ProfileLinks.lossy(0.30, 2.0)),
    /** Stress test: 50% bursty loss (mean burst 3) both ways on an otherwise fine path. */
    LOSSY_50("lossy-50", ProfileLinks.lossy(0.50, 3.0), ProfileLinks.lossy(0.50, 3.0)),
    /** Stress test: 80% bursty loss (mean burst 5) both ways on an otherwise fine path. */
    LOSSY_80("lossy-80", ProfileLinks.lossy(0.80, 5.0), ProfileLinks.lossy(0.80, 5.0));

    /** How long time-varying profiles (capacity changes, blackouts) keep repeating their pattern: two hours. */
    public static final long PATTERN_DURATION_NS = ProfileLinks.PATTERN_DURATION_NS;

    private final String profileName;
    private final LinkConfig uplink;
    private final LinkConfig downlink;
    private final List<String> aliases;

    NetworkProfile(final String profileName, final LinkConfig uplink, final LinkConfig downlink,
        final String... aliases)
    {
        this.profileName = profileName;
        this.uplink = uplink;
        this.downlink = downlink;
        this.aliases = List.of(aliases);
    }

    /**
     * The profile's name as users type it.
     *
     * @return e.g. {@code "home-wifi"}.
     */
    public String profileName()
    {
        return profileName;
    }

    /**
     * Other names accepted by {@link #byName(String)}.
     *
     * @return the aliases, possibly empty.
     */
    public List<String> aliases()
    {
        return aliases;
    }

    /**
     * Client to server direction.
     *
     * @return the uplink configuration.
     */
    public LinkConfig uplink()
    {
        return uplink;
    }

    /**
     * Server to client direction.
     *
     * @return the downlink configuration.
     */
    public LinkConfig downlink()
    {
        return downlink;
    }

    /**
     * Find a profile by name or alias, ignoring case and treating {@code '_'} like {@code '-'}.
     *
     * @param name e.g. {@code "4g"}, {@code "Home-WiFi"}, {@code "good"}.
     * @return the profile.
     * @throws IllegalArgumentException if nothing matches; the message lists every valid name.
     */
    public static NetworkProfile byName(final String name)
    {
        if (name != null)
        {
            final String key = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
            for (final NetworkProfile profile : values())
            {
                if (profile.profileName.equals(key) || profile.aliases.contains(key))
                {
                    return profile;
                }
            }
        }
        throw new IllegalArgumentException(
            "unknown network profile '" + name + "'; valid names: " + String.join(", ", names()));
    }

    /**
     * Every accepted name, profiles first then aliases as {@code "alias (= name)"}.
     *
     * @return the names in declaration order.
     */
    public static List<String> names()
    {
        final List<String> names = new ArrayList<>();
        for (final NetworkProfile profile : values())
        {
            names.add(profile.profileName);
        }
        for (final NetworkProfile profile : values())
        {
            for (final String alias : profile.aliases)
            {
                names.add(alias + " (= " + profile.profileName + ")");
            }
        }
        return Collections.unmodifiableList(names);
    }
}
