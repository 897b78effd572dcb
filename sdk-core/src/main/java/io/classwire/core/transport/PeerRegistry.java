package io.classwire.core.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Two-way map between peer socket addresses and dense int ids, shared by the event loop (which registers senders
 * on first contact and looks up every received datagram) and the agent thread (which registers peers it wants to
 * send to). Lookups in both directions are lock-free and allocation-free; registration takes a lock, which is
 * fine because it happens once per peer.
 *
 * <p>Ids are assigned 0, 1, 2, ... and never reused, so an id stays valid for the endpoint's life. IPv4-mapped IPv6
 * addresses ({@code ::ffff:a.b.c.d}, which a dual-stack socket may report) are folded onto their IPv4 form, so one
 * peer has one id whichever way the socket spells its address.
 */
final class PeerRegistry
{
    /** Returned when an address is not registered, or cannot be because the registry is full. */
    static final int NO_PEER = -1;

    private final ConcurrentHashMap<InetSocketAddress, Integer> idByAddress;
    private final AtomicReferenceArray<InetSocketAddress> addressById;
    private final int maxPeers;
    private int peerCount;

    PeerRegistry(final int maxPeers)
    {
        this.maxPeers = maxPeers;
        this.idByAddress = new ConcurrentHashMap<>(Math.min(maxPeers, 1024) * 2);
        this.addressById = new AtomicReferenceArray<>(maxPeers);
    }

    /**
     * @param address as a socket reported it.
     * @return its id, or {@link #NO_PEER} when it is not registered.
     */
    int lookup(final InetSocketAddress address)
    {
        final Integer id = idByAddress.get(address);
        return null == id ? NO_PEER : id;
    }

    /**
     * Look up an address under any spelling without registering it.
     *
     * @param address as a socket reported it.
     * @return its id, or {@link #NO_PEER} when the peer is not registered.
     */
    int find(final InetSocketAddress address)
    {
        final int id = lookup(address);
        if (id != NO_PEER)
        {
            return id;
        }
        return findSlowly(address);
    }

    private synchronized int findSlowly(final InetSocketAddress address)
    {
        final InetSocketAddress canonical = canonical(address);
        if (canonical == address)
        {
            return NO_PEER;
        }
        final Integer known = idByAddress.get(canonical);
        if (null == known)
        {
            return NO_PEER;
        }
        idByAddress.putIfAbsent(address, known);
        return known;
    }

    /**
     * Look up an address, registering it when it is new and there is room.
     *
     * @param address as a socket reported it, or as the application named it.
     * @return its id, or {@link #NO_PEER} when the registry is full.
     */
    int register(final InetSocketAddress address)
    {
        final int id = lookup(address);
        if (id != NO_PEER)
        {
            return id;
        }
        return registerSlowly(address);
    }

    private synchronized int registerSlowly(final InetSocketAddress address)
    {
        final InetSocketAddress canonical = canonical(address);
        final Integer known = idByAddress.get(canonical);
        if (null != known)
        {
            // Same peer spelled differently: remember this spelling too so its next lookup is a hit.
            idByAddress.putIfAbsent(address, known);
            return known;
        }
        if (peerCount == maxPeers)
        {
            return NO_PEER;
        }
        final int id = peerCount++;
        addressById.set(id, canonical);
        final Integer boxedId = id;
        idByAddress.put(canonical, boxedId);
        if (!canonical.equals(address))
        {
            idByAddress.put(address, boxedId);
        }
        return id;
    }

    /**
     * @param peerId an id from this registry, or anything else.
     * @return the address for the id, or null when the id was never assigned.
     */
    InetSocketAddress address(final int peerId)
    {
        if (peerId < 0 || peerId >= maxPeers)
        {
            return null;
        }
        return addressById.get(peerId);
    }

    /** @return number of peers registered so far. */
    synchronized int size()
    {
        return peerCount;
    }

    /** @return most peers this registry will hold. */
    int maxPeers()
    {
        return maxPeers;
    }

    static InetSocketAddress canonical(final InetSocketAddress address)
    {
        final InetAddress inetAddress = address.getAddress();
        if (inetAddress instanceof Inet6Address)
        {
            final byte[] bytes = inetAddress.getAddress();
            if (isIpv4Mapped(bytes))
            {
                try
                {
                    return new InetSocketAddress(
                        InetAddress.getByAddress(Arrays.copyOfRange(bytes, 12, 16)), address.getPort());
                }
                catch (final UnknownHostException ex)
                {
                    throw new IllegalStateException("4-byte address rejected", ex);
                }
            }
        }
        return address;
    }

    private static boolean isIpv4Mapped(final byte[] bytes)
    {
        for (int i = 0; i < 10; i++)
        {
            if (bytes[i] != 0)
            {
                return false;
            }
        }
        return bytes[10] == (byte)0xFF && bytes[11] == (byte)0xFF;
    }
}
