package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.FlowDirection;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes the 200 ms samples of a run as CSV: time, capacity and loss of each bottleneck direction in use, TCP
 * goodput when TCP competes, and per media flow its target, send rate, goodput (kbit/s) and mean queuing delay (ms).
 * Empty cells mean "no value" (flow not started, no packet arrived).
 */
public final class ScenarioCsvWriter
{
    private ScenarioCsvWriter()
    {
    }

    /**
     * Write one run's samples.
     *
     * @param data the samples.
     * @param file where to write; replaced if it exists.
     * @throws IOException if writing fails.
     */
    public static void write(final ScenarioData data, final Path file) throws IOException
    {
        final boolean backward = usesBackward(data);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8))
        {
            out.write("t_s,capacity_kbps,loss");
            if (backward)
            {
                out.write(",backward_capacity_kbps,backward_loss");
            }
            if (data.hasTcp())
            {
                out.write(",tcp_goodput_kbps");
            }
            for (int f = 0; f < data.flowCount(); f++)
            {
                final String name = data.flowName(f);
                out.write("," + name + "_target_kbps," + name + "_send_kbps," + name + "_goodput_kbps," + name +
                    "_qdelay_ms");
            }
            out.write('\n');
            for (int k = 0; k < data.samples(); k++)
            {
                out.write(row(data, k, backward));
                out.write('\n');
            }
        }
    }

    static boolean usesBackward(final ScenarioData data)
    {
        for (int f = 0; f < data.flowCount(); f++)
        {
            if (data.direction(f) == FlowDirection.BACKWARD)
            {
                return true;
            }
        }
        return false;
    }

    private static String row(final ScenarioData data, final int k, final boolean backward)
    {
        final StringBuilder row = new StringBuilder(128);
        row.append(String.format(Locale.ROOT, "%.1f", k * data.periodNs() / 1e9));
        row.append(',').append(kbps(data.capacityBps(FlowDirection.FORWARD)[k]));
        row.append(',').append(fixed(data.lossRate(FlowDirection.FORWARD)[k], 3));
        if (backward)
        {
            row.append(',').append(kbps(data.capacityBps(FlowDirection.BACKWARD)[k]));
            row.append(',').append(fixed(data.lossRate(FlowDirection.BACKWARD)[k], 3));
        }
        if (data.hasTcp())
        {
            row.append(',').append(kbps(data.tcpBps()[k]));
        }
        for (int f = 0; f < data.flowCount(); f++)
        {
            row.append(',').append(kbps(data.targetBps(f)[k]));
            row.append(',').append(kbps(data.sendBps(f)[k]));
            row.append(',').append(kbps(data.goodputBps(f)[k]));
            row.append(',').append(fixed(data.queueDelayMeanMs(f)[k], 1));
        }
        return row.toString();
    }

    private static String kbps(final double bps)
    {
        return Double.isNaN(bps) ? "" : Long.toString(Math.round(bps / 1000));
    }

    private static String fixed(final double value, final int decimals)
    {
        return Double.isNaN(value) ? "" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }
}
