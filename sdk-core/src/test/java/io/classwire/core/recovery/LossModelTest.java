package io.classwire.core.recovery;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The residual-loss formulas: closed forms for Bernoulli loss, Monte Carlo for bursty loss. */
class LossModelTest
{
    @Test
    void shouldMatchTheBinomialTailForBernoulliLoss()
    {
        final LossModel model = new LossModel(100);
        for (final double p : new double[]{ 0.05, 0.3, 0.5 })
        {
            model.configure(p, 0);
            for (final int[] shape : new int[][]{ { 4, 1 }, { 10, 5 }, { 10, 10 }, { 20, 12 } })
            {
                final int k = shape[0];
                final int m = shape[1];
                final int n = k + m;
                // p * P(at least m of the other n - 1 lost)
                double tail = 0;
                for (int j = m; j <= n - 1; j++)
                {
                    tail += binomial(n - 1, j) * Math.pow(p, j) * Math.pow(1 - p, n - 1 - j);
                }
                assertEquals(p * tail, model.blockResidual(k, m, 1), 1e-12, "p=" + p + " k=" + k + " m=" + m);
                assertEquals(p * tail, model.blockResidual(k, m, 7), 1e-12, "spacing is irrelevant for Bernoulli");
            }
            assertEquals(p * p * p, model.red(2), 1e-15);
        }
    }

    @Test
    void shouldMatchASimulatedGilbertChainForBurstyLoss()
    {
        final double p = 0.2;
        final double burst = 3.0;
        final LossModel model = new LossModel(64).configure(p, burst);
        final SplittableRandom random = new SplittableRandom(77);
        final double r = 1.0 / burst;
        final double g = r * p / (1 - p);
        final int length = 4_000_000;
        final boolean[] lost = new boolean[length];
        boolean bad = random.nextDouble() < p;
        for (int i = 0; i < length; i++)
        {
            lost[i] = bad;
            bad = bad ? random.nextDouble() >= r : random.nextDouble() < g;
        }
        checkBlock(model, lost, 6, 3, 1);
        checkBlock(model, lost, 4, 1, 5);
        int redLost = 0;
        for (int i = 0; i + 2 < length; i++)
        {
            redLost += lost[i] && lost[i + 1] && lost[i + 2] ? 1 : 0;
        }
        assertEquals(model.red(2), (double)redLost / length, model.red(2) * 0.05, "RED distance 2");
    }

    // Consecutive blocks of k + m packets, members `spacing` apart (blocks interleaved to tile the sequence).
    private static void checkBlock(final LossModel model, final boolean[] lost, final int k, final int m,
        final int spacing)
    {
        final int n = k + m;
        long lostMedia = 0;
        long media = 0;
        for (int start = 0; start + n * spacing <= lost.length; start += n * spacing)
        {
            for (int lane = 0; lane < spacing; lane++)
            {
                int lostInBlock = 0;
                int lostMediaInBlock = 0;
                for (int i = 0; i < n; i++)
                {
                    if (lost[start + lane + i * spacing])
                    {
                        lostInBlock++;
                        lostMediaInBlock += i < k ? 1 : 0;
                    }
                }
                media += k;
                lostMedia += lostInBlock > m ? lostMediaInBlock : 0;
            }
        }
        final double expected = model.blockResidual(k, m, spacing);
        assertEquals(expected, (double)lostMedia / media, expected * 0.06, "k=" + k + " m=" + m + " s=" + spacing);
    }

    private static double binomial(final int n, final int k)
    {
        double result = 1;
        for (int i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }
        return result;
    }
}
