package io.classwire.core.lab;

import org.HdrHistogram.Histogram;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Web-like competing traffic: several independent sources, each alternating a TCP NewReno download (size from a
 * {@link FlowSizeDistribution}) with an exponentially distributed idle time, over the same forward and reverse links
 * as the media. {@link #rfc8867(Link, Link, String)} gives the setting of RFC 8867 section 5.7 with the traffic
 * model of RFC 8868 section 6.1: 10 sources, 2 of them starting with a download and 8 with an idle period, sizes
 * uniform in 30-50 KB, mean idle time 10 s.
 *
 * <p>Each source has its own random stream, keyed by the generator's name and the source index. Single-threaded.
 */
public final class ShortTcpFlows
{
    private final Link forward;
    private final Link reverse;
    private final Simulator simulator;
    private final String name;
    private final int sourceCount;
    private final int initiallyActive;
    private final FlowSizeDistribution sizes;
    private final long meanIdleNs;
    private final Source[] sources;
    private final Histogram completionTimesUs = new Histogram(3);
    private long stopNs;
    private long startedFlows;
    private long completedFlows;
    private long completedBytes;
    private boolean started;

    /**
     * Create the generator; nothing is sent until {@link #start(long, long)}.
     *
     * @param forward         link carrying the downloads' data.
     * @param reverse         link carrying their ACKs.
     * @param name            unique in the run; keys the random streams.
     * @param sourceCount     number of independent download/idle sources.
     * @param initiallyActive how many begin with a download rather than an idle period.
     * @param sizes           transfer size distribution.
     * @param meanIdleNs      mean of the exponential idle time between a source's downloads.
     */
    public ShortTcpFlows(final Link forward, final Link reverse, final String name, final int sourceCount,
        final int initiallyActive, final FlowSizeDistribution sizes, final long meanIdleNs)
    {
        if (sourceCount <= 0 || initiallyActive < 0 || initiallyActive > sourceCount || meanIdleNs <= 0)
        {
            throw new IllegalArgumentException("need sources > 0, 0 <= initiallyActive <= sources, idle > 0");
        }
        this.forward = forward;
        this.reverse = reverse;
        this.simulator = forward.simulator();
        this.name = name;
        this.sourceCount = sourceCount;
        this.initiallyActive = initiallyActive;
        this.sizes = sizes;
        this.meanIdleNs = meanIdleNs;
        this.sources = new Source[sourceCount];
        for (int i = 0; i < sourceCount; i++)
        {
            sources[i] = new Source(i, simulator.randomStream("short-tcp:" + name + "#" + i));
        }
    }

    /**
     * The RFC 8867 section 5.7 / RFC 8868 section 6.1 setting: 10 sources, 2 initially active, 30-50 KB, 10 s idle.
     *
     * @param forward link carrying the downloads' data.
     * @param reverse link carrying their ACKs.
     * @param name    unique in the run.
     * @return the generator, not yet started.
     */
    public static ShortTcpFlows rfc8867(final Link forward, final Link reverse, final String name)
    {
        return new ShortTcpFlows(forward, reverse, name, 10, 2, FlowSizeDistribution.uniform(30_000, 50_000),
            TimeUnit.SECONDS.toNanos(10));
    }

    /**
     * Run the sources from {@code startNs}; no download starts at or after {@code stopNs}.
     *
     * @param startNs when active sources begin and idle ones start their first idle period.
     * @param stopNs  end of new downloads (ongoing ones finish).
     * @return this generator.
     */
    public ShortTcpFlows start(final long startNs, final long stopNs)
    {
        if (started)
        {
            throw new IllegalStateException("already started: " + name);
        }
        started = true;
        this.stopNs = stopNs;
        for (int i = 0; i < sourceCount; i++)
        {
            final Source source = sources[i];
            simulator.schedule(i < initiallyActive ? startNs : startNs + source.idleNs(), source.startEvent);
        }
        return this;
    }

    /**
     * Downloads started so far.
     *
     * @return the count.
     */
    public long startedFlows()
    {
        return startedFlows;
    }

    /**
     * Downloads fully acknowledged so far.
     *
     * @return the count.
     */
    public long completedFlows()
    {
        return completedFlows;
    }

    /**
     * Payload bytes delivered in order, over completed and ongoing downloads.
     *
     * @return the count.
     */
    public long deliveredBytes()
    {
        long bytes = completedBytes;
        for (final Source source : sources)
        {
            if (source.current != null && !source.current.isComplete())
            {
                bytes += source.current.deliveredBytes();
            }
        }
        return bytes;
    }

    /**
     * Distribution of download completion times (start to last ACK), in microseconds. Live view: do not modify.
     *
     * @return the histogram.
     */
    public Histogram completionTimesUs()
    {
        return completionTimesUs;
    }

    private final class Source
    {
        private final int index;
        private final SplittableRandom random;
        private final SimEvent startEvent = this::onStart;
        private TcpNewRenoFlow current;
        private long downloads;

        Source(final int index, final SplittableRandom random)
        {
            this.index = index;
            this.random = random;
        }

        long idleNs()
        {
            return (long)(-meanIdleNs * StrictMath.log(1.0 - random.nextDouble()));
        }

        private void onStart(final long nowNs)
        {
            if (nowNs >= stopNs)
            {
                return;
            }
            final long sizeBytes = sizes.nextSizeBytes(random);
            current = new TcpNewRenoFlow(forward, reverse, name + "#" + index + "." + downloads++, sizeBytes)
                .onComplete(this::onComplete);
            startedFlows++;
            current.start(nowNs);
        }

        private void onComplete(final long nowNs)
        {
            completedFlows++;
            completedBytes += current.deliveredBytes();
            completionTimesUs.recordValue(TimeUnit.NANOSECONDS.toMicros(nowNs - current.startNs()));
            simulator.schedule(nowNs + idleNs(), startEvent);
        }
    }
}
