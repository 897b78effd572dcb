package io.classwire.core.wire;

/**
 * Callback that receives 16-bit sequence numbers one at a time, so that a parser can report a variable number of them
 * without allocating (see {@link NackPacket#forEachLost(SeqHandler)}). Implementations should be reused objects, not
 * capturing lambdas created per packet.
 */
@FunctionalInterface
public interface SeqHandler
{
    /**
     * Receive one sequence number.
     *
     * @param seq a 16-bit sequence number, 0..65535.
     */
    void onSeq(int seq);
}
