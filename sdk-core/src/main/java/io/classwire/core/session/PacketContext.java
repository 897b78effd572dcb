package io.classwire.core.session;

import io.classwire.core.wire.RtpPacket;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * One packet on its way through a {@link StageChain}: where its bytes are and what earlier stages learned about it.
 * A single instance is reused for every packet on the owning thread, so the chain allocates nothing.
 *
 * <p>What the session's stages fill in: the kind (classify), the validated {@link #rtp()} view with SSRC and
 * sequence number (rtp-validate on receive, header on send), and the stream the packet belongs to
 * ({@link #receiveStream()} after ssrc-demux, {@link #sendStream()} on the send path). A stage that rewrites the bytes
 * (RTX unwrapping, decryption) re-points them with {@link #bytes} and re-wraps {@link #rtp()}.
 */
public final class PacketContext
{
    /** Kind not yet known. */
    public static final int KIND_UNKNOWN = 0;
    /** An RTP packet. */
    public static final int KIND_RTP = 1;
    /** An RTCP compound packet. */
    public static final int KIND_RTCP = 2;
    /** A Classwire control message. */
    public static final int KIND_CONTROL = 3;

    private final RtpPacket rtp = new RtpPacket();
    private DirectBuffer buffer;
    private int offset;
    private int length;
    private int peerId;
    private long timeNs;
    private int kind;
    private int ssrc;
    private int sequenceNumber;
    private int dropReason;
    private ReceiveStream receiveStream;
    private SendStream sendStream;

    /**
     * Point the context at a new packet and clear everything earlier stages learned.
     *
     * @param buffer holding the packet.
     * @param offset of its first byte.
     * @param length in bytes.
     * @param peerId peer it came from or goes to.
     * @param timeNs arrival time (receive path) or send time (send path).
     * @return this.
     */
    public PacketContext reset(
        final DirectBuffer buffer, final int offset, final int length, final int peerId, final long timeNs)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.peerId = peerId;
        this.timeNs = timeNs;
        this.kind = KIND_UNKNOWN;
        this.ssrc = 0;
        this.sequenceNumber = -1;
        this.dropReason = 0;
        this.receiveStream = null;
        this.sendStream = null;
        return this;
    }

    /** @return the buffer holding the packet. */
    public DirectBuffer buffer()
    {
        return buffer;
    }

    /**
     * The buffer as writable, for send-path stages that rewrite header fields in place (a transport-wide sequence
     * number, an abs-send-time stamp). Send paths always hold a mutable buffer.
     *
     * @return the buffer, or null when it is read-only.
     */
    public MutableDirectBuffer mutableBuffer()
    {
        return buffer instanceof MutableDirectBuffer ? (MutableDirectBuffer)buffer : null;
    }

    /** @return offset of the packet's first byte. */
    public int offset()
    {
        return offset;
    }

    /** @return packet length in bytes. */
    public int length()
    {
        return length;
    }

    /**
     * Re-point at different bytes, as a stage that rewrites a packet (RTX unwrapping, decryption) does.
     *
     * @param buffer new buffer.
     * @param offset new offset.
     * @param length new length.
     * @return this.
     */
    public PacketContext bytes(final DirectBuffer buffer, final int offset, final int length)
    {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        return this;
    }

    /** @return the peer id. */
    public int peerId()
    {
        return peerId;
    }

    /** @return arrival or send time in ns. */
    public long timeNs()
    {
        return timeNs;
    }

    /** @return one of the KIND_ constants. */
    public int kind()
    {
        return kind;
    }

    /**
     * @param kind one of the KIND_ constants.
     * @return this.
     */
    public PacketContext kind(final int kind)
    {
        this.kind = kind;
        return this;
    }

    /** @return the SSRC, once a stage has read it. */
    public int ssrc()
    {
        return ssrc;
    }

    /**
     * @param ssrc the packet's SSRC.
     * @return this.
     */
    public PacketContext ssrc(final int ssrc)
    {
        this.ssrc = ssrc;
        return this;
    }

    /** @return the RTP sequence number, or -1 when not RTP or not read yet. */
    public int sequenceNumber()
    {
        return sequenceNumber;
    }

    /**
     * @param sequenceNumber the RTP sequence number.
     * @return this.
     */
    public PacketContext sequenceNumber(final int sequenceNumber)
    {
        this.sequenceNumber = sequenceNumber;
        return this;
    }

    /** @return why the last stage dropped the packet (a stage-defined code, e.g. a WireStatus), 0 if it did not. */
    public int dropReason()
    {
        return dropReason;
    }

    /**
     * @param dropReason stage-defined code explaining a drop.
     * @return this.
     */
    public PacketContext dropReason(final int dropReason)
    {
        this.dropReason = dropReason;
        return this;
    }

    /**
     * The RTP view of the packet, owned by this context and reused. Valid once a stage has wrapped and validated it
     * (rtp-validate on the receive path, header on the send path).
     *
     * @return the flyweight.
     */
    public RtpPacket rtp()
    {
        return rtp;
    }

    /** @return the remote stream the packet belongs to, once ssrc-demux has found it; else null. */
    public ReceiveStream receiveStream()
    {
        return receiveStream;
    }

    /**
     * @param receiveStream the remote stream the packet belongs to.
     * @return this.
     */
    public PacketContext receiveStream(final ReceiveStream receiveStream)
    {
        this.receiveStream = receiveStream;
        return this;
    }

    /** @return the local stream sending the packet, on the send path; else null. */
    public SendStream sendStream()
    {
        return sendStream;
    }

    /**
     * @param sendStream the local stream sending the packet.
     * @return this.
     */
    public PacketContext sendStream(final SendStream sendStream)
    {
        this.sendStream = sendStream;
        return this;
    }
}
