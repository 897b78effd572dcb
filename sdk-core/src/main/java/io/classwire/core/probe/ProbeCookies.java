package io.classwire.core.probe;

import org.agrona.concurrent.UnsafeBuffer;

import javax.crypto.Mac;
import javax.crypto.ShortBufferException;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;

/**
 * The responder's proof that a peer can receive at its claimed address: a 32-bit cookie, the first bytes of
 * HMAC-SHA256 under the responder's key over the peer id and probe id, handed out in echo replies and required in
 * downlink train requests. Without the key the cookie cannot be computed, even from other cookies, so a sender of
 * forged source addresses, who never sees the replies, can only guess (one chance in 2^32 per request).
 * Single-threaded. The JDK's {@link Mac} allocates a little per call, so the responder computes a cookie once per
 * probe run, when it takes a slot for it, not per message.
 */
final class ProbeCookies
{
    /** Length of a freshly generated key. */
    static final int KEY_BYTES = 32;

    private final Mac mac;
    private final byte[] input = new byte[8];
    private final byte[] output;
    private final UnsafeBuffer inputView = new UnsafeBuffer(input);
    private final UnsafeBuffer outputView;

    ProbeCookies(final byte[] key)
    {
        try
        {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        }
        catch (final GeneralSecurityException ex)
        {
            throw new IllegalStateException("HmacSHA256 is unavailable", ex);
        }
        output = new byte[mac.getMacLength()];
        outputView = new UnsafeBuffer(output);
    }

    /**
     * @param peerId  the peer's id on the responder's transport.
     * @param probeId the probe run's id.
     * @return the cookie for that pair.
     */
    int cookie(final int peerId, final int probeId)
    {
        inputView.putInt(0, peerId, ByteOrder.BIG_ENDIAN);
        inputView.putInt(4, probeId, ByteOrder.BIG_ENDIAN);
        mac.update(input, 0, input.length);
        try
        {
            mac.doFinal(output, 0);
        }
        catch (final ShortBufferException ex)
        {
            throw new IllegalStateException(ex);
        }
        return outputView.getInt(0, ByteOrder.BIG_ENDIAN);
    }
}
