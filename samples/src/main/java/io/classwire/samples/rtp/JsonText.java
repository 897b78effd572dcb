package io.classwire.samples.rtp;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Minimal JSON text for flat or nested statistics maps (strings, numbers, booleans, maps): the samples module has no
 * JSON library on its class path.
 */
public final class JsonText
{
    private JsonText()
    {
    }

    /**
     * @param map keys to values; values are {@link Number}, {@link Boolean}, {@link CharSequence} or nested maps.
     * @return pretty-printed JSON object text with a trailing newline.
     */
    public static String of(final Map<String, ?> map)
    {
        final StringBuilder out = new StringBuilder();
        append(out, map, "");
        return out.append('\n').toString();
    }

    private static void append(final StringBuilder out, final Map<String, ?> map, final String indent)
    {
        out.append("{\n");
        int i = 0;
        for (final Map.Entry<String, ?> entry : map.entrySet())
        {
            out.append(indent).append("  ");
            string(out, entry.getKey());
            out.append(": ");
            value(out, entry.getValue(), indent + "  ");
            out.append(++i < map.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
    }

    private static void value(final StringBuilder out, final Object value, final String indent)
    {
        if (value instanceof Map<?, ?> nested)
        {
            final LinkedHashMap<String, Object> copy = new LinkedHashMap<>();
            nested.forEach((k, v) -> copy.put(String.valueOf(k), v));
            append(out, copy, indent);
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final double d = ((Number)value).doubleValue();
            out.append(Double.isFinite(d) ?
                new BigDecimal(d).round(new MathContext(6)).stripTrailingZeros().toPlainString() : "null");
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            out.append(value);
        }
        else if (value == null)
        {
            out.append("null");
        }
        else
        {
            string(out, value.toString());
        }
    }

    private static void string(final StringBuilder out, final String text)
    {
        out.append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if (c == '"' || c == '\\')
            {
                out.append('\\').append(c);
            }
            else if (c < 0x20)
            {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                out.append(c);
            }
        }
        out.append('"');
    }
}
