package io.classwire.core.recovery;

import io.classwire.core.lab.LinkConfig;
import io.classwire.core.session.ReceiveStream;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static io.classwire.core.recovery.RecoveryLab.MS;
import static io.classwire.core.recovery.RecoveryLab.SECOND_NS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end in virtual time: a 20 ms audio stream over a link with 30% Bernoulli loss each way and 50 ms one-way
 * delay, protected as the policy decides from receiver reports (it settles on Reed-Solomon FEC plus NACK/RTX), with
 * the receiver's recovery as stages of its session's receive chain. A frame counts as received only if it is
 * delivered, byte-exact, by its playout deadline (send time + 50 ms + 200 ms jitter buffer).
 */
class RecoveryLabTest
{
    private static final long ONE_WAY_NS = 50 * MS;

    @Test
    void shouldKeepResidualLossFarBelowThirtyPercentWithFecAndNack()
    {
        final LinkConfig link = LinkConfig.builder().propagationDelayMs(50).randomLossRate(0.30).build();
        final RecoveryLab lab = new RecoveryLab(30, link, link, 60 * SECOND_NS);
        lab.run(62 * SECOND_NS);

        final int frames = lab.source.frames();
        final ReceiveStream media = lab.bob.receiveStreamBySsrc(lab.audio.ssrc());
        final double networkLoss = (double)media.cumulativeLost() / media.expected();
        final int missed = lab.framesMissed(ONE_WAY_NS, 0);
        final double residual = (double)missed / frames;
        // After the first reports have set up FEC: frames sent from 2 s on.
        final int steadyMissed = lab.framesMissed(ONE_WAY_NS, 2 * SECOND_NS);
        final double steadyResidual = (double)steadyMissed / (frames - 100);
        final FecDecoder decoder = lab.fecStage.decoder();
        final long mediaBytes = lab.audio.packetsSent() * (12 + RecoveryLab.PAYLOAD_BYTES);
        System.out.printf(
            "recovery lab: %d frames, network loss %.2f%%, residual after recovery %.2f%% (%d frames), " +
            "%.2f%% from 2 s on (%d frames)%n" +
            "  FEC: %d repairs sent (%.0f%% of media bytes), %d packets rebuilt, %d losses unrecoverable%n" +
            "  NACK: %d NACKs, %d seqs requested, %d abandoned late; RTX: %d packets (%.0f%% of media bytes), " +
            "%d restored at bob%n  plan: %s (planned for %.1f%% loss, %d changes)%n",
            frames, networkLoss * 100, residual * 100, missed, steadyResidual * 100, steadyMissed,
            lab.fecSender.repairsSent(), 100.0 * lab.fecSender.repairBytesSent() / mediaBytes,
            decoder.packetsRecovered(), decoder.lossesUnrecoverable(),
            lab.nackStage.nacksWritten(), lab.nackStage.generator().seqsRequested(),
            lab.nackStage.generator().abandonedLate(), lab.rtxSender.packetsSent(),
            100.0 * lab.rtxSender.bytesSent() / mediaBytes, lab.rtxStage.packetsRestored(),
            lab.policy.plan(), lab.policy.plannedLossRate() * 100, lab.policy.planChanges());

        assertEquals(3000, frames);
        assertTrue(networkLoss > 0.27 && networkLoss < 0.33, "the link really loses 30%: " + networkLoss);
        assertEquals(0, lab.playout.corrupt, "every delivered byte is right");
        assertEquals(ProtectionPlan.FEC_REED_SOLOMON, lab.policy.plan().fecScheme());
        assertTrue(decoder.packetsRecovered() > 500, "FEC did most of the work");
        assertTrue(lab.rtxStage.packetsRestored() > 20, "RTX filled in some of the rest");
        assertTrue(residual < 0.03, "residual loss " + residual);
        assertTrue(steadyResidual < 0.01, "steady-state residual loss " + steadyResidual);
    }

    @Test
    void shouldProtectAgainstBurstyLossToo()
    {
        final LinkConfig link = LinkConfig.builder().propagationDelayMs(50).burstLoss(0.20, 3.0).build();
        final RecoveryLab lab = new RecoveryLab(32, link, link, 60 * SECOND_NS);
        lab.run(62 * SECOND_NS);
        final ReceiveStream media = lab.bob.receiveStreamBySsrc(lab.audio.ssrc());
        final double networkLoss = (double)media.cumulativeLost() / media.expected();
        final double residual = (double)lab.framesMissed(ONE_WAY_NS, 0) / lab.source.frames();
        System.out.printf("recovery lab, bursty: network loss %.2f%% (mean burst 3), residual %.2f%%, plan %s%n",
            networkLoss * 100, residual * 100, lab.policy.plan());
        assertTrue(networkLoss > 0.15 && networkLoss < 0.25, "link loss " + networkLoss);
        assertEquals(0, lab.playout.corrupt);
        assertTrue(residual < 0.03, "residual loss " + residual);
    }

    @Test
    void shouldReproduceTheSameRunFromTheSameSeed()
    {
        final LinkConfig link = LinkConfig.builder().propagationDelayMs(50).randomLossRate(0.30).build();
        final long[] first = fingerprint(new RecoveryLab(7, link, link, 10 * SECOND_NS));
        final long[] second = fingerprint(new RecoveryLab(7, link, link, 10 * SECOND_NS));
        assertEquals(Arrays.toString(first), Arrays.toString(second));
    }

    private static long[] fingerprint(final RecoveryLab lab)
    {
        lab.run(11 * SECOND_NS);
        return new long[]{ lab.framesMissed(ONE_WAY_NS, 0), lab.fecSender.repairsSent(), lab.rtxSender.packetsSent(),
            lab.fecStage.decoder().packetsRecovered(), lab.nackStage.generator().seqsRequested(),
            lab.policy.planChanges() };
    }
}
