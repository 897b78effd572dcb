package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

/**
 * Receiver side of our FEC: keeps recent media packets of one SSRC ({@link ReceivedUnitStore}) and the groups that
 * repair packets announce ({@link FecHeader}), and rebuilds lost packets as soon as a group allows: an XOR group
 * with exactly one member missing ({@link XorFecDecoder}), a Reed-Solomon block with at least as many repairs as
 * missing members ({@link ReedSolomonFec}). Both schemes may arrive on one FEC stream, since the protection policy
 * switches between them. A recovered packet can complete other groups (row and column groups of a 2-D XOR block),
 * so recovery repeats until nothing more comes back.
 *
 * <p>Losses a group cannot rebuild are reported once, through
 * {@link RecoveredPacketHandler#onUnrecoverable(int)}, when the last group covering them is given up: after
 * {@link FecDecoderContext#groupLifetimePackets()} newer packets, when the table is full, or on {@link #flush}.
 *
 * <p>Bad input never throws: malformed repair payloads are counted by {@link WireStatus} code, repairs for another
 * SSRC, out of the window, duplicated or inconsistent with their group are counted and ignored, and a recovery whose
 * result is not a valid RTP packet (a forged repair) is counted and dropped. Single-threaded; allocation-free after
 * construction.
 */
public final class FecDecoder
{
    /** {@link #onMedia} result: the packet was stored before (a duplicate, or it was already recovered). */
    public static final int DUPLICATE = -1;

    private final int protectedSsrc;
    private final int lifetimePackets;
    private final ReceivedUnitStore store;
    private final FecGroupTable groups;
    private final RsFecDecoder rsDecoder;
    private final FecHeader header = new FecHeader();
    private final RtpPacket rtp = new RtpPacket();
    private final byte[] work;
    private final UnsafeBuffer packetBuffer;
    private final long[] missing;
    private final int[] repairOffsets;
    private final long[] malformed = new long[WireStatus.CODE_COUNT];
    private long mediaStored;
    private long mediaDuplicates;
    private long mediaIgnored;
    private long repairsAccepted;
    private int lastBlockSpanPackets;
    private long repairsIgnored;
    private long packetsRecovered;
    private long recoveryFailures;
    private long lossesUnrecoverable;
    private long groupsEvicted;

    /**
     * @param context sizing; concluded here.
     */
    public FecDecoder(final FecDecoderContext context)
    {
        context.conclude();
        this.protectedSsrc = context.protectedSsrc();
        this.lifetimePackets = context.groupLifetimePackets();
        this.store = new ReceivedUnitStore(context.storeCapacity(), context.maxPacketLength());
        final int slotLength = store.slotLength();
        this.groups = new FecGroupTable(context.maxGroups(), context.maxRepair(), context.poolSymbols(), slotLength);
        this.rsDecoder = new RsFecDecoder(context.maxRepair(), slotLength);
        this.work = new byte[context.maxRepair() * slotLength];
        this.packetBuffer = new UnsafeBuffer(new byte[context.maxPacketLength()]);
        this.missing = new long[context.maxRepair() + 1];
        this.repairOffsets = new int[context.maxRepair()];
    }

    /**
     * A media packet of the protected stream arrived (or was recovered by other means, e.g. retransmission).
     *
     * @param packet  buffer holding a validated RTP packet.
     * @param offset  of its first byte.
     * @param length  in bytes.
     * @param handler receives packets this arrival lets the decoder rebuild.
     * @return packets recovered, or {@link #DUPLICATE}.
     */
    public int onMedia(final DirectBuffer packet, final int offset, final int length,
        final RecoveredPacketHandler handler)
    {
        if (length < RtpPacket.FIXED_HEADER_LENGTH ||
            packet.getInt(offset + RtpPacket.SSRC_OFFSET, ByteOrder.BIG_ENDIAN) != protectedSsrc)
        {
            mediaIgnored++;
            return 0;
        }
        final long ext = store.put(packet, offset, length);
        if (ext < 0)
        {
            final int seq = packet.getShort(offset + RtpPacket.SEQUENCE_NUMBER_OFFSET, ByteOrder.BIG_ENDIAN) & 0xFFFF;
            if (store.contains(store.extend(seq)))
            {
                mediaDuplicates++;
                return DUPLICATE;
            }
            else
            {
                mediaIgnored++;
            }
            return 0;
        }
        mediaStored++;
        int recovered = 0;
        for (int g = 0; g < groups.maxGroups(); g++)
        {
            if (groups.isActive(g) && groups.contains(g, ext))
            {
                recovered += tryRecover(g, handler);
            }
        }
        if (recovered > 0)
        {
            recovered += cascade(handler);
        }
        evictStale(handler);
        return recovered;
    }

    /**
     * A repair packet's payload arrived.
     *
     * @param payload buffer holding the payload ({@link RtpPacket#payloadOffset()} of the FEC packet).
     * @param offset  of its first byte.
     * @param length  payload bytes, padding excluded.
     * @param handler receives packets this repair lets the decoder rebuild.
     * @return packets recovered (0 when the repair was ignored), or a negative {@link WireStatus} code when the
     *         payload is malformed (counted by {@link #repairsMalformed(int)}).
     */
    public int onRepair(final DirectBuffer payload, final int offset, final int length,
        final RecoveredPacketHandler handler)
    {
        final int status = header.wrap(payload, offset, length).validate();
        if (status != WireStatus.OK)
        {
            malformed[-status]++;
            return status;
        }
        final int k = header.mediaCount();
        final int m = header.repairCount();
        final int symbolLength = header.symbolLength();
        if (header.protectedSsrc() != protectedSsrc || m > groups.maxRepair() ||
            symbolLength > store.slotLength() || !inWindow(store.extend(header.baseSequenceNumber()), k))
        {
            repairsIgnored++;
            return 0;
        }
        final long base = store.extend(header.baseSequenceNumber());
        final int index = header.repairIndex();
        int g = groups.find(header.scheme(), base, header.stride(), k, m);
        if (g >= 0 && (groups.hasSymbol(g, index) || groups.symbolLength(g) != symbolLength))
        {
            repairsIgnored++;
            return 0;
        }
        if (g < 0)
        {
            g = groups.allocate(header.scheme(), base, header.stride(), k, m, symbolLength);
            if (g < 0)
            {
                evict(groups.oldest(), handler);
                g = groups.allocate(header.scheme(), base, header.stride(), k, m, symbolLength);
            }
        }
        while (!groups.addSymbol(g, index, payload, header.symbolOffset()))
        {
            evict(groups.oldestEndingExcept(g), handler);
        }
        repairsAccepted++;
        lastBlockSpanPackets = (k - 1) * header.stride();
        int recovered = tryRecover(g, handler);
        if (recovered > 0)
        {
            recovered += cascade(handler);
        }
        return recovered;
    }

    /**
     * How far apart, in packets, the first and last media packets of the latest accepted repair's block are: a
     * receiver must hold a block's first packet at least that many packet intervals for its repairs to be of use.
     *
     * @return {@code (k - 1) * stride} of the latest accepted repair, 0 before the first.
     */
    public int lastBlockSpanPackets()
    {
        return lastBlockSpanPackets;
    }

    private boolean inWindow(final long base, final int k)
    {
        final long highest = store.highest();
        if (highest < 0)
        {
            return true;
        }
        final long last = base + (long)(k - 1) * header.stride();
        return !store.isTooOld(base) && highest - last <= lifetimePackets && base - highest <= store.capacity() / 2;
    }

    private int cascade(final RecoveredPacketHandler handler)
    {
        int total = 0;
        int progress;
        do
        {
            progress = 0;
            for (int g = 0; g < groups.maxGroups(); g++)
            {
                if (groups.isActive(g))
                {
                    progress += tryRecover(g, handler);
                }
            }
            total += progress;
        }
        while (progress > 0);
        return total;
    }

    private int tryRecover(final int g, final RecoveredPacketHandler handler)
    {
        final int k = groups.mediaCount(g);
        final int present = groups.repairsPresent(g);
        int missingCount = 0;
        for (int i = 0; i < k; i++)
        {
            final long ext = groups.memberExt(g, i);
            if (!store.contains(ext))
            {
                if (missingCount == present || store.isTooOld(ext))
                {
                    return 0;
                }
                missing[missingCount++] = ext;
            }
        }
        if (missingCount == 0)
        {
            groups.release(g);
            return 0;
        }
        final int length = groups.symbolLength(g);
        final boolean solved = groups.scheme(g) == FecHeader.SCHEME_XOR ?
            XorFecDecoder.recover(store, groups.baseExt(g), groups.stride(g), k, missing[0], groups.pool(),
                groups.symbolOffset(g, 0), length, work, 0) :
            solveReedSolomon(g, missingCount, length);
        int recovered = 0;
        if (solved)
        {
            for (int c = 0; c < missingCount; c++)
            {
                recovered += emit(missing[c], work, c * store.slotLength(), length, handler);
            }
        }
        else
        {
            recoveryFailures++;
        }
        groups.release(g);
        return recovered;
    }

    private boolean solveReedSolomon(final int g, final int missingCount, final int length)
    {
        final int m = groups.repairCount(g);
        for (int j = 0; j < m; j++)
        {
            repairOffsets[j] = groups.hasSymbol(g, j) ? groups.symbolOffset(g, j) : -1;
        }
        return rsDecoder.recover(store, groups.baseExt(g), groups.stride(g), groups.mediaCount(g), m, missing,
            missingCount, groups.pool(), repairOffsets, length, work);
    }

    private int emit(final long ext, final byte[] unit, final int unitOffset, final int unitLength,
        final RecoveredPacketHandler handler)
    {
        final int length = FecUnit.restore(
            unit, unitOffset, unitLength, (int)ext & 0xFFFF, protectedSsrc, packetBuffer, 0, packetBuffer.capacity());
        if (length < 0 || rtp.wrap(packetBuffer, 0, length).validate() != WireStatus.OK)
        {
            recoveryFailures++;
            return 0;
        }
        store.putUnit(ext, unit, unitOffset, FecUnit.unitLength(length));
        packetsRecovered++;
        handler.onPacket(packetBuffer, 0, length, true);
        return 1;
    }

    private void evictStale(final RecoveredPacketHandler handler)
    {
        final long highest = store.highest();
        for (int g = 0; g < groups.maxGroups(); g++)
        {
            if (groups.isActive(g) &&
                (highest - groups.lastExt(g) > lifetimePackets || store.isTooOld(groups.baseExt(g))))
            {
                evict(g, handler);
            }
        }
    }

    private void evict(final int g, final RecoveredPacketHandler handler)
    {
        if (g < 0 || !groups.isActive(g))
        {
            return;
        }
        final int k = groups.mediaCount(g);
        for (int i = 0; i < k; i++)
        {
            final long ext = groups.memberExt(g, i);
            if (!store.contains(ext) && !groups.coveredElsewhere(g, ext) && store.markReported(ext))
            {
                lossesUnrecoverable++;
                handler.onUnrecoverable((int)ext & 0xFFFF);
            }
        }
        groups.release(g);
        groupsEvicted++;
    }

    /**
     * Give up every waiting group now, reporting the losses none of them can rebuild (end of stream, tests).
     *
     * @param handler receives the unrecoverable losses.
     */
    public void flush(final RecoveredPacketHandler handler)
    {
        int g;
        while ((g = groups.oldest()) >= 0)
        {
            evict(g, handler);
        }
    }

    /** @return the SSRC of the protected stream. */
    public int protectedSsrc()
    {
        return protectedSsrc;
    }

    /** @return media packets stored. */
    public long mediaStored()
    {
        return mediaStored;
    }

    /** @return media packets already stored (received twice, or received after being recovered). */
    public long mediaDuplicates()
    {
        return mediaDuplicates;
    }

    /** @return media packets of another SSRC, too short, too long or too old to store. */
    public long mediaIgnored()
    {
        return mediaIgnored;
    }

    /** @return well-formed repairs taken into a group. */
    public long repairsAccepted()
    {
        return repairsAccepted;
    }

    /** @return well-formed repairs ignored: another SSRC, out of the window, too large, duplicated, inconsistent. */
    public long repairsIgnored()
    {
        return repairsIgnored;
    }

    /**
     * @param status a negative {@link WireStatus} code.
     * @return repairs rejected by the header check with that code.
     */
    public long repairsMalformed(final int status)
    {
        return status < 0 && -status < malformed.length ? malformed[-status] : 0;
    }

    /** @return repairs rejected by the header check, all codes. */
    public long repairsMalformed()
    {
        long total = 0;
        for (final long count : malformed)
        {
            total += count;
        }
        return total;
    }

    /** @return packets rebuilt and handed out. */
    public long packetsRecovered()
    {
        return packetsRecovered;
    }

    /** @return recoveries that produced no valid RTP packet (inconsistent or forged repairs). */
    public long recoveryFailures()
    {
        return recoveryFailures;
    }

    /** @return losses reported unrecoverable. */
    public long lossesUnrecoverable()
    {
        return lossesUnrecoverable;
    }

    /** @return groups given up before all their members were there. */
    public long groupsEvicted()
    {
        return groupsEvicted;
    }

    /** @return groups waiting now. */
    public int groupsWaiting()
    {
        return groups.activeCount();
    }
}
