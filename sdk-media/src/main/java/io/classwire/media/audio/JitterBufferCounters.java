package io.classwire.media.audio;

/**
 * Counters of a {@link JitterBuffer}: what happened to packets on the way in and what each pull played. Written by
 * the buffer's thread only; plain fields, so readers on other threads see eventually consistent values.
 */
public final class JitterBufferCounters
{
    final long[] samplesByType = new long[FrameType.COUNT];
    private final long[] framesByType = new long[FrameType.COUNT];
    long packetsReceived;
    long packetsInserted;
    long duplicates;
    long late;
    long malformed;
    long flushes;
    long discarded;
    long packetsDecoded;
    long fecRecoveries;
    long concealments;
    long decodeErrors;
    long samplesRemoved;
    long samplesAdded;
    long samplesSkipped;

    void frame(final FrameType type)
    {
        framesByType[type.ordinal()]++;
    }

    /** @return every packet offered to {@link JitterBuffer#insert}. */
    public long packetsReceived()
    {
        return packetsReceived;
    }

    /** @return packets stored for playout. */
    public long packetsInserted()
    {
        return packetsInserted;
    }

    /** @return packets received before (same sequence number), dropped. */
    public long duplicates()
    {
        return duplicates;
    }

    /** @return packets that arrived after their audio had been played or concealed, dropped. */
    public long late()
    {
        return late;
    }

    /** @return payloads that failed Opus framing validation, dropped. */
    public long malformed()
    {
        return malformed;
    }

    /** @return times the packet store overflowed and was emptied. */
    public long flushes()
    {
        return flushes;
    }

    /** @return stored packets dropped unplayed (overflow, excess delay, or superseded). */
    public long discarded()
    {
        return discarded;
    }

    /** @return packets decoded for playout. */
    public long packetsDecoded()
    {
        return packetsDecoded;
    }

    /** @return lost frames rebuilt from the in-band FEC of the next packet. */
    public long fecRecoveries()
    {
        return fecRecoveries;
    }

    /** @return concealment steps (decoder PLC or zeros) for lost or late audio. */
    public long concealments()
    {
        return concealments;
    }

    /** @return stored packets the decoder failed on (concealed instead). */
    public long decodeErrors()
    {
        return decodeErrors;
    }

    /** @return samples removed by accelerate. */
    public long samplesRemoved()
    {
        return samplesRemoved;
    }

    /** @return samples added by preemptive expand. */
    public long samplesAdded()
    {
        return samplesAdded;
    }

    /** @return samples of the sender's timeline never played because playout jumped over them. */
    public long samplesSkipped()
    {
        return samplesSkipped;
    }

    /**
     * @param type a frame type.
     * @return pulls that reported it.
     */
    public long frames(final FrameType type)
    {
        return framesByType[type.ordinal()];
    }

    /**
     * @param type a frame type.
     * @return samples played of that type (exact, unlike pull counts, which go by each pull's dominant type).
     */
    public long samples(final FrameType type)
    {
        return samplesByType[type.ordinal()];
    }

    /** @return all pulls. */
    public long framesTotal()
    {
        long total = 0;
        for (final long count : framesByType)
        {
            total += count;
        }
        return total;
    }
}
