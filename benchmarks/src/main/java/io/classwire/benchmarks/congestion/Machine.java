package io.classwire.benchmarks.congestion;

import com.sun.management.OperatingSystemMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Describes the machine a report was produced on: CPU model and count, memory, OS and JVM. */
final class Machine
{
    private Machine()
    {
    }

    static String describe()
    {
        final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
        return String.format(Locale.ROOT, "%d CPUs (%s), %.0f GB RAM, %s %s, %s %s; load average %.1f at the start",
            Runtime.getRuntime().availableProcessors(), cpuModel(), os.getTotalMemorySize() / 1e9,
            System.getProperty("os.name"), System.getProperty("os.version"),
            System.getProperty("java.vm.name"), System.getProperty("java.version"), os.getSystemLoadAverage());
    }

    private static String cpuModel()
    {
        try
        {
            final List<String> lines = Files.readAllLines(Path.of("/proc/cpuinfo"));
            for (final String line : lines)
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException | RuntimeException ignored)
        {
            // Not Linux, or not readable: the model is only informative.
        }
        return "unknown model";
    }
}
