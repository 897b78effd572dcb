package io.classwire.core.recovery;

import io.classwire.core.wire.RtpPacket;
import io.classwire.core.wire.SeqNum;
import org.agrona.DirectBuffer;

import java.util.Arrays;

/**
 * XOR parity FEC in the spirit of FlexFEC (RFC 8627): media packets fill an L x D block row by row, and each repair
 * packet is the XOR of the {@link FecUnit}s of one group. Single-threaded; allocation-free after construction.
 *
 * <pre>
 *   block of L = 4 columns, D = 3 rows, sequence numbers s..s+11:
 *
 *     s    s+1  s+2  s+3   | R0 = s ^ s+1 ^ s+2 ^ s+3           row groups: stride 1, count L
 *     s+4  s+5  s+6  s+7   | R1
 *     s+8  s+9  s+10 s+11  | R2
 *     -------------------
 *     C0   C1   C2   C3      C0 = s ^ s+4 ^ s+8                 column groups: stride L, count D
 * </pre>
 *
 * A group recovers one lost packet. Row groups ({@link #MODE_ROW}, overhead 1/L) suit random loss and add only
 * L - 1 packet intervals of delay; column groups ({@link #MODE_COLUMN}, overhead 1/D) recover any burst of up to L
 * consecutive losses, at the cost of L x (D - 1) intervals of delay; both together ({@link #MODE_ROW_AND_COLUMN})
 * let the decoder recover iteratively. A row's repair is queued right after its last packet, a column's right after
 * its packet in the last row, so repairs are spread over the block instead of bunched at its end.
 */
public final class XorFecEncoder extends BlockFecEncoder
{
    /** Protection off. */
    public static final int MODE_OFF = 0;
    /** Row groups only. */
    public static final int MODE_ROW = 1;
    /** Column (interleaved) groups only. */
    public static final int MODE_COLUMN = 2;
    /** Row and column groups. */
    public static final int MODE_ROW_AND_COLUMN = 3;

    private final int maxColumns;
    private final int maxUnitLength;
    private final byte[] unit;
    private final byte[] rowSymbol;
    private final byte[][] columnSymbols;
    private final int[] columnLengths;
    private int rowLength;
    private int mode;
    private int columns;
    private int rows;
    private int nextMode;
    private int nextColumns;
    private int nextRows;

    /**
     * Create an encoder, off until {@link #configure}.
     *
     * @param maxColumns      largest L to be configured, 1..255.
     * @param maxPacketLength longest media packet to protect; longer ones are left out.
     */
    public XorFecEncoder(final int maxColumns, final int maxPacketLength)
    {
        super(new RepairQueue(checkedColumns(maxColumns, maxPacketLength) + 2, FecUnit.unitLength(maxPacketLength)));
        this.maxColumns = maxColumns;
        this.maxUnitLength = FecUnit.unitLength(maxPacketLength);
        this.unit = new byte[maxUnitLength];
        this.rowSymbol = new byte[maxUnitLength];
        this.columnSymbols = new byte[maxColumns][maxUnitLength];
        this.columnLengths = new int[maxColumns];
    }

    private static int checkedColumns(final int maxColumns, final int maxPacketLength)
    {
        if (maxColumns < 1 || maxColumns > 255 || maxPacketLength < RtpPacket.FIXED_HEADER_LENGTH)
        {
            throw new IllegalArgumentException("maxColumns " + maxColumns + ", maxPacketLength " + maxPacketLength);
        }
        return maxColumns;
    }

    /**
     * Choose the layout, from the next block on (the open block finishes with the old one).
     *
     * @param mode    {@link #MODE_OFF}, {@link #MODE_ROW}, {@link #MODE_COLUMN} or {@link #MODE_ROW_AND_COLUMN}.
     * @param columns L, packets per row, 1..maxColumns.
     * @param rows    D, rows per block, 1..255 (ignored for {@link #MODE_ROW}), with {@code L * (D - 1)} below
     *                {@link FecHeader#MAX_SPAN}.
     * @return this for chaining.
     * @throws IllegalArgumentException for a layout out of range.
     */
    public XorFecEncoder configure(final int mode, final int columns, final int rows)
    {
        final int effectiveRows = mode == MODE_ROW ? 1 : rows;
        if (mode < MODE_OFF || mode > MODE_ROW_AND_COLUMN || columns < 1 || columns > maxColumns ||
            effectiveRows < 1 || effectiveRows > 255 || columns * (effectiveRows - 1) >= FecHeader.MAX_SPAN)
        {
            throw new IllegalArgumentException("mode " + mode + ", " + columns + " x " + rows);
        }
        nextMode = mode;
        nextColumns = columns;
        nextRows = effectiveRows;
        if (position == 0)
        {
            applyConfiguration();
        }
        return this;
    }

    private void applyConfiguration()
    {
        mode = nextMode;
        columns = nextColumns;
        rows = nextRows;
    }

    /** {@inheritDoc} */
    @Override
    public int onMedia(final DirectBuffer packet, final int offset, final int length, final long nowNs)
    {
        if (readMedia(packet, offset, length) != 0)
        {
            return NOT_RTP;
        }
        if (position == 0)
        {
            applyConfiguration();
        }
        if (mode == MODE_OFF)
        {
            return DISABLED;
        }
        if (rejectTooLarge(length, maxUnitLength))
        {
            return TOO_LARGE;
        }
        openBlockIfNone(nowNs);
        final int row = position / columns;
        final int column = position % columns;
        accumulate(packet, offset, length, column);
        advance(packet, offset);
        if (mode != MODE_COLUMN && column == columns - 1)
        {
            emitRow(row, columns);
        }
        if (mode != MODE_ROW && row == rows - 1)
        {
            emitColumn(column, rows);
        }
        if (position == columns * rows)
        {
            position = 0;
        }
        return PROTECTED;
    }

    private void accumulate(final DirectBuffer packet, final int offset, final int length, final int column)
    {
        final int unitLength = FecUnit.write(packet, offset, length, unit, 0);
        if (mode != MODE_COLUMN)
        {
            FecUnit.xor(unit, 0, rowSymbol, 0, unitLength);
            rowLength = Math.max(rowLength, unitLength);
        }
        if (mode != MODE_ROW)
        {
            FecUnit.xor(unit, 0, columnSymbols[column], 0, unitLength);
            columnLengths[column] = Math.max(columnLengths[column], unitLength);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void flush()
    {
        if (position == 0)
        {
            return;
        }
        final int fullRows = position / columns;
        final int lastRowCount = position % columns;
        if (mode != MODE_COLUMN && lastRowCount > 0)
        {
            emitRow(fullRows, lastRowCount);
        }
        if (mode != MODE_ROW)
        {
            for (int column = 0; column < columns; column++)
            {
                final int count = fullRows + (column < lastRowCount ? 1 : 0);
                if (count > 0 && count < rows)
                {
                    emitColumn(column, count);
                }
            }
        }
        position = 0;
    }

    /** {@inheritDoc} */
    @Override
    public boolean flushIfOlderThan(final long nowNs, final long maxAgeNs)
    {
        if (position > 0 && nowNs - blockStartNs >= maxAgeNs)
        {
            flush();
            return true;
        }
        return false;
    }

    private void emitRow(final int row, final int count)
    {
        emit(SeqNum.add(blockBase, row * columns), count, 1, rowSymbol, rowLength);
        Arrays.fill(rowSymbol, 0, rowLength, (byte)0);
        rowLength = 0;
    }

    private void emitColumn(final int column, final int count)
    {
        emit(SeqNum.add(blockBase, column), count, columns, columnSymbols[column], columnLengths[column]);
        Arrays.fill(columnSymbols[column], 0, columnLengths[column], (byte)0);
        columnLengths[column] = 0;
    }

    private void emit(final int base, final int count, final int stride, final byte[] symbol, final int length)
    {
        final int slot = queue.claim();
        final int slotOffset = queue.offset(slot);
        FecHeader.write(queue.buffer(), slotOffset, FecHeader.SCHEME_XOR, count, 1, 0, base, stride, blockSsrc);
        System.arraycopy(symbol, 0, queue.array(), slotOffset + FecHeader.LENGTH, length);
        queue.commit(slot, FecHeader.LENGTH + length, lastTimestamp);
    }

    /** @return the mode in force for the open block. */
    public int mode()
    {
        return mode;
    }

    /** @return L in force for the open block. */
    public int columns()
    {
        return columns;
    }

    /** @return D in force for the open block (1 in row mode). */
    public int rows()
    {
        return rows;
    }
}
