package io.classwire.core.probe;

import io.classwire.core.transport.DatagramHandler;
import io.classwire.core.transport.DatagramTransport;
import io.classwire.core.transport.PacketClassifier;
import io.classwire.core.transport.TimedAgent;
import io.classwire.core.wire.ControlHeader;
import io.classwire.core.wire.WireStatus;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Objects;

/**
 * Pre-class network check, server side: answers {@link NetworkProbe}s. Replies to echo requests, reports on uplink
 * trains it receives, and sends downlink trains on request, all as an allocation-free {@link TimedAgent} over a
 * {@link DatagramTransport}. Single-threaded, like every agent.
 *
 * <p>Abuse bounds ({@link ResponderLimits}, counted in {@link ResponderCounters}): state is a fixed array of slots,
 * one per (peer, probe id), reused when idle and otherwise taken from the least recently active run (evicted probes).
 * An echo reply is never larger than its request and a train report never larger than the smallest train packet, so
 * neither amplifies. A downlink train is sent only for a request carrying the cookie this responder put in its echo
 * replies to that peer and probe ({@link ProbeCookies}; bad-cookie requests), which a sender of forged source
 * addresses never sees; it is clamped in packets, packet size, bytes and rate (clamped requests), refused when the
 * probe has used its lifetime allowance (refused requests), and stopped when the responder-wide token bucket runs dry
 * (budget-stopped trains). Real authentication of the peer belongs to the session's join handshake.
 */
public final class ProbeResponder implements TimedAgent
{
    private static final int POLL_LIMIT = 64;
    private static final long NS_PER_S = 1_000_000_000L;

    private final DatagramTransport transport;
    private final ResponderLimits limits;
    private final ResponderSlot[] slots;
    private final Long2LongHashMap slotByKey;
    private final ProbeMessage message = new ProbeMessage();
    private final UnsafeBuffer sendBuffer;
    private final DatagramHandler handler = this::onDatagram;
    private final ResponderCounters counters = new ResponderCounters();
    private final ProbeCookies cookies;
    private final double bucketCapacityBytes;
    private final double bucketBytesPerNs;
    private double bucketBytes;
    private long bucketRefillNs = Long.MIN_VALUE;
    private long nowNs;

    /**
     * Create a responder.
     *
     * @param transport to poll and send on; the responder polls it, so no one else should meanwhile.
     * @param limits    abuse bounds; concluded here.
     */
    public ProbeResponder(final DatagramTransport transport, final ResponderLimits limits)
    {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.limits = Objects.requireNonNull(limits, "limits").conclude();
        this.slots = new ResponderSlot[limits.maxProbes()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new ResponderSlot(limits.maxTrainPackets());
        }
        this.slotByKey = new Long2LongHashMap(2 * limits.maxProbes(), 0.65f, -1);
        this.sendBuffer = new UnsafeBuffer(new byte[limits.maxPacketBytes()]);
        this.bucketCapacityBytes = limits.maxTrainBytes();
        this.bucketBytesPerNs = limits.maxDownlinkBps() / 8.0 / NS_PER_S;
        this.bucketBytes = bucketCapacityBytes;
        this.cookies = new ProbeCookies(limits.cookieKey());
    }

    /**
     * Answer what arrived, then send the downlink packets and partial-train reports that are due.
     *
     * @param nowNs current time on the injected clock.
     * @return amount of work done.
     */
    @Override
    public int doWork(final long nowNs)
    {
        this.nowNs = nowNs;
        int work = transport.poll(handler, POLL_LIMIT);
        for (final ResponderSlot slot : slots)
        {
            if (slot.inUse)
            {
                work += serviceSlot(slot, nowNs);
            }
        }
        return work;
    }

    private int serviceSlot(final ResponderSlot slot, final long nowNs)
    {
        int work = 0;
        final TrainPacer train = slot.downlink;
        while (train.isDue(nowNs))
        {
            refillBucket(nowNs);
            if (bucketBytes < train.packetBytes())
            {
                counters.budgetStoppedTrains++;
                train.stop();
                break;
            }
            final int length = ProbeMessageWriter.writeTrainPacket(sendBuffer, 0, sendBuffer.capacity(),
                slot.probeId, train.trainId(), train.nextIndex(), train.count(), nowNs, train.packetBytes());
            final boolean sent = send(slot.peerId, length);
            train.onSent(nowNs, sent);
            if (sent)
            {
                bucketBytes -= length;
                slot.downlinkBytes += length;
                counters.downlinkPacketsSent++;
                counters.downlinkBytesSent += length;
            }
            work++;
        }
        if (slot.uplink.isActive() && nowNs - slot.uplink.lastArrivalNs() >= limits.reportDelayNs())
        {
            sendReport(slot);
            work++;
        }
        return work;
    }

    private void refillBucket(final long nowNs)
    {
        if (bucketRefillNs != Long.MIN_VALUE && nowNs > bucketRefillNs)
        {
            bucketBytes = Math.min(bucketCapacityBytes, bucketBytes + (nowNs - bucketRefillNs) * bucketBytesPerNs);
        }
        bucketRefillNs = nowNs;
    }

    /** @return the earliest downlink packet or partial-train report due, or {@link #NO_DEADLINE}. */
    @Override
    public long nextDeadlineNs()
    {
        long deadlineNs = NO_DEADLINE;
        for (final ResponderSlot slot : slots)
        {
            if (slot.inUse)
            {
                deadlineNs = Math.min(deadlineNs, slot.downlink.nextSendNs());
                if (slot.uplink.isActive())
                {
                    deadlineNs = Math.min(deadlineNs, slot.uplink.lastArrivalNs() + limits.reportDelayNs());
                }
            }
        }
        return deadlineNs;
    }

    /** @return the responder's counters; read them from the agent's thread (or after it stopped). */
    public ResponderCounters counters()
    {
        return counters;
    }

    /** @return {@code "probe-responder"}. */
    @Override
    public String roleName()
    {
        return "probe-responder";
    }

    private void onDatagram(final int peerId, final DirectBuffer buffer, final int offset, final int length,
        final long receivedNs)
    {
        if (PacketClassifier.classify(buffer, offset, length) != PacketClassifier.CONTROL)
        {
            counters.ignoredDatagrams++;
            return;
        }
        final int status = message.wrap(buffer, offset, length).validate();
        if (status != WireStatus.OK)
        {
            counters.onMalformed(status);
            return;
        }
        final int type = message.type();
        if (type != ControlHeader.TYPE_PROBE_ECHO_REQUEST && type != ControlHeader.TYPE_TRAIN_PACKET &&
            type != ControlHeader.TYPE_DOWNLINK_TRAIN_REQUEST)
        {
            counters.unexpectedMessages++;
            return;
        }
        final ResponderSlot slot = slotFor(peerId, message.probeId());
        slot.lastActivityNs = nowNs;
        switch (type)
        {
            case ControlHeader.TYPE_PROBE_ECHO_REQUEST:
                onEchoRequest(slot, receivedNs);
                break;
            case ControlHeader.TYPE_TRAIN_PACKET:
                onTrainPacket(slot, receivedNs);
                break;
            default:
                onDownlinkRequest(slot);
                break;
        }
    }

    private void onEchoRequest(final ResponderSlot slot, final long receivedNs)
    {
        slot.echoRequests++;
        final int replyLength = Math.min(message.messageLength(), limits.maxPacketBytes());
        final int length = ProbeMessageWriter.writeEchoReply(sendBuffer, 0, sendBuffer.capacity(), slot.probeId,
            message.sequence(), slot.cookie, slot.echoRequests, message.clientSendNs(),
            receivedNs, Math.max(nowNs, receivedNs), replyLength);
        if (send(slot.peerId, length))
        {
            counters.echoReplies++;
        }
    }

    private void onTrainPacket(final ResponderSlot slot, final long receivedNs)
    {
        final int trainId = message.trainId();
        if (message.count() > limits.maxTrainPackets())
        {
            counters.oversizedTrains++;
            return;
        }
        if (trainId == slot.lastReportedTrainId)
        {
            return;
        }
        final TrainReceiver train = slot.uplink;
        if (!train.isActive() || train.trainId() != trainId)
        {
            if (train.isActive())
            {
                sendReport(slot);
            }
            train.begin(trainId, message.count());
        }
        train.onPacket(message.trainIndex(), message.messageLength(), message.trainSendNs(), receivedNs);
        if (train.isComplete())
        {
            sendReport(slot);
        }
    }

    private void sendReport(final ResponderSlot slot)
    {
        final TrainReceiver train = slot.uplink;
        train.end();
        slot.lastReportedTrainId = train.trainId();
        if (train.received() == 0)
        {
            return;
        }
        final int length = ProbeMessageWriter.writeTrainReport(sendBuffer, 0, sendBuffer.capacity(), slot.probeId,
            train.trainId(), train.received(), train.count(), train.bytes(), train.receivedRateBps(),
            train.firstArrivalNs(), train.lastArrivalNs(), train.delayGrowthNs());
        if (send(slot.peerId, length))
        {
            counters.trainReports++;
        }
    }

    private void onDownlinkRequest(final ResponderSlot slot)
    {
        if (message.cookie() != slot.cookie)
        {
            counters.badCookieRequests++;
            return;
        }
        if (message.trainId() == slot.lastRequestedTrainId)
        {
            counters.duplicateRequests++;
            return;
        }
        slot.lastRequestedTrainId = message.trainId();
        final int packetBytes = Math.min(message.requestedPacketBytes(), limits.maxPacketBytes());
        final long rateBps = Math.min(message.requestedRateBps(), limits.maxRateBps());
        final long byCount = Math.min(message.requestedCount(), limits.maxTrainPackets());
        final long allowedCount = Math.min(byCount, limits.maxTrainBytes() / packetBytes);
        final long remainingCount = (limits.maxBytesPerProbe() - slot.downlinkBytes) / packetBytes;
        final int count = (int)Math.min(allowedCount, remainingCount);
        if (count < 1)
        {
            counters.refusedRequests++;
            return;
        }
        if (count < message.requestedCount() || packetBytes < message.requestedPacketBytes() ||
            rateBps < message.requestedRateBps())
        {
            counters.clampedRequests++;
        }
        counters.downlinkRequests++;
        slot.downlink.start(message.trainId(), count, packetBytes, rateBps, nowNs);
    }

    private ResponderSlot slotFor(final int peerId, final int probeId)
    {
        final long key = ResponderSlot.key(peerId, probeId);
        final long index = slotByKey.get(key);
        if (index >= 0)
        {
            return slots[(int)index];
        }
        int chosen = -1;
        for (int i = 0; i < slots.length; i++)
        {
            if (slots[i].isReusable(nowNs, limits.probeIdleTimeoutNs()))
            {
                chosen = i;
                break;
            }
            if (chosen < 0 || slots[i].lastActivityNs < slots[chosen].lastActivityNs)
            {
                chosen = i;
            }
        }
        final ResponderSlot slot = slots[chosen];
        if (slot.inUse)
        {
            if (nowNs - slot.lastActivityNs < limits.probeIdleTimeoutNs())
            {
                counters.evictedProbes++;
            }
            slotByKey.remove(slot.key());
            slot.release();
        }
        slot.claim(peerId, probeId, cookies.cookie(peerId, probeId), nowNs);
        slotByKey.put(key, chosen);
        return slot;
    }

    private boolean send(final int peerId, final int length)
    {
        if (length > 0 && transport.send(peerId, sendBuffer, 0, length) == DatagramTransport.OK)
        {
            return true;
        }
        counters.sendFailures++;
        return false;
    }

}
