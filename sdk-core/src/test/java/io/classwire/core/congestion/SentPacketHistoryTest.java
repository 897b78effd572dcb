package io.classwire.core.congestion;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentPacketHistoryTest
{
    @Test
    void shouldAssignMonotonicSequencesAndWireValues()
    {
        final TransportSequencer sequencer = new TransportSequencer(65_534);
        assertEquals(65_534, sequencer.next());
        assertEquals(65_535, sequencer.next());
        final long third = sequencer.next();
        assertEquals(65_536, third);
        assertEquals(0, TransportSequencer.wireSequence(third), "the wire carries the low 16 bits");
        assertEquals(65_537, sequencer.peekNext());
    }

    @Test
    void shouldFindRecordedPacketsAndTrackBytesInFlight()
    {
        final SentPacketHistory history = new SentPacketHistory(16, 1_000_000);
        assertTrue(history.add(10, 1_000, 1200, PacketKind.VIDEO, SentPacketHistory.NOT_A_PROBE));
        assertTrue(history.add(12, 2_000, 100, PacketKind.AUDIO, 3));
        assertFalse(history.add(12, 3_000, 100, PacketKind.AUDIO, 3), "sequence numbers must increase");
        assertEquals(1300, history.inFlightBytes());

        final int index = history.indexOf(12);
        assertEquals(2_000, history.sendTimeUs(index));
        assertEquals(100, history.sizeBytes(index));
        assertEquals(PacketKind.AUDIO, history.kind(index));
        assertEquals(3, history.probeClusterId(index));
        assertEquals(SentPacketHistory.NOT_FOUND, history.indexOf(11), "a gap is not a packet");
        assertEquals(SentPacketHistory.NOT_FOUND, history.indexOf(13));

        assertEquals(SentPacketHistory.STATE_IN_FLIGHT, history.markLost(index));
        assertEquals(1200, history.inFlightBytes());
        assertEquals(SentPacketHistory.STATE_LOST, history.markReceived(index), "a late report repairs a loss");
        assertEquals(SentPacketHistory.STATE_RECEIVED, history.markLost(index), "received stays received");
        assertEquals(SentPacketHistory.STATE_RECEIVED, history.state(index));
        assertEquals(1200, history.inFlightBytes());
    }

    @Test
    void shouldUnwrapWireSequencesAroundTheHighestSent()
    {
        final SentPacketHistory history = new SentPacketHistory(1024, 1_000_000);
        for (long sequence = 65_530; sequence < 65_540; sequence++)
        {
            history.add(sequence, sequence, 100, PacketKind.VIDEO, SentPacketHistory.NOT_A_PROBE);
        }
        assertEquals(65_538, history.unwrap(2));
        assertEquals(65_531, history.unwrap(65_531));
        assertNotEquals(SentPacketHistory.NOT_FOUND, history.indexOf(history.unwrap(65_535)));
    }

    @Test
    void shouldForgetByCountAndByAge()
    {
        final SentPacketHistory history = new SentPacketHistory(16, 100_000);
        for (int i = 0; i < 20; i++)
        {
            history.add(i, i * 10_000L, 100, PacketKind.VIDEO, SentPacketHistory.NOT_A_PROBE);
        }
        assertEquals(SentPacketHistory.NOT_FOUND, history.indexOf(3), "overwritten by sequence 19");
        assertNotEquals(SentPacketHistory.NOT_FOUND, history.indexOf(4));
        assertEquals(1600, history.inFlightBytes(), "16 remembered, 4 forgotten unreported");
        assertEquals(4, history.forgottenUnreported());

        assertEquals(6, history.expire(200_000), "sent before 100 ms: 4..9");
        assertEquals(SentPacketHistory.NOT_FOUND, history.indexOf(9));
        assertNotEquals(SentPacketHistory.NOT_FOUND, history.indexOf(10));
        assertEquals(1000, history.inFlightBytes());
    }
}
