package io.classwire.core.recovery;

import org.agrona.DirectBuffer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test handler: copies every packet handed out, keyed by sequence number, and every unrecoverable loss. */
final class CollectingHandler implements RecoveredPacketHandler
{
    final Map<Integer, byte[]> recovered = new LinkedHashMap<>();
    final Map<Integer, byte[]> plain = new LinkedHashMap<>();
    final List<Integer> order = new ArrayList<>();
    final List<Integer> unrecoverable = new ArrayList<>();
    int duplicateRecoveries;

    @Override
    public void onPacket(final DirectBuffer buffer, final int offset, final int length, final boolean isRecovered)
    {
        final byte[] copy = new byte[length];
        buffer.getBytes(offset, copy);
        final int seq = TestPackets.seqOf(copy);
        order.add(seq);
        if (isRecovered)
        {
            if (recovered.put(seq, copy) != null)
            {
                duplicateRecoveries++;
            }
        }
        else
        {
            plain.put(seq, copy);
        }
    }

    @Override
    public void onUnrecoverable(final int seq)
    {
        unrecoverable.add(seq);
    }

    void clear()
    {
        recovered.clear();
        plain.clear();
        order.clear();
        unrecoverable.clear();
        duplicateRecoveries = 0;
    }
}
