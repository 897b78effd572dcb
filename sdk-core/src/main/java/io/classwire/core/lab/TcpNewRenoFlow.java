package io.classwire.core.lab;

import java.util.function.LongConsumer;

/**
 * A TCP NewReno bulk transfer as cross traffic: data segments on a forward {@link Link}, ACKs back on a reverse
 * link, so it competes for the same queue and capacity as the media under test (RFC 8867 sections 5.6 and 5.7).
 *
 * <p>Simplified but faithful where it matters for competition: windows are counted in segments; slow start with
 * an initial window of 10 (RFC 6928) and byte counting limited to 2 segments per ACK (RFC 3465); congestion avoidance
 * adding one segment per window; fast retransmit on the third duplicate ACK and NewReno fast recovery with partial
 * ACKs (RFC 6582, including the {@code recover} check that prevents a second reduction after a timeout); RTO per
 * RFC 6298 with exponential backoff and go-back-N after a timeout. Left out: handshake, delayed ACKs, SACK, pacing,
 * receive-window dynamics (the window is capped at {@link #MAX_WINDOW_SEGMENTS}).
 *
 * <p>Single-threaded, like the simulator.
 */
public final class TcpNewRenoFlow
{
    /** Payload bytes per full segment (1500-byte packets with 52 bytes of IPv4, TCP and timestamp headers). */
    public static final int MSS_BYTES = 1448;
    /** Header bytes on each packet. */
    public static final int HEADER_BYTES = 52;
    /** Size of a pure ACK on the wire. */
    public static final int ACK_BYTES = HEADER_BYTES;
    /** Initial congestion window in segments (RFC 6928). */
    public static final int INITIAL_WINDOW_SEGMENTS = 10;
    /** Largest window the receiver allows, in segments (about 14 MB). */
    public static final int MAX_WINDOW_SEGMENTS = 10_000;
    /** Size meaning "never ends": a long-lived flow. */
    public static final long UNBOUNDED_BYTES = Long.MAX_VALUE;

    private static final int DUPLICATE_ACK_THRESHOLD = 3;
    private static final long NOT_ARMED = Long.MAX_VALUE;

    private final Link forward;
    private final Link reverse;
    private final Simulator simulator;
    private final String name;
    private final long sizeBytes;
    private final TcpReceiver receiver = new TcpReceiver(MAX_WINDOW_SEGMENTS);
    private final RtoEstimator rto = new RtoEstimator();
    private final PacketSink dataSink = this::onDataArrival;
    private final PacketSink ackSink = this::onAckArrival;
    private final SimEvent startEvent = this::onStart;
    private final SimEvent timerEvent = this::onTimer;
    private LongConsumer completionListener;

    private long totalSegments;
    private long sndUna;
    private long sndNxt;
    private long sndMax;
    private double cwnd = INITIAL_WINDOW_SEGMENTS;
    private double ssthresh = MAX_WINDOW_SEGMENTS;
    private int duplicateAcks;
    private boolean inFastRecovery;
    private long recover = -1;
    private boolean partialAckSeen;
    private boolean timedOutSinceLastAck;
    private long rtoDeadlineNs = NOT_ARMED;
    private long timerEventNs = NOT_ARMED;

    private long startNs = -1;
    private long completionNs = -1;
    private long segmentsSent;
    private long retransmittedSegments;
    private long fastRetransmits;
    private long timeouts;

    /**
     * Create a flow; it sends nothing until {@link #start(long)}.
     *
     * @param forward   link carrying data segments.
     * @param reverse   link carrying ACKs back.
     * @param name      for diagnostics.
     * @param sizeBytes bytes to transfer, or {@link #UNBOUNDED_BYTES} for a long-lived flow.
     */
    public TcpNewRenoFlow(final Link forward, final Link reverse, final String name, final long sizeBytes)
    {
        if (sizeBytes <= 0)
        {
            throw new IllegalArgumentException("flow size must be positive: " + sizeBytes);
        }
        if (forward.from() != reverse.to() || forward.to() != reverse.from())
        {
            throw new IllegalArgumentException("reverse link must go back along the forward one: " + forward.name() +
                " vs " + reverse.name());
        }
        this.forward = forward;
        this.reverse = reverse;
        this.simulator = forward.simulator();
        this.name = name;
        this.sizeBytes = sizeBytes;
        this.totalSegments = sizeBytes == UNBOUNDED_BYTES ? Long.MAX_VALUE : (sizeBytes + MSS_BYTES - 1) / MSS_BYTES;
    }

    /**
     * Start sending at {@code atNs}.
     *
     * @param atNs start time, not in the past.
     * @return this flow.
     */
    public TcpNewRenoFlow start(final long atNs)
    {
        if (startNs >= 0)
        {
            throw new IllegalStateException("already started: " + name);
        }
        startNs = atNs;
        simulator.schedule(atNs, startEvent);
        return this;
    }

    /**
     * Stop offering new data at {@code atNs}; what was sent is still completed. For long-lived flows.
     *
     * @param atNs when the application stops writing.
     * @return this flow.
     */
    public TcpNewRenoFlow stopAt(final long atNs)
    {
        simulator.schedule(atNs, this::onStop);
        return this;
    }

    /**
     * Be told when the last byte is acknowledged.
     *
     * @param listener called once with the completion time.
     * @return this flow.
     */
    public TcpNewRenoFlow onComplete(final LongConsumer listener)
    {
        completionListener = listener;
        return this;
    }

    /**
     * The flow's name.
     *
     * @return the name given at construction.
     */
    public String name()
    {
        return name;
    }

    /**
     * Payload bytes delivered in order to the receiving application so far.
     *
     * @return the count.
     */
    public long deliveredBytes()
    {
        return Math.min(receiver.deliveredSegments() * MSS_BYTES, sizeBytes);
    }

    /**
     * Mean goodput from start until completion or {@code nowNs}.
     *
     * @param nowNs current time.
     * @return delivered payload bits per second, 0 before the start.
     */
    public double averageGoodputBps(final long nowNs)
    {
        final long endNs = completionNs >= 0 ? completionNs : nowNs;
        if (startNs < 0 || endNs <= startNs)
        {
            return 0.0;
        }
        return deliveredBytes() * 8.0 * 1e9 / (endNs - startNs);
    }

    /**
     * Whether every byte has been acknowledged.
     *
     * @return true once complete.
     */
    public boolean isComplete()
    {
        return completionNs >= 0;
    }

    /**
     * When the last byte was acknowledged.
     *
     * @return the time, or -1 while incomplete.
     */
    public long completionNs()
    {
        return completionNs;
    }

    /**
     * When the flow started.
     *
     * @return the start time, or -1 before {@link #start(long)}.
     */
    public long startNs()
    {
        return startNs;
    }

    /**
     * Data segments put on the forward link, retransmissions included.
     *
     * @return the count.
     */
    public long segmentsSent()
    {
        return segmentsSent;
    }

    /**
     * Segments sent more than once.
     *
     * @return the count of retransmissions.
     */
    public long retransmittedSegments()
    {
        return retransmittedSegments;
    }

    /**
     * Entries into fast recovery.
     *
     * @return the count.
     */
    public long fastRetransmits()
    {
        return fastRetransmits;
    }

    /**
     * Retransmission timeouts.
     *
     * @return the count.
     */
    public long timeouts()
    {
        return timeouts;
    }

    /**
     * Current congestion window.
     *
     * @return the window in segments.
     */
    public double congestionWindowSegments()
    {
        return cwnd;
    }

    /**
     * Current smoothed RTT.
     *
     * @return SRTT in nanoseconds, 0 before the first sample.
     */
    public long smoothedRttNs()
    {
        return rto.srttNs();
    }

    private void onStart(final long nowNs)
    {
        sendAllowed(nowNs);
    }

    private void onStop(final long nowNs)
    {
        totalSegments = Math.min(totalSegments, sndMax);
        if (!isComplete() && sndUna >= totalSegments)
        {
            complete(nowNs);
        }
    }

    private void onAckArrival(final Packet packet, final long nowNs)
    {
        final long ackNumber = packet.flowSequence;
        final long echoNs = packet.flowEchoNs;
        packet.release();
        if (isComplete())
        {
            return;
        }
        if (ackNumber > sndUna)
        {
            onNewAck(ackNumber, nowNs - echoNs, nowNs);
        }
        else if (ackNumber == sndUna && sndUna < sndMax)
        {
            onDuplicateAck(nowNs);
        }
        if (!isComplete())
        {
            sendAllowed(nowNs);
        }
    }

    private void onNewAck(final long ackNumber, final long rttSampleNs, final long nowNs)
    {
        final long newlyAcked = ackNumber - sndUna;
        rto.onSample(rttSampleNs);
        timedOutSinceLastAck = false;
        sndUna = ackNumber;
        sndNxt = Math.max(sndNxt, sndUna);
        if (inFastRecovery)
        {
            if (ackNumber > recover)
            {
                // Full ACK: leave recovery with the window halved (RFC 6582 3.2 step 3, first option).
                cwnd = Math.min(ssthresh, Math.max(sndMax - sndUna, 1) + 1);
                inFastRecovery = false;
                duplicateAcks = 0;
            }
            else
            {
                // Partial ACK: the next hole is lost too; resend it and deflate by what was acknowledged.
                transmit(sndUna, nowNs);
                cwnd = Math.max(cwnd - newlyAcked + 1, 1);
                if (!partialAckSeen)
                {
                    partialAckSeen = true;
                    armTimer(nowNs);
                }
            }
        }
        else
        {
            duplicateAcks = 0;
            cwnd += cwnd < ssthresh ? Math.min(newlyAcked, 2) : (double)newlyAcked / cwnd;
            cwnd = Math.min(cwnd, MAX_WINDOW_SEGMENTS);
        }
        if (sndUna >= totalSegments)
        {
            complete(nowNs);
        }
        else if (sndUna >= sndMax)
        {
            rtoDeadlineNs = NOT_ARMED;
        }
        else if (!inFastRecovery)
        {
            armTimer(nowNs);
        }
    }

    private void onDuplicateAck(final long nowNs)
    {
        duplicateAcks++;
        if (inFastRecovery)
        {
            cwnd = Math.min(cwnd + 1, MAX_WINDOW_SEGMENTS);
        }
        else if (duplicateAcks == DUPLICATE_ACK_THRESHOLD && sndUna > recover)
        {
            ssthresh = Math.max((sndNxt - sndUna) / 2.0, 2.0);
            recover = sndMax - 1;
            inFastRecovery = true;
            partialAckSeen = false;
            fastRetransmits++;
            transmit(sndUna, nowNs);
            cwnd = ssthresh + DUPLICATE_ACK_THRESHOLD;
        }
    }

    private void onTimer(final long nowNs)
    {
        if (nowNs == timerEventNs)
        {
            timerEventNs = NOT_ARMED;
        }
        if (rtoDeadlineNs == NOT_ARMED || isComplete())
        {
            return;
        }
        if (nowNs < rtoDeadlineNs)
        {
            ensureTimerEvent();
            return;
        }
        timeouts++;
        if (!timedOutSinceLastAck)
        {
            // RFC 5681: a segment timing out again must not shrink ssthresh further.
            ssthresh = Math.max((sndNxt - sndUna) / 2.0, 2.0);
            timedOutSinceLastAck = true;
        }
        cwnd = 1;
        recover = sndMax - 1;
        inFastRecovery = false;
        duplicateAcks = 0;
        rto.backOff();
        sndNxt = sndUna;
        sendAllowed(nowNs);
        armTimer(nowNs);
    }

    private void sendAllowed(final long nowNs)
    {
        final long window = Math.min((long)cwnd, MAX_WINDOW_SEGMENTS);
        while (sndNxt < totalSegments && sndNxt < sndUna + window)
        {
            transmit(sndNxt, nowNs);
            sndNxt++;
        }
    }

    private void transmit(final long segment, final long nowNs)
    {
        final Packet packet = forward.network().pool().acquire();
        packet.length = HEADER_BYTES + payloadBytes(segment);
        packet.sourceId = -1;
        packet.sink = dataSink;
        packet.flowSequence = segment;
        packet.flowEchoNs = nowNs;
        segmentsSent++;
        if (segment < sndMax)
        {
            retransmittedSegments++;
        }
        sndMax = Math.max(sndMax, segment + 1);
        if (rtoDeadlineNs == NOT_ARMED)
        {
            armTimer(nowNs);
        }
        forward.offer(packet);
    }

    private void onDataArrival(final Packet packet, final long nowNs)
    {
        final long echoNs = packet.flowEchoNs;
        final long ackNumber = receiver.onSegment(packet.flowSequence);
        packet.release();
        if (isComplete())
        {
            return;
        }
        final Packet ack = reverse.network().pool().acquire();
        ack.length = ACK_BYTES;
        ack.sourceId = -1;
        ack.sink = ackSink;
        ack.flowSequence = ackNumber;
        ack.flowEchoNs = echoNs;
        reverse.offer(ack);
    }

    private int payloadBytes(final long segment)
    {
        if (sizeBytes == UNBOUNDED_BYTES || segment < totalSegments - 1)
        {
            return MSS_BYTES;
        }
        return (int)(sizeBytes - segment * MSS_BYTES);
    }

    private void armTimer(final long nowNs)
    {
        rtoDeadlineNs = nowNs + rto.rtoNs();
        ensureTimerEvent();
    }

    private void ensureTimerEvent()
    {
        // At most one timer event is tracked; a stale one that fires early just re-arms it.
        if (timerEventNs > rtoDeadlineNs)
        {
            timerEventNs = rtoDeadlineNs;
            simulator.schedule(rtoDeadlineNs, timerEvent);
        }
    }

    private void complete(final long nowNs)
    {
        completionNs = nowNs;
        rtoDeadlineNs = NOT_ARMED;
        if (completionListener != null)
        {
            completionListener.accept(nowNs);
        }
    }
}
