package io.classwire.benchmarks.congestion;

import org.junit.jupiter.api.Test;

import static io.classwire.benchmarks.congestion.MarkedSection.BEGIN;
import static io.classwire.benchmarks.congestion.MarkedSection.END;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarkedSectionTest
{
    @Test
    void shouldReplaceOnlyTheTextBetweenTheMarkers()
    {
        final String before = "# Benchmarks\n\nwire table\n\n";
        final String after = "\n## Later section\n  keeps   its spacing\n";
        final String document = before + BEGIN + "\nold figures\nmore\n" + END + after;
        assertEquals(before + BEGIN + "\nnew figures\n" + END + after,
            MarkedSection.replace(document, BEGIN, END, "new figures"));
    }

    @Test
    void shouldAppendTheMarkedSectionWhenAbsent()
    {
        assertEquals("# Benchmarks\n\n" + BEGIN + "\nfigures\n" + END + "\n",
            MarkedSection.replace("# Benchmarks\n", BEGIN, END, "figures\n"));
        assertEquals("text\n\n" + BEGIN + "\nfigures\n" + END + "\n",
            MarkedSection.replace("text", BEGIN, END, "figures"));
    }

    @Test
    void shouldBeIdempotent()
    {
        final String once = MarkedSection.replace("# B\n\nintro\n", BEGIN, END, "x\ny");
        assertEquals(once, MarkedSection.replace(once, BEGIN, END, "x\ny"));
    }

    @Test
    void shouldRefuseABrokenPairOfMarkers()
    {
        assertThrows(IllegalArgumentException.class, () -> MarkedSection.replace(BEGIN + "\n", BEGIN, END, "x"));
        assertThrows(IllegalArgumentException.class,
            () -> MarkedSection.replace(END + "\n" + BEGIN + "\n", BEGIN, END, "x"));
    }
}
