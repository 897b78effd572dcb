package io.classwire.media.quality;

/**
 * ITU-T G.107 (06/2015) E-model: transmission rating R and estimated MOS from mouth-to-ear delay and packet loss,
 * every other parameter at its G.107 Table 3 default; static and allocation-free.
 *
 * <pre>
 * R      = Ro - Is - Id - Ie,eff + A                                      (7-1), A = 0
 * Ro     = 15 - 1.5 (SLR + No)                                             (7-2) basic signal-to-noise ratio
 * Is     = Iolr + Ist + Iq                                                 (7-8) simultaneous impairments
 * Id     = Idte + Idle + Idd                                               (7-21) delay impairments
 *   Idte = [(Roe - Re)/2 + sqrt((Roe - Re)^2/4 + 100) - 1] (1 - e^-T)      talker echo
 *   Roe  = -1.5 (No - RLR),  Re = 80 + 2.5 (TERV - 14)
 *   TERV = TELR - 40 log10((1 + T/10) / (1 + T/150)) + 6 e^(-0.3 T^2)
 *   Idle = (Ro - Rle)/2 + sqrt((Ro - Rle)^2/4 + 169),  Rle = 10.5 (WEPL + 7) (Tr + 1)^-0.25   listener echo
 *   Idd  = 0 for Ta &lt;= mT, else 25 {(1 + X^6sT)^(1/6sT) - 3 (1 + (X/3)^6sT)^(1/6sT) + 2},
 *          X = log10(Ta/mT) / log10(2), mT = 100 ms, sT = 1 (default delay sensitivity)   absolute delay
 * Ie,eff = Ie + (95 - Ie) Ppl / (Ppl/BurstR + Bpl)                         (7-29)
 * MOS    = 1 for R &lt; 0; 1 + 0.035 R + R (R - 60)(100 - R) 7e-6 for 0 &lt;= R &lt;= 100; 4.5 above   (Annex B)
 * </pre>
 *
 * Delays: for a VoIP call with echo control we use T = Ta = the one-way mouth-to-ear delay and Tr = 2 T, the usual
 * mapping. With all defaults and no delay or loss, R = 93.2 and MOS = 4.41 (G.107 section 7.7).
 *
 * <p>Codec values (assumptions): ITU-T G.113 Appendix I lists Ie and Bpl for many codecs but not Opus. We take
 * {@link #OPUS_IE} = 0 (Opus speech at 16 kbit/s and above is at least toll quality, and G.107 is the narrowband
 * scale whose best value is G.711's Ie = 0) and {@link #OPUS_BPL} = 25.1, the G.113 value for G.711 with its
 * Appendix I packet-loss concealment, as a conservative stand-in for Opus PLC. Feed the residual loss after
 * recovery (see {@link LossStats}) as Ppl, since in-band FEC and retransmission remove loss before the listener.
 * The wideband and fullband E-models (G.107.1, G.107.2) would rate Opus above 93.2; this class stays on the
 * narrowband scale so its MOS is comparable with published VoIP figures.
 */
public final class EModel
{
    /** Equipment impairment assumed for Opus (see class comment). */
    public static final double OPUS_IE = 0.0;
    /** Packet-loss robustness assumed for Opus with PLC (G.113 Appendix I value for G.711 with PLC). */
    public static final double OPUS_BPL = 25.1;

    /** Send loudness rating, dB (Table 3 default). */
    public static final double SLR = 8;
    /** Receive loudness rating, dB. */
    public static final double RLR = 2;
    /** Sidetone masking rating, dB. */
    public static final double STMR = 15;
    /** Listener sidetone rating, dB. */
    public static final double LSTR = 18;
    /** D-value of the telephone, send side. */
    public static final double DS = 3;
    /** Talker echo loudness rating, dB. */
    public static final double TELR = 65;
    /** Weighted echo path loss, dB. */
    public static final double WEPL = 110;
    /** Quantizing distortion units. */
    public static final double QDU = 1;
    /** Circuit noise referred to the 0 dBr point, dBm0p. */
    public static final double NC = -70;
    /** Noise floor at the receive side, dBmp. */
    public static final double NFOR = -64;
    /** Room noise at the send side, dB(A). */
    public static final double PS = 35;
    /** Room noise at the receive side, dB(A). */
    public static final double PR = 35;
    /** Delay sensitivity: minimum perceivable delay mT, ms (default). */
    public static final double MT = 100;
    /** Delay sensitivity sT (default). */
    public static final double ST = 1;

    private static final double NO = noiseFloor();
    private static final double RO = 15 - 1.5 * (SLR + NO);

    private EModel()
    {
    }

    /**
     * R for Opus (with the assumed Ie and Bpl) over a path with random loss.
     *
     * @param oneWayDelayMs     mouth-to-ear delay, ms.
     * @param packetLossPercent residual packet loss, percent (0..100).
     * @return the transmission rating R.
     */
    public static double rFactor(final double oneWayDelayMs, final double packetLossPercent)
    {
        return rFactor(oneWayDelayMs, packetLossPercent, 1.0, OPUS_IE, OPUS_BPL);
    }

    /**
     * R for any codec and loss burstiness.
     *
     * @param oneWayDelayMs     mouth-to-ear delay T = Ta, ms (Tr = 2T).
     * @param packetLossPercent Ppl, percent.
     * @param burstR            burst ratio (1 for random loss; see {@link #burstRatio}).
     * @param ie                equipment impairment of the codec.
     * @param bpl               packet-loss robustness of the codec.
     * @return the transmission rating R.
     */
    public static double rFactor(
        final double oneWayDelayMs, final double packetLossPercent, final double burstR, final double ie,
        final double bpl)
    {
        final double delay = Math.max(0.0, oneWayDelayMs);
        return RO - simultaneousImpairment(delay) - delayImpairment(delay, delay, 2 * delay) -
            effectiveEquipmentImpairment(ie, packetLossPercent, burstR, bpl);
    }

    /**
     * @param oneWayDelayMs     mouth-to-ear delay, ms.
     * @param packetLossPercent residual packet loss, percent.
     * @return estimated MOS (conversational quality) for Opus.
     */
    public static double mos(final double oneWayDelayMs, final double packetLossPercent)
    {
        return mosFromR(rFactor(oneWayDelayMs, packetLossPercent));
    }

    /**
     * G.107 Annex B mapping from R to MOS.
     *
     * @param r transmission rating.
     * @return MOS, 1..4.5.
     */
    public static double mosFromR(final double r)
    {
        if (r < 0)
        {
            return 1.0;
        }
        if (r > 100)
        {
            return 4.5;
        }
        return 1 + 0.035 * r + r * (r - 60) * (100 - r) * 7e-6;
    }

    /** @return Ro with the default parameters (94.77). */
    public static double basicSignalToNoise()
    {
        return RO;
    }

    /**
     * @param t mean one-way delay of the echo path T, ms.
     * @return Is = Iolr + Ist + Iq with the default parameters.
     */
    public static double simultaneousImpairment(final double t)
    {
        final double olr = SLR + RLR;
        final double xolr = olr + 0.2 * (64 + NO - RLR);
        final double iolr = 20 * (Math.pow(1 + Math.pow(xolr / 8, 8), 1.0 / 8) - xolr / 8);
        final double ist = sidetoneImpairment(t);
        final double q = 37 - 15 * Math.log10(QDU);
        final double g = 1.07 + 0.258 * q + 0.0602 * q * q;
        final double y = (RO - 100) / 15 + 46 / 8.4 - g / 9;
        final double z = 46 / 30.0 - g / 40;
        final double iq = 15 * Math.log10(1 + Math.pow(10, y) + Math.pow(10, z));
        return iolr + ist + iq;
    }

    /**
     * @param t  mean one-way delay of the echo path T, ms.
     * @param ta absolute one-way delay Ta, ms.
     * @param tr round-trip delay in a 4-wire loop Tr, ms.
     * @return Id = Idte + Idle + Idd with the default parameters.
     */
    public static double delayImpairment(final double t, final double ta, final double tr)
    {
        final double roe = -1.5 * (NO - RLR);
        double terv = TELR - 40 * Math.log10((1 + t / 10) / (1 + t / 150)) + 6 * Math.exp(-0.3 * t * t);
        if (STMR < 9)
        {
            terv += sidetoneImpairment(t) / 2;
        }
        final double re = 80 + 2.5 * (terv - 14);
        final double idte = ((roe - re) / 2 + Math.sqrt((roe - re) * (roe - re) / 4 + 100) - 1) * (1 - Math.exp(-t));
        final double rle = 10.5 * (WEPL + 7) * Math.pow(tr + 1, -0.25);
        final double idle = (RO - rle) / 2 + Math.sqrt((RO - rle) * (RO - rle) / 4 + 169);
        return idte + idle + absoluteDelayImpairment(ta);
    }

    /**
     * @param ta absolute one-way delay, ms.
     * @return Idd with the default delay sensitivity (mT = 100 ms, sT = 1).
     */
    public static double absoluteDelayImpairment(final double ta)
    {
        if (ta <= MT)
        {
            return 0.0;
        }
        final double x = Math.log10(ta / MT) / Math.log10(2);
        final double e = 6 * ST;
        return 25 * (Math.pow(1 + Math.pow(x, e), 1 / e) - 3 * Math.pow(1 + Math.pow(x / 3, e), 1 / e) + 2);
    }

    /**
     * @param ie                equipment impairment of the codec without loss.
     * @param packetLossPercent Ppl, percent.
     * @param burstR            burst ratio, at least 1 for bursty loss (1 = random).
     * @param bpl               packet-loss robustness factor.
     * @return Ie,eff.
     */
    public static double effectiveEquipmentImpairment(
        final double ie, final double packetLossPercent, final double burstR, final double bpl)
    {
        final double ppl = Math.max(0.0, Math.min(100.0, packetLossPercent));
        return ie + (95 - ie) * ppl / (ppl / burstR + bpl);
    }

    /**
     * Burst ratio of a two-state (Gilbert) loss model, G.107 section 7.5 note: BurstR = 1 / (p + q).
     *
     * @param p probability that a packet is lost given the previous one arrived.
     * @param q probability that a packet arrives given the previous one was lost.
     * @return BurstR (1 when losses are independent, p + q = 1).
     */
    public static double burstRatio(final double p, final double q)
    {
        return 1.0 / (p + q);
    }

    private static double sidetoneImpairment(final double t)
    {
        final double stmro = -10 * Math.log10(Math.pow(10, -STMR / 10) + Math.exp(-t / 4) * Math.pow(10, -TELR / 10));
        return 12 * Math.pow(1 + Math.pow((stmro - 13) / 6, 8), 1.0 / 8) -
            28 * Math.pow(1 + Math.pow((stmro + 1) / 19.4, 35), 1.0 / 35) -
            13 * Math.pow(1 + Math.pow((stmro - 3) / 33, 13), 1.0 / 13) + 29;
    }

    private static double noiseFloor()
    {
        final double olr = SLR + RLR;
        final double nos = PS - SLR - DS - 100 + 0.004 * (PS - olr - DS - 14) * (PS - olr - DS - 14);
        final double pre = PR + 10 * Math.log10(1 + Math.pow(10, (10 - LSTR) / 10));
        final double nor = RLR - 121 + pre + 0.008 * (pre - 35) * (pre - 35);
        final double nfo = NFOR + RLR;
        return 10 * Math.log10(
            Math.pow(10, NC / 10) + Math.pow(10, nos / 10) + Math.pow(10, nor / 10) + Math.pow(10, nfo / 10));
    }
}
