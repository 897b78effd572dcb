package io.classwire.benchmarks.congestion;

import java.util.Locale;

/** Number formatting shared by the report writers: fixed locale, units in the text. */
final class Format
{
    private Format()
    {
    }

    static String rate(final double bps)
    {
        if (bps >= 1_000_000)
        {
            return trim(String.format(Locale.ROOT, "%.2f", bps / 1e6)) + " Mbit/s";
        }
        return trim(String.format(Locale.ROOT, "%.0f", bps / 1e3)) + " kbit/s";
    }

    static String percent(final double fraction)
    {
        return Double.isNaN(fraction) ? "—" : String.format(Locale.ROOT, "%.1f%%", fraction * 100);
    }

    static String ms(final double ms)
    {
        return Double.isNaN(ms) ? "—" : String.format(Locale.ROOT, "%.1f ms", ms);
    }

    static String seconds(final double seconds)
    {
        if (Double.isNaN(seconds))
        {
            return "—";
        }
        return Double.isInfinite(seconds) ? "never" : String.format(Locale.ROOT, "%.1f s", seconds);
    }

    static String number(final double value, final int decimals)
    {
        if (Double.isNaN(value))
        {
            return "—";
        }
        return Double.isInfinite(value) ? "∞" : String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    private static String trim(final String number)
    {
        if (number.indexOf('.') < 0)
        {
            return number;
        }
        String out = number;
        while (out.endsWith("0"))
        {
            out = out.substring(0, out.length() - 1);
        }
        return out.endsWith(".") ? out.substring(0, out.length() - 1) : out;
    }
}
