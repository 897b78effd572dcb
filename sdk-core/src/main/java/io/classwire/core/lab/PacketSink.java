package io.classwire.core.lab;

/** Receives packets at the far end of a {@link Link}: a {@link SimNode} or a cross-traffic endpoint. */
interface PacketSink
{
    /**
     * Take ownership of an arrived packet; the sink must eventually {@link Packet#release()} it.
     *
     * @param packet arrived packet, {@link Packet#arrivalNs} set.
     * @param nowNs  arrival time.
     */
    void onPacket(Packet packet, long nowNs);
}
