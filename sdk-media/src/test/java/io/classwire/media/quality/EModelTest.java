package io.classwire.media.quality;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EModelTest
{
    @Test
    void shouldRateDefaultConnectionAt93Point2AndMos4Point41()
    {
        // G.107 section 7.7: all defaults give R = 93.2; Ro = 94.77 and Is = 1.41 are the intermediate values
        // G.107's own worked defaults produce.
        assertEquals(94.77, EModel.basicSignalToNoise(), 0.005);
        assertEquals(1.41, EModel.simultaneousImpairment(0), 0.005);
        assertEquals(93.2, EModel.rFactor(0, 0), 0.05);
        assertEquals(4.41, EModel.mos(0, 0), 0.005);
    }

    @Test
    void shouldMapRToMosAsTheG109Table()
    {
        // ITU-T G.109 Table 1: lower limits of the user satisfaction categories, R -> MOS (computed by G.107 Annex B)
        assertEquals(4.34, EModel.mosFromR(90), 0.005);
        assertEquals(4.03, EModel.mosFromR(80), 0.01);
        assertEquals(3.60, EModel.mosFromR(70), 0.005);
        assertEquals(3.10, EModel.mosFromR(60), 0.005);
        assertEquals(2.58, EModel.mosFromR(50), 0.01);
        assertEquals(1.0, EModel.mosFromR(-5), 0.0);
        assertEquals(4.5, EModel.mosFromR(120), 0.0);
    }

    @Test
    void shouldComputeEffectiveEquipmentImpairmentOfG711WithPlc()
    {
        // G.113 Appendix I: G.711 with Appendix I PLC, Ie = 0, Bpl = 25.1; 2 % random loss:
        // Ie,eff = 95 * 2 / (2 + 25.1) = 7.01 (hand computation from G.107 eq. 7-29)
        assertEquals(7.01, EModel.effectiveEquipmentImpairment(0, 2, 1, 25.1), 0.005);
        // bursty loss hurts more: BurstR = 2 -> 95 * 2 / (1 + 25.1) = 7.28
        assertEquals(7.28, EModel.effectiveEquipmentImpairment(0, 2, 2, 25.1), 0.005);
        assertEquals(1.0, EModel.burstRatio(0.1, 0.9), 1e-12);
    }

    @Test
    void shouldMatchHandComputedAbsoluteDelayImpairment()
    {
        // G.107 eq. 7-28 by hand: Ta = 200 ms -> X = 1 -> 25 (2^(1/6) - 3 (1 + 3^-6)^(1/6) + 2) = 3.04;
        // Ta = 400 ms -> X = 2 -> 25 (65^(1/6) - 3 (1 + (2/3)^6)^(1/6) + 2) = 24.07
        assertEquals(0.0, EModel.absoluteDelayImpairment(100), 0.0);
        assertEquals(3.04, EModel.absoluteDelayImpairment(200), 0.01);
        assertEquals(24.07, EModel.absoluteDelayImpairment(400), 0.01);
    }

    @Test
    void shouldAgreeWithColeRosenbluthDelayFitUpTo300Ms()
    {
        // R. G. Cole and J. H. Rosenbluth, "Voice over IP performance monitoring", ACM SIGCOMM CCR 31(2), 2001:
        // fit of G.107's Id with defaults, Id = 0.024 d + 0.11 (d - 177.3) H(d - 177.3)
        final double idAtZero = EModel.delayImpairment(0, 0, 0);
        for (int d = 0; d <= 300; d += 10)
        {
            final double fit = 0.024 * d + (d > 177.3 ? 0.11 * (d - 177.3) : 0);
            final double id = EModel.delayImpairment(d, d, 2.0 * d) - idAtZero;
            assertEquals(fit, id, 1.5, "delay " + d + " ms");
        }
    }

    @Test
    void shouldDecreaseWithDelayAndLoss()
    {
        double previous = Double.MAX_VALUE;
        for (int d = 0; d <= 600; d += 25)
        {
            final double mos = EModel.mos(d, 0);
            assertTrue(mos < previous || d == 0, "MOS must fall with delay at " + d);
            previous = mos;
        }
        previous = Double.MAX_VALUE;
        for (int loss = 0; loss <= 30; loss++)
        {
            final double mos = EModel.mos(50, loss);
            assertTrue(mos < previous, "MOS must fall with loss at " + loss);
            previous = mos;
        }
        assertTrue(EModel.mos(150, 0) > 4.3, "G.114's 150 ms keeps quality high");
        assertTrue(EModel.mos(400, 5) < 3.0);
    }
}
