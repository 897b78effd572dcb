package io.classwire.core.transport;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class PeerRegistryTest
{
    private static InetSocketAddress address(final byte[] ip, final int port) throws Exception
    {
        return new InetSocketAddress(InetAddress.getByAddress(ip), port);
    }

    @Test
    void shouldAssignDenseStableIdsUpToMaxPeers() throws Exception
    {
        final PeerRegistry registry = new PeerRegistry(3);
        final InetSocketAddress a = address(new byte[] { 10, 0, 0, 1 }, 1000);
        final InetSocketAddress b = address(new byte[] { 10, 0, 0, 1 }, 1001);
        final InetSocketAddress c = address(new byte[] { 10, 0, 0, 2 }, 1000);
        assertEquals(0, registry.register(a));
        assertEquals(1, registry.register(b));
        assertEquals(0, registry.register(a));
        assertEquals(2, registry.register(c));
        assertEquals(PeerRegistry.NO_PEER, registry.register(address(new byte[] { 10, 0, 0, 3 }, 1)));
        assertEquals(3, registry.size());
        assertEquals(b, registry.address(1));
        assertNull(registry.address(3));
        assertNull(registry.address(-1));
    }

    @Test
    void shouldFoldIpv4MappedIpv6OntoIpv4() throws Exception
    {
        final PeerRegistry registry = new PeerRegistry(4);
        final byte[] mapped = new byte[16];
        mapped[10] = (byte)0xFF;
        mapped[11] = (byte)0xFF;
        mapped[12] = 127;
        mapped[15] = 1;
        // InetAddress.getByAddress folds a mapped address itself, so build the Inet6Address explicitly.
        final InetSocketAddress v6 = new InetSocketAddress(java.net.Inet6Address.getByAddress(null, mapped, -1), 5000);
        final InetSocketAddress v4 = address(new byte[] { 127, 0, 0, 1 }, 5000);

        assertEquals(PeerRegistry.NO_PEER, registry.find(v6));
        final int id = registry.register(v4);
        assertEquals(id, registry.find(v6));
        assertEquals(id, registry.lookup(v6), "the alias is remembered for lock-free lookups");
        assertEquals(id, registry.register(v6));
        assertEquals(v4, registry.address(id));
        assertEquals(1, registry.size());
    }
}
