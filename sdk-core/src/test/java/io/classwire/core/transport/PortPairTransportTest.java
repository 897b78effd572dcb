package io.classwire.core.transport;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing by class to the RTP or RTCP transport, one peer id for both sockets, and address learning. */
class PortPairTransportTest
{
    // First bytes of an RTP packet (V=2, PT 111) and an RTCP receiver report (V=2, PT 201), built from RFC 3550.
    private static final byte[] RTP = { (byte)0x80, 111, 0, 1, 0, 0, 0, 20, 0, 0, 0, 7, 1, 2, 3 };
    private static final byte[] RTCP = { (byte)0x80, (byte)201, 0, 1, 0, 0, 0, 7 };

    private final FakeTransport rtpSocket = new FakeTransport();
    private final FakeTransport rtcpSocket = new FakeTransport();
    private final PortPairTransport transport = new PortPairTransport(rtpSocket, rtcpSocket, 4);
    private final List<String> delivered = new ArrayList<>();
    private final DatagramHandler recorder =
        (peerId, buffer, offset, length, receivedNs) -> delivered.add(peerId + ":" + length + "@" + receivedNs);

    @Test
    void shouldSendRtcpToRtpPortPlusOneWhenRegisteredByRtpPort()
    {
        final int peer = transport.peerId("192.0.2.7", 5004);

        assertEquals(DatagramTransport.OK, transport.send(peer, new UnsafeBuffer(RTP), 0, RTP.length));
        assertEquals(DatagramTransport.OK, transport.send(peer, new UnsafeBuffer(RTCP), 0, RTCP.length));

        assertEquals(List.of("192.0.2.7:5004"), rtpSocket.sentTo());
        assertEquals(List.of("192.0.2.7:5005"), rtcpSocket.sentTo());
        assertArrayEquals(RTCP, rtcpSocket.sent.get(0));
    }

    @Test
    void shouldRouteToExplicitPorts()
    {
        final int peer = transport.peerId("127.0.0.1", 6000, 7001);
        transport.send(peer, new UnsafeBuffer(RTCP), 0, RTCP.length);

        assertEquals(List.of("127.0.0.1:7001"), rtcpSocket.sentTo());
        assertEquals(peer, transport.peerId("127.0.0.1", 6000, 7001), "same pair, same id");
        assertEquals(DatagramTransport.NOT_CONNECTED, transport.peerId("127.0.0.1", 6000, 7003), "split pair");
    }

    @Test
    void shouldDeliverBothSocketsAsOnePeerWhenSourcesAreLearnt()
    {
        final int peer = transport.peerId("", 0, 0);
        final int rtpSource = rtpSocket.peerId("10.0.0.1", 40_000);
        final int rtcpSource = rtcpSocket.peerId("10.0.0.1", 40_001);
        rtpSocket.inject(rtpSource, RTP, 100);
        rtcpSocket.inject(rtcpSource, RTCP, 200);

        assertEquals(2, transport.poll(recorder, 10));

        assertEquals(List.of(peer + ":8@200", peer + ":15@100"), delivered, "RTCP socket is read first");
        transport.send(peer, new UnsafeBuffer(RTCP), 0, RTCP.length);
        assertEquals(List.of("10.0.0.1:40001"), rtcpSocket.sentTo(), "RTCP goes back where RTCP came from");
        assertEquals(rtpSource, transport.rtpPeerId(peer));
    }

    @Test
    void shouldAttributeUnknownSourcesToDefaultPeer()
    {
        final int peer = transport.peerId("192.0.2.1", 5004, 5005);
        transport.defaultPeer(peer);
        final int ephemeral = rtcpSocket.peerId("192.0.2.1", 51_515);
        rtcpSocket.inject(ephemeral, RTCP, 1);
        rtpSocket.inject(rtpSocket.peerId("192.0.2.1", 51_000), RTP, 2);

        assertEquals(2, transport.poll(recorder, 10));

        assertEquals(List.of(peer + ":8@1", peer + ":15@2"), delivered);
        transport.send(peer, new UnsafeBuffer(RTCP), 0, RTCP.length);
        assertEquals(List.of("192.0.2.1:5005"), rtcpSocket.sentTo(), "a configured address is never replaced");
    }

    @Test
    void shouldDropAndCountUnknownSourcesWithoutDefaultPeer()
    {
        transport.peerId("192.0.2.1", 5004, 5005);
        rtpSocket.inject(rtpSocket.peerId("198.51.100.9", 9), RTP, 1);

        assertEquals(1, transport.poll(recorder, 10));

        assertTrue(delivered.isEmpty());
        assertEquals(1, transport.unknownSourceDrops());
    }

    @Test
    void shouldRefuseSendsToAddressesNotLearntYet()
    {
        final int peer = transport.peerId("", 0, 0);

        assertEquals(DatagramTransport.NOT_CONNECTED, transport.send(peer, new UnsafeBuffer(RTCP), 0, RTCP.length));
        assertEquals(DatagramTransport.NOT_CONNECTED, transport.send(7, new UnsafeBuffer(RTP), 0, RTP.length));
        assertEquals(DatagramTransport.NOT_CONNECTED, transport.peerId("h", 65535));
        assertThrows(IllegalArgumentException.class, () -> transport.defaultPeer(3));
    }

    @Test
    void shouldHonourPollLimitAcrossBothSockets()
    {
        transport.defaultPeer(transport.peerId("", 0, 0));
        for (int i = 0; i < 3; i++)
        {
            rtcpSocket.inject(rtcpSocket.peerId("a", 1), RTCP, i);
            rtpSocket.inject(rtpSocket.peerId("a", 2), RTP, i);
        }

        assertEquals(4, transport.poll(recorder, 4));
        assertEquals(2, transport.poll(recorder, 4));
        assertEquals(0, transport.poll(recorder, 4));
    }

    @Test
    void shouldCloseBothTransportsOnce()
    {
        transport.close();
        transport.close();

        assertEquals(1, rtpSocket.closes);
        assertEquals(1, rtcpSocket.closes);
        assertEquals(0, transport.poll(recorder, 4));
    }

    /** Records sends and replays injected datagrams; peer ids are assigned per host:port like a real endpoint. */
    private static final class FakeTransport implements DatagramTransport
    {
        private final Map<String, Integer> ids = new HashMap<>();
        private final List<String> names = new ArrayList<>();
        private final List<byte[]> sent = new ArrayList<>();
        private final List<Integer> sentPeers = new ArrayList<>();
        private final List<Object[]> inbound = new ArrayList<>();
        private int closes;

        @Override
        public int peerId(final String host, final int port)
        {
            return ids.computeIfAbsent(host + ":" + port, name ->
            {
                names.add(name);
                return names.size() - 1;
            });
        }

        @Override
        public int send(final int peerId, final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] copy = new byte[length];
            buffer.getBytes(offset, copy);
            sent.add(copy);
            sentPeers.add(peerId);
            return OK;
        }

        void inject(final int sourceId, final byte[] bytes, final long receivedNs)
        {
            inbound.add(new Object[] { sourceId, bytes, receivedNs });
        }

        @Override
        public int poll(final DatagramHandler handler, final int limit)
        {
            int n = 0;
            while (n < limit && !inbound.isEmpty())
            {
                final Object[] datagram = inbound.remove(0);
                final byte[] bytes = (byte[])datagram[1];
                handler.onDatagram((Integer)datagram[0], new UnsafeBuffer(bytes), 0, bytes.length, (Long)datagram[2]);
                n++;
            }
            return n;
        }

        List<String> sentTo()
        {
            final List<String> to = new ArrayList<>();
            for (final int peer : sentPeers)
            {
                to.add(names.get(peer));
            }
            return to;
        }

        @Override
        public void close()
        {
            closes++;
        }
    }
}
