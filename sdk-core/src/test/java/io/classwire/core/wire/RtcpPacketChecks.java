package io.classwire.core.wire;

import org.agrona.DirectBuffer;

/**
 * Validates one input with a parser and, when it is accepted, drives every accessor and checks that every region the
 * flyweight reports lies inside the packet. Violations throw {@link IllegalStateException}. Reused across inputs, so
 * the checks themselves allocate nothing.
 */
final class RtcpPacketChecks
{
    /** One parser under test. */
    @FunctionalInterface
    interface Parser
    {
        /**
         * @param buffer holding the input, with capacity ending where the input ends.
         * @param offset of the input.
         * @param length of the input.
         * @return the parser's status.
         */
        int check(DirectBuffer buffer, int offset, int length);
    }

    private final RtcpCompoundReader reader = new RtcpCompoundReader();
    private final SenderReport sr = new SenderReport();
    private final ReceiverReport rr = new ReceiverReport();
    private final Sdes sdes = new Sdes();
    private final Bye bye = new Bye();
    private final AppPacket app = new AppPacket();
    private final LossPatternReport lossPattern = new LossPatternReport();
    private final NackPacket nack = new NackPacket();
    private final PictureLossIndication pli = new PictureLossIndication();
    private final FullIntraRequest fir = new FullIntraRequest();
    private final SeqCounter seqCounter = new SeqCounter();
    private long sink;

    int compound(final DirectBuffer buffer, final int offset, final int length)
    {
        final int strict = RtcpCompoundValidator.validate(buffer, offset, length);
        final int reduced = RtcpCompoundValidator.validateReducedSize(buffer, offset, length);
        require(strict != WireStatus.OK || reduced == WireStatus.OK, "reduced-size mode rejects a full compound");
        int expectedOffset = offset;
        reader.wrap(buffer, offset, length);
        while (reader.next())
        {
            require(reader.offset() == expectedOffset && reader.length() >= 4, "reader skipped or shrank a packet");
            require(reader.offset() + reader.length() <= offset + length, "reader packet past the end");
            expectedOffset += reader.length();
            if (reduced == WireStatus.OK)
            {
                sink += reader.countOrFormat() + (reader.padding() ? 1 : 0);
                checkPacket(buffer, reader.packetType(), reader.countOrFormat(), reader.offset(), reader.length());
            }
        }
        require(reduced != WireStatus.OK || expectedOffset == offset + length, "valid compound not fully iterated");
        return strict;
    }

    private void checkPacket(
        final DirectBuffer buffer, final int packetType, final int format, final int offset, final int length)
    {
        switch (packetType)
        {
            case RtcpHeader.PT_SR: senderReport(buffer, offset, length); break;
            case RtcpHeader.PT_RR: receiverReport(buffer, offset, length); break;
            case RtcpHeader.PT_SDES: sdes(buffer, offset, length); break;
            case RtcpHeader.PT_BYE: bye(buffer, offset, length); break;
            case RtcpHeader.PT_APP: app(buffer, offset, length); break;
            case RtcpHeader.PT_RTPFB: nack(buffer, offset, length); break;
            case RtcpHeader.PT_PSFB:
                if (format == RtcpHeader.FMT_FIR)
                {
                    fir(buffer, offset, length);
                }
                else
                {
                    pli(buffer, offset, length);
                }
                break;
            default:
                break;
        }
    }

    int senderReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = sr.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            sink += sr.senderSsrc() + sr.ntpTimestamp() + sr.ntpMiddle32() + sr.rtpTimestamp() + sr.packetCount() +
                sr.octetCount();
            for (int i = 0; i < sr.reportCount(); i++)
            {
                reportBlock(buffer, sr.reportBlockOffset(i), offset, length);
            }
            region(sr.extensionOffset(), sr.extensionLength(), offset, length);
        }
        return status;
    }

    int receiverReport(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = rr.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            sink += rr.senderSsrc();
            for (int i = 0; i < rr.reportCount(); i++)
            {
                reportBlock(buffer, rr.reportBlockOffset(i), offset, length);
            }
            region(rr.extensionOffset(), rr.extensionLength(), offset, length);
        }
        return status;
    }

    private void reportBlock(final DirectBuffer buffer, final int blockOffset, final int offset, final int length)
    {
        region(blockOffset, ReportBlock.LENGTH, offset, length);
        final int lost = ReportBlock.cumulativeLost(buffer, blockOffset);
        require(lost >= ReportBlock.MIN_CUMULATIVE_LOST && lost <= ReportBlock.MAX_CUMULATIVE_LOST, "lost range");
        sink += ReportBlock.ssrc(buffer, blockOffset) + ReportBlock.fractionLost(buffer, blockOffset) +
            ReportBlock.extendedHighestSeq(buffer, blockOffset) + ReportBlock.jitter(buffer, blockOffset) +
            ReportBlock.lastSr(buffer, blockOffset) + ReportBlock.delaySinceLastSr(buffer, blockOffset);
    }

    int sdes(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = sdes.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            int chunks = 0;
            int firstSsrc = 0;
            while (sdes.nextChunk())
            {
                firstSsrc = chunks++ == 0 ? sdes.chunkSsrc() : firstSsrc;
                while (sdes.nextItem())
                {
                    region(sdes.itemTextOffset() - 2, sdes.itemLength() + 2, offset, length);
                    sink += sdes.itemType() + readAll(buffer, sdes.itemTextOffset(), sdes.itemLength());
                }
            }
            require(chunks == sdes.chunkCount(), "chunk cursor disagrees with SC");
            if (sdes.findCname(firstSsrc))
            {
                require(sdes.itemType() == Sdes.CNAME, "findCname stopped on another item");
                region(sdes.itemTextOffset(), sdes.itemLength(), offset, length);
            }
        }
        return status;
    }

    int bye(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = bye.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            for (int i = 0; i < bye.sourceCount(); i++)
            {
                sink += bye.source(i);
            }
            if (bye.hasReason())
            {
                region(bye.reasonOffset(), bye.reasonLength(), offset, length);
                sink += readAll(buffer, bye.reasonOffset(), bye.reasonLength());
            }
        }
        return status;
    }

    int app(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = app.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            require((app.dataLength() & 3) == 0, "APP data not whole words");
            region(app.dataOffset(), app.dataLength(), offset, length);
            sink += app.subtype() + app.ssrc() + app.name() + readAll(buffer, app.dataOffset(), app.dataLength());
        }
        return status;
    }

    int lossPattern(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = lossPattern.wrapAndValidate(buffer, offset, length);
        if (status == WireStatus.OK)
        {
            final double burst = lossPattern.meanBurstPackets();
            require(burst >= 0 && burst <= LossPatternReport.MAX_MEAN_BURST, "burst out of range: " + burst);
            sink += lossPattern.reporterSsrc() + lossPattern.mediaSsrc() + (long)burst;
        }
        return status;
    }

    int nack(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = nack.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            require(nack.itemCount() >= 1, "NACK without items");
            region(offset + RtcpHeader.FCI_OFFSET, nack.itemCount() * NackPacket.ITEM_LENGTH, offset, length);
            sink += nack.senderSsrc() + nack.mediaSsrc() + nack.pid(nack.itemCount() - 1) + nack.blp(0);
            seqCounter.count = 0;
            final int reported = nack.forEachLost(seqCounter);
            require(reported == seqCounter.count && reported == nack.lostCount(), "lost counts disagree");
        }
        return status;
    }

    int pli(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = pli.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            require(length == PictureLossIndication.LENGTH, "PLI accepted with FCI");
            sink += pli.senderSsrc() + pli.mediaSsrc();
        }
        return status;
    }

    int fir(final DirectBuffer buffer, final int offset, final int length)
    {
        final int status = fir.wrap(buffer, offset, length).validate();
        if (status == WireStatus.OK)
        {
            region(offset + RtcpHeader.FCI_OFFSET, fir.entryCount() * FullIntraRequest.ENTRY_LENGTH, offset, length);
            sink += fir.senderSsrc() + fir.mediaSsrc();
            for (int i = 0; i < fir.entryCount(); i++)
            {
                sink += fir.entrySsrc(i) + fir.entrySeqNr(i);
            }
        }
        return status;
    }

    private int readAll(final DirectBuffer buffer, final int from, final int count)
    {
        int sum = 0;
        for (int i = 0; i < count; i++)
        {
            sum += buffer.getByte(from + i);
        }
        return sum;
    }

    private static void region(final int regionOffset, final int regionLength, final int offset, final int length)
    {
        require(regionLength >= 0 && regionOffset >= offset && regionOffset + regionLength <= offset + length,
            "region outside the packet");
    }

    private static void require(final boolean condition, final String what)
    {
        if (!condition)
        {
            throw new IllegalStateException(what);
        }
    }

    private static final class SeqCounter implements SeqHandler
    {
        private int count;

        @Override
        public void onSeq(final int seq)
        {
            if ((seq & ~SeqNum.MASK) != 0)
            {
                throw new IllegalStateException("sequence number out of range: " + seq);
            }
            count++;
        }
    }
}
