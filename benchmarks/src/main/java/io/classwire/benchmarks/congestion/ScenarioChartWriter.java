package io.classwire.benchmarks.congestion;

import io.classwire.core.congestion.lab.FlowDirection;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Draws one run as a PNG with JFreeChart: on top, the bottleneck capacity, each flow's goodput (1 s mean) and target,
 * and the TCP goodput; below, each flow's mean queuing delay per 200 ms. Needs no display
 * ({@code -Djava.awt.headless=true}).
 */
public final class ScenarioChartWriter
{
    /** Width of the image in pixels. */
    public static final int WIDTH = 1100;
    /** Height of the image in pixels. */
    public static final int HEIGHT = 640;

    private static final Paint[] FLOW_COLORS = {
        new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x9467bd), new Color(0xff7f0e) };
    private static final BasicStroke THICK = new BasicStroke(2.0f);
    private static final BasicStroke THIN = new BasicStroke(1.0f);
    private static final BasicStroke DASHED = new BasicStroke(
        1.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10.0f, new float[]{ 4.0f, 3.0f }, 0.0f);

    private ScenarioChartWriter()
    {
    }

    /**
     * Draw a run.
     *
     * @param title chart title.
     * @param data  the samples.
     * @param file  PNG to write; replaced if it exists.
     * @throws IOException if writing fails.
     */
    public static void write(final String title, final ScenarioData data, final Path file) throws IOException
    {
        final NumberAxis time = new NumberAxis("time (s)");
        final CombinedDomainXYPlot plot = new CombinedDomainXYPlot(time);
        plot.setGap(8.0);
        plot.add(ratePlot(data), 2);
        plot.add(delayPlot(data), 1);
        final JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 15), plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        ChartUtils.saveChartAsPNG(file.toFile(), chart, WIDTH, HEIGHT);
    }

    private static XYPlot ratePlot(final ScenarioData data)
    {
        final boolean backward = ScenarioCsvWriter.usesBackward(data);
        final XYSeriesCollection capacity = new XYSeriesCollection();
        capacity.addSeries(series(backward ? "forward capacity" : "capacity",
            data.capacityBps(FlowDirection.FORWARD), data, 1e-3));
        if (backward)
        {
            capacity.addSeries(series("backward capacity", data.capacityBps(FlowDirection.BACKWARD), data, 1e-3));
        }
        final XYStepRenderer capacityRenderer = new XYStepRenderer();
        capacityRenderer.setSeriesPaint(0, Color.BLACK);
        capacityRenderer.setSeriesStroke(0, THICK);
        capacityRenderer.setSeriesPaint(1, Color.GRAY);
        capacityRenderer.setSeriesStroke(1, THICK);

        final XYSeriesCollection rates = new XYSeriesCollection();
        final XYLineAndShapeRenderer rateRenderer = new XYLineAndShapeRenderer(true, false);
        final int perSecond = (int)(1_000_000_000L / data.periodNs());
        for (int f = 0; f < data.flowCount(); f++)
        {
            final Paint color = FLOW_COLORS[f % FLOW_COLORS.length];
            final String name = data.flowName(f);
            rates.addSeries(series(name + " goodput (1 s mean)",
                SeriesMetrics.movingMean(data.goodputBps(f), perSecond), data, 1e-3));
            rateRenderer.setSeriesPaint(rates.getSeriesCount() - 1, color);
            rateRenderer.setSeriesStroke(rates.getSeriesCount() - 1, THICK);
            rates.addSeries(series(name + " target", data.targetBps(f), data, 1e-3));
            rateRenderer.setSeriesPaint(rates.getSeriesCount() - 1, color);
            rateRenderer.setSeriesStroke(rates.getSeriesCount() - 1, DASHED);
        }
        if (data.hasTcp())
        {
            rates.addSeries(series("TCP goodput (1 s mean)", SeriesMetrics.movingMean(data.tcpBps(), perSecond),
                data, 1e-3));
            rateRenderer.setSeriesPaint(rates.getSeriesCount() - 1, new Color(0x8c564b));
            rateRenderer.setSeriesStroke(rates.getSeriesCount() - 1, THIN);
        }
        final NumberAxis axis = new NumberAxis("rate (kbit/s)");
        axis.setAutoRangeIncludesZero(true);
        final XYPlot plot = new XYPlot(capacity, null, axis, capacityRenderer);
        plot.setDataset(1, rates);
        plot.setRenderer(1, rateRenderer);
        style(plot);
        return plot;
    }

    private static XYPlot delayPlot(final ScenarioData data)
    {
        final XYSeriesCollection delays = new XYSeriesCollection();
        final XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        for (int f = 0; f < data.flowCount(); f++)
        {
            delays.addSeries(series(data.flowName(f) + " queuing delay", data.queueDelayMeanMs(f), data, 1.0));
            renderer.setSeriesPaint(f, FLOW_COLORS[f % FLOW_COLORS.length]);
            renderer.setSeriesStroke(f, THIN);
            renderer.setSeriesVisibleInLegend(f, false);
        }
        final NumberAxis axis = new NumberAxis("queuing delay (ms)");
        axis.setAutoRangeIncludesZero(true);
        final XYPlot plot = new XYPlot(delays, null, axis, renderer);
        style(plot);
        return plot;
    }

    private static void style(final XYPlot plot)
    {
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
    }

    private static XYSeries series(final String name, final double[] values, final ScenarioData data,
        final double scale)
    {
        final XYSeries series = new XYSeries(name, false, true);
        final double periodSeconds = data.periodNs() / 1e9;
        for (int k = 0; k < values.length; k++)
        {
            final double value = values[k];
            final boolean missing = Double.isNaN(value) || value >= Long.MAX_VALUE / 2.0;
            series.add(k * periodSeconds, missing ? null : Double.valueOf(value * scale));
        }
        return series;
    }
}
