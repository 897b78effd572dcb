package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Classwire loss-pattern APP packet: layout, round trip, rejections. */
class LossPatternReportTest
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[64]);
    private final LossPatternReport report = new LossPatternReport();

    @Test
    void shouldWriteTheDocumentedLayoutAndReadItBack()
    {
        assertEquals(20, LossPatternReport.build(buffer, 4, 60, 0x11223344, 0x55667788, 2.5));
        // V=2, subtype 0, PT 204, length 4 words; SSRC; "CWLP"; media SSRC; 2.5 * 256 = 0x0280, reserved 0
        final byte[] expected = {
            (byte)0x80, (byte)204, 0, 4, 0x11, 0x22, 0x33, 0x44, 'C', 'W', 'L', 'P',
            0x55, 0x66, 0x77, (byte)0x88, 0x02, (byte)0x80, 0, 0 };
        for (int i = 0; i < expected.length; i++)
        {
            assertEquals(expected[i], buffer.getByte(4 + i), "byte " + i);
        }
        assertEquals(WireStatus.OK, report.wrapAndValidate(buffer, 4, 20));
        assertEquals(0x11223344, report.reporterSsrc());
        assertEquals(0x55667788, report.mediaSsrc());
        assertEquals(2.5, report.meanBurstPackets());
    }

    @Test
    void shouldClampRoundAndRejectBadValues()
    {
        LossPatternReport.build(buffer, 0, 64, 1, 2, 1000.0);
        report.wrapAndValidate(buffer, 0, 20);
        assertEquals(LossPatternReport.MAX_MEAN_BURST, report.meanBurstPackets());
        LossPatternReport.build(buffer, 0, 64, 1, 2, 1.0 + 1.0 / 1024);
        report.wrapAndValidate(buffer, 0, 20);
        assertEquals(1.0, report.meanBurstPackets(), 1.0 / 256);
        assertEquals(WireStatus.BAD_VALUE, LossPatternReport.build(buffer, 0, 64, 1, 2, -1.0));
        assertEquals(WireStatus.BAD_VALUE, LossPatternReport.build(buffer, 0, 64, 1, 2, Double.NaN));
        assertEquals(WireStatus.TRUNCATED, LossPatternReport.build(buffer, 0, 19, 1, 2, 1.0));
    }

    @Test
    void shouldRejectOtherAppPacketsAndShortData()
    {
        final UnsafeBuffer data = new UnsafeBuffer(new byte[16]);
        final int other = AppPacket.build(buffer, 0, 64, 0, 1, AppPacket.name('W', 'X', 'Y', 'Z'), data, 0, 8);
        assertEquals(WireStatus.BAD_TYPE, report.wrapAndValidate(buffer, 0, other));
        final int subtype = AppPacket.build(buffer, 0, 64, 1, 1, LossPatternReport.NAME, data, 0, 8);
        assertEquals(WireStatus.BAD_TYPE, report.wrapAndValidate(buffer, 0, subtype));
        final int shortData = AppPacket.build(buffer, 0, 64, 0, 1, LossPatternReport.NAME, data, 0, 4);
        assertEquals(WireStatus.TRUNCATED, report.wrapAndValidate(buffer, 0, shortData));
        final int longer = AppPacket.build(buffer, 0, 64, 0, 1, LossPatternReport.NAME, data, 0, 16);
        assertEquals(WireStatus.OK, report.wrapAndValidate(buffer, 0, longer), "a later, longer version");
        assertEquals(WireStatus.TRUNCATED, report.wrapAndValidate(buffer, 0, 8));
    }
}
