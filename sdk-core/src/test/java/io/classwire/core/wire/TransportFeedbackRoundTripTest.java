package io.classwire.core.wire;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Build-then-parse property test: random arrival patterns (loss runs, increasing sequence numbers across the 16-bit
 * wrap, reference times across the 24-bit wrap, small, large, negative and out-of-range deltas, 1 to 5000 packets)
 * are fed through {@link TransportFeedbackBuilder}, split into as many feedbacks as needed, and parsed back.
 */
class TransportFeedbackRoundTripTest
{
    private static final long SEED = 0x7CCF_EEDBL;
    private static final int TRIALS = 250;
    // 32 bytes is the least that always holds a 20,000-packet loss run (4 chunks) and one large delta.
    private static final int[] MAX_SIZES = { 32, 64, 200, 1200, RtcpHeader.MAX_PACKET_LENGTH };

    private final TransportFeedback feedback = new TransportFeedback();
    private final UnsafeBuffer packetBuffer = new UnsafeBuffer(new byte[RtcpHeader.MAX_PACKET_LENGTH]);

    private int[] sequences;
    private boolean[] received;
    private long[] trueUs;
    private long[] quantizedUs;
    private int checked;
    private long referenceTicks;
    private long feedbacksBuilt;
    private long negativeDeltas;
    private long largeDeltas;
    private long referenceWraps;
    private long sequenceWraps;

    @Test
    void shouldParseExactlyWhatWasBuiltForRandomArrivalPatterns()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        for (int trial = 0; trial < TRIALS; trial++)
        {
            final long trialSeed = random.nextLong();
            try
            {
                runTrial(new SplittableRandom(trialSeed));
            }
            catch (final AssertionError ex)
            {
                fail("trial " + trial + " seed " + trialSeed + " (master seed " + SEED + "): " + ex.getMessage(), ex);
            }
        }
        assertTrue(feedbacksBuilt > 2L * TRIALS, "splits happen: " + feedbacksBuilt);
        assertTrue(negativeDeltas > 0 && largeDeltas > 0, "negative and large deltas are exercised");
        assertTrue(referenceWraps > 0 && sequenceWraps > 0, "both wraps are exercised");
    }

    private void runTrial(final SplittableRandom random)
    {
        final int packets = 1 + (random.nextInt(4) == 0 ? random.nextInt(5000) : random.nextInt(300));
        generate(random, packets);
        final TransportFeedbackBuilder builder =
            new TransportFeedbackBuilder(MAX_SIZES[random.nextInt(MAX_SIZES.length)]);

        checked = 0;
        referenceTicks = Math.floorDiv(trueUs[0], TransportFeedback.REFERENCE_TICK_US);
        int feedbackCount = 0;
        int nextToReport = sequences[0];
        builder.reset(1, 2, nextToReport, feedbackCount);
        int feedbacks = 0;
        for (int i = 0; i < sequences.length; i++)
        {
            if (!received[i])
            {
                continue;
            }
            if (!builder.addReceived(sequences[i], trueUs[i]))
            {
                verify(builder, feedbackCount);
                feedbacks++;
                feedbackCount = (feedbackCount + 1) & 0xFF;
                builder.reset(1, 2, nextToReport, feedbackCount);
                if (!builder.addReceived(sequences[i], trueUs[i]))
                {
                    fail("packet " + i + " refused by a fresh feedback");
                }
            }
            quantizedUs[i] = builder.lastArrivalTimeUs();
            final long errorUs = quantizedUs[i] - trueUs[i];
            assertTrue(Math.abs(errorUs) <= 125, "quantization error " + errorUs + " us at packet " + i);
            nextToReport = SeqNum.add(sequences[i], 1);
        }
        if (builder.statusCount() > 0)
        {
            verify(builder, feedbackCount);
            feedbacks++;
        }
        assertTrue(feedbacks >= 1);
        int lastReceived = sequences.length - 1;
        while (!received[lastReceived])
        {
            lastReceived--;
        }
        assertEquals(lastReceived + 1, checked, "every status up to the last received packet is reported once");
    }

    /** Random stream: first packet received, losses in runs, arrival gaps of every delta class. */
    private void generate(final SplittableRandom random, final int packets)
    {
        sequences = new int[packets];
        received = new boolean[packets];
        trueUs = new long[packets];
        quantizedUs = new long[packets];
        int seq = random.nextBoolean() ? 0xFFFF - random.nextInt(400) : random.nextInt(0x10000);
        long timeUs = startTime(random);
        int lossRun = 0;
        boolean receiveNext = true;
        for (int i = 0; i < packets; i++)
        {
            sequences[i] = seq;
            if (lossRun > 0)
            {
                lossRun--;
                receiveNext = 0 == lossRun;
            }
            else if (!receiveNext && random.nextInt(20) == 0)
            {
                // Bounded runs followed by a received packet keep every jump under half the sequence space.
                lossRun = random.nextInt(8) == 0 ? random.nextInt(20_000) : random.nextInt(30);
                receiveNext = 0 == lossRun;
            }
            else
            {
                received[i] = true;
                receiveNext = false;
                timeUs += 0 == i ? 0 : gapUs(random);
            }
            trueUs[i] = timeUs;
            seq = SeqNum.add(seq, 1);
        }
    }

    private static long startTime(final SplittableRandom random)
    {
        final long wrapUs = (1L << 24) * TransportFeedback.REFERENCE_TICK_US;
        switch (random.nextInt(4))
        {
            case 0: return random.nextLong(0, 10_000_000L);
            case 1: return wrapUs - random.nextLong(0, 20_000_000L);
            case 2: return -random.nextLong(0, 20_000_000L);
            default: return random.nextLong(0, 1L << 50);
        }
    }

    private static long gapUs(final SplittableRandom random)
    {
        final int kind = random.nextInt(100);
        if (kind < 60)
        {
            return random.nextLong(0, 2_000);
        }
        if (kind < 80)
        {
            return random.nextLong(0, 70_000);
        }
        if (kind < 90)
        {
            return -random.nextLong(0, 5_000);
        }
        if (kind < 96)
        {
            return random.nextLong(-8_300_000L, 8_300_000L);
        }
        final long outOfRangeUs = random.nextLong(8_200_000L, 60_000_000L);
        return random.nextBoolean() ? outOfRangeUs : -outOfRangeUs;
    }

    private void verify(final TransportFeedbackBuilder builder, final int feedbackCount)
    {
        final int length = builder.build(packetBuffer, 0);
        assertEquals(builder.lengthBytes(), length);
        assertEquals(0, length & 3);
        assertEquals(WireStatus.OK, feedback.wrap(packetBuffer, 0, length).validate());
        assertEquals(length, feedback.packetLengthBytes());
        assertEquals(feedbackCount, feedback.feedbackPacketCount());
        assertEquals(builder.statusCount(), feedback.packetStatusCount());
        assertEquals(builder.receivedCount(), feedback.receivedCount());
        assertEquals(sequences[checked], feedback.baseSequenceNumber(), "feedback starts where the last stopped");

        feedbacksBuilt++;
        final long previousTicks = referenceTicks;
        referenceTicks = TransportFeedback.unwrapReferenceTime(referenceTicks, feedback.referenceTime());
        referenceWraps += (previousTicks >> 24) != (referenceTicks >> 24) ? 1 : 0;
        assertEquals(builder.referenceTicks(), referenceTicks, "unwrapped reference time");
        feedback.resetCursor(referenceTicks);
        while (feedback.next())
        {
            final int i = checked++;
            assertEquals(sequences[i], feedback.sequenceNumber(), "sequence of status " + i);
            assertEquals(received[i], feedback.received(), "status of packet " + i);
            sequenceWraps += 0 == feedback.sequenceNumber() && i > 0 ? 1 : 0;
            negativeDeltas += feedback.deltaTicks() < 0 ? 1 : 0;
            largeDeltas += feedback.deltaTicks() > 0xFF ? 1 : 0;
            if (received[i])
            {
                assertEquals(quantizedUs[i], feedback.arrivalTimeUs(), "arrival of packet " + i);
                assertTrue(Math.abs(feedback.arrivalTimeUs() - trueUs[i]) < 250);
            }
        }
    }
}
